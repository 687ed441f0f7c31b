/**
 * fast-check arbitraries for agent spec files: frontmatter of any shape, YAML at its strangest,
 * Unicode and control characters, and the bytes of a file in any encoding (or none).
 */
import fc from "fast-check";
import {
  DEVICE_NAMES,
  HOSTILE_SPEC_NAMES,
  KEYWORD_AND_MODULE_NAMES,
} from "../helpers/hostile-names.js";

/** Strings that have broken (or could break) a generator somewhere. */
export const NASTY = [
  '"""',
  "'''",
  "\\",
  "ends with a backslash\\",
  "${HOME}",
  "${process.exit(3)}",
  "<%= process.exit(3) %>",
  "<%- 7*191 %>",
  "{{ 7*7 }}",
  "{% raw %}",
  "{% endraw %}",
  "\r",
  "\r\n",
  "\u0000",
  "\u0007",
  "\u001b[31mred\u001b[0m",
  "\u007f",
  "\u0085",
  "\u202e",
  "\u2066",
  "\u200b",
  "\ufeff",
  "\u2028",
  "\u2029",
  "\ud800",
  "\udfff",
  '"]\n[x]',
  ": - &a *a !!python/object",
  "<script>alert(1)</script>",
  "<!-- -->",
  "`",
  "```",
  "# heading",
  "[link](javascript:alert(1))",
  "|",
  "𝄞",
  "مرحبا",
  "שלום",
  "e\u0301\u0301\u0301",
  "👩‍👩‍👧‍👦",
  "../../etc/passwd",
  "/tmp/x",
  "C:\\x",
  ...DEVICE_NAMES,
  ...KEYWORD_AND_MODULE_NAMES,
  "__proto__",
  "constructor",
];

const nasty = fc.constantFrom(...NASTY);

/** Any text: ASCII, any code point (astral included), lone surrogates, or pieces of the list above. */
export const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
      maxLength: 3,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom("\u0000", "\u0001", "\u001b", "\t", "\u000b", "\u000c", "\r"),
      maxLength: 5,
    }),
  },
  { weight: 4, arbitrary: nasty },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(nasty, fc.string({ maxLength: 8 })), { minLength: 2, maxLength: 5 })
      .map((parts) => parts.join(" ")),
  },
);

/** YAML scalars, tags, anchors and flow collections, valid or not. */
const WEIRD_SCALARS = [
  "~",
  "null",
  "Null",
  "true",
  "yes",
  "no",
  "on",
  ".inf",
  "-.Inf",
  ".nan",
  "0x1F",
  "0o17",
  "0b101",
  "1e309",
  "-0",
  "1_000",
  "2001-12-14t21:59:43.10-05:00",
  "!!binary aGVsbG8=",
  "!!python/object:os.system",
  "!!python/object/apply:os.system ['echo pwned']",
  "!!str 12",
  "!!int '12'",
  "!!map {}",
  "!custom tag",
  "&anchor value",
  "*anchor",
  "*undefined_alias",
  "&a [*a]",
  "{a: 1, b: [2, {c: 3}]}",
  "[1, [2, [3, [4]]]]",
  "{",
  "[",
  "}",
  "'it''s'",
  "'unterminated",
  '"unterminated',
  '"escapes \\x41 \\u263A \\0 \\e \\ud800 \\U0001F600"',
  '"\\N\\_\\L\\P"',
  "|",
  ">-",
  "|+2",
  "@reserved",
  "`reserved",
  "%directive",
  "? complex",
  "- item",
  "key: value: more",
  "a #comment",
  "#not a value",
  "...",
  "---",
  "''",
  '""',
];

export const yamlScalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WEIRD_SCALARS) },
  { weight: 3, arbitrary: text },
  { weight: 2, arbitrary: text.map((t) => JSON.stringify(t)) },
  { weight: 1, arbitrary: text.map((t) => `'${t.replace(/'/g, "''")}'`) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 300 })
      .map((depth) => `${"[".repeat(depth)}x${"]".repeat(depth)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 100 })
      .map((depth) => `${"{a: ".repeat(depth)}x${"}".repeat(depth)}`),
  },
);

/** The lines of one value: inline, a block scalar, a block list or a nested mapping. */
const yamlValueLines = fc.oneof(
  { weight: 5, arbitrary: yamlScalar.map((s) => ({ inline: s, rest: [] as string[] })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("|", ">", "|-", ">+", "|2"), fc.array(text, { maxLength: 4 }))
      .map(([indicator, lines]) => ({ inline: indicator, rest: lines.map((l) => `  ${l}`) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(yamlScalar, { maxLength: 4 })
      .map((items) => ({ inline: "", rest: items.map((i) => `  - ${i}`) })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 60 }).map((depth) => ({
      inline: "",
      rest: Array.from({ length: depth }, (_, i) => `${"  ".repeat(i + 1)}k${i}:`).concat(
        `${"  ".repeat(depth + 1)}leaf`,
      ),
    })),
  },
);

const keyName = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "name",
      "description",
      "tools",
      "model",
      "memory",
      "Name",
      "DESCRIPTION",
      "disallowed_tools",
      "color",
      "__proto__",
      "constructor",
      "<<",
      "toString",
      "hasOwnProperty",
    ),
  },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_-]{0,12}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map((n) => "k".repeat(n)) },
  { weight: 1, arbitrary: text.map((t) => JSON.stringify(t)) },
  { weight: 1, arbitrary: text },
);

const field = fc
  .tuple(keyName, yamlValueLines, fc.constantFrom(" ", "  ", "\t", ""))
  .map(([key, value, gap]) => [`${key}:${gap}${value.inline}`.trimEnd(), ...value.rest]);

/** Anchors, aliases and merge keys across fields, including the "billion laughs" shape. */
const anchors = fc.oneof(
  fc.constant(["base: &base {a: 1}", "copy:", "  <<: *base", "  b: 2"]),
  fc.constant(["cycle: &c [*c]"]),
  fc.integer({ min: 2, max: 9 }).map((levels) => {
    const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < levels; i++) {
      lines.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(",")}]`,
      );
    }
    return lines;
  }),
  fc.constant(["description: &d Shared text", "model: *d"]),
);

const nameValue = fc.oneof(
  fc.constantFrom("todo-api", ...HOSTILE_SPEC_NAMES, "''", "123", "[a, b]", "{a: b}", "~"),
  fc.integer({ min: 60, max: 400 }).map((n) => "n".repeat(n)),
  yamlScalar,
);

/** Lines that steer the reader and inference (from the spec and convention tests). */
const BODY_FRAGMENTS = [
  "# FastAPI agent",
  "You build FastAPI services with SQLAlchemy 2.0 and PostgreSQL.",
  "Use SQLModel. Never use Alembic.",
  "Use JWT auth with refresh tokens, argon2 hashing and python-jose.",
  "Todos are the main resource.",
  "Classes are the main resource.",
  "Imports are the main resource.",
  "Tests are the main resource.",
  "The main resource is `typings`.",
  "Cons are the main resource.",
  "Auxes are the main resource.",
  "Datas are the main resource.",
  "Constructors are the main resource.",
  "The main resource is __proto__.",
  "Supercalifragilisticexpialidociousnesses are the main resource.",
  "GET /api/todo-items",
  "GET /api/v1/order-lines/{id}",
  "GET /api/v1/widgets",
  "GET /class/{id}",
  "```python",
  "class Todo(Base):",
  '    __tablename__ = "todos"',
  "```",
  "~~~",
  "├── app/",
  "│   ├── routers/",
  "│   └── services/",
  "<example>",
  "</example>",
  "---",
  "name: second-block",
  "| ORM | SQLModel |",
  "|---|---|",
  "- `repositories/` hold the queries",
  "Paginate with limit/offset and return {items, total}.",
  "Use UUID primary keys, created_at and updated_at, soft delete.",
  "Errors use an envelope with a code.",
  "Enable CORS and rate limiting, lock accounts after failed logins.",
  "We use passlib and slowapi and python-dotenv.",
  "",
];

const bodyLine = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BODY_FRAGMENTS) },
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 5000 }).map((n) => "w ".repeat(n)) },
);

export interface SpecDoc {
  text: string;
}

/** A spec as text: frontmatter (well formed or not) and a body. */
export const specDocument = fc
  .record({
    leading: fc.constantFrom("", "", "", "\n", "\ufeff", "  \n"),
    frontmatter: fc.oneof(
      { weight: 1, arbitrary: fc.constant(null) },
      {
        weight: 6,
        arbitrary: fc.record({
          name: fc.option(nameValue, { nil: undefined, freq: 4 }),
          description: fc.option(
            fc.oneof(
              yamlScalar,
              text.map((t) => JSON.stringify(t)),
            ),
            { nil: undefined, freq: 4 },
          ),
          memory: fc.option(fc.constantFrom("project", "user", "local", "global", "[project]"), {
            nil: undefined,
          }),
          fields: fc.array(field, { maxLength: 6 }),
          anchors: fc.option(anchors, { nil: undefined, freq: 4 }),
          close: fc.constantFrom("---", "---", "---", "--- ", "...", ""),
        }),
      },
    ),
    body: fc.array(bodyLine, { maxLength: 30 }),
    eol: fc.constantFrom("\n", "\n", "\r\n", "\r"),
  })
  .map(({ leading, frontmatter, body, eol }) => {
    const lines: string[] = [];
    if (frontmatter !== null) {
      lines.push("---");
      if (frontmatter.name !== undefined) lines.push(`name: ${frontmatter.name}`);
      if (frontmatter.description !== undefined)
        lines.push(`description: ${frontmatter.description}`);
      if (frontmatter.memory !== undefined) lines.push(`memory: ${frontmatter.memory}`);
      for (const f of frontmatter.fields) lines.push(...f);
      if (frontmatter.anchors !== undefined) lines.push(...frontmatter.anchors);
      if (frontmatter.close !== "") lines.push(frontmatter.close);
    }
    lines.push(...body);
    return leading + lines.join(eol) + eol;
  });

/** How the text reaches the reader: a string, or the bytes of a file in some encoding (or none). */
export type SpecInput = string | Buffer;

const LONE_SURROGATE_BYTES = [
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80],
];

function insertAt(bytes: Buffer, at: number, inserted: readonly number[]): Buffer {
  const i = bytes.length === 0 ? 0 : at % (bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, i), Buffer.from(inserted), bytes.subarray(i)]);
}

export const specInput: fc.Arbitrary<SpecInput> = fc.oneof(
  { weight: 4, arbitrary: specDocument },
  { weight: 4, arbitrary: specDocument.map((t) => Buffer.from(t, "utf8")) },
  {
    weight: 1,
    arbitrary: specDocument.map((t) =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")]),
    ),
  },
  {
    weight: 1,
    arbitrary: specDocument.map((t) =>
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, "utf16le").swap16()]),
    ),
  },
  { weight: 1, arbitrary: specDocument.map((t) => Buffer.from(t, "latin1")) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(specDocument, fc.nat(), fc.constantFrom(...LONE_SURROGATE_BYTES))
      .map(([t, at, bytes]) => insertAt(Buffer.from(t, "utf8"), at, bytes)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        specDocument,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      )
      .map(([t, edits]) =>
        edits.reduce<Buffer>(
          (bytes, [at, byte]) => insertAt(bytes, at, [byte]),
          Buffer.from(t, "utf8"),
        ),
      ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom("\u0000", "\u0001", "\u0002", "\u001b", "\u007f", "x", "\n"), {
        maxLength: 200,
      })
      .map((chars) => chars.join("")),
  },
);

/** A short description of an input for failure messages. */
export function describeInput(input: SpecInput): string {
  if (typeof input === "string") return `string ${JSON.stringify(input.slice(0, 400))}`;
  return `bytes ${input.subarray(0, 300).toString("hex")}`;
}

/**
 * Resources a spec describes: its domain entities with their fields, read from
 *
 * - model classes in code blocks: SQLAlchemy 2 (`Mapped[...] = mapped_column(...)`, and the older
 *   `Column(...)`), SQLModel tables (`table=True`), and — only when the spec has no table model —
 *   pydantic schemas (`BookCreate`, `BookRead` … are one resource, `books`);
 * - Markdown tables of columns (`| Field | Type | … |`) under a heading or sentence naming the entity;
 * - entity lists: `- **Book**: title (string, required), pages (int), author → Author`.
 *
 * Nothing is read from examples (`<example>` blocks, example sections, "e.g." asides: the segments
 * say so). What the generator adds itself is left out: `id`, the timestamps, `deleted_at`, the
 * owner (`owner_id`/`user_id`, or a reference to users of that name) and the users table. A field
 * whose type is not understood is left out with a warning (a wrong column is worse than a missing
 * one); so is a reference to an entity the spec does not describe, or one that closes a cycle. The
 * result always passes `validateResources`; when it cannot, no resources are inferred.
 */
import type { SpecWarning } from "../agent-file/types.js";
import { stripAsides, type Segment } from "../conventions/context.js";
import { UserError } from "../errors.js";
import { pluralize, RESOURCE_PATTERN, resourceNameProblem, singularize } from "../names.js";
import {
  MAX_STR_LENGTH,
  parseField,
  parseResourceAnswer,
  validateResources,
  type ResourceAnswer,
} from "./parse.js";

/** Where an entity was read from, strongest first: a table model beats a column table, and so on. */
export type EntitySource = "model" | "table" | "list" | "schema";
const SOURCE_RANK: Record<EntitySource, number> = { model: 0, table: 1, list: 2, schema: 3 };

/** One entity as read, before checking: its plural name and fields in the definition syntax. */
export interface EntityCandidate {
  plural: string;
  fields: string[];
  source: EntitySource;
  line: number;
  evidence: string;
}

export interface InferredResources {
  /** Empty when the spec describes none (or none that make a valid set). */
  resources: ResourceAnswer[];
  /** The line of the first entity, and its text: the evidence `explain` shows. */
  line: number | null;
  evidence: string | null;
  warnings: SpecWarning[];
}

/** Most resources inferred (a project of more is not a spec's sketch); more are left out, warned. */
export const MAX_INFERRED_RESOURCES = 20;
/** Most candidates read per kind (classes, tables, lists): enough for any real spec. */
const MAX_CANDIDATES = 100;

/** Columns the generated code adds to every resource. */
const GENERATED_COLUMNS = new Set(["id", "created_at", "updated_at", "deleted_at", "owner"]);
/** Columns that hold the owner: left out (user isolation adds `owner_id`). */
const OWNER_COLUMNS = new Set(["owner_id", "user_id", "created_by_id", "owner", "user"]);

/** A warning about a spec line. */
type Warn = (line: number, message: string) => void;

// ── names ──────────────────────────────────────────────────────────────────────────────────────

/** "OrderItem" → "order_item". */
function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** The plural resource name of an entity named `name` (a class, a table or a word). */
function pluralOf(name: string): string {
  const s = snake(name.trim()).replace(/[^a-z0-9_]/g, "_");
  return /s$/.test(s) && singularize(s) !== s ? s : pluralize(s);
}

/** The resource an entity or table name refers to: `Author`, `authors`, `authors.id` → `authors`. */
function targetOf(name: string): string {
  return pluralOf(name.replace(/\.id$/i, "").replace(/["'`]/g, ""));
}

// ── types ──────────────────────────────────────────────────────────────────────────────────────

/** A field type read from a spec: the definition's type part (`str:200`, `enum:a,b`), or null. */
type TypeText = string | null;

function strOf(length: number | null): string {
  if (length === null) return "str";
  return length > MAX_STR_LENGTH ? "text" : `str:${length}`;
}

/**
 * A type named in prose, a table or a list (`varchar(200)`, `string`, `decimal(10,2)`, `enum(a|b)`):
 * the definition's type part, or null when it is not understood.
 */
export function typeFromWord(raw: string): TypeText {
  const text = raw.trim().replace(/[`*]/g, "").trim();
  const word = /^([A-Za-z_][\w ]*?)\s*(?:\(([^)]*)\))?$/.exec(text);
  if (word === null) return null;
  const name = (word[1] ?? "").toLowerCase().trim();
  const args = (word[2] ?? "")
    .split(/[,|/]/)
    .map((a) => a.trim().replace(/^["']|["']$/g, ""))
    .filter((a) => a !== "");
  const num = (i: number) => (/^\d+$/.test(args[i] ?? "") ? Number(args[i]) : null);
  switch (name) {
    case "str":
    case "string":
    case "varchar":
    case "char":
    case "character varying":
    case "nvarchar":
      return strOf(num(0));
    case "text":
    case "longtext":
    case "markdown":
      return "text";
    case "int":
    case "integer":
    case "smallint":
    case "int4":
    case "serial":
      return "int";
    case "bigint":
    case "int8":
    case "biginteger":
    case "bigserial":
      return "bigint";
    case "float":
    case "double":
    case "double precision":
    case "real":
    case "number":
      return "float";
    case "decimal":
    case "numeric":
    case "money": {
      const p = num(0);
      const s = num(1);
      return p === null ? "decimal" : s === null ? `decimal:${p}` : `decimal:${p}:${s}`;
    }
    case "bool":
    case "boolean":
      return "bool";
    case "date":
      return "date";
    case "datetime":
    case "timestamp":
    case "timestamptz":
    case "timestamp with time zone":
      return "datetime";
    case "uuid":
      return "uuid";
    case "json":
    case "jsonb":
    case "dict":
    case "object":
      return "json";
    case "email":
    case "emailstr":
      return "email";
    case "url":
    case "uri":
    case "httpurl":
      return "url";
    case "enum":
      return args.length > 0 ? `enum:${args.join(",")}` : null;
    default:
      return null;
  }
}

/** `ForeignKey("authors.id")`, `foreign_key="authors.id"`, `FK → authors.id`: the target table. */
const FOREIGN_KEY =
  /(?:ForeignKey\(\s*["']|foreign_key\s*=\s*["']|\bFK\b[^\w]*?(?:to\s+)?|references\s+|→\s*|->\s*)`?([A-Za-z_]\w*)(?:\.id)?/;

// ── code: model classes ────────────────────────────────────────────────────────────────────────

/** A class in a code block: its name, bases, line and body lines (with their file lines). */
interface PyClass {
  name: string;
  bases: string;
  line: number;
  evidence: string;
  /** The statements at the class's own level (method bodies are left out). */
  body: Array<{ text: string; line: number }>;
}

const CLASS_LINE = /^(\s*)class\s+([A-Z]\w*)\s*\(([^)]*)\)\s*:/;

function classesOf(block: readonly string[], firstLine: number): PyClass[] {
  const classes: PyClass[] = [];
  block.forEach((text, i) => {
    const head = CLASS_LINE.exec(text);
    if (head === null) return;
    const indent = (head[1] ?? "").length;
    const body: PyClass["body"] = [];
    let open: { text: string; line: number } | null = null;
    let opened = 0;
    let level: number | null = null;
    for (let j = i + 1; j < block.length; j++) {
      const line = block[j] ?? "";
      if (line.trim() === "") continue;
      // A call over several lines is one statement: `mapped_column(\n  String(200),\n)`.
      const at = /^\s*/.exec(line)?.[0].length ?? 0;
      if (at <= indent) break;
      if (open !== null) {
        open.text += ` ${line.trim()}`;
        opened += depth(line);
        // (an unclosed bracket ends the statement after a few lines, not at the block's end)
        if (opened <= 0 || open.text.length > MAX_STATEMENT) open = null;
        continue;
      }
      level ??= at;
      if (at > level) continue;
      const statement = { text: line.trim().slice(0, MAX_STATEMENT), line: firstLine + j };
      body.push(statement);
      opened = depth(statement.text);
      if (opened > 0) open = statement;
    }
    classes.push({
      name: head[2] ?? "",
      bases: head[3] ?? "",
      line: firstLine + i,
      evidence: text.trim(),
      body,
    });
  });
  return classes;
}

/** Longest statement read (a bracket never closed must not join the rest of a long block). */
const MAX_STATEMENT = 1000;

/** How many brackets a line leaves open. */
function depth(text: string): number {
  return (text.match(/[([{]/g)?.length ?? 0) - (text.match(/[)\]}]/g)?.length ?? 0);
}

/** Enum classes of a block (`class Status(str, Enum): DRAFT = "draft"`): name → values. */
function enumsOf(classes: readonly PyClass[]): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const c of classes) {
    if (!/\bEnum\b/.test(c.bases)) continue;
    const values = c.body
      .map((b) => /^[A-Za-z_]\w*\s*=\s*["']([^"']+)["']/.exec(b.text)?.[1])
      .filter((v): v is string => v !== undefined);
    if (values.length > 0) enums.set(c.name, values);
  }
  return enums;
}

/** A python annotation's type (`Mapped[...]` unwrapped): the definition's type, and optional. */
function annotationType(
  annotation: string,
  enums: ReadonlyMap<string, string[]>,
): { type: TypeText; optional: boolean } {
  let a = annotation.trim();
  const mapped = /^(?:Mapped|sa\.orm\.Mapped)\[(.*)\]$/.exec(a);
  if (mapped) a = (mapped[1] ?? "").trim();
  let optional = false;
  const opt = /^Optional\[(.*)\]$/.exec(a);
  if (opt) {
    a = (opt[1] ?? "").trim();
    optional = true;
  }
  const parts = a.split("|").map((p) => p.trim());
  if (parts.includes("None")) {
    optional = true;
    a = parts.filter((p) => p !== "None").join(" | ");
  }
  a = a.replace(/^["']|["']$/g, "");
  const literal = /^Literal\[(.*)\]$/.exec(a);
  if (literal) {
    const values = [...(literal[1] ?? "").matchAll(/["']([^"']+)["']/g)].map((m) => m[1]!);
    return { type: values.length > 0 ? `enum:${values.join(",")}` : null, optional };
  }
  const base = a.replace(/^(?:datetime|decimal|uuid|pydantic|sa|typing)\./, "");
  const known: Record<string, string> = {
    str: "str",
    int: "int",
    float: "float",
    Decimal: "decimal",
    bool: "bool",
    date: "date",
    datetime: "datetime",
    UUID: "uuid",
    EmailStr: "email",
    HttpUrl: "url",
    AnyUrl: "url",
    AnyHttpUrl: "url",
    dict: "json",
    Json: "json",
  };
  if (known[base] !== undefined) return { type: known[base], optional };
  if (/^(?:dict|Dict|list|List)\b/.test(base) && !/\[["']?[A-Z]/.test(base)) {
    return { type: "json", optional };
  }
  const values = enums.get(base);
  if (values !== undefined) return { type: `enum:${values.join(",")}`, optional };
  return { type: null, optional };
}

/** The SQLAlchemy column type in `mapped_column(String(200), …)` / `Column(Numeric(10, 2))`. */
function columnType(args: string, enums: ReadonlyMap<string, string[]>): TypeText {
  const m =
    /(?:^|[(,\s.])(String|Unicode|VARCHAR|Text|UnicodeText|Integer|SmallInteger|BigInteger|Float|Double|Numeric|DECIMAL|Boolean|Date|DateTime|TIMESTAMP|Uuid|UUID|JSON|JSONB|Enum|ENUM|SAEnum|SQLEnum|SqlEnum)\b\s*(\(([^()]*(?:\([^()]*\)[^()]*)?)\))?/.exec(
      args,
    );
  if (m === null) return null;
  const name = m[1] ?? "";
  const inner = m[3] ?? "";
  const num = (i: number) => {
    const parts = inner.split(",").map((p) => p.trim());
    return /^\d+$/.test(parts[i] ?? "") ? Number(parts[i]) : null;
  };
  switch (name) {
    case "String":
    case "Unicode":
    case "VARCHAR":
      return strOf(num(0));
    case "Text":
    case "UnicodeText":
      return "text";
    case "Integer":
    case "SmallInteger":
      return "int";
    case "BigInteger":
      return "bigint";
    case "Float":
    case "Double":
      return "float";
    case "Numeric":
    case "DECIMAL": {
      const p = num(0);
      const s = num(1);
      return p === null ? "decimal" : s === null ? `decimal:${p}` : `decimal:${p}:${s}`;
    }
    case "Boolean":
      return "bool";
    case "Date":
      return "date";
    case "DateTime":
    case "TIMESTAMP":
      return "datetime";
    case "Uuid":
    case "UUID":
      return "uuid";
    case "JSON":
    case "JSONB":
      return "json";
    default: {
      const positional = inner.replace(/\b\w+\s*=\s*("[^"]*"|'[^']*'|\w+)/g, "");
      const literals = [...positional.matchAll(/["']([^"']+)["']/g)].map((x) => x[1]!);
      const cls = /^\s*([A-Z]\w*)/.exec(inner)?.[1];
      const values = literals.length > 0 ? literals : cls ? enums.get(cls) : undefined;
      return values && values.length > 0 ? `enum:${values.join(",")}` : null;
    }
  }
}

/** Modifiers written in a column's or Field's arguments. */
function keywordModifiers(args: string, type: string): string[] {
  const mods: string[] = [];
  if (/\bunique\s*=\s*True\b/.test(args)) mods.push("unique");
  else if (/\bindex\s*=\s*True\b/.test(args)) mods.push("index");
  const value =
    /\b(?:default|server_default)\s*=\s*(?:text\()?(["'][^"']*["']|True|False|-?\d+(?:\.\d+)?)/.exec(
      args,
    )?.[1];
  if (value !== undefined) {
    const v = value.replace(/^["']|["']$/g, "");
    const literal = v === "True" ? "true" : v === "False" ? "false" : v;
    if (!/^(?:datetime|uuid|json|ref)/.test(type) && literal !== "")
      mods.push(`default=${literal}`);
  }
  return mods;
}

/** A field's definition, or null when it is left out (warned about when it is not understood). */
interface FieldRead {
  name: string;
  type: TypeText;
  optional: boolean;
  modifiers: string[];
  /** For a reference: the target table or entity. */
  target?: string;
  line: number;
}

/** The fields of a model class: attributes with a column, a Field or a plain annotation. */
function classFields(c: PyClass, enums: ReadonlyMap<string, string[]>): FieldRead[] {
  const fields: FieldRead[] = [];
  for (const { text, line } of c.body) {
    if (/^(?:def|async def|class|@|#|"""|''')/.test(text)) continue;
    const m = /^([a-z_]\w*)\s*(?::\s*([^=]+?))?\s*(?:=\s*(.*))?$/.exec(text);
    if (m === null || m[1] === undefined || m[1].startsWith("_")) continue;
    const name = m[1];
    const annotation = m[2] ?? "";
    const value = m[3] ?? "";
    if (annotation === "" && !/\bColumn\(/.test(value)) continue;
    if (/\brelationship\(|\bRelationship\(/.test(value)) continue;
    if (/^(?:ClassVar|model_config)/.test(annotation) || name === "model_config") continue;
    const fromAnnotation = annotationType(annotation, enums);
    const fk = /\bForeignKey\(|\bforeign_key\s*=/.test(value) ? FOREIGN_KEY.exec(value) : null;
    const type = columnType(value, enums) ?? fromAnnotation.type;
    const maxLength = /\bmax_length\s*=\s*(\d+)/.exec(value)?.[1];
    const optional =
      fromAnnotation.optional ||
      /\bnullable\s*=\s*True\b/.test(value) ||
      (/^Column\(/.test(value) &&
        !/\bnullable\s*=\s*False\b|\bprimary_key\s*=\s*True\b/.test(value));
    const resolved = type === "str" && maxLength !== undefined ? strOf(Number(maxLength)) : type;
    fields.push({
      name,
      type: fk ? "ref" : resolved,
      optional,
      modifiers: keywordModifiers(value, resolved ?? ""),
      ...(fk ? { target: fk[1] ?? "" } : {}),
      line,
    });
  }
  return fields;
}

/** Suffixes of pydantic schemas of one entity: `BookCreate`, `BookRead` → `Book`. */
const SCHEMA_SUFFIX =
  /(?:Base|Create|Update|Patch|Read|Out|In|Response|Request|Public|Schema|Detail|Summary|Payload|DB|InDB)$/;

/** The entity of a schema class: its name without the schema suffixes (`BookCreateRequest` → `Book`). */
function schemaEntity(name: string): string {
  let entity = name;
  while (SCHEMA_SUFFIX.test(entity)) {
    const next = entity.replace(SCHEMA_SUFFIX, "");
    if (next === "") break;
    entity = next;
  }
  return entity === name ? "" : entity;
}

/** A pydantic (or SQLModel, not table) class: from BaseModel, or from such a class of the block. */
function isSchema(c: PyClass, byName: ReadonlyMap<string, PyClass>, seen: Set<string>): boolean {
  if (/\b(?:BaseModel|SQLModel)\b/.test(c.bases) && !/\btable\s*=\s*True\b/.test(c.bases))
    return true;
  seen.add(c.name);
  return c.bases.split(",").some((b) => {
    const base = byName.get(b.trim());
    return base !== undefined && !seen.has(base.name) && isSchema(base, byName, seen);
  });
}

/** Placeholder names of illustrative code, not a domain's entities. */
const PLACEHOLDERS = new Set([
  "resource",
  "entity",
  "model",
  "object",
  "record",
  "example",
  "sample",
  "thing",
  "foo",
  "bar",
  "my_model",
  "my",
  "base",
  "data",
  "test",
]);

/** What tables and lists describe besides entities (`### Settings`, `- **Parameters**: …`). */
const NOT_ENTITIES = new Set([
  "setting",
  "config",
  "configuration",
  "environment",
  "env",
  "parameter",
  "param",
  "option",
  "variable",
  "header",
  "request",
  "response",
  "query",
  "field",
  "column",
  "error",
  "endpoint",
  "route",
  "tool",
  "argument",
  "input",
  "output",
  "property",
  "attribute",
]);

/** Whether a name is a placeholder (in code), or also a thing that is no entity (in prose). */
function notAnEntity(name: string, prose = true): boolean {
  const word = singularize(snake(name));
  return PLACEHOLDERS.has(word) || (prose && NOT_ENTITIES.has(word));
}

function modelEntities(segments: readonly Segment[], warn: Warn): EntityCandidate[] {
  const out: EntityCandidate[] = [];
  const schemas = new Map<string, EntityCandidate>();
  const schemaCount = new Map<string, number>();
  for (const s of segments) {
    if (s.kind !== "code" || s.blockLine !== 0 || s.block === null || s.example !== null) continue;
    const classes = classesOf(s.block, s.line);
    const enums = enumsOf(classes);
    const byName = new Map(classes.map((c) => [c.name, c]));
    for (const c of classes) {
      if (out.length + schemas.size >= MAX_CANDIDATES) break;
      const table =
        /\btable\s*=\s*True\b/.test(c.bases) ||
        (!/\bSQLModel\b/.test(c.bases) &&
          /(?:^|[\s,.])(?:Base|Model|DeclarativeBase)\b/.test(c.bases) &&
          !/\bBaseModel\b/.test(c.bases));
      const schema = !table && isSchema(c, byName, new Set());
      if (!table && !schema) continue;
      if (table && /^(?:Base|Model)$/.test(c.name)) continue;
      const tablename = c.body
        .map((b) => /^__tablename__\s*=\s*["']([a-z_][a-z0-9_]*)["']/.exec(b.text)?.[1])
        .find((t) => t !== undefined);
      const entity = table ? c.name : schemaEntity(c.name);
      if (entity.length < 3 || notAnEntity(entity, false)) continue;
      const plural = tablename ?? pluralOf(entity);
      // SQLModel's pattern: the table class inherits the fields of its base schema.
      const inherited = c.bases
        .split(",")
        .map((b) => byName.get(b.trim()))
        .filter((b): b is PyClass => b !== undefined && b !== c);
      const fields = [...inherited.flatMap((b) => classFields(b, enums)), ...classFields(c, enums)];
      if (table) {
        out.push(candidate(plural, fields, "model", c, warn));
        continue;
      }
      // Schemas of one entity are merged: the fields of its create/base schemas first.
      const next = candidate(plural, fields, "schema", c, () => undefined);
      const known = schemas.get(plural);
      if (known === undefined) schemas.set(plural, { ...next, fields: [...next.fields] });
      else {
        schemaCount.set(plural, (schemaCount.get(plural) ?? 1) + 1);
        const names = new Set(known.fields.map((f) => f.split(":")[0]));
        for (const f of next.fields) if (!names.has(f.split(":")[0])) known.fields.push(f);
      }
    }
  }
  // Pydantic schemas describe the resources only when no table model does, and only an entity
  // with two schemas or more (`BookCreate` and `BookRead`): a lone request model is not one.
  if (out.length > 0) return out;
  return [...schemas.values()].filter((s) => (schemaCount.get(s.plural) ?? 1) >= 2);
}

function candidate(
  plural: string,
  fields: FieldRead[],
  source: EntitySource,
  at: { line: number; evidence: string },
  warn: Warn,
): EntityCandidate {
  return {
    plural,
    fields: fieldTexts(plural, fields, warn),
    source,
    line: at.line,
    evidence: at.evidence,
  };
}

/** The fields in the definition syntax, without what the generator adds; unknown types warned. */
function fieldTexts(plural: string, fields: readonly FieldRead[], warn: Warn): string[] {
  const out: string[] = [];
  for (const f of fields) {
    let name = f.name.toLowerCase();
    if (GENERATED_COLUMNS.has(name)) continue;
    if (f.type === "ref") {
      const target = targetOf(f.target ?? "");
      if (target === "users" && OWNER_COLUMNS.has(name)) continue;
      name = name.replace(/_id$/, "");
      if (name === "" || GENERATED_COLUMNS.has(name)) continue;
      out.push([`${name}:ref:${target}`, ...(f.optional ? ["optional"] : [])].join(":"));
      continue;
    }
    if (OWNER_COLUMNS.has(name)) continue;
    if (f.type === null) {
      warn(f.line, `${plural}.${name}: its type is not one the generator knows; left out`);
      continue;
    }
    const modifiers = [...(f.optional ? ["optional"] : []), ...f.modifiers];
    out.push([name, f.type, ...modifiers].join(":"));
  }
  return out;
}

// ── Markdown tables of columns ─────────────────────────────────────────────────────────────────

const NAME_HEADER = /^(?:field|column|name|attribute|property|field name|column name)s?$/i;
const TYPE_HEADER = /^(?:type|data ?type|sql type|column type)$/i;

function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split("|").map((c) => c.trim());
}

/** The entity a heading or sentence names: `### Book`, "The `books` table:", "**Author** model". */
export function entityNamed(text: string): string | null {
  const t = text.replace(/^#+\s*/, "").trim();
  const code = /`([A-Za-z_]\w*)`/.exec(t)?.[1];
  if (code !== undefined) return code;
  const bold = /\*\*([A-Za-z_]\w*)\*\*/.exec(t)?.[1];
  if (bold !== undefined) return bold;
  const before = /\b([A-Za-z_]\w*)\s+(?:table|model|entity|resource)\b/i.exec(t)?.[1];
  const after = /\b(?:table|model|entity|resource)\s*:?\s+([A-Za-z_]\w*)\b/i.exec(t)?.[1];
  const word = before ?? after;
  if (
    word !== undefined &&
    !/^(?:the|a|an|this|each|every|data|database|following|user)$/i.test(word)
  )
    return word;
  const bare = /^([A-Z][a-zA-Z]+)\s*:?$/.exec(t)?.[1];
  return bare ?? null;
}

/** Modifiers and references said in a table's other cells or a list entry's words. */
function wordModifiers(text: string): { optional: boolean; modifiers: string[]; target?: string } {
  const t = text.toLowerCase();
  const optional =
    /\b(?:optional|nullable|null(?:able)? ?ok)\b|^\s*(?:yes|null)\s*$/.test(t) &&
    !/\bnot null\b/.test(t);
  const modifiers: string[] = [];
  if (/\bunique\b/.test(t)) modifiers.push("unique");
  else if (/\bindex(?:ed)?\b/.test(t)) modifiers.push("index");
  const fk = FOREIGN_KEY.exec(text);
  return {
    optional,
    modifiers,
    ...(fk && /\bfk\b|foreign|references|→|->/i.test(text) ? { target: fk[1]! } : {}),
  };
}

function tableEntities(segments: readonly Segment[], warn: Warn): EntityCandidate[] {
  const out: EntityCandidate[] = [];
  for (let i = 0; i < segments.length; i++) {
    const head = segments[i]!;
    if (out.length >= MAX_CANDIDATES) break;
    if (head.kind !== "table" || head.example !== null) continue;
    const prev = segments[i - 1];
    // not the first row (the rule line under the header is no segment)
    if (prev?.kind === "table" && head.line - prev.line <= 2) continue;
    const header = cells(head.text);
    const nameCol = header.findIndex((h) => NAME_HEADER.test(h.replace(/[*`]/g, "")));
    const typeCol = header.findIndex((h) => TYPE_HEADER.test(h.replace(/[*`]/g, "")));
    if (nameCol < 0 || typeCol < 0) continue;
    // The entity: the nearest heading or sentence before the table (three segments at most).
    let entity: string | null = null;
    for (let k = i - 1; k >= Math.max(0, i - 3) && entity === null; k--) {
      const s = segments[k]!;
      if (s.kind === "table" || s.kind === "code") break;
      if (s.example !== null) break;
      entity = entityNamed(s.text);
    }
    const rows: FieldRead[] = [];
    let j = i + 1;
    for (; j < segments.length; j++) {
      const row = segments[j]!;
      if (row.kind !== "table" || row.line - segments[j - 1]!.line > 2) break;
      const c = cells(row.text);
      const name = (c[nameCol] ?? "").replace(/[`*]/g, "").trim();
      // columns are lowercase (`DATABASE_URL` is a setting)
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) continue;
      const typeCell = c[typeCol] ?? "";
      const rest = c.filter((_, n) => n !== nameCol).join(" | ");
      const words = wordModifiers(rest);
      const type =
        typeFromWord(typeCell.replace(/\s*[-,;].*$/, "")) ??
        typeFromWord(typeCell.split(/\s/)[0] ?? "");
      const ref = words.target !== undefined || /\b(?:fk|ref)\b/i.test(typeCell);
      rows.push({
        name: name.toLowerCase(),
        type: ref && words.target !== undefined ? "ref" : type,
        optional: words.optional,
        modifiers: words.modifiers,
        ...(words.target !== undefined ? { target: words.target } : {}),
        line: row.line,
      });
    }
    i = j - 1;
    if (entity === null || rows.length === 0 || notAnEntity(entity)) continue;
    // most rows must have a type the generator knows, or the table is not one of columns
    if (rows.filter((r) => r.type !== null).length < rows.length * 0.6) continue;
    out.push(candidate(pluralOf(entity), rows, "table", head, warn));
  }
  return out;
}

// ── entity lists ───────────────────────────────────────────────────────────────────────────────

const ENTITY_ITEM =
  /^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*|`)?([A-Z][A-Za-z]+)(?:\*\*|`)?\s*(?:\([^)]*\))?\s*[:—–]\s*(.+)$/;

/** Top-level comma-separated parts (commas inside parentheses stay). */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(" || ch === "[") depth++;
    if (ch === ")" || ch === "]") depth = Math.max(0, depth - 1);
    if ((ch === "," || ch === ";") && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

function listEntities(segments: readonly Segment[], warn: Warn): EntityCandidate[] {
  const out: EntityCandidate[] = [];
  const seen = new Set<number>();
  for (const s of segments) {
    if (out.length >= MAX_CANDIDATES) break;
    if (s.kind !== "list" || s.example !== null || s.question) continue;
    // the whole item (its sentences are segments of their own), without its "e.g." asides
    if (seen.has(s.line)) continue;
    seen.add(s.line);
    const m = ENTITY_ITEM.exec(stripAsides(s.evidence));
    if (m === null) continue;
    const fields: FieldRead[] = [];
    let described = 0;
    // the fields run to the end of the item's first sentence
    const first = (m[2] ?? "").split(/(?<=[.!?])\s+(?=[A-Z])/)[0] ?? "";
    const parts = topLevelParts(first.replace(/\s*\.\s*$/, ""));
    for (const part of parts) {
      const ref = /^`?([a-z_]\w*)`?\s*(?:→|->)\s*`?([A-Z]\w*|[a-z_]\w*)`?/.exec(part);
      if (ref) {
        described++;
        fields.push({
          name: ref[1]!,
          type: "ref",
          optional: /optional/i.test(part),
          modifiers: [],
          target: ref[2]!,
          line: s.line,
        });
        continue;
      }
      const typed =
        /^`?([a-z_]\w*)`?\s*(?:\(([^()]*(?:\([^()]*\)[^()]*)*)\)|:\s*([\w()|, ]+))$/.exec(part);
      if (!typed) continue;
      described++;
      const words = topLevelParts(typed[2] ?? typed[3] ?? "");
      const type = typeFromWord(words[0] ?? "");
      const info = wordModifiers(words.slice(1).join(" "));
      fields.push({
        name: typed[1]!,
        type: info.target !== undefined ? "ref" : type,
        optional: info.optional,
        modifiers: info.modifiers,
        ...(info.target !== undefined ? { target: info.target } : {}),
        line: s.line,
      });
    }
    // A list item is an entity only when most of what follows its name reads as fields.
    if (described < 2 || described < parts.length * 0.6 || notAnEntity(m[1]!)) continue;
    out.push(candidate(pluralOf(m[1]!), fields, "list", s, warn));
  }
  return out;
}

// ── the set ────────────────────────────────────────────────────────────────────────────────────

/** Why a candidate cannot be a resource of its own (the users table is the generator's). */
function unusable(plural: string): string | null {
  if (!RESOURCE_PATTERN.test(plural)) return `"${plural}" is not a usable resource name`;
  return resourceNameProblem(plural);
}

/** The first field of `text` that fails to parse is dropped (warned), until the rest parses. */
function parsableFields(c: EntityCandidate, warn: Warn): string[] {
  const fields: string[] = [];
  for (const f of c.fields) {
    try {
      parseField(c.plural, f);
      fields.push(f);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // a default the type refuses: keep the field without it
      const bare = f.replace(/:default=.*$/, "");
      try {
        if (bare === f) throw error;
        parseField(c.plural, bare);
        fields.push(bare);
      } catch {
        warn(c.line, `${error.message}; left out`);
      }
    }
  }
  return fields;
}

/**
 * The resources a spec's segments describe, checked as a set (none when it describes none).
 * `users`: the project has a users table (a reference to users that is not the owner is kept).
 */
export function inferResources(
  segments: readonly Segment[],
  ctx: { users: boolean },
): InferredResources {
  const warnings: SpecWarning[] = [];
  const warn: Warn = (line, message) => warnings.push({ line, message: `resources: ${message}` });
  const found = [
    ...modelEntities(segments, warn),
    ...tableEntities(segments, warn),
    ...listEntities(segments, warn),
  ].sort((a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source] || a.line - b.line);
  const chosen = new Map<string, EntityCandidate>();
  for (const c of found) {
    if (c.plural === "users" || c.plural === "user") continue;
    const known = chosen.get(singularize(c.plural));
    if (known !== undefined) continue;
    const problem = unusable(c.plural);
    if (problem !== null) {
      warn(c.line, `${c.plural}: ${problem}; left out`);
      continue;
    }
    chosen.set(singularize(c.plural), { ...c, fields: parsableFields(c, warn) });
  }
  let entities = [...chosen.values()].sort((a, b) => a.line - b.line);
  if (entities.length > MAX_INFERRED_RESOURCES) {
    const first = entities[MAX_INFERRED_RESOURCES]!;
    warn(
      first.line,
      `the spec describes more than ${MAX_INFERRED_RESOURCES} entities; ${first.plural} and those after it are left out`,
    );
    entities = entities.slice(0, MAX_INFERRED_RESOURCES);
  }
  // References: to an entity described here, or to users when the project has them.
  const names = new Set(entities.map((e) => e.plural));
  entities = entities.map((e) => ({
    ...e,
    fields: e.fields.filter((f) => {
      const target = /^[a-z_]\w*:ref:([a-z_]\w*)/.exec(f)?.[1];
      if (target === undefined || names.has(target) || (target === "users" && ctx.users))
        return true;
      const why =
        target === "users"
          ? "the project has no users table"
          : `the spec does not describe ${target}`;
      warn(e.line, `${e.plural}.${f.split(":")[0]}: references ${target}, but ${why}; left out`);
      return false;
    }),
  }));
  entities = breakCycles(entities, warn);
  const empty = entities.filter((e) => e.fields.length === 0);
  for (const e of empty) warn(e.line, `${e.plural}: no fields of its own; left out`);
  entities = dropDangling(
    entities.filter((e) => e.fields.length > 0),
    warn,
  );
  if (entities.length === 0) return { resources: [], line: null, evidence: null, warnings };
  const resources = entities.map((e) => ({ name: e.plural, fields: e.fields }));
  try {
    validateResources(resources.map(parseResourceAnswer), ctx);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    warn(entities[0]!.line, `${error.message}; the sample resource is used instead`);
    return { resources: [], line: entities[0]!.line, evidence: entities[0]!.evidence, warnings };
  }
  const first = entities[0]!;
  return { resources, line: first.line, evidence: first.evidence, warnings };
}

/** Drop references to resources that were themselves dropped (for having no fields). */
function dropDangling(entities: EntityCandidate[], warn: Warn): EntityCandidate[] {
  const names = new Set(entities.map((e) => e.plural));
  return entities.map((e) => ({
    ...e,
    fields: e.fields.filter((f) => {
      const target = /^[a-z_]\w*:ref:([a-z_]\w*)/.exec(f)?.[1];
      if (target === undefined || target === "users" || names.has(target)) return true;
      warn(
        e.line,
        `${e.plural}.${f.split(":")[0]}: references ${target}, which is left out; left out`,
      );
      return false;
    }),
  }));
}

/** A reference that closes a cycle is left out (rows that need each other cannot be created). */
function breakCycles(entities: EntityCandidate[], warn: Warn): EntityCandidate[] {
  const byName = new Map(entities.map((e) => [e.plural, { ...e, fields: [...e.fields] }]));
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string): void => {
    state.set(name, "visiting");
    const e = byName.get(name)!;
    e.fields = e.fields.filter((f) => {
      const target = /^[a-z_]\w*:ref:([a-z_]\w*)/.exec(f)?.[1];
      if (target === undefined || !byName.has(target)) return true;
      if (state.get(target) === "visiting") {
        warn(
          e.line,
          `${e.plural}.${f.split(":")[0]}: references ${target}, which references it back; left out`,
        );
        return false;
      }
      if (state.get(target) === undefined) visit(target);
      return true;
    });
    state.set(name, "done");
  };
  for (const name of byName.keys()) if (state.get(name) === undefined) visit(name);
  return [...byName.values()];
}

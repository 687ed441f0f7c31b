/**
 * Resource definitions: the syntax, every validation rule (one line naming the resource and the
 * field), and the order by reference.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import {
  FIELD_TYPES,
  parseField,
  parseResource,
  resolveResources,
  validateResources,
  type ResourceAnswer,
} from "../../src/resources/parse.js";

const problem = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("expected a UserError");
};
const resolve = (texts: string[], users = true) =>
  resolveResources(
    texts.map((t): ResourceAnswer => {
      const [name = "", ...fields] = t.split(/\s+/);
      return { name, fields };
    }),
    { users },
  );

describe("field syntax", () => {
  it("reads types, their arguments and modifiers", () => {
    expect(parseField("books", "title:str:200:unique")).toEqual({
      name: "title",
      type: "str",
      length: 200,
      optional: false,
      unique: true,
      index: false,
    });
    expect(parseField("books", "price:decimal:10:2")).toMatchObject({ precision: 10, scale: 2 });
    expect(parseField("books", "price:decimal:4")).toMatchObject({ precision: 4, scale: 2 });
    expect(parseField("books", "price:decimal:1")).toMatchObject({ precision: 1, scale: 0 });
    expect(parseField("books", "status:enum:draft,published:default=draft")).toMatchObject({
      choices: ["draft", "published"],
      default: "draft",
    });
    expect(parseField("books", "author:ref:authors:optional")).toMatchObject({
      type: "ref",
      target: "authors",
      optional: true,
    });
    expect(parseField("books", "site:url:default=https://example.com:8080/x")).toMatchObject({
      default: "https://example.com:8080/x",
    });
    expect(parseField("books", "name:str")).not.toHaveProperty("length");
  });

  it("parses every type with no argument (but enum and ref, which need one)", () => {
    for (const type of FIELD_TYPES.filter((t) => t !== "enum" && t !== "ref")) {
      expect(parseField("books", `f:${type}`).type).toBe(type);
    }
    expect(problem(() => parseField("books", "s:enum"))).toBe(
      "books.s: enum needs its values: enum:a,b,c",
    );
    expect(problem(() => parseField("books", "a:ref"))).toMatch(/^books\.a: ref needs/);
  });

  it.each([
    ["title", "books.title: no type"],
    ["title:string", 'books.title: unknown type "string"'],
    ["title:str:0", 'books.title: str length "0" must be 1 to 1000'],
    ["title:str:1001", 'books.title: str length "1001" must be 1 to 1000'],
    ["title:str:200:required", 'books.title: unknown modifier "required"'],
    ["pages:int:5", 'books.pages: unknown modifier "5"'],
    ["title:str:unique:unique", "books.title: unique is given twice"],
    ["price:decimal:39", 'books.price: decimal precision "39" must be 1 to 38'],
    ["price:decimal:5:6", 'books.price: decimal scale "6" must be 0 to the precision (5)'],
    ["s:enum:a,a", 'books.s: enum value "a" is given twice'],
    ["s:enum:a,b c", 'books.s: enum value "b c"'],
    ["id:int", 'books.id: "id" is used by the generated code'],
    ["owner_id:int", 'books.owner_id: "owner_id" is used by the generated code'],
    ["created_at:datetime", 'books.created_at: "created_at" is used by the generated code'],
    ["class:str", 'books.class: "class" is a Python keyword'],
    ["date:date", 'books.date: "date" would hide the Python name date'],
    ["model_name:str", 'books.model_name: "model_name" is used by the generated code'],
    ["Title:str", 'books.Title: "Title" is not a field name'],
    [":str", 'books.(no name): "" is not a field name'],
    ["body:text:unique", "books.body: text fields cannot be unique"],
    ["meta:json:index", "books.meta: json fields cannot be index"],
    ["link:url:unique", "books.link: url fields cannot be unique"],
    ["title:str:800:index", "books.title: str longer than 768 cannot be index on MySQL"],
    ["done:bool:unique", "books.done: bool fields cannot be unique"],
    ["pages:int:default=x", 'books.pages: default "x" is not an integer'],
    ["pages:int:default=2147483648", "books.pages: default 2147483648 is out of range"],
    ["big:bigint:default=9223372036854775807", null],
    ["price:decimal:4:2:default=123", "books.price: default 123 has more than 2 digits before"],
    [
      "price:decimal:4:2:default=1.234",
      "books.price: default 1.234 has more than 2 decimal places",
    ],
    ["done:bool:default=yes", "books.done: default must be true or false"],
    ["on:date:default=2024-02-30", 'books.on: default "2024-02-30" is not a date'],
    ["s:enum:a,b:default=c", 'books.s: default "c" is not one of a, b'],
    ["at:datetime:default=now", "books.at: datetime fields take no default"],
    ["title:str:3:default=long", 'books.title: default "long" is longer than 3 characters'],
    ["mail:email:default=nope", 'books.mail: default "nope" is not an email address'],
    ["site:url:default=ftp://x", 'books.site: default "ftp://x" is not an http(s) URL'],
  ])("%s → %s", (text, expected) => {
    if (expected === null) {
      expect(() => parseField("books", text)).not.toThrow();
      return;
    }
    expect(problem(() => parseField("books", text))).toContain(expected);
  });
});

describe("resource definitions", () => {
  it("reads a plural and its fields", () => {
    expect(parseResource("  books   title:str  pages:int ").fields.map((f) => f.name)).toEqual([
      "title",
      "pages",
    ]);
  });

  it.each([
    ["", "(no name): a resource definition needs a name"],
    ["books", "books: give at least one field"],
    ["Books title:str", "Books: not a resource name"],
    ["news title:str", 'news: "news" has no distinct singular form'],
    ["users name:str", 'users: "users" is used by the generated project itself'],
    ["classes name:str", 'classes: "class" is a Python keyword'],
    ["books title:str title:text", "books.title: duplicate field"],
    ["books author:ref:authors author_id:int", "books.author_id: its column author_id clashes"],
    ["books owner:ref:users", 'books.owner: "owner" is used by the generated code'],
  ])("%j → %s", (text, expected) => {
    expect(problem(() => resolve([text]))).toContain(expected);
  });

  it("names a constraint that would be too long for PostgreSQL", () => {
    const table = `a${"b".repeat(29)}s`;
    expect(problem(() => resolve([`${table} x${"y".repeat(38)}:ref:${table}x`]))).toMatch(
      /is longer than 63 characters/,
    );
  });
});

describe("references", () => {
  it("orders resources so that each comes after those it references", () => {
    const ordered = resolve([
      "reviews book:ref:books reviewer:ref:users",
      "books author:ref:authors publisher:ref:publishers:optional",
      "authors name:str",
      "publishers name:str",
    ]).map((r) => r.plural);
    expect(ordered).toEqual(["authors", "publishers", "books", "reviews"]);
  });

  it.each([
    [["books author:ref:authors"], 'books.author: references "authors", which is not a resource'],
    [["books owner_user:ref:users"], "books.owner_user: ref:users needs a users table"],
    [
      ["ants b:ref:bees", "bees c:ref:cats", "cats a:ref:ants"],
      "ants: reference cycle ants → bees → cats → ants: rows that need each other cannot be created",
    ],
    [["categories parent:ref:categories:optional"], "categories: reference cycle categories"],
    [["books title:str", "books name:str"], "books: the resource is defined twice"],
  ])("%j → %s", (texts, expected) => {
    expect(problem(() => resolve(texts, texts[0] !== "books owner_user:ref:users"))).toContain(
      expected,
    );
  });

  const name = fc.constantFrom("books", "authors", "shelves", "notes", "tags", "lists", "boxes");

  it("any acyclic set of references is ordered topologically, whatever the given order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 7 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
        fc.context(),
        (plurals, edges, ctx) => {
          // an edge i → j with i > j in the generated order: acyclic by construction
          const refs = new Map(plurals.map((p) => [p, new Set<string>()]));
          for (const [a, b] of edges) {
            const i = a % plurals.length;
            const j = b % plurals.length;
            if (i > j) refs.get(plurals[i]!)!.add(plurals[j]!);
          }
          const texts = plurals.map((p) =>
            [p, "title:str", ...[...refs.get(p)!].map((t) => `to_${t}:ref:${t}`)].join(" "),
          );
          const shuffled = [...texts].reverse();
          ctx.log(shuffled.join(" | "));
          const order = resolve(shuffled).map((r) => r.plural);
          expect([...order].sort()).toEqual([...plurals].sort());
          for (const [from, targets] of refs) {
            for (const to of targets) {
              expect(order.indexOf(to)).toBeLessThan(order.indexOf(from));
            }
          }
          const again = resolve(shuffled).map((r) => r.plural);
          expect(again).toEqual(order);
        },
      ),
    );
  });

  it("any set of references with a cycle is refused in one line naming the cycle", () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), (plurals) => {
        const texts = plurals.map((p, i) => `${p} next:ref:${plurals[(i + 1) % plurals.length]}`);
        const message = problem(() =>
          validateResources(texts.map(parseResource), { users: false }),
        );
        expect(message).toMatch(/: reference cycle (\w+)( → \w+)+: rows that need each other/);
        for (const p of plurals) expect(message).toContain(p);
      }),
    );
  });
});

/**
 * Changing a resource's fields: the field diff, what a table that may hold rows refuses, and the
 * column operations of the revision (upgrade, and a downgrade that undoes them in reverse).
 */
import { describe, expect, it } from "vitest";
import { findOption } from "../../src/options/definitions.js";
import { parseOptionValue } from "../../src/options/resolve.js";
import { planChange, type Statement } from "../../src/plan/changes.js";
import type { ResourceContext } from "../../src/plan/resources.js";
import { fieldChanges } from "../../src/resources/change.js";
import { changeFile, changesProblem } from "../../src/resources/migration.js";
import { parseResource } from "../../src/resources/parse.js";

const CTX: ResourceContext = { idType: "int", owned: false, listOrder: null, softDelete: false };
const REV = { revision: "abc123", downRevision: "0001", date: "2026-12-03" };

function planChangeOf(before: string, after: string) {
  return planChange(
    parseResource(before),
    parseResource(after),
    { ...REV, before: [], file: "f.py" },
    CTX,
  );
}

/** A statement in one short line: `op(column-or-name…)`. */
function short(s: Statement): string {
  switch (s.op) {
    case "add_column":
      return `add ${s.field.column}${s.field.optional ? "?" : ""}${s.field.serverDefault ? `=${s.field.serverDefault}` : ""}`;
    case "drop_column":
      return `drop ${s.column}`;
    case "create_index":
    case "create_unique_constraint":
    case "create_foreign_key":
      return `${s.op} ${s.name}${s.op === "create_foreign_key" ? ` ${s.ondelete}` : ""}`;
    case "drop_index":
      return `drop_index ${s.name}`;
    case "drop_constraint":
      return `drop_${s.type} ${s.name}`;
    case "alter_column":
      return `alter ${s.column}${s.nullable !== undefined ? ` nullable=${s.nullable}` : ""}${s.type !== undefined ? ` type=${s.type}` : ""}${s.serverDefault !== undefined ? ` default=${s.serverDefault}` : ""}`;
  }
}

describe("fieldChanges", () => {
  const fields = (text: string) => parseResource(text).fields;

  it("matches fields by name: added, altered, dropped", () => {
    const changes = fieldChanges(
      "books",
      fields("books title:str:200 pages:int"),
      fields("books title:str:200:optional summary:text:optional"),
    );
    expect(
      changes.map((c) => `${c.kind} ${c.kind === "alter" ? c.after.name : c.field.name}`),
    ).toEqual(["alter title", "add summary", "drop pages"]);
  });

  const refused: Array<[string, string, string, RegExp]> = [
    [
      "a type change",
      "books pages:int",
      "books pages:str",
      /^books\.pages: changing a field's type \(int → str:255\) is not supported/,
    ],
    [
      "other enum values",
      "books s:enum:a,b",
      "books s:enum:a,b,c",
      /^books\.s: changing a field's type \(enum:a,b → enum:a,b,c\)/,
    ],
    [
      "another reference target",
      "books a:ref:x",
      "books a:ref:y",
      /^books\.a: changing a field's type \(ref:x → ref:y\)/,
    ],
    [
      "a shorter str",
      "books t:str:200",
      "books t:str:100",
      /^books\.t: shortening str:200 to str:100 is not supported/,
    ],
    [
      "optional made required without default=",
      "books t:str:optional",
      "books t:str",
      /^books\.t: making an optional field required needs default=<value>, which rows holding no value take/,
    ],
    [
      "a unique field made required",
      "books c:str:unique:optional",
      "books c:str:unique:default=x",
      /^books\.c: a unique field made required would give every row without a value the same default=/,
    ],
    [
      "a reference made required",
      "books a:ref:authors:optional",
      "books a:ref:authors",
      /^books\.a: a ref field cannot be made required \(it takes no default=, and rows may hold no value\): keep :optional$/,
    ],
    [
      "a required field without default=",
      "books t:str",
      "books t:str isbn:str",
      /^books\.isbn: a required field added .* give it default=<value>, or make it :optional$/,
    ],
    [
      "a required reference",
      "books t:str",
      "books t:str a:ref:authors",
      /^books\.a: a required reference cannot be added .* make it :optional$/,
    ],
    [
      "a unique field with default=",
      "books t:str",
      "books t:str code:int:unique:default=1",
      /^books\.code: a unique field with default= would give every existing row the same value/,
    ],
    [
      "no change at all",
      "books t:str n:int",
      "books n:int t:str",
      /^books: the new fields make the same columns as the stored ones: nothing to change$/,
    ],
  ];
  for (const [what, before, after, message] of refused) {
    it(`refuses ${what} in one line`, () => {
      expect(() => fieldChanges("books", fields(before), fields(after))).toThrow(message);
    });
  }

  it("takes a required field with default=, and a longer str", () => {
    const changes = fieldChanges(
      "books",
      fields("books t:str:100"),
      fields("books t:str:300 n:int:default=0"),
    );
    expect(changes.map((c) => c.kind)).toEqual(["alter", "add"]);
  });
});

describe("planChange", () => {
  it("adds and drops columns with their constraints, MySQL's order kept both ways", () => {
    const planned = planChangeOf(
      "books title:str:200 pages:int:index author:ref:authors",
      "books title:str:200 format:enum:paper,ebook:default=paper editor:ref:authors:optional code:str:20:unique:optional",
    );
    expect(planned.upgrade.map(short)).toEqual([
      'add format="paper"',
      "add editor_id?",
      "create_index ix_books_editor_id",
      "create_foreign_key fk_books_editor_id_authors SET NULL",
      "add code?",
      "create_unique_constraint uq_books_code",
      "drop_index ix_books_pages",
      "drop pages",
      "drop_foreignkey fk_books_author_id_authors",
      "drop_index ix_books_author_id",
      "drop author_id",
    ]);
    // The downgrade undoes each step in reverse: a foreign key goes before its index and column.
    expect(planned.downgrade.map(short)).toEqual([
      "add author_id?",
      "create_index ix_books_author_id",
      "create_foreign_key fk_books_author_id_authors RESTRICT",
      "add pages?",
      "create_index ix_books_pages",
      "drop_unique uq_books_code",
      "drop code",
      "drop_foreignkey fk_books_editor_id_authors",
      "drop_index ix_books_editor_id",
      "drop editor_id",
      "drop_check ck_books_format",
      "drop format",
    ]);
    // Required columns without a default come back nullable: their values went with the upgrade.
    expect(planned.restoredNullable).toEqual(["pages", "author_id"]);
    expect(planned.summary).toBe("adds format, editor_id and code; drops pages and author_id.");
  });

  it("alters a column: nullability, length, default, unique and index, the foreign key's ON DELETE", () => {
    const planned = planChangeOf(
      "parts sku:str:40:unique n:int:default=1 kind:str:10 supplier:ref:suppliers",
      "parts sku:str:60:optional n:int kind:str:10:index supplier:ref:suppliers:optional",
    );
    expect(planned.upgrade.map(short)).toEqual([
      "drop_unique uq_parts_sku",
      "alter sku nullable=true type=sa.String(length=60)",
      "alter n default=null",
      "create_index ix_parts_kind",
      "drop_foreignkey fk_parts_supplier_id_suppliers",
      "alter supplier_id nullable=true",
      "create_foreign_key fk_parts_supplier_id_suppliers SET NULL",
    ]);
    expect(planned.downgrade.map(short)).toEqual([
      "drop_foreignkey fk_parts_supplier_id_suppliers",
      "alter supplier_id nullable=false",
      "create_foreign_key fk_parts_supplier_id_suppliers RESTRICT",
      "drop_index ix_parts_kind",
      'alter n default=sa.text("1")',
      "alter sku nullable=false type=sa.String(length=40)",
      "create_unique_constraint uq_parts_sku",
    ]);
    const sku = planned.upgrade[1] as Extract<Statement, { op: "alter_column" }>;
    expect(sku).toMatchObject({
      existingType: "sa.String(length=40)",
      existingNullable: false,
      existingServerDefault: null,
    });
    expect(planned.restoredNullable).toEqual([]);
  });

  it("makes an optional field required with default=: rows without a value take it first", () => {
    const planned = planChangeOf(
      "books t:str:optional day:date:optional on:bool:optional n:decimal:optional",
      "books t:str:default=untitled day:date:default=2024-05-01 on:bool:default=true n:decimal:default=1.5",
    );
    expect(planned.fills).toEqual([
      { column: "t", value: `sa.text("'untitled'")` },
      { column: "day", value: `sa.text("'2024-05-01'")` },
      { column: "on", value: "sa.true()" },
      { column: "n", value: 'sa.text("1.5")' },
    ]);
    expect(planned.upgrade.map(short)).toEqual([
      'alter t nullable=false default="untitled"',
      'alter day nullable=false default="2024-05-01"',
      "alter on nullable=false default=sa.true()",
      'alter n nullable=false default=sa.text("1.5")',
    ]);
    expect(planned.downgrade.map(short)).toEqual([
      "alter n nullable=true default=null",
      "alter on nullable=true default=null",
      "alter day nullable=true default=null",
      "alter t nullable=true default=null",
    ]);
    expect(planChangeOf("books t:str", "books t:str:optional").fills).toEqual([]);
  });

  it("needs the frozen UTCDateTime type only when a datetime column is touched", () => {
    expect(planChangeOf("events t:str", "events t:str at:datetime:optional").usesUtcDatetime).toBe(
      true,
    );
    expect(planChangeOf("events t:str", "events t:str n:int:optional").usesUtcDatetime).toBe(false);
  });
});

describe("stored changes", () => {
  it("checks a changes entry, in .yo-rc.json and in answers files alike", () => {
    const ok = [{ ...REV, before: ["title:str"] }];
    expect(changesProblem(ok)).toBeNull();
    expect(changesProblem({})).toMatch(/changes must be a list/);
    expect(changesProblem([{ ...REV }])).toMatch(/changes\[0\]\.before/);
    expect(changesProblem([{ ...REV, before: ["t:str"], date: "x" }])).toMatch(
      /^changes\[0\]: date must be YYYY-MM-DD$/,
    );
    expect(changesProblem([{ ...REV, before: ["t:str"], extra: 1 }])).toMatch(
      /^changes\[0\]: unknown key "extra"$/,
    );
    const opt = findOption("resources")!;
    expect(
      parseOptionValue(opt, [
        {
          name: "books",
          fields: ["title:str:optional"],
          changes: [{ ...REV, before: ["title:bad"] }],
        },
      ]),
    ).toEqual({ problem: expect.stringMatching(/books\.title: unknown type "bad"/) as string });
    expect(
      parseOptionValue(opt, [
        {
          name: "books",
          fields: ["title:str"],
          migration: REV,
          changes: [{ ...REV, before: ["t:str"] }],
        },
      ]),
    ).toEqual({ problem: expect.stringMatching(/revision abc123 is used twice/) as string });
    expect(changeFile("books", REV)).toBe("alembic/versions/20261203_abc123_change_books.py");
  });
});

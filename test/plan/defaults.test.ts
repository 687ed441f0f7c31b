/**
 * Field defaults as a resource's model, schemas and tests use them, and as its migration writes
 * them.
 */
import { describe, expect, it } from "vitest";
import { omittedValue, planResources } from "../../src/plan/resources.js";
import { resolveResources } from "../../src/resources/parse.js";

function fields(...specs: string[]) {
  const [books] = planResources(
    resolveResources([{ name: "books", fields: specs }], { users: true }),
    {
      idType: "int",
      owned: true,
      listOrder: "created_at",
      softDelete: false,
    },
  );
  return new Map(books!.fields.map((f) => [f.column, f]));
}

describe("decimal defaults", () => {
  it("are written at the column's scale, so a create answers what a later read gets; the migration keeps the value as given", () => {
    const f = fields(
      "budget:decimal:8:2:default=0",
      "rate:decimal:6:3:default=-1.5",
      "whole:decimal:5:0:default=7",
    );
    expect(f.get("budget")!.defaultPy).toBe('Decimal("0.00")');
    expect(omittedValue(f.get("budget")!)).toBe('"0.00"');
    expect(f.get("budget")!.serverDefault).toBe('sa.text("0")');
    expect(f.get("rate")!.defaultPy).toBe('Decimal("-1.500")');
    expect(f.get("whole")!.defaultPy).toBe('Decimal("7")');
  });
});

/**
 * The indexes a resource's table gets: the list endpoint's (owner, order, id) index where rows are
 * owned or ordered by creation time, and one per indexed field.
 */
import { describe, expect, it } from "vitest";
import { planResources, type ResourceContext } from "../../src/plan/resources.js";
import { resolveResources } from "../../src/resources/parse.js";

const defs = () =>
  resolveResources([{ name: "books", fields: ["title:str:index", "pages:int"] }], { users: true });
const plan = (ctx: Partial<ResourceContext>) =>
  planResources(defs(), {
    idType: "int",
    owned: true,
    listOrder: "created_at",
    softDelete: false,
    ...ctx,
  })[0]!;

describe("table indexes", () => {
  it("serves an owner's newest-first list from one index, id last as the tie-breaker", () => {
    const books = plan({});
    expect(books.listIndex).toEqual({
      name: "ix_books_owner_id_created_at",
      columns: ["owner_id", "created_at", "id"],
    });
    expect(books.indexes.map((i) => i.name)).toEqual([
      "ix_books_owner_id_created_at",
      "ix_books_title",
    ]);
  });

  it("orders by id alone under keyset pagination, and needs no list index without an owner", () => {
    expect(plan({ listOrder: null }).listIndex?.columns).toEqual(["owner_id", "id"]);
    expect(plan({ owned: false, listOrder: "created_at" }).listIndex?.columns).toEqual([
      "created_at",
      "id",
    ]);
    const unowned = plan({ owned: false, listOrder: null });
    expect(unowned.listIndex).toBeNull();
    expect(unowned.indexes.map((i) => i.columns)).toEqual([["title"]]);
  });

  it("indexes deleted_at where rows are soft-deleted", () => {
    expect(plan({ softDelete: true }).indexes.map((i) => i.name)).toContain("ix_books_deleted_at");
  });
});

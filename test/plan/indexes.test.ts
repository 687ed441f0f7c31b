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

describe("check constraints", () => {
  it("name an enum once: the model's and the migration's sa.Enum agree, and the naming convention adds ck_<table>_", () => {
    const [books] = planResources(
      resolveResources([{ name: "books", fields: ["status:enum:draft,published"] }], {
        users: true,
      }),
      { idType: "int", owned: true, listOrder: "created_at", softDelete: false },
    );
    const status = books!.fields.find((f) => f.column === "status")!;
    const nameIn = (type: string | null) => /name="([^"]+)"/.exec(type ?? "")?.[1];
    // the convention "ck_%(table_name)s_%(constraint_name)s" makes it ck_books_status in both, the
    // name a later change drops; a prefixed name here became ck_books_ck_books_status
    expect(nameIn(status.saType)).toBe("status");
    expect(nameIn(status.migrationType)).toBe("status");
  });
});

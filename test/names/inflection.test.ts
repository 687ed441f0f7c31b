import { describe, expect, it } from "vitest";
import { pluralize, singularize } from "../../src/names.js";

// Resource names become class and module names: "movies" must give Movie, not Movy.
const PAIRS: Array<[string, string]> = [
  ["task", "tasks"],
  ["category", "categories"],
  ["box", "boxes"],
  ["address", "addresses"],
  ["status", "statuses"],
  ["bus", "buses"],
  ["campus", "campuses"],
  ["warehouse", "warehouses"],
  ["house", "houses"],
  ["purchase", "purchases"],
  ["database", "databases"],
  ["movie", "movies"],
  ["cookie", "cookies"],
  ["shelf", "shelves"],
  ["knife", "knives"],
  ["archive", "archives"],
  ["hero", "heroes"],
  ["photo", "photos"],
  ["quiz", "quizzes"],
  ["alias", "aliases"],
  ["analysis", "analyses"],
  ["criterion", "criteria"],
  ["person", "people"],
  ["sales_person", "sales_people"],
  ["todo_item", "todo_items"],
  ["book_shelf", "book_shelves"],
  ["order_address", "order_addresses"],
  ["task_category", "task_categories"],
  ["user_status", "user_statuses"],
];

describe("inflection", () => {
  it.each(PAIRS)("%s ⇄ %s", (one, many) => {
    expect(singularize(many)).toBe(one);
    expect(pluralize(one)).toBe(many);
    expect(pluralize(many)).toBe(many);
  });

  it.each(["news", "data", "series", "user_data"])("%s has no singular of its own", (word) => {
    expect(singularize(word)).toBe(word);
  });
});

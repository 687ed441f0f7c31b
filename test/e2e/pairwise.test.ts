import { describe, expect, it } from "vitest";
import {
  coveringArray,
  isValid,
  parameters,
  toFlags,
  uncoveredPairs,
  type Config,
} from "../../scripts/pairwise.js";

const { rows, pairs } = coveringArray();

describe("pairwise covering array of the e2e harness", () => {
  it("covers every feasible pair of option values", () => {
    expect(pairs).toBeGreaterThan(1000);
    expect(uncoveredPairs(rows)).toEqual([]);
  });

  it("only holds configurations the generator accepts", () => {
    for (const row of rows satisfies Config[]) expect(isValid(row), JSON.stringify(row)).toBe(true);
  });

  it("varies every enum and boolean option the user can choose", () => {
    const keys = parameters().map((p) => p.key);
    for (const key of [
      "orm",
      "database",
      "auth",
      "layout",
      "idType",
      "pagination",
      "errorFormat",
      "comments",
      "redis",
    ]) {
      expect(keys).toContain(key);
    }
  });

  it("is deterministic and small", () => {
    const again = coveringArray();
    expect(again.rows).toEqual(rows);
    expect(rows.length).toBeLessThanOrEqual(30);
  });

  it("turns a configuration into CLI flags", () => {
    expect(toFlags({ orm: "sqlmodel", rbac: false, cors: true })).toEqual([
      "--orm=sqlmodel",
      "--no-rbac",
      "--cors",
    ]);
  });
});

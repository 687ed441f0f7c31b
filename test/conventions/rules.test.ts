/** The rule table is data: check its rows, and that the engine is driven by them alone. */
import { describe, expect, it } from "vitest";
import { segmentSpec } from "../../src/conventions/context.js";
import { decideField, domainNoun, findMentions } from "../../src/conventions/engine.js";
import { isVocabularyValue, type RuledField } from "../../src/conventions/infer.js";
import { RULES, type Rule } from "../../src/conventions/rules.js";
import { CONVENTION_FIELDS, POOL_FIELDS } from "../../src/conventions/vocabulary.js";
import { specOf } from "./helpers.js";

describe("the rule table", () => {
  it("votes only for values of the vocabulary", () => {
    for (const rule of RULES) {
      if (rule.field === "structure" || "unsupported" in rule) continue;
      for (const value of [rule.value, rule.negatedValue]) {
        if (value === undefined) continue;
        expect(isVocabularyValue(rule.field, value), `${rule.field} ${String(value)}`).toBe(true);
      }
    }
  });

  it("gives every row a way to vote and a weight", () => {
    for (const rule of RULES) {
      const votes =
        "unsupported" in rule ||
        rule.value !== undefined ||
        rule.capture !== undefined ||
        rule.extract !== undefined;
      expect(votes, rule.pattern.source).toBe(true);
      expect(rule.weight > 0 || rule.field === "structure", rule.pattern.source).toBe(true);
      // stateful (global) patterns would make `.test` unreliable
      expect(rule.pattern.flags).not.toContain("g");
      expect(rule.unless?.flags ?? "").not.toContain("g");
    }
  });

  it("has rows for every field decided from text", () => {
    const ruled = new Set<string>(RULES.map((rule) => rule.field));
    // resources are read by src/resources/infer.ts, the pool settings by pool.ts, not voted on by rows
    const fromText = CONVENTION_FIELDS.filter(
      (field) => !["name", "agentMemory", "layers", "resources", ...POOL_FIELDS].includes(field),
    );
    for (const field of fromText) expect(ruled.has(field), field).toBe(true);
    for (const sub of ["layers.routers", "layers.services", "layers.dataAccess"] as const) {
      expect(ruled.has(sub), sub).toBe(true);
    }
  });
});

describe("the engine", () => {
  it("is driven by the rows it is given: a new convention is a new row", () => {
    const rows: Rule[] = [
      { field: "healthCheck", value: false, pattern: /\bno probes\b/i, weight: 2 },
    ];
    const segments = segmentSpec(specOf(["The service exposes no probes."]));
    const mentions = findMentions(segments, rows);
    expect(mentions.map((m) => [m.field, m.value, m.segment.line])).toEqual([
      ["healthCheck", false, 6],
    ]);
    expect(findMentions(segments, [])).toEqual([]);
  });

  it("sums the weights of a value's mentions and shows its strongest one", () => {
    const body = ["Use SQLite locally.", "SQLModel models.", "SQLAlchemy core.", "SQLModel again."];
    const mentions = findMentions(segmentSpec(specOf(body)));
    const { winner } = decideField("orm" satisfies RuledField, mentions);
    expect(winner).toMatchObject({ value: "sqlmodel", score: 4 });
    expect(winner?.evidence.segment.line).toBe(7);
  });

  it("normalises domain nouns and drops generic ones", () => {
    expect(domainNoun("Todo")).toBe("todos");
    expect(domainNoun("categories")).toBe("categories");
    expect(domainNoun("Category")).toBe("categories");
    expect(domainNoun("boxes")).toBe("boxes");
    expect(domainNoun("users")).toBeNull();
    expect(domainNoun("Item")).toBeNull();
  });
});

/**
 * The five reference specs (../shared/reference-specs, outside the repository) against
 * expected.json: every field it lists matches, every field it does not list is a default, and
 * every value read from the spec names the line that shows it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inferConventions } from "../../src/conventions/infer.js";
import { CONVENTION_FIELDS, type ConventionField } from "../../src/conventions/vocabulary.js";
import { readSpec } from "../../src/agent-file/read.js";
import { SHARED, SHARED_AVAILABLE, lineShows } from "./helpers.js";
import { withAdded } from "../helpers/expected-added.js";

const dir = join(SHARED, "reference-specs");

if (!SHARED_AVAILABLE) {
  console.warn(`Skipping the reference-spec inference tests: ${SHARED} is absent.`);
}

type Expected = Record<string, Partial<Record<ConventionField, unknown>>>;

function loadExpected(): Expected {
  const raw: unknown = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
  if (typeof raw !== "object" || raw === null) throw new Error("expected.json is not an object");
  const listed = Object.entries(raw as Expected).filter(([key]) => !key.startsWith("_"));
  return Object.fromEntries(listed.map(([file, fields]) => [file, withAdded(file, fields)]));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A list accepts any member — except paginationEnvelope, whose value is a list. */
function accepts(field: string, expected: unknown, actual: unknown): boolean {
  if (field === "paginationEnvelope") return same(expected, actual);
  if (field === "layers") {
    if (typeof expected !== "object" || expected === null || Array.isArray(expected)) return false;
    if (typeof actual !== "object" || actual === null) return false;
    const got = new Map(Object.entries(actual));
    return Object.entries(expected).every(([sub, want]) => accepts(sub, want, got.get(sub)));
  }
  if (Array.isArray(expected)) return expected.some((option) => same(option, actual));
  return same(expected, actual);
}

describe.skipIf(!SHARED_AVAILABLE)(
  SHARED_AVAILABLE ? "reference specs" : `reference specs (skipped: ${SHARED} is absent)`,
  () => {
    const expected = SHARED_AVAILABLE ? loadExpected() : {};
    const files = Object.keys(expected);

    it("has the five reference specs", () => {
      expect(files).toHaveLength(5);
    });

    describe.each(files)("%s", (file) => {
      const want = expected[file] ?? {};
      const spec = readSpec(join(dir, file));
      const { conventions } = inferConventions(spec);
      const fileLines = spec.repairedText.split("\n");

      it.each(Object.keys(want) as ConventionField[])("reads %s as expected", (field) => {
        const decided = conventions[field];
        expect(accepts(field, want[field], decided.value), JSON.stringify(decided)).toBe(true);
      });

      it.each(CONVENTION_FIELDS.filter((field) => !(field in want)))(
        "leaves %s (not stated) to its default",
        (field) => {
          const decided = conventions[field];
          expect(decided.source, JSON.stringify(decided)).toBe("default");
          expect(decided.line).toBeNull();
          expect(decided.evidence).toBeNull();
        },
      );

      it("names, for every value read from the spec, the line that shows it", () => {
        for (const field of CONVENTION_FIELDS) {
          const decided = conventions[field];
          if (decided.source !== "spec") continue;
          expect(decided.line, field).not.toBeNull();
          expect(decided.evidence, field).not.toBeNull();
          const text = fileLines[(decided.line ?? 0) - 1] ?? "";
          expect(lineShows(text, decided.evidence ?? ""), `${field}: line ${decided.line}`).toBe(
            true,
          );
        }
      });
    });
  },
);

/**
 * Must-show 1 and 2 of the generator-core issue, through the real CLI:
 * - explain --json on each reference spec matches expected.json on every listed field, and every
 *   field not listed reports source "default";
 * - every corpus file either explains (exit 0) or stops with exit 2 and one line, never a stack trace.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONVENTION_FIELDS } from "../../src/conventions/vocabulary.js";
import { cli, STACK_LINE } from "../helpers/cli.js";
import { withAdded } from "../helpers/expected-added.js";
import { AGENT_CORPUS, HAS_SHARED, REFERENCE_SPECS, warnIfNoShared } from "../helpers/paths.js";

warnIfNoShared();

interface Explained {
  name: string;
  conventions: Record<
    string,
    { value: unknown; source: string; line: number | null; evidence: string | null }
  >;
  warnings: string[];
}

/** A list in expected.json accepts any of its members, except where the value itself is a list. */
function accepts(expected: unknown, actual: unknown, field: string): boolean {
  if (field === "paginationEnvelope") return JSON.stringify(expected) === JSON.stringify(actual);
  if (Array.isArray(expected)) return expected.some((e) => accepts(e, actual, field));
  if (expected !== null && typeof expected === "object") {
    const actualObject = (actual ?? {}) as Record<string, unknown>;
    return Object.entries(expected).every(([k, v]) => accepts(v, actualObject[k], `${field}.${k}`));
  }
  return expected === actual;
}

describe.skipIf(!HAS_SHARED)("reference specs (../shared/reference-specs)", () => {
  const expected = HAS_SHARED
    ? (JSON.parse(readFileSync(path.join(REFERENCE_SPECS, "expected.json"), "utf8")) as Record<
        string,
        Record<string, unknown>
      >)
    : {};
  for (const [file, listed] of Object.entries(expected).filter(([k]) => !k.startsWith("_"))) {
    const fields = withAdded(file, listed);
    it(`${file}: explain --json matches expected.json`, () => {
      const { status, stdout, stderr } = cli([
        "explain",
        path.join(REFERENCE_SPECS, file),
        "--json",
      ]);
      expect(stderr).not.toMatch(STACK_LINE);
      expect(status).toBe(0);
      const json = JSON.parse(stdout) as Explained;
      const mismatches: string[] = [];
      for (const field of CONVENTION_FIELDS) {
        const got = json.conventions[field]!;
        if (field in fields) {
          if (!accepts(fields[field], got.value, field)) {
            mismatches.push(
              `${field}: expected ${JSON.stringify(fields[field])}, got ${JSON.stringify(got.value)} (${got.source} line ${got.line})`,
            );
          }
        } else if (got.source !== "default") {
          mismatches.push(
            `${field}: not stated by the spec, but reported ${got.source} line ${got.line}: ${got.evidence}`,
          );
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

describe.skipIf(!HAS_SHARED)("agent corpus (../shared/agent-corpus)", () => {
  const files = HAS_SHARED ? readdirSync(AGENT_CORPUS).filter((f) => f.endsWith(".md")) : [];
  it("has the files this test expects", () => {
    expect(files.length).toBeGreaterThanOrEqual(19);
  });
  for (const file of files) {
    it(`${file}: explains, or stops with one line`, () => {
      const { status, stdout, stderr } = cli(["explain", path.join(AGENT_CORPUS, file), "--json"]);
      expect(stderr).not.toMatch(STACK_LINE);
      if (status === 0) {
        const json = JSON.parse(stdout) as Explained;
        expect(json.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(Object.keys(json.conventions)).toEqual([...CONVENTION_FIELDS]);
      } else {
        expect(status).toBe(2);
        expect(stderr.trim().split("\n")).toHaveLength(1);
        expect(stderr).toContain(file);
      }
    });
  }
});

/**
 * Inference over the real agent files in ../shared/agent-corpus (outside the repository, listed in
 * its SOURCES.tsv): it never throws and always yields a complete, well-formed set of conventions.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inferConventions } from "../../src/conventions/infer.js";
import {
  AUTH_MODES,
  CONVENTION_FIELDS,
  DATA_ACCESS,
  DATABASES,
  LAYOUTS,
  ORMS,
  PAGINATIONS,
  defaultValue,
} from "../../src/conventions/vocabulary.js";
import { readSpec } from "../../src/agent-file/read.js";
import { SHARED, SHARED_AVAILABLE, lineShows } from "./helpers.js";

const dir = join(SHARED, "agent-corpus");

if (!SHARED_AVAILABLE) {
  console.warn(`Skipping the agent-corpus inference tests: ${SHARED} is absent.`);
}

describe.skipIf(!SHARED_AVAILABLE)(
  SHARED_AVAILABLE ? "agent corpus" : `agent corpus (skipped: ${SHARED} is absent)`,
  () => {
    const files = SHARED_AVAILABLE ? readdirSync(dir).filter((name) => name.endsWith(".md")) : [];

    it("has every file SOURCES.tsv lists, and no other", () => {
      const listed = readFileSync(join(dir, "SOURCES.tsv"), "utf8")
        .split("\n")
        .slice(1)
        .map((row) => row.split("\t")[0] ?? "")
        .filter((name) => name !== "");
      expect(listed.length).toBeGreaterThan(0);
      expect([...files].sort()).toEqual([...listed].sort());
    });

    it.each(files)("infers sane conventions for %s", (file) => {
      const spec = readSpec(join(dir, file));
      const { conventions, warnings } = inferConventions(spec);
      const fileLines = spec.repairedText.split("\n");

      expect(Object.keys(conventions)).toEqual([...CONVENTION_FIELDS]);
      for (const field of CONVENTION_FIELDS) {
        const decided = conventions[field];
        if (decided.source === "spec") {
          const text = fileLines[(decided.line ?? 0) - 1] ?? "";
          expect(lineShows(text, decided.evidence ?? ""), `${field}: line ${decided.line}`).toBe(
            true,
          );
        } else {
          expect(decided.source).toBe("default");
          expect([decided.line, decided.evidence]).toEqual([null, null]);
        }
      }
      const values = Object.fromEntries(CONVENTION_FIELDS.map((f) => [f, conventions[f].value]));
      expect(ORMS).toContain(values.orm);
      expect(DATABASES).toContain(values.database);
      expect(AUTH_MODES).toContain(values.auth);
      expect(LAYOUTS).toContain(values.layout);
      expect(PAGINATIONS).toContain(values.pagination);
      expect(DATA_ACCESS).toContain(conventions.layers.value.dataAccess);
      expect(conventions.apiPrefix.value).toMatch(/^(?:\/[\w-]+)*$/);
      expect(conventions.sampleResource.value).toMatch(/^[a-z][a-z0-9_-]*$/);
      expect(conventions.paginationEnvelope.value.length).toBeGreaterThan(0);
      expect(conventions.name.value).toBe(spec.name || defaultValue("name", {}));
      for (const warning of warnings) {
        expect(warning.message.length).toBeGreaterThan(0);
        expect(warning.line === null || warning.line >= 1).toBe(true);
      }
    });
  },
);

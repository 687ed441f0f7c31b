/**
 * Real agent files kept outside the repository (`../shared` beside the repo root). A clone without
 * that folder skips these tests and says so.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readSpec } from "../../src/agent-file/read.js";
import { SpecError } from "../../src/agent-file/types.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const shared = resolve(repoRoot, "..", "shared");
const corpus = join(shared, "agent-corpus");
const references = join(shared, "reference-specs");
const available = existsSync(corpus) && existsSync(references);

if (!available) {
  console.warn(`Skipping the shared agent corpus tests: ${shared} is absent.`);
}

function filesIn(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .map((name) => join(dir, name));
}

describe.skipIf(!available)(
  available ? "shared agent corpus" : `shared agent corpus (skipped: ${shared} is absent)`,
  () => {
    const files = available ? [...filesIn(corpus, ".md"), ...filesIn(references, ".txt")] : [];

    it("has files to read", () => {
      expect(files.length).toBeGreaterThanOrEqual(24);
    });

    it.each(files)("reads %s or refuses it with a SpecError", (file) => {
      let spec;
      try {
        spec = readSpec(file);
      } catch (error) {
        expect(error).toBeInstanceOf(SpecError);
        return;
      }
      expect(spec.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(spec.description.trim()).not.toBe("");
      expect(spec.lines.length).toBeGreaterThan(0);
      for (const warning of spec.warnings) expect(warning.message).not.toContain("\n");
    });

    it("repairs the mojibake in reference spec 000", () => {
      const [file] = filesIn(references, ".txt").filter((path) => path.includes("000_"));
      expect(file).toBeDefined();
      const spec = readSpec(file ?? "");
      expect(spec.body).toContain("—");
      expect(spec.body).toContain("🔴");
      expect(spec.body).not.toContain("â€");
      expect(spec.memory).toBe("project");
    });
  },
);

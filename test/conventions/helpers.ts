import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inferConventions, type InferenceResult } from "../../src/conventions/infer.js";
import { parseSpecText } from "../../src/agent-file/read.js";
import type { AgentSpec } from "../../src/agent-file/types.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The shared test inputs beside the repository (absent in a user's clone). */
export const SHARED = resolve(repoRoot, "..", "shared");
export const SHARED_AVAILABLE =
  existsSync(resolve(SHARED, "reference-specs")) && existsSync(resolve(SHARED, "agent-corpus"));

const FRONTMATTER = ["name: sample-agent", "description: Builds FastAPI services."];

/** The text of a spec file: frontmatter lines, then the body lines. */
export function specText(body: readonly string[], frontmatter = FRONTMATTER): string {
  return ["---", ...frontmatter, "---", "", ...body, ""].join("\n");
}

export function specOf(body: readonly string[], frontmatter = FRONTMATTER): AgentSpec {
  return parseSpecText(specText(body, frontmatter), "agents/sample-agent.md");
}

/** Infer from a spec made of these body lines (and frontmatter). */
export function infer(body: readonly string[], frontmatter = FRONTMATTER): InferenceResult {
  return inferConventions(specOf(body, frontmatter));
}

/** The 1-based file line of the first body line containing `needle` (frontmatter is 4 lines + 1 blank). */
export function bodyLine(body: readonly string[], needle: string): number {
  const index = body.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no body line contains ${needle}`);
  return FRONTMATTER.length + 3 + index + 1;
}

/**
 * Whether `evidence` is what the file shows on that line: the trimmed line itself, or (for a
 * description written on one line with `\n` and `\"` escapes) one of its logical lines, which
 * the first of them shares with `description:`.
 */
export function lineShows(fileLine: string, evidence: string): boolean {
  if (fileLine.trim() === evidence) return true;
  if (evidence === "") return false;
  const unescaped = fileLine.replace(/\\\\n|\\n/g, "\n").replace(/\\"/g, '"');
  // the first logical line follows `description:` (and maybe a quote), the last may end with one
  const logical = (part: string): string =>
    part
      .trim()
      .replace(/^[\w-]+:\s*["']?/, "")
      .replace(/["']$/, "");
  return unescaped.split("\n").some((part) => [part.trim(), logical(part)].includes(evidence));
}

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const EXAMPLES = path.join(REPO, "examples");
export const BIN = path.join(REPO, "bin", "fastapi-agent.js");
export const GENERATOR = path.join(REPO, "dist", "yeoman", "app.js");
export const SHARED = path.resolve(REPO, "..", "shared");
export const REFERENCE_SPECS = path.join(SHARED, "reference-specs");
export const AGENT_CORPUS = path.join(SHARED, "agent-corpus");
export const HAS_SHARED = existsSync(REFERENCE_SPECS) && existsSync(AGENT_CORPUS);

/** Printed once where `../shared` is missing (a user's clone), so skipped tests are visible. */
export function warnIfNoShared(): void {
  if (!HAS_SHARED) {
    console.warn(`SKIPPED: ${SHARED} is absent; reference-spec and corpus tests did not run`);
  }
}

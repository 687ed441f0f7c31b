import { fileURLToPath } from "node:url";
import { parseSpecText } from "../../src/agent-file/read.js";
import type { AgentSpec, SpecWarning } from "../../src/agent-file/types.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/specs/", import.meta.url));

/** Parse an inline spec as if it were the file `agents/<fileName>`. */
export function parse(text: string | Buffer, fileName = "test-agent.md"): AgentSpec {
  return parseSpecText(text, `agents/${fileName}`);
}

/** The warning on `line` whose message matches `pattern`, if any. */
export function warningAt(
  spec: AgentSpec,
  line: number | null,
  pattern: RegExp,
): SpecWarning | undefined {
  return spec.warnings.find((warning) => warning.line === line && pattern.test(warning.message));
}

/** A minimal valid spec with the given extra frontmatter lines and body. */
export function specText(frontmatter: string[], body = "You build FastAPI services."): string {
  return ["---", ...frontmatter, "---", "", body, ""].join("\n");
}

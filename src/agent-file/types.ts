/**
 * What the spec reader hands to inference: the repaired text, split into frontmatter and body,
 * with line numbers that refer to the file as the user sees it (1-based).
 */

/** A non-fatal oddity in the spec, always tied to a line of the file when one can be named. */
export interface SpecWarning {
  line: number | null;
  message: string;
}

/** One line of the repaired file. `number` is the 1-based line number in the original file. */
export interface SpecLine {
  number: number;
  text: string;
}

/**
 * Where a stretch of text came from, so inference can weigh it:
 * - `body`: the Markdown body after the frontmatter
 * - `description`: the frontmatter `description` value (after `\n` escapes are expanded)
 * - `frontmatter`: any other frontmatter line
 */
export type SpecRegion = "body" | "description" | "frontmatter";

/** A logical line of text for inference, with the file line it came from. */
export interface SourceLine {
  /** 1-based line number in the original file (escaped `\n` lines inside a description all map to the description's line). */
  line: number;
  text: string;
  region: SpecRegion;
}

export interface AgentSpec {
  /** Absolute or user-given path of the file read. */
  path: string;
  /** Agent name normalised to lowercase-hyphen (from frontmatter, else the file name). */
  name: string;
  /** The name exactly as written (frontmatter or file name), before normalisation. */
  rawName: string;
  description: string;
  /** Frontmatter fields recovered (strictly parsed, or recovered line by line). Unknown keys are kept. */
  frontmatter: Record<string, unknown>;
  /** `tools` normalised to a list whether it was a comma string or a YAML list. */
  tools: string[];
  model: string | null;
  /** The frontmatter `memory` value (`project`, `user`, `local`), when present. */
  memory: string | null;
  /** Markdown body (repaired), without frontmatter. */
  body: string;
  /** Line number (1-based, original file) of the first body line. */
  bodyStartLine: number;
  /** Every line to consider for inference: description lines first, then body lines. */
  lines: SourceLine[];
  /** The whole repaired file text (BOM removed, LF endings, mojibake fixed). */
  repairedText: string;
  warnings: SpecWarning[];
}

/** A spec that cannot be read at all. `message` is one line naming the file and the problem. */
export class SpecError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "SpecError";
  }
}

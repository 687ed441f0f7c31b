/**
 * The pipeline's first half, shared by `explain`, `new` and the Yeoman generator:
 * spec file → repaired spec → conventions (each with the line that decided it).
 */
import { inferConventions } from "./conventions/infer.js";
import type { Conventions } from "./conventions/vocabulary.js";
import { readSpec } from "./agent-file/read.js";
import type { AgentSpec, SpecWarning } from "./agent-file/types.js";
import { printable } from "./text.js";

export interface Inferred {
  spec: AgentSpec;
  conventions: Conventions;
  /** The reader's warnings, then inference's. */
  warnings: SpecWarning[];
}

export function inferFromFile(specPath: string): Inferred {
  const spec = readSpec(specPath);
  const { conventions, warnings } = inferConventions(spec);
  return { spec, conventions, warnings: [...spec.warnings, ...warnings] };
}

/** One printable line: warnings quote the spec, which may hold line breaks and control characters. */
export function formatWarning(file: string, warning: SpecWarning): string {
  return printable(
    warning.line === null
      ? `${file}: ${warning.message}`
      : `${file}:${warning.line}: ${warning.message}`,
  );
}

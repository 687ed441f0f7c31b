/**
 * Conventions a spec can state that the generated project does not follow. Each is one warning,
 * on the first line that states it (outside examples and questions), saying what the project
 * does instead, so that nothing the spec asks for is dropped silently.
 */
import type { SpecWarning } from "../agent-file/types.js";
import type { Segment } from "./context.js";
import type { ConventionValues } from "./vocabulary.js";

interface NotOffered {
  /** Matches a line that states the convention; the first group, if any, names it. */
  pattern: RegExp;
  /** Only where it applies to the project being generated. */
  applies?: (c: ConventionValues) => boolean;
  message: (named: string, c: ConventionValues) => string;
}

const ownUsers = (c: ConventionValues) => c.auth === "jwt";

export const NOT_OFFERED: readonly NotOffered[] = [
  {
    pattern: /\b(error_code|errorCode)\b/,
    message: (named, c) =>
      `an error body with its own field names (${named}) is not offered; errors use ${
        c.errorFormat === "envelope"
          ? 'the envelope {"error": {"code", "message", "details"}}'
          : 'FastAPI\'s {"detail": ...}'
      }`,
  },
  {
    pattern:
      /\bpasswords?\b[^.;]*?\b(upper-?case|lower-?case|digits?|special characters?|symbols?|complexity|strength)\b/i,
    applies: ownUsers,
    message: (named) =>
      `password rules beyond length (${named.toLowerCase()}) are not offered; passwords are checked for length only (at least 8 characters)`,
  },
  {
    pattern: /\b(get_current_active_(?:super)?user)\b/,
    applies: ownUsers,
    message: (named) =>
      `the dependency name ${named} is not offered; the project's CurrentUser (get_current_user) refuses inactive users itself${
        named.includes("super") ? ", and SuperUser (require_superuser) guards admin endpoints" : ""
      }`,
  },
  {
    pattern: /\b(structlog|loguru)\b/,
    message: (named) =>
      `${named} is not offered; logging uses the standard library, JSON lines in production with a request id on every line`,
  },
];

/** One warning per convention the spec states and the project does not follow. */
export function notOfferedWarnings(
  segments: readonly Segment[],
  c: ConventionValues,
  table: readonly NotOffered[] = NOT_OFFERED,
): SpecWarning[] {
  const warnings: SpecWarning[] = [];
  for (const entry of table) {
    if (entry.applies && !entry.applies(c)) continue;
    for (const segment of segments) {
      if (segment.example !== null || segment.question || segment.hedge) continue;
      const match = entry.pattern.exec(segment.text);
      if (match === null) continue;
      warnings.push({ line: segment.line, message: entry.message(match[1] ?? match[0], c) });
      break;
    }
  }
  return warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

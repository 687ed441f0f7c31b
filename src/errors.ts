/**
 * Failures the user can fix: shown as one line each (no stack trace), exit code 2 unless told.
 */
import { AnswersError } from "./options/resolve.js";
import { RenderError } from "./render/errors.js";
import { SpecError } from "./agent-file/types.js";
import { printable } from "./text.js";

export class UserError extends Error {
  /** Each one printable line: a line break or control character inside is shown escaped. */
  readonly lines: string[];
  /** The bin's exit code: 2, or e.g. 130 for an install stopped by Ctrl-C. */
  readonly exitCode: number;
  constructor(message: string | string[], options: { exitCode?: number } = {}) {
    const lines = (Array.isArray(message) ? message : [message]).map(printable);
    super(lines.join("\n"));
    this.name = "UserError";
    this.lines = lines;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** The user pressed Ctrl-C at a question (Inquirer's ExitPromptError): nothing was written. */
export function isCancelled(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "ExitPromptError" || error.name === "AbortPromptError")
  );
}

/** What the bin and the generator print when the user cancels: one line, exit code 130. */
export const CANCELLED = "fastapi-agent: cancelled";
export const CANCELLED_EXIT = 130;

/** Known failures become UserErrors; anything else is a bug and passes through unchanged. */
export function toUserError(error: unknown): unknown {
  if (error instanceof UserError) return error;
  if (error instanceof AnswersError) return new UserError(error.problems);
  if (error instanceof SpecError || error instanceof RenderError)
    return new UserError(error.message);
  return error;
}

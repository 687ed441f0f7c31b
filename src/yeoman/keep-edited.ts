/**
 * Non-interactive runs of the bin: when a file the user changed would be overwritten, Yeoman's
 * conflicter asks "Overwrite <file>?". Nobody can answer, so the user's file is kept and reported.
 * `--force` skips the question altogether (and overwrites).
 */
import { TerminalAdapter } from "@yeoman/adapter";

interface Question {
  name?: string;
  message?: unknown;
}

export class KeepEditedFilesAdapter extends TerminalAdapter {
  readonly kept: string[] = [];

  override async prompt<A extends Record<string, unknown>>(
    questions: unknown,
    initialAnswers?: Partial<A>,
  ): Promise<A> {
    const list = (Array.isArray(questions) ? questions : [questions]) as Question[];
    const overwrite =
      list.length === 1 && list[0]?.name === "action"
        ? /^Overwrite (.+)\?$/.exec(String(list[0].message))
        : null;
    if (overwrite) {
      this.kept.push(overwrite[1]!);
      this.log.info(`kept ${overwrite[1]} (changed since it was generated; --force overwrites it)`);
      return { action: "skip" } as unknown as A;
    }
    return super.prompt(questions as never, initialAnswers as never) as Promise<A>;
  }
}

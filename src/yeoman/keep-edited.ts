/**
 * Runs without a terminal (`fastapi-agent new` or `yo fastapi-agent` with stdin not a TTY): when a
 * file the user changed would be overwritten, Yeoman's conflicter asks "Overwrite <file>?". Nobody
 * can answer, so the user's file is kept and reported. `--force` skips the question (and overwrites).
 */

interface Question {
  name?: string;
  message?: unknown;
}

type Prompt = (questions: unknown, initialAnswers?: unknown) => Promise<unknown>;

/**
 * Answer the conflicter's question with "skip" on the terminal adapter behind `adapter` (the
 * environment's QueuedAdapter hands its inner adapter to the conflicter); other questions pass.
 */
export function keepEditedFiles(adapter: unknown, report: (file: string) => void): void {
  const target = ((adapter as { actualAdapter?: unknown }).actualAdapter ?? adapter) as {
    prompt: Prompt;
  };
  const prompt = target.prompt.bind(target);
  target.prompt = async (questions, initialAnswers) => {
    const list = (Array.isArray(questions) ? questions : [questions]) as Question[];
    const overwrite =
      list.length === 1 && list[0]?.name === "action"
        ? /^Overwrite (.+)\?$/.exec(String(list[0].message))
        : null;
    if (!overwrite) return prompt(questions, initialAnswers);
    report(overwrite[1]!);
    return { action: "skip" };
  };
}

/**
 * Interactive questions, derived from the option definitions. Each question is pre-filled with the
 * inferred value and says why; questions already answered (flags, answers file, stored answers) or
 * meaningless given earlier answers are not asked.
 */
import type { Answers } from "./answers.js";
import { OPTIONS, type OptionDef } from "./definitions.js";
import { definitionText } from "../resources/parse.js";
import {
  answeredKeys,
  crossCheck,
  parseOptionValue,
  resolveLeniently,
  type ResolveInput,
} from "./resolve.js";

export interface Question {
  type: "input" | "confirm" | "select" | "checkbox";
  name: keyof Answers;
  message: (answers: Partial<Answers>) => string;
  default?: (answers: Partial<Answers>) => unknown;
  choices?: (
    answers: Partial<Answers>,
  ) => Array<{ name: string; value: string; checked?: boolean }>;
  when: (answers: Partial<Answers>) => boolean;
  validate?: (value: unknown, answers?: Partial<Answers>) => true | string;
}

const QUESTION_TYPE = {
  boolean: "confirm",
  enum: "select",
  string: "input",
  list: "checkbox",
  resources: "input",
} as const;

/**
 * `@inquirer/checkbox` hands `validate` the selected choice objects (`{ name, value, checked }`),
 * not their values; every other prompt hands the value itself.
 */
export function choiceValues(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) =>
    item !== null && typeof item === "object" && "value" in item
      ? (item as { value: unknown }).value
      : item,
  );
}

export function buildQuestions(input: ResolveInput): Question[] {
  const answered = answeredKeys(input);
  const preview = (soFar: Partial<Answers>) =>
    resolveLeniently({ ...input, prompted: { ...input.prompted, ...soFar } });
  return (OPTIONS as readonly OptionDef[])
    .filter((opt) => !opt.notPrompted && !answered.has(opt.key))
    .map((opt): Question => {
      const key = opt.key;
      const question: Question = {
        type: QUESTION_TYPE[opt.kind],
        name: key,
        message: (soFar) => {
          const reason = preview(soFar).reasons[key];
          return reason ? `${opt.question} (${reason})` : opt.question;
        },
        when: (soFar) => preview(soFar).origin[key] !== "off",
        validate: (value, soFar = {}) => {
          const parsed = parseOptionValue(opt, choiceValues(value));
          if ("problem" in parsed) return parsed.problem;
          return crossCheck(opt, parsed.value, { ...preview(soFar).answers, ...soFar }) ?? true;
        },
      };
      if (opt.kind === "enum") {
        question.choices = () => opt.choices.map((c) => ({ name: c, value: c }));
        question.default = (soFar) => preview(soFar).answers[key];
      } else if (opt.kind === "list") {
        question.choices = (soFar) => {
          const current = preview(soFar).answers[key] as string[];
          return opt.items.map((i) => ({ name: i, value: i, checked: current.includes(i) }));
        };
      } else if (opt.kind === "resources") {
        // One line: the definitions, separated by `;`.
        question.default = (soFar) =>
          (preview(soFar).answers.resources ?? []).map(definitionText).join("; ");
      } else {
        question.default = (soFar) => preview(soFar).answers[key];
      }
      return question;
    });
}

/** The keys that would be asked: used to fail fast when nobody can answer. */
export function missingAnswers(input: ResolveInput): Array<keyof Answers> {
  const preview = resolveLeniently(input);
  return buildQuestions(input)
    .map((q) => q.name)
    .filter((k) => preview.origin[k] !== "off");
}

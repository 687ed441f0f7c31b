/**
 * Interactive questions, derived from the option definitions. Each question is pre-filled with the
 * inferred value and says why; questions already answered (flags, answers file, stored answers) or
 * meaningless given earlier answers are not asked.
 */
import type { Answers } from "./answers.js";
import { findOption, OPTIONS, type OptionDef, type ResourcesOption } from "./definitions.js";
import { UserError } from "../errors.js";
import { RESOURCE_PATTERN, resourceNameProblem, singularize } from "../names.js";
import {
  definitionText,
  parseResourceAnswer,
  sampleResource,
  validateResources,
  type ResourceAnswer,
  type ResourceContext,
} from "../resources/parse.js";
import {
  answeredKeys,
  crossCheck,
  parseOptionValue,
  resolveLeniently,
  type Resolved,
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
        when: (soFar) => asked(opt, input, preview(soFar)),
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
        // The opening question of the loop (askResources): its answer is what to do with them.
        const opening = (soFar: Partial<Answers>) => resourceOpening(opt, preview(soFar));
        question.type = "select";
        question.message = (soFar) => opening(soFar).message;
        question.choices = (soFar) => opening(soFar).choices;
        question.default = () => "keep";
        delete question.validate;
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
    .filter((k) => asked(findOption(k)!, input, preview));
}

/** Whether the option's question is put, given the answers so far (`preview`). */
function asked(opt: OptionDef, input: ResolveInput, preview: Resolved): boolean {
  if (preview.origin[opt.key] === "off") return false;
  return (
    opt.asked?.({
      conventions: input.conventions,
      answers: preview.answers,
      origin: preview.origin,
    }) ?? true
  );
}

/** What the opening question of the resource loop offers. */
type ResourceChoice = "keep" | "add" | "replace";

/** The resources option (with its loop texts). */
export function resourcesOption(): ResourcesOption<"resources"> {
  return findOption("resources") as ResourcesOption<"resources">;
}

/**
 * The opening question: the current resources, one definition each, and why they are the default;
 * then keep them, add beside them, or replace them (the sample resource: keep it or replace it).
 */
function resourceOpening(
  opt: ResourcesOption<keyof Answers>,
  preview: ReturnType<typeof resolveLeniently>,
): { message: string; choices: Array<{ name: string; value: ResourceChoice }> } {
  const current = preview.answers.resources ?? [];
  const reason = preview.reasons.resources;
  const shown = current.map(definitionText).join("; ");
  const message = `${opt.question}: ${shown}${reason ? ` (${reason})` : ""}`;
  const sample = sampleOnly(current);
  const choices: Array<{ name: string; value: ResourceChoice }> =
    sample === null
      ? [
          { name: opt.loop.keep, value: "keep" },
          { name: opt.loop.add, value: "add" },
          { name: opt.loop.replace, value: "replace" },
        ]
      : [
          { name: opt.loop.keepSample(sample), value: "keep" },
          { name: opt.loop.replaceSample(sample), value: "replace" },
        ];
  return { message, choices };
}

/** The sample resource's name when `resources` is exactly the sample resource, else null. */
function sampleOnly(resources: readonly ResourceAnswer[]): string | null {
  if (resources.length !== 1) return null;
  const only = resources[0]!;
  return definitionText(only) === definitionText(sampleResource(only.name)) ? only.name : null;
}

/** The one-line problem of a check that throws a UserError, or true. */
export function problemOf(check: () => void): true | string {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
}

/** The fields typed at a prompt: space-separated definitions. */
export function fieldsOf(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === "" ? [] : trimmed.split(/\s+/);
}

/** Why a typed resource name cannot be used beside `given`, or true. */
export function resourceNameCheck(
  value: string,
  given: readonly ResourceAnswer[] = [],
): true | string {
  const plural = value.trim();
  if (!RESOURCE_PATTERN.test(plural)) {
    return "a plural noun in lowercase, e.g. books (letters, digits, _; 2 to 31 characters)";
  }
  const problem = resourceNameProblem(plural);
  if (problem !== null) return problem;
  const clash = given.find((r) => singularize(r.name) === singularize(plural));
  if (clash !== undefined) {
    return clash.name === plural ? `${plural} is already given` : `same singular as ${clash.name}`;
  }
  return true;
}

/**
 * Why the fields typed for `plural` do not work beside `given`, or true. References to resources
 * not given yet are accepted (they may come next); everything else is checked now, a reference
 * cycle included, so that only a missing resource can be left at the end.
 */
export function resourceFieldsCheck(
  plural: string,
  text: string,
  given: readonly ResourceAnswer[],
  ctx: ResourceContext,
): true | string {
  return problemOf(() => {
    const def = parseResourceAnswer({ name: plural, fields: fieldsOf(text) });
    const all = [...given.map(parseResourceAnswer), def];
    const known = new Set(all.map((d) => d.plural));
    const present = all.map((d) => ({
      ...d,
      fields: d.fields.filter(
        (f) => f.type !== "ref" || f.target === "users" || known.has(f.target!),
      ),
    }));
    validateResources(present, ctx);
  });
}

/** The first reference to a resource not given: `{ where: "books.author", target: "authors" }`. */
function missingReference(
  given: readonly ResourceAnswer[],
): { where: string; target: string } | null {
  const known = new Set(given.map((r) => r.name));
  for (const def of given.map(parseResourceAnswer)) {
    for (const f of def.fields) {
      if (f.type === "ref" && f.target !== "users" && !known.has(f.target!)) {
        return { where: `${def.plural}.${f.name}`, target: f.target! };
      }
    }
  }
  return null;
}

/** Asks questions (Yeoman's `prompt`, one call per question here) and returns the answers. */
export type Ask = (questions: unknown[]) => Promise<Record<string, unknown>>;

/**
 * The interactive resource loop, after the opening question (`buildQuestions`' resources question)
 * was answered with `choice`: a name and fields per resource, then "Add another resource?". A
 * reference to a resource never given asks for it by name at the end. Returns the resources, or
 * undefined when the current ones are kept.
 */
export async function askResources(
  ask: Ask,
  input: ResolveInput,
  soFar: Partial<Answers>,
  choice: unknown,
): Promise<ResourceAnswer[] | undefined> {
  if (choice !== "add" && choice !== "replace") return undefined;
  const opt = resourcesOption();
  const preview = resolveLeniently({ ...input, prompted: { ...input.prompted, ...soFar } });
  const ctx: ResourceContext = { users: preview.answers.auth === "jwt" };
  const given: ResourceAnswer[] = choice === "add" ? [...(preview.answers.resources ?? [])] : [];
  let missing: { where: string; target: string } | null = null;
  const another = async () =>
    (
      (await ask([
        { type: "confirm", name: "another", message: opt.loop.another, default: false },
      ])) as { another: boolean }
    ).another;
  for (;;) {
    const { plural } = (await ask([
      {
        type: "input",
        name: "plural",
        message: missing ? opt.loop.missing(missing.where, missing.target) : opt.loop.name,
        ...(missing ? { default: missing.target } : {}),
        validate: (value: string) => resourceNameCheck(value, given),
      },
    ])) as { plural: string };
    const name = plural.trim();
    const { fields } = (await ask([
      {
        type: "input",
        name: "fields",
        message: opt.loop.fields(name),
        validate: (value: string) => resourceFieldsCheck(name, value, given, ctx),
      },
    ])) as { fields: string };
    given.push({ name, fields: fieldsOf(fields) });
    missing = missingReference(given);
    // While a reference is missing, its resource is asked next (the loop cannot end without it).
    if (missing !== null && (await another())) missing = null;
    else if (missing === null && !(await another())) return given;
  }
}

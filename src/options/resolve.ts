/**
 * From explicit answers (flags, answers file), stored answers (`.yo-rc.json`), prompted answers and
 * the inferred conventions to one complete, validated `Answers` — or a list of problems.
 */
import type { Conventions } from "../conventions/vocabulary.js";
import type { AnswerValue, Answers } from "./answers.js";
import { ENVELOPE_FIELDS, OPTIONS, type OptionDef } from "./definitions.js";
import { UserError } from "../errors.js";
import { parseResourceAnswer, validateResources, type ResourceAnswer } from "../resources/parse.js";
import { changesProblem, migrationProblem } from "../resources/migration.js";
import {
  packageNameProblem,
  projectNameProblem,
  resourceNameProblem,
  routersDirProblem,
} from "../names.js";

/** Problems with answers: each is one line, shown as is. */
export class AnswersError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "AnswersError";
  }
}

export interface ResolveInput {
  conventions: Conventions;
  /** Flags and the answers file: these win, and clash with each other loudly. */
  explicit?: Partial<Answers>;
  /** Answers given interactively. */
  prompted?: Partial<Answers>;
  /** Answers stored by an earlier run. */
  stored?: Partial<Answers>;
}

export interface Resolved {
  answers: Answers;
  /** Where each answer came from. */
  origin: Record<keyof Answers, "explicit" | "prompted" | "stored" | "default" | "off">;
  /** The reason shown for each default (`from line 12: …`). */
  reasons: Partial<Record<keyof Answers, string>>;
}

const FLAG_PREFIX = "--";

/** How an explicit answer is named in messages: its flag. */
export function flagOf(opt: OptionDef): string {
  return `${FLAG_PREFIX}${opt.flag}`;
}

/** Parse a raw value (from a flag or a prompt) for an option. Returns the value or a problem. */
export function parseOptionValue(
  opt: OptionDef,
  raw: unknown,
): { value: AnswerValue } | { problem: string } {
  const name = flagOf(opt);
  switch (opt.kind) {
    case "boolean": {
      if (typeof raw === "boolean") return { value: raw };
      const text = String(raw).trim().toLowerCase();
      if (["true", "yes", "y", "1", "on"].includes(text)) return { value: true };
      if (["false", "no", "n", "0", "off"].includes(text)) return { value: false };
      return { problem: `${name} takes true or false, not "${String(raw)}"` };
    }
    case "enum": {
      const text = String(raw).trim();
      if (opt.choices.includes(text)) return { value: text as AnswerValue };
      return { problem: `${name} must be one of ${opt.choices.join(", ")}, not "${text}"` };
    }
    case "string": {
      if (typeof raw !== "string") return { problem: `${name} takes a text value` };
      const text = raw.trim();
      if (!opt.pattern.test(text)) {
        return { problem: `${name} "${text}" is not valid: ${opt.patternHint}` };
      }
      return { value: text };
    }
    case "list": {
      const items = Array.isArray(raw)
        ? raw.map((x) => String(x).trim())
        : String(raw)
            .split(",")
            .map((x) => x.trim());
      const list = items.filter((x) => x !== "");
      const unknown = list.filter((x) => !opt.items.includes(x));
      if (unknown.length > 0) {
        return {
          problem: `${name}: unknown field ${unknown.map((u) => `"${u}"`).join(", ")} (allowed: ${opt.items.join(", ")})`,
        };
      }
      return { value: [...new Set(list)] };
    }
    case "resources": {
      const answers = resourceAnswers(raw);
      if (answers === null) {
        return {
          problem: `${name} takes definitions ("<plural> name:type …") or { "name", "fields" } objects`,
        };
      }
      const revisions = new Set<string>();
      for (const answer of answers) {
        if (answer.migration !== undefined) {
          const problem = migrationProblem(answer.migration);
          if (problem !== null) return { problem: `${name}: ${answer.name}: ${problem}` };
          answer.migration = { ...answer.migration };
        }
        if (answer.changes !== undefined) {
          const problem = changesProblem(answer.changes);
          if (problem !== null) return { problem: `${name}: ${answer.name}: ${problem}` };
          answer.changes = answer.changes.map((c) => ({ ...c, before: [...c.before] }));
        }
        for (const { revision } of [
          ...(answer.migration ? [answer.migration] : []),
          ...(answer.changes ?? []),
        ]) {
          if (revisions.has(revision)) {
            return { problem: `${name}: ${answer.name}: revision ${revision} is used twice` };
          }
          revisions.add(revision);
        }
      }
      try {
        for (const answer of answers) {
          parseResourceAnswer(answer);
          for (const change of answer.changes ?? []) {
            parseResourceAnswer({ name: answer.name, fields: change.before });
          }
        }
      } catch (error) {
        if (error instanceof UserError) return { problem: `${name}: ${error.message}` };
        throw error;
      }
      return { value: answers };
    }
  }
}

/** One definition per string (several in one string separated by `;`), or `{ name, fields }`. */
function resourceAnswers(raw: unknown): ResourceAnswer[] | null {
  const items = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const answers: ResourceAnswer[] = [];
  for (const item of items) {
    if (typeof item === "string") {
      for (const text of item.split(";")) {
        const [name = "", ...fields] = text.trim().split(/\s+/);
        if (name !== "") answers.push({ name, fields });
      }
    } else if (
      item !== null &&
      typeof item === "object" &&
      typeof (item as ResourceAnswer).name === "string" &&
      Array.isArray((item as ResourceAnswer).fields) &&
      (item as ResourceAnswer).fields.every((f) => typeof f === "string")
    ) {
      const { name, fields, migration, changes } = item as ResourceAnswer;
      answers.push({
        name: name.trim(),
        fields: fields.map((f) => f.trim()),
        ...(migration !== undefined ? { migration } : {}),
        ...(changes !== undefined ? { changes } : {}),
      });
    } else {
      return null;
    }
  }
  return answers.length > 0 ? answers : null;
}

/** Answers that become paths or Python names, and why a value cannot (null when it can). */
const NAME_CHECKS: Partial<Record<keyof Answers, (value: string) => string | null>> = {
  projectName: projectNameProblem,
  routersDir: routersDirProblem,
  packageName: packageNameProblem,
  sampleResource: resourceNameProblem,
};

/** Checks that involve more than one answer, or more than a pattern. */
export function crossCheck(
  opt: OptionDef,
  value: AnswerValue,
  answers: Partial<Answers>,
): string | null {
  const name = flagOf(opt);
  const nameCheck = NAME_CHECKS[opt.key];
  if (nameCheck && typeof value === "string") {
    const problem = nameCheck(value);
    return problem ? `${name}: ${problem}` : null;
  }
  if (opt.key === "resources" && Array.isArray(value)) {
    try {
      validateResources((value as ResourceAnswer[]).map(parseResourceAnswer), {
        users: answers.auth === "jwt",
      });
    } catch (error) {
      if (error instanceof UserError) return `${name}: ${error.message}`;
      throw error;
    }
    return null;
  }
  if (opt.key === "paginationEnvelope" && Array.isArray(value) && answers.pagination) {
    const allowed = ENVELOPE_FIELDS[answers.pagination];
    value = value as string[];
    const misfits = value.filter((f) => !allowed.includes(f));
    if (!value.includes("items")) return `${name} must include "items"`;
    if (misfits.length > 0) {
      return `${name} ${misfits.join(", ")} clashes with --pagination ${answers.pagination} (allowed: ${allowed.join(", ")})`;
    }
    if (answers.pagination === "cursor" && !value.includes("next_cursor")) {
      return `${name} must include "next_cursor" with --pagination cursor`;
    }
  }
  return null;
}

/**
 * Resolve every option in definition order (so later defaults can depend on earlier answers).
 * Throws AnswersError listing every problem at once.
 */
export function resolveAnswers(input: ResolveInput): Resolved {
  const { problems, ...resolved } = resolveLeniently(input);
  if (problems.length > 0) throw new AnswersError(problems);
  return resolved;
}

/** Like resolveAnswers, but returns the problems instead of throwing (used to preview defaults). */
export function resolveLeniently(input: ResolveInput): Resolved & { problems: string[] } {
  const { conventions, explicit = {}, prompted = {}, stored = {} } = input;
  const answers: Partial<Answers> = {};
  const origin = {} as Resolved["origin"];
  const reasons: Resolved["reasons"] = {};
  const problems: string[] = [];
  const set = (key: keyof Answers, value: AnswerValue) => {
    (answers as Record<string, AnswerValue>)[key] = value;
  };

  for (const opt of OPTIONS as readonly OptionDef[]) {
    const key = opt.key;
    const fallback = opt.defaultFrom({ conventions, answers, origin });
    const offReason = opt.inapplicable?.(answers) ?? null;
    if (key in explicit && explicit[key] !== undefined) {
      if (offReason) {
        problems.push(`${flagOf(opt)} clashes: ${offReason}`);
        set(key, (opt.offValue ?? fallback.value) as AnswerValue);
        origin[key] = "off";
        continue;
      }
      set(key, explicit[key] as AnswerValue);
      origin[key] = "explicit";
    } else if (offReason) {
      set(key, (opt.offValue ?? fallback.value) as AnswerValue);
      origin[key] = "off";
    } else if (key in prompted && prompted[key] !== undefined) {
      set(key, prompted[key] as AnswerValue);
      origin[key] = "prompted";
    } else if (key in stored && stored[key] !== undefined) {
      set(key, stored[key] as AnswerValue);
      origin[key] = "stored";
    } else {
      set(key, fallback.value as AnswerValue);
      origin[key] = "default";
      reasons[key] = fallback.reason;
    }
    const value = answers[key] as AnswerValue;
    // The default resources are named by --sample-resource, whose own check reports a bad name.
    const derived = opt.kind === "resources" && origin[key] === "default";
    const parsed = parseOptionValue(opt, value);
    if ("problem" in parsed) {
      if (derived) continue;
      problems.push(origin[key] === "stored" ? `.yo-rc.json: ${parsed.problem}` : parsed.problem);
      // Later defaults and checks see a valid value, not the bad one (nor a cascade of problems).
      set(key, fallback.value as AnswerValue);
      continue;
    }
    // A prompt's text becomes the value it stands for (resource definitions → objects).
    if (opt.kind === "resources") set(key, parsed.value);
    const cross = crossCheck(opt, parsed.value, answers);
    if (cross && !derived) problems.push(cross);
  }
  return { answers: answers as Answers, origin, reasons, problems };
}

/** The keys of answers that were given explicitly or stored, so they are not asked again. */
export function answeredKeys(input: Omit<ResolveInput, "conventions">): Set<keyof Answers> {
  const keys = new Set<keyof Answers>();
  for (const source of [input.explicit, input.stored, input.prompted]) {
    for (const [k, v] of Object.entries(source ?? {})) {
      if (v !== undefined) keys.add(k as keyof Answers);
    }
  }
  return keys;
}

/**
 * Answers given as flags (`{ "refresh-tokens": "false", orm: "sqlmodel" }`), parsed by the same
 * definitions as every other source. Throws AnswersError listing every bad value.
 */
export function answersFromFlags(raw: Readonly<Record<string, unknown>>): Partial<Answers> {
  const answers: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const opt of OPTIONS as readonly OptionDef[]) {
    const value = raw[opt.flag];
    if (value === undefined) continue;
    const parsed = parseOptionValue(opt, value);
    if ("problem" in parsed) problems.push(parsed.problem);
    else answers[opt.key] = parsed.value;
  }
  if (problems.length > 0) throw new AnswersError(problems);
  return answers as Partial<Answers>;
}

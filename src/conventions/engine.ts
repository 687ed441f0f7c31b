/**
 * The scoring engine: matches the rule table (rules.ts) against the segments of a spec
 * (context.ts), weighs every mention by its context, and decides a value per field.
 *
 * 1. Every row is matched against every segment it may apply to; a negated mention votes for the
 *    row's `negatedValue` (or is skipped), an unsupported stack only counts where it is chosen.
 * 2. Several values of one field in one segment are a catalogue ("PostgreSQL, MySQL, SQLite"):
 *    they cancel out, except a stated choice ("MySQL in production") that no other choice rivals.
 * 3. Units (a code block, a list of paths, a sentence) naming three or more project parts are a
 *    structure listing: bare words count there, and layers it does not name are voted absent.
 * 4. Weights are multiplied by the context: kind of text, region, example, question, hedge.
 * 5. Per field, the value with the highest sum wins; ties go to the earliest mention.
 */
import { pluralize, RESOURCE_PATTERN, resourceNameProblem, singularize } from "../names.js";
import type { Segment } from "./context.js";
import {
  ABSENT_FROM_LISTING,
  CHOICE_CUES,
  CLAUSE_BREAK,
  FIELD_POLICIES,
  GENERIC_NOUNS,
  KIND_WEIGHTS,
  MIN_LISTING_PARTS,
  MIN_PAIRED_PARTS,
  NEGATION_CUES,
  POST_NEGATION_CUES,
  REGION_WEIGHTS,
  RULES,
  type Rule,
  type RuleField,
} from "./rules.js";

export type VoteValue = string | boolean | readonly string[];

/** One piece of evidence: a segment says `field` is `value`, with this weight. */
export interface Mention {
  field: RuleField;
  value: VoteValue;
  /** Identity of the value (values can be lists). */
  key: string;
  weight: number;
  segment: Segment;
  /** Set when the value is a stack the generator does not offer: how to name it. */
  unsupported: string | null;
  /** From a `fallback` row: dropped when another value of the field has ordinary evidence. */
  fallback: boolean;
}

interface RawMention extends Mention {
  /** For structure rows: the part named (`services`, `models`), to recognise listings. */
  term: string | null;
  listed: boolean;
  paired: boolean;
  /** From a row that states a choice: alternatives in its segment do not cancel it. */
  chosen: boolean;
}

interface CompiledRule {
  rule: Rule;
  global: RegExp;
}

const CLAUSE_BREAKS = new RegExp(CLAUSE_BREAK.source, `${CLAUSE_BREAK.flags.replace("g", "")}g`);

/** All weighted mentions of the spec's segments (mentions weighing nothing are dropped). */
export function findMentions(
  segments: readonly Segment[],
  rules: readonly Rule[] = RULES,
): Mention[] {
  const compiled = rules.map((rule) => ({
    rule,
    global: new RegExp(rule.pattern.source, `${rule.pattern.flags.replace("g", "")}g`),
  }));
  const raw = segments.flatMap((segment) => compiled.flatMap((c) => matchRule(c, segment)));
  return resolveListings(cancelAlternatives(raw))
    .map(weigh)
    .filter((mention) => mention.weight > 0);
}

function matchRule({ rule, global }: CompiledRule, segment: Segment): RawMention[] {
  if (rule.in !== undefined && !rule.in.includes(segment.kind)) return [];
  if (rule.examplesOnly === true && segment.example === null) return [];
  if (rule.unless?.test(segment.text) === true) return [];
  const mentions: RawMention[] = [];
  for (const match of segment.text.matchAll(global)) {
    const negated = isNegated(segment, match.index, match[0].length);
    const value = voteValue(rule, match, segment, negated);
    if (value === null) continue;
    const unsupported = "unsupported" in rule ? rule.unsupported : null;
    // an unsupported stack merely named (not chosen) still makes a catalogue of alternatives
    const chosen = unsupported === null || isChosen(segment);
    mentions.push({
      field: rule.field,
      value,
      key: unsupported === null ? JSON.stringify(value) : `unsupported:${unsupported}`,
      weight: chosen ? rule.weight : 0,
      segment,
      unsupported,
      fallback: rule.fallback === true,
      term: rule.structure === undefined ? null : partName(match[0]),
      listed: rule.structure === "listed",
      paired: rule.structure === "paired",
      chosen: rule.chosen === true,
    });
  }
  return mentions;
}

function voteValue(
  rule: Rule,
  match: RegExpExecArray,
  segment: Segment,
  negated: boolean,
): VoteValue | null {
  if ("unsupported" in rule) return negated ? null : rule.unsupported;
  if (rule.polarity === "negated") return negated ? (rule.value ?? null) : null;
  if (negated) return rule.negatedValue ?? null;
  if (rule.capture !== undefined) return captured(rule.field, match[rule.capture]);
  if (rule.extract === "class-fields") return classFields(segment);
  if (rule.extract === "json-keys") return jsonKeys(segment.text.slice(match.index));
  return rule.value ?? null;
}

// ── negation, choice ───────────────────────────────────────────────────────────────────────────

/**
 * A mention is negated when its clause has a negation cue before it ("never use Alembic") or
 * right after it ("Alembic is not used"). In code, only comments can negate.
 */
function isNegated(segment: Segment, start: number, length: number): boolean {
  const { text, kind, commentStart } = segment;
  if (kind === "code" && (commentStart < 0 || start < commentStart)) return false;
  const before = clauseTail(text.slice(kind === "code" ? commentStart : 0, start));
  if (NEGATION_CUES.some((cue) => cue.test(before))) return true;
  const after = clauseHead(text.slice(start + length));
  return POST_NEGATION_CUES.some((cue) => cue.test(after));
}

function clauseTail(text: string): string {
  let cut = 0;
  for (const match of text.matchAll(CLAUSE_BREAKS)) cut = match.index + match[0].length;
  return text.slice(cut);
}

function clauseHead(text: string): string {
  const cut = text.search(CLAUSE_BREAK);
  return cut < 0 ? text : text.slice(0, cut);
}

/** An unsupported stack counts as chosen in code, or with a choice cue ("we use", "Database:"). */
function isChosen(segment: Segment): boolean {
  return (
    segment.kind === "code" ||
    segment.kind === "tree" ||
    CHOICE_CUES.some((cue) => cue.test(segment.text))
  );
}

// ── captured and extracted values ──────────────────────────────────────────────────────────────

function captured(field: RuleField, text: string | undefined): string | null {
  if (text === undefined) return null;
  return FIELD_POLICIES[field].capturedAs === "noun" ? domainNoun(text) : text;
}

/**
 * `Todo`, `todos` → "todos", `todo-items` → "todo_items"; generic nouns (users, items, auth…) →
 * null, and so are nouns `--sample-resource` would refuse: too long, or unable to name a module
 * (`classes`, `typings`, `cons`: a keyword, a shadowed module, a Windows device name).
 */
export function domainNoun(word: string): string | null {
  const one = singularize(word.toLowerCase().replace(/-/g, "_"));
  if (GENERIC_NOUNS.has(one) || one.length < 3) return null;
  const many = pluralize(one);
  return RESOURCE_PATTERN.test(many) && resourceNameProblem(many) === null ? many : null;
}

/** The annotated fields declared directly in a Python class body: `items: list[T]` → "items". */
function classFields(segment: Segment): string[] | null {
  const block = segment.block;
  if (block === null) return null;
  const classIndent = indentOf(block[segment.blockLine] ?? "");
  let bodyIndent: number | null = null;
  const fields: string[] = [];
  for (const line of block.slice(segment.blockLine + 1)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const indent = indentOf(line);
    if (indent <= classIndent) break;
    bodyIndent ??= indent;
    const field = indent === bodyIndent ? /^\s*([A-Za-z]\w*)\s*:/.exec(line)?.[1] : undefined;
    if (field !== undefined && field !== "model_config") fields.push(field);
  }
  return fields.length >= 2 ? fields : null;
}

/** The top-level keys of the JSON object at the start of `text`. */
function jsonKeys(text: string): string[] | null {
  const keys: string[] = [];
  let depth = 0;
  for (const match of text.matchAll(/[{}[\]]|"(\w+)"\s*:/g)) {
    const token = match[0];
    if (token === "{" || token === "[") depth++;
    else if (token === "}" || token === "]") depth--;
    else if (depth === 1 && match[1] !== undefined) keys.push(match[1]);
    if (depth === 0) break;
  }
  return keys.length >= 2 ? keys : null;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** `app/services/` → "services", `models.py` → "models". */
function partName(text: string): string {
  const path = text.toLowerCase().replace(/\.py$/, "").replace(/\/$/, "");
  return path.split("/").at(-1) ?? path;
}

// ── catalogues, listings, context ──────────────────────────────────────────────────────────────

/**
 * Several values of one field in one segment cancel out: the spec lists, it does not choose. A
 * stated choice ("MySQL in production; SQLite on a laptop") stands, unless the segment states
 * another choice too.
 */
function cancelAlternatives(mentions: readonly RawMention[]): RawMention[] {
  const values = new Map<string, Set<string>>();
  const choices = new Map<string, Set<string>>();
  const slot = (m: RawMention): string => `${m.segment.index}|${m.field}`;
  const add = (map: Map<string, Set<string>>, m: RawMention): void => {
    const set = map.get(slot(m)) ?? new Set<string>();
    set.add(m.key);
    map.set(slot(m), set);
  };
  for (const m of mentions) {
    add(values, m);
    if (m.chosen) add(choices, m);
  }
  return mentions.map((m) => {
    const rivals = (m.chosen ? choices : values).get(slot(m))?.size ?? 0;
    return FIELD_POLICIES[m.field].alternativesCancel && rivals > 1 ? { ...m, weight: 0 } : m;
  });
}

/**
 * A unit naming enough distinct project parts is a structure listing: its bare-word parts count,
 * and the layers it leaves out are voted absent. Elsewhere, bare words are just words.
 */
function resolveListings(mentions: readonly RawMention[]): RawMention[] {
  const units = new Map<number, RawMention[]>();
  for (const m of mentions) {
    const unit = units.get(m.segment.unit);
    if (unit === undefined) units.set(m.segment.unit, [m]);
    else unit.push(m);
  }
  const out: RawMention[] = [];
  for (const unit of units.values()) {
    const parts = unit.filter((m) => m.term !== null);
    const distinct = new Set(parts.map((m) => m.term)).size;
    const listing = distinct >= MIN_LISTING_PARTS;
    for (const m of unit) {
      if (m.listed ? listing : !m.paired || distinct >= MIN_PAIRED_PARTS) out.push(m);
    }
    const anchor = parts[0];
    if (!listing || anchor === undefined) continue;
    for (const absent of ABSENT_FROM_LISTING) {
      if (unit.some((m) => m.field === absent.field)) continue;
      out.push({
        field: absent.field,
        value: absent.value,
        key: JSON.stringify(absent.value),
        weight: absent.weight,
        segment: anchor.segment,
        unsupported: null,
        fallback: false,
        term: null,
        listed: false,
        paired: false,
        chosen: false,
      });
    }
  }
  return out.sort((a, b) => a.segment.index - b.segment.index);
}

function weigh(m: RawMention): Mention {
  const { segment } = m;
  const policy = FIELD_POLICIES[m.field];
  let factor = KIND_WEIGHTS[segment.kind];
  if (segment.example !== null) factor *= policy.readsExamples ? 1 : 0;
  else factor *= REGION_WEIGHTS[segment.region];
  if (segment.question || segment.hedge) factor = 0;
  return {
    field: m.field,
    value: m.value,
    key: m.key,
    weight: m.weight * factor,
    segment,
    unsupported: m.unsupported,
    fallback: m.fallback,
  };
}

// ── deciding ───────────────────────────────────────────────────────────────────────────────────

export interface Candidate {
  value: VoteValue;
  key: string;
  score: number;
  /** The strongest single mention (ties: the earliest): the evidence shown. */
  evidence: Mention;
  first: number;
  exampleBlocks: number;
  unsupported: string | null;
}

export interface FieldDecision {
  /** The winning supported value, if any value qualifies. */
  winner: Candidate | null;
  /** An unsupported stack that outscored every supported value. */
  unsupported: Candidate | null;
}

/** Score the candidate values of one field and pick the winner. */
export function decideField(field: RuleField, mentions: readonly Mention[]): FieldDecision {
  const policy = FIELD_POLICIES[field];
  const candidates = new Map<string, Candidate & { blocks: Set<number> }>();
  const own = mentions.filter((m) => m.field === field);
  // keys with ordinary evidence: a fallback mention of any other value gives way to them
  const ordinary = new Set(own.filter((m) => !m.fallback).map((m) => m.key));
  for (const m of own) {
    if (m.fallback && [...ordinary].some((key) => key !== m.key)) continue;
    const c = candidates.get(m.key) ?? {
      value: m.value,
      key: m.key,
      score: 0,
      evidence: m,
      first: m.segment.index,
      exampleBlocks: 0,
      unsupported: m.unsupported,
      blocks: new Set<number>(),
    };
    c.score += m.weight;
    if (m.weight > c.evidence.weight) c.evidence = m;
    if (m.segment.example !== null) c.blocks.add(m.segment.example);
    c.exampleBlocks = c.blocks.size;
    candidates.set(m.key, c);
  }
  const eligible = [...candidates.values()]
    .filter(
      (c) =>
        c.score >= policy.minScore ||
        (policy.minExampleBlocks !== null && c.exampleBlocks >= policy.minExampleBlocks),
    )
    .sort((a, b) => b.score - a.score || a.first - b.first);
  const top = eligible[0];
  return {
    winner: eligible.find((c) => c.unsupported === null) ?? null,
    unsupported: top !== undefined && top.unsupported !== null ? top : null,
  };
}

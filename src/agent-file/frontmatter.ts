/**
 * Finding and reading the YAML frontmatter: strictly with js-yaml when it can, and otherwise line
 * by line, the way a person would read a `key: value` list that a YAML parser rejects.
 */
import yaml from "js-yaml";
import { quoted } from "../text.js";
import type { SpecWarning } from "./types.js";

/** Where the frontmatter sits, as indexes into the file's lines (line number = index + 1). */
export interface FrontmatterBlock {
  /** The opening `---`. */
  open: number;
  /** The first line after the fields: the closing `---`, or where an unclosed block stops. */
  contentEnd: number;
  /** The first body line. */
  bodyStart: number;
}

/** A top-level key's position: 1-based lines of the key and of the last line of its value. */
export interface KeyLocation {
  line: number;
  endLine: number;
}

export interface Frontmatter {
  fields: Record<string, unknown>;
  /** Where each top-level key was written (first occurrence). */
  locations: Map<string, KeyLocation>;
}

type LineKind = "key" | "indented" | "item" | "comment" | "blank" | "text";

interface ScannedLine {
  index: number;
  text: string;
  kind: LineKind;
}

/** A top-level `key: value` line and the lines that continue its value. */
interface KeyEntry {
  key: string;
  index: number;
  inline: string;
  rest: ScannedLine[];
}

const DELIMITER = /^---[ \t]*$/;
/** `key: value` at the start of a line; `key:value` (no space) is not a key in YAML either. */
const KEY_LINE = /^(["']?)([A-Za-z_][\w.-]*)\1[ \t]*:(?:[ \t]+(.*))?$/;
const FENCE = /^\s*(```|~~~)/;

export function isDelimiter(line: string): boolean {
  return DELIMITER.test(line);
}

function classify(line: string): LineKind {
  if (line.trim() === "") return "blank";
  if (/^\s/.test(line)) return "indented";
  if (line.startsWith("#")) return "comment";
  if (/^-(\s|$)/.test(line)) return "item";
  return KEY_LINE.test(line) ? "key" : "text";
}

function warn(warnings: SpecWarning[], line: number | null, message: string): void {
  warnings.push({ line, message });
}

/**
 * Whether lines[from, to) read as YAML fields. Loosely (the block at the top of the file): empty,
 * or at least one `key: value` line. Strictly (a block met elsewhere): it starts with a key and
 * every line is YAML-shaped; a `#` line there is more likely a Markdown heading than a comment.
 */
function looksLikeFields(
  lines: readonly string[],
  from: number,
  to: number,
  strict: boolean,
): boolean {
  const kinds = lines.slice(from, to).map(classify);
  if (strict) {
    const filled = kinds.filter((kind) => kind !== "blank");
    return filled[0] === "key" && !filled.includes("text") && !filled.includes("comment");
  }
  return kinds.every((kind) => kind === "blank" || kind === "comment") || kinds.includes("key");
}

function nextDelimiter(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (isDelimiter(lines[i] ?? "")) return i;
  return -1;
}

/** Locate the frontmatter at the top of the file, or return null when there is none. */
export function locateFrontmatter(
  lines: readonly string[],
  warnings: SpecWarning[],
): FrontmatterBlock | null {
  const open = lines.findIndex((line) => line.trim() !== "");
  if (open < 0 || !isDelimiter(lines[open] ?? "")) return null;
  const close = nextDelimiter(lines, open + 1);
  if (close >= 0 && !hasParagraphBetween(lines, open + 1, close)) {
    if (!looksLikeFields(lines, open + 1, close, false)) return null;
    if (open > 0)
      warn(warnings, open + 1, "frontmatter does not start on line 1 (blank lines before it)");
    return { open, contentEnd: close, bodyStart: close + 1 };
  }
  return locateUnclosed(lines, open, warnings);
}

/**
 * Whether unindented prose follows a blank line in lines[from, to): YAML has no such thing, so the
 * `---` at `to` is a Markdown rule further down and the frontmatter itself was never closed.
 */
function hasParagraphBetween(lines: readonly string[], from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) {
    if (classify(lines[i - 1] ?? "") === "blank" && classify(lines[i] ?? "") === "text")
      return true;
  }
  return false;
}

/** An opening `---` with no closing one: the fields run as long as lines look like YAML. */
function locateUnclosed(
  lines: readonly string[],
  open: number,
  warnings: SpecWarning[],
): FrontmatterBlock | null {
  let end = open + 1;
  const yamlShaped: readonly LineKind[] = ["key", "indented", "item"];
  while (end < lines.length && yamlShaped.includes(classify(lines[end] ?? ""))) end++;
  if (!looksLikeFields(lines, open + 1, end, true)) return null;
  warn(
    warnings,
    open + 1,
    `frontmatter is never closed with "---"; read it as ending on line ${end}`,
  );
  return { open, contentEnd: end, bodyStart: end };
}

/**
 * Indexes of the opening `---` of frontmatter-like blocks (`---`, YAML fields, `---`) in
 * lines[from…], outside fenced code. A `---` right under a text line is a Markdown heading
 * underline, so a block must start the range or follow a blank line.
 */
export function findFrontmatterLikeBlocks(lines: readonly string[], from: number): number[] {
  const found: number[] = [];
  let inFence = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence || !isDelimiter(line)) continue;
    const startsBlock = i === from || (lines[i - 1] ?? "").trim() === "";
    const close = nextDelimiter(lines, i + 1);
    if (startsBlock && close > i + 1 && looksLikeFields(lines, i + 1, close, true)) {
      found.push(i);
      i = close;
    }
  }
  return found;
}

/** Read the fields of a located frontmatter block. */
export function parseFrontmatter(
  lines: readonly string[],
  block: FrontmatterBlock,
  warnings: SpecWarning[],
): Frontmatter {
  const from = block.open + 1;
  const { entries, orphans } = scanEntries(lines, from, block.contentEnd);
  const locations = locateKeys(entries);
  const strict = parseStrict(lines.slice(from, block.contentEnd).join("\n"));
  if (strict.ok) {
    if (Object.keys(strict.fields).length === 0)
      warn(warnings, block.open + 1, "frontmatter is empty");
    return { fields: strict.fields, locations };
  }
  const errorLine = strict.line === null ? block.open + 1 : from + strict.line + 1;
  warn(
    warnings,
    errorLine,
    `frontmatter is not valid YAML (${strict.reason}); fields read line by line`,
  );
  for (const index of orphans) {
    warn(warnings, index + 1, 'frontmatter line is not "key: value" and follows no key; ignored');
  }
  return { fields: recoverFields(entries, warnings), locations };
}

type StrictResult =
  | { ok: true; fields: Record<string, unknown> }
  | { ok: false; line: number | null; reason: string };

function parseStrict(text: string): StrictResult {
  let value: unknown;
  try {
    value = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    return { ok: false, line: error.mark?.line ?? null, reason: error.reason };
  }
  if (value === null || value === undefined) return { ok: true, fields: {} };
  if (isRecord(value)) return { ok: true, fields: value };
  return { ok: false, line: null, reason: "not a list of key: value fields" };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function scanEntries(
  lines: readonly string[],
  from: number,
  to: number,
): { entries: KeyEntry[]; orphans: number[] } {
  const entries: KeyEntry[] = [];
  const orphans: number[] = [];
  for (let index = from; index < to; index++) {
    const text = lines[index] ?? "";
    const kind = classify(text);
    const current = entries[entries.length - 1];
    const key = kind === "key" ? KEY_LINE.exec(text) : null;
    if (key !== null) {
      entries.push({ key: key[2] ?? "", index, inline: key[3] ?? "", rest: [] });
    } else if (kind === "comment" || (kind === "blank" && current === undefined)) {
      continue;
    } else if (current === undefined) {
      orphans.push(index);
    } else {
      current.rest.push({ index, text, kind });
    }
  }
  return { entries, orphans };
}

function locateKeys(entries: readonly KeyEntry[]): Map<string, KeyLocation> {
  const locations = new Map<string, KeyLocation>();
  for (const entry of entries) {
    if (locations.has(entry.key)) continue;
    const last = entry.rest.filter((line) => line.kind !== "blank").pop();
    locations.set(entry.key, { line: entry.index + 1, endLine: (last?.index ?? entry.index) + 1 });
  }
  return locations;
}

function recoverFields(
  entries: readonly KeyEntry[],
  warnings: SpecWarning[],
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const firstLine = new Map<string, number>();
  for (const entry of entries) {
    const seen = firstLine.get(entry.key);
    if (seen !== undefined) {
      warn(
        warnings,
        entry.index + 1,
        `key ${quoted(entry.key)} repeated; kept the first (line ${seen})`,
      );
      continue;
    }
    firstLine.set(entry.key, entry.index + 1);
    for (const stray of entry.rest.filter((line) => line.kind === "text")) {
      warn(
        warnings,
        stray.index + 1,
        `frontmatter line is not "key: value"; read as part of ${quoted(entry.key)}`,
      );
    }
    setField(fields, entry.key, entryValue(entry));
  }
  return fields;
}

/** Own, enumerable property even for a key such as `__proto__`. */
export function setField(fields: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(fields, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** The value of one entry: as YAML when the entry alone parses, else by hand. */
function entryValue(entry: KeyEntry): unknown {
  const text = [`${entry.key}: ${entry.inline}`, ...entry.rest.map((line) => line.text)].join("\n");
  const strict = parseStrict(text);
  if (strict.ok && Object.hasOwn(strict.fields, entry.key)) return strict.fields[entry.key];
  return valueByHand(entry);
}

const BLOCK_SCALAR = /^([|>])[+-]?\d?[+-]?$/;

function valueByHand(entry: KeyEntry): unknown {
  const inline = entry.inline.trim();
  const rest = entry.rest.map((line) => line.text.trim());
  const block = BLOCK_SCALAR.exec(inline);
  if (block !== null) return blockScalar(block[1] === "|", rest);
  const content = rest.filter((text) => text !== "");
  if (inline === "" && content.length === 0) return null;
  if (inline === "" && content[0]?.startsWith("-")) return listItems(content);
  return unquote(foldLines([inline, ...rest]));
}

function blockScalar(literal: boolean, rest: readonly string[]): string {
  const text = literal ? rest.join("\n") : foldLines(rest);
  return text.replace(/\n+$/, "");
}

/** `- item` lines; a line that is not an item continues the item before it. */
function listItems(content: readonly string[]): unknown[] {
  const items: string[] = [];
  for (const text of content) {
    const item = /^-\s*(.*)$/.exec(text);
    if (item !== null || items.length === 0) items.push(item?.[1] ?? text);
    else items[items.length - 1] += ` ${text}`;
  }
  return items.map(unquote);
}

/** YAML folding: lines join with a space, a blank line becomes a line break. */
function foldLines(texts: readonly string[]): string {
  let folded = "";
  let breaks = 0;
  for (const text of texts) {
    if (text === "") {
      breaks++;
      continue;
    }
    if (folded !== "") folded += breaks > 0 ? "\n".repeat(breaks) : " ";
    folded += text;
    breaks = 0;
  }
  return folded;
}

/** Strip matching outer quotes from a scalar YAML rejected (e.g. for quotes in the middle). */
function unquote(text: string): string {
  const quote = text[0];
  if ((quote !== '"' && quote !== "'") || text.length < 2 || !text.endsWith(quote)) return text;
  const inner = text.slice(1, -1);
  return quote === '"' ? inner.replace(/\\(["\\])/g, "$1") : inner.replace(/''/g, "'");
}

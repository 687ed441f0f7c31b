/**
 * Text-level repairs applied before any parsing: byte-order mark, line endings, mojibake, and
 * escaped newlines in a description. None of them changes which file line a piece of text is on.
 */
import { cp1252ByteOf } from "./cp1252.js";
import { validSequenceLength } from "./decode.js";
import type { SpecWarning } from "./types.js";

const BOM = "\uFEFF";

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

export interface SplitText {
  /** The file's lines without their line breaks; `lines[i]` is file line i + 1. */
  lines: string[];
  /** Whether the last line was followed by a line break. */
  endsWithBreak: boolean;
  /** 1-based line holding the first lone CR (old Mac line ending), or null. */
  firstLoneCrLine: number | null;
}

/** Split on LF, CRLF and lone CR, as editors do, so that line numbers match what the user sees. */
export function splitLines(text: string): SplitText {
  const lines = text.split(/\r\n|\r|\n/);
  const endsWithBreak = lines.length > 1 && lines[lines.length - 1] === "";
  if (endsWithBreak) lines.pop();
  const loneCr = /\r(?!\n)/.exec(text);
  const firstLoneCrLine =
    loneCr === null ? null : text.slice(0, loneCr.index).split(/\r\n|\r|\n/).length;
  return { lines, endsWithBreak, firstLoneCrLine };
}

/**
 * Undo double-encoded UTF-8: text that was UTF-8, was decoded as Windows-1252 and encoded again
 * (`â€”` for `—`, `ðŸ”´` for 🔴). Each candidate sequence is mapped back to its cp1252 bytes and
 * replaced only when those bytes form one valid, plausible UTF-8 character, so legitimate
 * accented, CJK or box-drawing text is left alone.
 */
export function repairMojibake(line: string): string {
  return repairLine(line).text;
}

interface LineRepair {
  text: string;
  /** The first repair made: the mojibake run and the character it stood for. */
  example: { before: string; after: string } | null;
}

/** Characters whose cp1252 byte can start a multi-byte UTF-8 sequence (0xC2–0xF4): no mojibake without one. */
const LEAD_CHAR = /[\u00c2-\u00f4]/;

function repairLine(line: string): LineRepair {
  if (!LEAD_CHAR.test(line)) return { text: line, example: null };
  let text = "";
  let example: LineRepair["example"] = null;
  let i = 0;
  while (i < line.length) {
    const fixed = decodeDoubleEncodedAt(line, i);
    if (fixed === null) {
      text += line[i];
      i++;
      continue;
    }
    example ??= { before: line.slice(i, i + fixed.consumed), after: fixed.char };
    text += fixed.char;
    i += fixed.consumed;
  }
  return { text, example };
}

interface RepairedChar {
  char: string;
  consumed: number;
}

/** Two-byte sequences are accepted only up to U+04FF (Latin, Greek, Cyrillic): beyond that a legitimate "ß“" could pass for one. */
const HIGHEST_TWO_BYTE_REPAIR = 0x04ff;
/** Longest UTF-8 sequence, in bytes (and so in mojibake characters). */
const MAX_SEQUENCE = 4;
const UTF8 = new TextDecoder("utf-8");

function decodeDoubleEncodedAt(line: string, at: number): RepairedChar | null {
  const bytes: number[] = [];
  for (let k = 0; k < MAX_SEQUENCE && at + k < line.length; k++) {
    const byte = cp1252ByteOf(line.charCodeAt(at + k));
    if (byte === null) break;
    bytes.push(byte);
  }
  const length = validSequenceLength(bytes, 0);
  if (length < 2) return null;
  const char = UTF8.decode(Uint8Array.from(bytes.slice(0, length)));
  if (length === 2 && (char.codePointAt(0) ?? 0) > HIGHEST_TWO_BYTE_REPAIR) return null;
  return { char, consumed: length };
}

export interface MojibakeRepair {
  lines: string[];
  warning: SpecWarning | null;
}

/** Repair every line, and describe the repair once, on the first line it touched. */
export function repairMojibakeLines(lines: readonly string[]): MojibakeRepair {
  const repairs = lines.map(repairLine);
  const firstIndex = repairs.findIndex((repair) => repair.example !== null);
  const first = repairs[firstIndex]?.example;
  const repaired = repairs.map((repair) => repair.text);
  if (first === undefined || first === null) return { lines: repaired, warning: null };
  const touched = repairs.filter((repair) => repair.example !== null).length;
  const extent = touched === 1 ? "" : ` (${touched} lines from here on)`;
  return {
    lines: repaired,
    warning: {
      line: firstIndex + 1,
      message: `repaired double-encoded UTF-8 ("mojibake"), e.g. "${first.before}" → "${first.after}"${extent}`,
    },
  };
}

const ESCAPED_NEWLINE = /(?:\\{1,2}r)?\\{1,2}n/g;
const ESCAPED_QUOTE = /\\{1,2}"/g;

/**
 * Expand literal `\n` escapes (also double-escaped `\\n` and `\r\n`) into real line breaks, and
 * unescape `\"` alongside them. Returns null when the text has no escaped newline.
 */
export function expandEscapedNewlines(text: string): string | null {
  if (!/\\{1,2}n/.test(text)) return null;
  return text.replace(ESCAPED_NEWLINE, "\n").replace(ESCAPED_QUOTE, '"');
}

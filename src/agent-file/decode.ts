/**
 * Bytes → text: decides whether a file is text at all, and in which encoding it was written.
 */
import { decodeCp1252 } from "./cp1252.js";
import { SpecError, type SpecWarning } from "./types.js";

/** Specs larger than this are refused: no agent definition is anywhere near it. */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;

const NOT_TEXT = "not a text file (binary content)";
const NOT_UTF8_TEXT = "not a text file (binary content, or an encoding other than UTF-8)";

/** Share of bytes that may be control characters (other than tab, newlines, form feed, escape) in a text file. */
const MAX_CONTROL_SHARE = 0.02;
/** Share of bytes that may sit in invalid UTF-8 sequences before a file counts as binary rather than legacy-encoded text. */
const MAX_INVALID_UTF8_SHARE = 0.1;

export interface DecodedText {
  text: string;
  warnings: SpecWarning[];
}

export function tooLargeProblem(bytes: number): string {
  const megabytes = (bytes / (1024 * 1024)).toFixed(1);
  return `file is too large (${megabytes} MB; the limit is ${MAX_SPEC_BYTES / (1024 * 1024)} MB)`;
}

/** Turn a file's bytes into text, or throw SpecError when they are not text. */
export function decodeSpecBytes(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.length > MAX_SPEC_BYTES) throw new SpecError(file, tooLargeProblem(bytes.length));
  const utf16 = utf16Label(bytes);
  if (utf16 !== null) {
    const text = new TextDecoder(utf16).decode(bytes);
    assertTextual(text, file);
    return {
      text,
      warnings: [{ line: null, message: `file is ${utf16.toUpperCase()}; read as such` }],
    };
  }
  if (bytes.includes(0) || controlShare(bytes) > MAX_CONTROL_SHARE) {
    throw new SpecError(file, NOT_TEXT);
  }
  const invalid = scanUtf8(bytes);
  if (invalid.count === 0) return { text: new TextDecoder("utf-8").decode(bytes), warnings: [] };
  if (invalid.count / bytes.length > MAX_INVALID_UTF8_SHARE)
    throw new SpecError(file, NOT_UTF8_TEXT);
  const line = lineOfOffset(bytes, invalid.firstOffset);
  return {
    text: decodeCp1252(bytes),
    warnings: [{ line, message: "file is not valid UTF-8; read it as Windows-1252" }],
  };
}

/** Throw SpecError when a string handed over directly carries binary content. */
export function assertTextual(text: string, file: string): void {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) throw new SpecError(file, NOT_TEXT);
    if (isStrayControl(code)) controls++;
  }
  if (text.length > 0 && controls / text.length > MAX_CONTROL_SHARE) {
    throw new SpecError(file, NOT_TEXT);
  }
}

function utf16Label(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/** C0 controls and DEL, except tab, LF, VT, FF, CR and ESC (terminal colour codes turn up in pasted text). */
function isStrayControl(code: number): boolean {
  return (code < 0x20 && ![0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b].includes(code)) || code === 0x7f;
}

function controlShare(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let controls = 0;
  for (const byte of bytes) if (isStrayControl(byte)) controls++;
  return controls / bytes.length;
}

interface Utf8Scan {
  /** Number of invalid sequences. */
  count: number;
  /** Byte offset of the first invalid sequence (-1 when none). */
  firstOffset: number;
}

/** Count invalid UTF-8 sequences (overlong forms and surrogates included). */
function scanUtf8(bytes: Uint8Array): Utf8Scan {
  const scan: Utf8Scan = { count: 0, firstOffset: -1 };
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) {
      if (scan.count === 0) scan.firstOffset = i;
      scan.count++;
      i++;
    } else {
      i += length;
    }
  }
  return scan;
}

/** Length of the valid UTF-8 sequence starting at `at`, or 0 when the bytes there are not one. */
export function validSequenceLength(bytes: ArrayLike<number>, at: number): number {
  const lead = bytes[at] ?? -1;
  if (lead >= 0 && lead < 0x80) return 1;
  const shape = sequenceShape(lead);
  if (shape === null) return 0;
  const [length, secondMin, secondMax] = shape;
  for (let k = 1; k < length; k++) {
    const byte = bytes[at + k] ?? -1;
    const [min, max] = k === 1 ? [secondMin, secondMax] : [0x80, 0xbf];
    if (byte < min || byte > max) return 0;
  }
  return length;
}

/** [length, lowest second byte, highest second byte] for a lead byte (RFC 3629, table 3-7 of Unicode). */
function sequenceShape(lead: number): [number, number, number] | null {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return null;
}

/** 1-based line of a byte offset, counting LF, CRLF and lone CR as line breaks. */
function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const byte = bytes[i];
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

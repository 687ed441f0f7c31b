/**
 * Text from a spec or a command line shown back to the user: one line, and nothing a terminal
 * would obey (colour codes, cursor moves, bidirectional overrides) or that would break the line.
 */

/**
 * C0 and C1 controls, DEL, line and paragraph separators, bidirectional embeddings, overrides and
 * isolates, and lone surrogates.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `text` as one printable line: every unprintable character written as an escape (`\n`, `\u001b`). */
export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `text` quoted for a message: printable, and shortened to about `max` characters. */
export function quoted(text: string, max = 60): string {
  const chars = [...text];
  const short = chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
  return `"${printable(short)}"`;
}

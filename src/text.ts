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

/** An ellipsis (or a run of dots) at the end of a cut, with what separates it from the last word. */
const TRAILING_ELLIPSIS = /[\s.…,;:–—-]*$/u;

/**
 * `text` on one line (runs of white space as one space), cut once to at most `max` characters:
 * at the last word boundary when there is one in the last third, ending with a single "…". An
 * ellipsis the text already had at the cut ("`Mapped[...]`") is dropped, not doubled.
 */
export function shorten(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  if (chars.length <= max) return chars.join("");
  // a space right after the kept part is a word boundary too
  const reach = chars.slice(0, max).join("");
  const space = reach.lastIndexOf(" ");
  const cut =
    space >= Math.floor((max * 2) / 3) ? reach.slice(0, space) : chars.slice(0, max - 1).join("");
  return `${cut.replace(TRAILING_ELLIPSIS, "")}…`;
}

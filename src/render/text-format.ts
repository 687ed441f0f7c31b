/**
 * Whitespace for the built-in Markdown, TOML, YAML and JSON templates, without loading prettier:
 * no trailing spaces, no runs of blank lines, one final newline, and Markdown tables in aligned
 * columns. The built-in templates are written as prettier would print them; these few rules cover
 * what conditional template sections leave behind. A test renders the examples, the reference specs
 * and the pairwise rows and checks that prettier would change none of these files. The user's own
 * templates still go through prettier.
 */

/** Display width as prettier counts it: East Asian wide and full-width characters count twice. */
function width(text: string): number {
  let total = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1f300 && code <= 0x1faff) ||
      (code >= 0x20000 && code <= 0x3fffd);
    total += wide ? 2 : 1;
  }
  return total;
}

const SEPARATOR = /^\|(?:\s*:?-+:?\s*\|)+\s*$/;
const FENCE = /^\s*(```|~~~)/;
/** Prettier prints a table wider than this compactly (no padding). */
const PRINT_WIDTH = 100;

/** The cells of a table row (`| a | b \| c |`), trimmed; an escaped pipe stays in its cell. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

type Align = "left" | "center" | "right" | "none";

function alignmentOf(cell: string): Align {
  const left = cell.startsWith(":");
  const right = cell.endsWith(":");
  return left && right ? "center" : right ? "right" : left ? "left" : "none";
}

function pad(text: string, size: number, align: Align): string {
  const gap = size - width(text);
  if (align === "right") return " ".repeat(gap) + text;
  if (align === "center") {
    const before = Math.floor(gap / 2);
    return " ".repeat(before) + text + " ".repeat(gap - before);
  }
  return text + " ".repeat(gap);
}

function separatorCell(size: number, align: Align): string {
  if (align === "center") return `:${"-".repeat(Math.max(size - 2, 1))}:`;
  if (align === "right") return `${"-".repeat(Math.max(size - 1, 1))}:`;
  if (align === "left") return `:${"-".repeat(Math.max(size - 1, 1))}`;
  return "-".repeat(Math.max(size, 3));
}

/** A Markdown table with its columns aligned, as prettier prints it. */
function alignTable(rows: string[]): string[] {
  const [header, separator, ...body] = rows.map(cells);
  const aligns = (separator ?? []).map(alignmentOf);
  const table = [header ?? [], ...body];
  const columns = aligns.length;
  const sizes = aligns.map((align, column) =>
    Math.max(
      align === "none" ? 3 : align === "center" ? 3 : 2,
      ...table.map((row) => width(row[column] ?? "")),
    ),
  );
  const line = (row: string[]) =>
    `| ${Array.from({ length: columns }, (_, c) => pad(row[c] ?? "", sizes[c]!, aligns[c]!)).join(" | ")} |`;
  const aligned = [
    line(header ?? []),
    `| ${sizes.map((size, c) => separatorCell(size, aligns[c]!)).join(" | ")} |`,
    ...body.map(line),
  ];
  if (aligned.every((row) => width(row) <= PRINT_WIDTH)) return aligned;
  const compact = (row: string[]) =>
    `| ${Array.from({ length: columns }, (_, c) => row[c] ?? "").join(" | ")} |`;
  return [
    compact(header ?? []),
    `| ${aligns.map((align) => separatorCell(3, align)).join(" | ")} |`,
    ...body.map(compact),
  ];
}

/** Trailing spaces, runs of blank lines and the final newline: as prettier leaves them. */
export function formatPlain(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+/, "")
    .replace(/\s+$/, "")}\n`;
}

/** The plain rules, outside code fences, and aligned tables. */
export function formatMarkdown(text: string): string {
  const lines = formatPlain(text).split("\n");
  const out: string[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) fenced = !fenced;
    if (!fenced && line.startsWith("|") && SEPARATOR.test(lines[i + 1] ?? "")) {
      let end = i + 2;
      while (end < lines.length && lines[end]!.startsWith("|")) end++;
      out.push(...alignTable(lines.slice(i, end)));
      i = end - 1;
      continue;
    }
    out.push(line);
  }
  return out.join("\n");
}

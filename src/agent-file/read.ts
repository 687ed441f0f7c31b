/**
 * The spec reader: a Claude Code subagent file (Markdown with YAML frontmatter) → AgentSpec.
 * Only a file that cannot be read as text at all throws (SpecError); every other oddity becomes a
 * warning naming its line, and reading goes on as a careful person would.
 */
import { readFileSync, statSync } from "node:fs";
import {
  assertTextual,
  decodeSpecBytes,
  MAX_SPEC_BYTES,
  tooLargeProblem,
  type DecodedText,
} from "./decode.js";
import {
  canonicaliseKeys,
  deriveDescription,
  descriptionText,
  nameFromFile,
  normaliseTools,
  resolveMemory,
  resolveName,
  textField,
} from "./fields.js";
import {
  findFrontmatterLikeBlocks,
  locateFrontmatter,
  parseFrontmatter,
  type FrontmatterBlock,
  type KeyLocation,
} from "./frontmatter.js";
import { expandEscapedNewlines, repairMojibakeLines, splitLines, stripBom } from "./repair.js";
import { SpecError, type AgentSpec, type SourceLine, type SpecWarning } from "./types.js";

/** Read and parse the spec file at `path`. Throws SpecError only when the file cannot be read as text. */
export function readSpec(path: string): AgentSpec {
  return parseSpecText(readSpecBytes(path), path);
}

/** Parse spec content already in memory; `path` names the file in messages and supplies a fallback name. */
export function parseSpecText(text: string | Buffer, path: string): AgentSpec {
  const decoded = typeof text === "string" ? checkString(text, path) : decodeSpecBytes(text, path);
  const warnings: SpecWarning[] = [...decoded.warnings];
  const lines = repairText(decoded.text, warnings);
  if (lines.lines.every((line) => line.trim() === "")) throw new SpecError(path, "file is empty");
  const spec = interpret(lines.lines, path, warnings);
  const repairedText = lines.lines.join("\n") + (lines.endsWithBreak ? "\n" : "");
  return { ...spec, path, repairedText, warnings: sortByLine(warnings) };
}

function readSpecBytes(path: string): Buffer {
  const stats = withFsErrors(path, () => statSync(path));
  if (stats.isDirectory()) throw new SpecError(path, "is a directory, not a file");
  if (!stats.isFile()) throw new SpecError(path, "not a regular file");
  if (stats.size === 0) throw new SpecError(path, "file is empty");
  if (stats.size > MAX_SPEC_BYTES) throw new SpecError(path, tooLargeProblem(stats.size));
  return withFsErrors(path, () => readFileSync(path));
}

function withFsErrors<T>(path: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw new SpecError(path, fsProblem(error));
  }
}

const FS_PROBLEMS: Record<string, string> = {
  ENOENT: "file not found",
  ENOTDIR: "file not found (a folder in its path is a file)",
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "file name too long",
};

function fsProblem(error: unknown): string {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  return FS_PROBLEMS[code] ?? `cannot read the file${code === "" ? "" : ` (${code})`}`;
}

function checkString(text: string, path: string): DecodedText {
  if (Buffer.byteLength(text, "utf8") > MAX_SPEC_BYTES) {
    throw new SpecError(path, tooLargeProblem(Buffer.byteLength(text, "utf8")));
  }
  assertTextual(text, path);
  return { text, warnings: [] };
}

/** BOM, line endings and mojibake; the lines still match the file's lines one for one. */
function repairText(
  text: string,
  warnings: SpecWarning[],
): { lines: string[]; endsWithBreak: boolean } {
  const split = splitLines(stripBom(text));
  if (split.firstLoneCrLine !== null) {
    warnings.push({
      line: split.firstLoneCrLine,
      message: "old Mac line endings (lone CR) read as line breaks",
    });
  }
  const mojibake = repairMojibakeLines(split.lines);
  if (mojibake.warning !== null) warnings.push(mojibake.warning);
  const [first = "", ...others] = mojibake.lines;
  return { lines: [stripBom(first), ...others], endsWithBreak: split.endsWithBreak };
}

type InterpretedSpec = Omit<AgentSpec, "path" | "repairedText" | "warnings">;

function interpret(
  lines: readonly string[],
  path: string,
  warnings: SpecWarning[],
): InterpretedSpec {
  const block = locateFrontmatter(lines, warnings);
  const parsed = block === null ? null : parseFrontmatter(lines, block, warnings);
  const locations = parsed?.locations ?? new Map<string, KeyLocation>();
  const fields = parsed === null ? {} : canonicaliseKeys(parsed.fields, locations, warnings);
  const lineOf = (key: string): number | null => locations.get(key)?.line ?? null;
  const bodyStart = block?.bodyStart ?? 0;

  const { name, rawName } =
    block === null
      ? nameFromFile(path)
      : resolveName(fields.name, path, lineOf("name") ?? block.open + 1, warnings);
  const description =
    block === null
      ? describeWithoutFrontmatter(lines, name, warnings)
      : resolveDescription(
          fields.description,
          lines,
          block,
          locations.get("description"),
          warnings,
        );
  warnAboutOtherBlocks(lines, block, warnings);
  const body = lines.slice(bodyStart);
  warnIfNoBody(body, bodyStart, warnings);
  return {
    name,
    rawName,
    description: description.text,
    frontmatter: fields,
    tools: normaliseTools(fields.tools, lineOf("tools"), warnings),
    model: textField("model", fields.model, lineOf("model"), warnings),
    memory: resolveMemory(fields.memory, lineOf("memory"), warnings),
    body: body.join("\n"),
    bodyStartLine: bodyStart + 1,
    lines: [
      ...description.lines,
      ...body.map((text, i) => sourceLine(bodyStart + i + 1, text, "body")),
    ],
  };
}

interface ResolvedDescription {
  text: string;
  /** Lines for inference: empty when the description was taken from the body (already there). */
  lines: SourceLine[];
}

function sourceLine(line: number, text: string, region: SourceLine["region"]): SourceLine {
  return { line, text, region };
}

function describeWithoutFrontmatter(
  lines: readonly string[],
  name: string,
  warnings: SpecWarning[],
): ResolvedDescription {
  const derived = deriveDescription(lines, 0);
  const from = derived === null ? "" : `, description from line ${derived.line}`;
  warnings.push({
    line: 1,
    message: `no frontmatter; name "${name}" taken from the file name${from}`,
  });
  return { text: derived?.text ?? "", lines: [] };
}

function resolveDescription(
  value: unknown,
  lines: readonly string[],
  block: FrontmatterBlock,
  location: KeyLocation | undefined,
  warnings: SpecWarning[],
): ResolvedDescription {
  const written = descriptionText(value);
  const line = location?.line ?? block.open + 1;
  if (written === null) {
    const derived = deriveDescription(lines, block.bodyStart);
    const problem =
      value === undefined ? "frontmatter has no description" : "description is empty or not text";
    const fallback = derived === null ? "none could be derived" : `using line ${derived.line}`;
    warnings.push({ line, message: `${problem}; ${fallback}` });
    return { text: derived?.text ?? "", lines: [] };
  }
  const expanded = expandEscapedNewlines(written);
  if (expanded !== null) {
    warnings.push({
      line,
      message: 'description has literal "\\n" escapes; read them as line breaks',
    });
  }
  const text = expanded ?? written;
  return { text, lines: descriptionLines(text, lines, location ?? { line, endLine: line }) };
}

/**
 * One SourceLine per line of the description. A description written on one file line maps there
 * entirely; one spread over several lines is matched line by line, moving forward only.
 */
function descriptionLines(
  text: string,
  lines: readonly string[],
  location: KeyLocation,
): SourceLine[] {
  let cursor = location.line;
  return text.split("\n").map((part) => {
    const probe = part.trim().slice(0, 24);
    if (probe !== "") {
      for (let line = cursor; line <= location.endLine; line++) {
        if ((lines[line - 1] ?? "").includes(probe)) {
          cursor = line;
          break;
        }
      }
    }
    return sourceLine(cursor, part, "description");
  });
}

function warnAboutOtherBlocks(
  lines: readonly string[],
  block: FrontmatterBlock | null,
  warnings: SpecWarning[],
): void {
  for (const index of findFrontmatterLikeBlocks(lines, block?.bodyStart ?? 0)) {
    const message =
      block === null
        ? "frontmatter-like block not at the top of the file; ignored (read as body text)"
        : `second frontmatter block; ignored, the first (line ${block.open + 1}) is used and this one is read as body text`;
    warnings.push({ line: index + 1, message });
  }
}

function warnIfNoBody(body: readonly string[], bodyStart: number, warnings: SpecWarning[]): void {
  if (body.some((line) => line.trim() !== "")) return;
  warnings.push({
    line: Math.max(1, bodyStart),
    message: "the spec has no body (nothing after the frontmatter)",
  });
}

/** Stable order by line; warnings about the whole file (no line) first. */
function sortByLine(warnings: readonly SpecWarning[]): SpecWarning[] {
  return [...warnings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

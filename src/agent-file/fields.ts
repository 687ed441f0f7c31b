/**
 * Interpreting the frontmatter fields a Claude Code subagent uses: key spelling, name,
 * description, tools, model and memory. Each function warns about what it had to correct.
 */
import { parse as parsePath } from "node:path";
import { MAX_AGENT_NAME, toAgentName, toKebab } from "../names.js";
import { quoted } from "../text.js";
import { setField, type KeyLocation } from "./frontmatter.js";
import type { SpecWarning } from "./types.js";

/** Frontmatter keys Claude Code reads in a subagent file. */
export const KNOWN_KEYS: readonly string[] = [
  "name",
  "description",
  "tools",
  "disallowedTools",
  "model",
  "permissionMode",
  "maxTurns",
  "skills",
  "mcpServers",
  "hooks",
  "memory",
  "background",
  "effort",
  "isolation",
  "color",
  "initialPrompt",
];

const MEMORY_SCOPES: readonly string[] = ["user", "project", "local"];

function warn(warnings: SpecWarning[], line: number | null, message: string): void {
  warnings.push({ line, message });
}

function looseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, "");
}

/**
 * Rename keys that are a known key spelt differently (`Description`, `disallowed_tools`) to the
 * known spelling, and warn about keys Claude Code does not know. Every key is kept.
 */
export function canonicaliseKeys(
  fields: Record<string, unknown>,
  locations: Map<string, KeyLocation>,
  warnings: SpecWarning[],
): Record<string, unknown> {
  const canonical: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const line = locations.get(key)?.line ?? null;
    const known = KNOWN_KEYS.find((candidate) => looseKey(candidate) === looseKey(key));
    let kept = key;
    if (known === undefined) {
      warn(
        warnings,
        line,
        `unknown frontmatter key ${quoted(key)} (kept, but Claude Code does not use it)`,
      );
    } else if (known !== key && !Object.hasOwn(fields, known)) {
      warn(warnings, line, `frontmatter key ${quoted(key)} read as "${known}"`);
      kept = known;
      const location = locations.get(key);
      if (location !== undefined) locations.set(known, location);
    }
    setField(canonical, kept, value);
  }
  return canonical;
}

/** Lowercase-hyphen form: accents dropped, every run of other characters becomes one hyphen. */

export function fileBaseName(file: string): string {
  return parsePath(file).name;
}

export interface ResolvedName {
  name: string;
  rawName: string;
}

/** The agent name from the frontmatter `name`, else from the file name; `line` is where `name` is (or should be). */
export function resolveName(
  value: unknown,
  file: string,
  line: number | null,
  warnings: SpecWarning[],
): ResolvedName {
  const written =
    typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
  const fromFile = nameFromFile(file);
  if (written !== "") {
    const name = toAgentName(written);
    if (name === written) return { name, rawName: written };
    if (name !== "") {
      warn(
        warnings,
        line,
        `name ${quoted(written)} ${nameChange(written, name)}; read as "${name}"`,
      );
      return { name, rawName: written };
    }
    warn(
      warnings,
      line,
      `name ${quoted(written)} has no letters or digits; using "${fromFile.name}" from the file name`,
    );
  } else if (value !== undefined && value !== null && typeof value !== "string") {
    warn(warnings, line, `name is not text; using "${fromFile.name}" from the file name`);
  } else {
    warn(warnings, line, `frontmatter has no name; using "${fromFile.name}" from the file name`);
  }
  return fromFile;
}

/** Why a written name was changed into `name`: the first reason that applies. */
function nameChange(written: string, name: string): string {
  const kebab = toKebab(written);
  if (kebab.length > MAX_AGENT_NAME) return `is longer than ${MAX_AGENT_NAME} characters`;
  if (kebab === name) return "is not lowercase-hyphen";
  return "is a reserved device name on Windows";
}

export function nameFromFile(file: string): ResolvedName {
  const rawName = fileBaseName(file);
  return { rawName, name: toAgentName(rawName) || "agent" };
}

/** The text of a description value, or null when it is missing, empty or not text. */
export function descriptionText(value: unknown): string | null {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string" || value.trim() === "") return null;
  return value.trim();
}

export interface DerivedDescription {
  text: string;
  line: number;
}

const HEADING = /^#{1,6}\s+(.*?)\s*#*\s*$/;

/** A description taken from the body: its first heading, or its first paragraph when that comes first. */
export function deriveDescription(
  lines: readonly string[],
  bodyStart: number,
): DerivedDescription | null {
  for (let i = bodyStart; i < lines.length; i++) {
    const text = (lines[i] ?? "").trim();
    if (text === "" || /^(-{3,}|\*{3,}|_{3,})$/.test(text) || /^(```|~~~)/.test(text)) continue;
    const heading = HEADING.exec(text);
    if (heading !== null) return { text: heading[1] ?? "", line: i + 1 };
    return { text: paragraphFrom(lines, i), line: i + 1 };
  }
  return null;
}

function paragraphFrom(lines: readonly string[], start: number): string {
  const parts: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const text = (lines[i] ?? "").trim();
    if (text === "" || HEADING.test(text)) break;
    parts.push(text);
  }
  return parts.join(" ");
}

/** `tools` as a list, whether written as `Read, Write` or as a YAML list. */
export function normaliseTools(
  value: unknown,
  line: number | null,
  warnings: SpecWarning[],
): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const tools: string[] = [];
  for (const item of items) {
    if (typeof item === "string") for (const tool of splitToolList(item)) tools.push(tool);
    else if (typeof item === "number" || typeof item === "boolean") tools.push(String(item));
    else warn(warnings, line, "tools: an entry is not a tool name; skipped");
  }
  return [...new Set(tools)];
}

/** Split on commas that are not inside parentheses (`Bash(git add:*, git commit:*)` is one tool). */
function splitToolList(text: string): string[] {
  const tools: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth = Math.max(0, depth - 1);
    if (char === "," && depth === 0) {
      tools.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  tools.push(current);
  return tools.map((tool) => tool.trim()).filter((tool) => tool !== "");
}

/** A field that should be a single word of text (`model`, `memory`). */
export function textField(
  key: string,
  value: unknown,
  line: number | null,
  warnings: SpecWarning[],
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "number") return String(value);
  warn(warnings, line, `${key} is not text; ignored`);
  return null;
}

export function resolveMemory(
  value: unknown,
  line: number | null,
  warnings: SpecWarning[],
): string | null {
  const memory = textField("memory", value, line, warnings);
  if (memory !== null && !MEMORY_SCOPES.includes(memory)) {
    warn(warnings, line, `memory ${quoted(memory)} is not one of ${MEMORY_SCOPES.join(", ")}`);
  }
  return memory;
}

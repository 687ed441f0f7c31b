/**
 * Normalising generated Python with ruff (WebAssembly build, in-process): imports written anywhere at
 * the top level of a template are hoisted, then sorted and de-duplicated, unused ones removed, and
 * the file formatted. Templates can therefore stay readable fragments.
 */
import { createRequire } from "node:module";
import type { Workspace } from "@astral-sh/ruff-wasm-nodejs";
import { baselineWasmOnly } from "./wasm-baseline.js";
import { ruffSettings } from "./ruff-settings.js";

interface Position {
  row: number;
  column: number;
}
interface Edit {
  content: string | null;
  location: Position;
  end_location: Position;
}
interface RuffDiagnostic {
  code: string | null;
  message: string;
  start_location: Position;
  fix: { edits: Edit[] } | null;
}

const FIXABLE = new Set(["I001", "F401"]);
const workspaces = new Map<string, Workspace>();

type Ruff = typeof import("@astral-sh/ruff-wasm-nodejs");
let ruff: Ruff | undefined;

/**
 * Ruff's module, loaded on first use: compiling its WebAssembly costs a tenth of a second, which
 * only runs that format Python pay (in the formatter's worker thread, see python-formatter.ts).
 */
function loadRuff(): Ruff {
  if (!ruff) {
    baselineWasmOnly();
    ruff = createRequire(import.meta.url)("@astral-sh/ruff-wasm-nodejs") as Ruff;
  }
  return ruff;
}

function workspace(packageName: string): Workspace {
  let ws = workspaces.get(packageName);
  if (!ws) {
    const settings = ruffSettings(packageName);
    const { PositionEncoding, Workspace } = loadRuff();
    ws = new Workspace(
      {
        "line-length": settings.lineLength,
        "target-version": settings.targetVersion,
        lint: {
          select: ["I001", "F401", "E9", "F63", "F7", "F82"],
          isort: {
            "known-first-party": settings.knownFirstParty,
            "known-third-party": settings.knownThirdParty,
          },
        },
        format: {},
      },
      PositionEncoding.Utf16,
    );
    workspaces.set(packageName, ws);
  }
  return ws;
}

/** Offsets of the start of each line (1-based rows, 1-based columns in UTF-16 units). */
function offsetOf(text: string, pos: Position): number {
  let offset = 0;
  for (let row = 1; row < pos.row; row++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + pos.column - 1;
}

function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.location) - offsetOf(text, a.location));
  let out = text;
  for (const edit of sorted) {
    const start = offsetOf(out, edit.location);
    const end = offsetOf(out, edit.end_location);
    out = out.slice(0, start) + (edit.content ?? "") + out.slice(end);
  }
  return out;
}

/**
 * The fixes of one check round that can be applied together, as [start, end) offsets into `text`.
 * Unused-import fixes come first: every one whose span overlaps no chosen one (ruff gives the
 * unused names of one `from … import` the same grouped fix, which is taken once; removals of
 * adjacent lines do not overlap). The import sorts, each of which rewrites a whole import block,
 * are taken only in a round with no unused import.
 */
function fixesOfRound(
  text: string,
  diagnostics: RuffDiagnostic[],
): { edits: Edit[]; sortOnly: boolean } {
  const fixable = diagnostics.filter((d) => d.code !== null && FIXABLE.has(d.code) && d.fix);
  const unused = fixable.filter((d) => d.code === "F401");
  const chosen: Edit[] = [];
  const taken: Array<[number, number, string]> = [];
  let skipped = false;
  for (const d of unused.length > 0 ? unused : fixable) {
    const spans = d.fix!.edits.map((e): [number, number, string] => [
      offsetOf(text, e.location),
      offsetOf(text, e.end_location),
      e.content ?? "",
    ]);
    const same = spans.every(([a, b, c]) =>
      taken.some(([x, y, z]) => a === x && b === y && c === z),
    );
    if (same) continue;
    const clash = spans.some(([a, b]) => taken.some(([x, y]) => a < y && x < b));
    if (clash) {
      skipped = true;
      continue;
    }
    taken.push(...spans);
    chosen.push(...d.fix!.edits);
  }
  // every block sorted, and no import removed: nothing is left for another round to find
  return { edits: chosen, sortOnly: unused.length === 0 && !skipped };
}

const IMPORT_START = /^(import\s+\S|from\s+\S+\s+import\b)/;

/**
 * Move every top-level import statement to the top of the module (after a module docstring and
 * `from __future__` imports). Parenthesised and backslash-continued imports are moved whole.
 */
export function hoistImports(source: string, selfModule?: string): string {
  const lines = source.split("\n");
  const imports: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!IMPORT_START.test(line)) {
      rest.push(line);
      continue;
    }
    const statement = [line];
    let open = (line.match(/\(/g)?.length ?? 0) - (line.match(/\)/g)?.length ?? 0);
    while ((open > 0 || statement[statement.length - 1]!.endsWith("\\")) && i + 1 < lines.length) {
      const next = lines[++i]!;
      statement.push(next);
      open += (next.match(/\(/g)?.length ?? 0) - (next.match(/\)/g)?.length ?? 0);
    }
    // a layer collapsed into this module: its import of itself disappears
    if (
      selfModule === undefined ||
      !new RegExp(`^from\\s+${selfModule.replace(/\./g, "\\.")}\\s+import\\b`).test(line)
    ) {
      imports.push(statement.join("\n"));
    }
  }
  if (imports.length === 0) return source;
  const head: string[] = [];
  const body = [...rest];
  while (body.length > 0 && body[0]!.trim() === "") body.shift();
  const first = body[0] ?? "";
  const quote = first.trimStart().slice(0, 3);
  if (quote === '"""' || quote === "'''") {
    let end = 0;
    const closesOnFirst = first.trim().length >= 6 && first.trim().endsWith(quote);
    if (!closesOnFirst) {
      end = body.findIndex((l, idx) => idx > 0 && l.includes(quote));
      if (end === -1) end = 0;
    }
    head.push(...body.splice(0, end + 1));
  }
  const future = imports.filter((s) => s.startsWith("from __future__"));
  const others = imports.filter((s) => !s.startsWith("from __future__"));
  return [...head, ...future, ...others, "", ...body].join("\n");
}

export class PythonSyntaxError extends Error {}

/** Hoist, sort and prune imports, then format. Throws PythonSyntaxError when the code does not parse. */
export function normalisePython(source: string, firstParty: string, file: string): string {
  const ws = workspace(firstParty);
  const selfModule = file
    .replace(/\/__init__\.py$/, "")
    .replace(/\.py$/, "")
    .replace(/\//g, ".");
  let text = hoistImports(source, selfModule);
  for (let round = 0; round < 50; round++) {
    const diagnostics = ws.check(text) as RuffDiagnostic[];
    const syntax = diagnostics.find(
      (d) => d.code === null || d.code === "invalid-syntax" || d.code.startsWith("E9"),
    );
    if (syntax) {
      throw new PythonSyntaxError(
        `${file}:${syntax.start_location.row}: generated Python does not parse: ${syntax.message}`,
      );
    }
    const { edits, sortOnly } = fixesOfRound(text, diagnostics);
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
    if (sortOnly) break;
  }
  return ws.format(text);
}

/**
 * `comments: none`: drop full-line comments (keeping tool pragmas such as `# noqa`, `# type:`).
 * Docstrings are already left out by the templates' `doc()` helper.
 */
export function stripComments(source: string): string {
  return source
    .split("\n")
    .filter((line) => {
      const trimmed = line.trim();
      if (!trimmed.startsWith("#")) return true;
      return /^#\s*(noqa|type:|pragma|fmt:|mypy:|ruff:)/.test(trimmed) || trimmed.startsWith("#!");
    })
    .join("\n");
}

/**
 * The bin's direct path: when nothing needs asking (every answer is given, stored or accepted
 * with --defaults, and no edited file needs an "Overwrite?" at a terminal), the project is
 * generated without loading Yeoman at all: the same session steps, the same rendered files, the
 * same `.yo-rc.json`, the same rules for files the user edited. Anything that needs a question
 * goes through Yeoman (`needs-yeoman`), so prompts and conflicts look the same in both.
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { missingAnswers } from "../options/prompts.js";
import { resolveAnswers } from "../options/resolve.js";
import { staleFiles, untouchedButChanged, type Fingerprints } from "../regenerate/previous.js";
import type { GeneratedFile } from "../render/render.js";
import { createTarget, removeCreated, writeError } from "./target.js";
import {
  CONFIG_KEY,
  configToStore,
  filesAsGenerated,
  inputsFingerprint,
  missingAnswersError,
  openSession,
  readStoredConfig,
  refuseTarget,
  renderFor,
  targetFolder,
  type SessionRequest,
} from "./session.js";

export interface DirectRequest extends SessionRequest {
  defaults: boolean;
  force: boolean;
  /** Someone is at a terminal: questions and conflicts can be asked (through Yeoman). */
  interactive: boolean;
  log: (line: string) => void;
}

/** What happens to one file: Yeoman's words, so the output reads the same on both paths. */
export type FileStatus = "create" | "identical" | "force" | "conflict";

export interface FileDecision {
  file: GeneratedFile;
  status: FileStatus;
}

/**
 * Decide each file against the disk: new, identical, an update of a file the user never edited
 * (`force`), or a conflict with the user's edits (`--force` overwrites it).
 */
export function decideFiles(
  files: readonly GeneratedFile[],
  previous: Fingerprints,
  read: (file: string) => Buffer | undefined,
  force: boolean,
): FileDecision[] {
  return files.map((file) => {
    const onDisk = read(file.path);
    if (onDisk === undefined) return { file, status: "create" };
    if (onDisk.equals(Buffer.from(file.contents))) return { file, status: "identical" };
    if (force || untouchedButChanged(previous, file, read)) return { file, status: "force" };
    return { file, status: "conflict" };
  });
}

/** `.yo-rc.json` after this run: other generators' keys and ours not set now stay as they were. */
export function mergedConfig(existing: string | undefined, ours: Record<string, unknown>): string {
  let all: Record<string, unknown> = {};
  try {
    const parsed: unknown = existing === undefined ? {} : JSON.parse(existing);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      all = parsed as Record<string, unknown>;
  } catch {
    all = {};
  }
  const current = all[CONFIG_KEY];
  all[CONFIG_KEY] = {
    ...(typeof current === "object" && current !== null ? current : {}),
    ...ours,
  };
  return `${JSON.stringify(all, null, 2)}\n`;
}

function status(word: string, file: string): string {
  return `${word.padStart(9)} ${file}`;
}

export type DirectOutcome =
  | { kind: "needs-yeoman" }
  | { kind: "generated" | "up-to-date"; target: string; projectName: string; files: number };

/**
 * Generate without Yeoman, or say that Yeoman is needed (a question to ask). Throws UserError for
 * anything the user can fix; nothing is half-written: a folder this run created is removed when a
 * write fails.
 */
export async function generateDirect(request: DirectRequest): Promise<DirectOutcome> {
  const config = readStoredConfig(request.cwd);
  const session = await openSession(request, config, () => {});
  const input = {
    conventions: session.inferred.conventions,
    explicit: session.explicit,
    stored: session.stored,
  };
  if (!request.defaults) {
    const missing = missingAnswers(input);
    if (missing.length > 0) {
      if (request.interactive) return { kind: "needs-yeoman" };
      throw missingAnswersError(missing);
    }
  }
  const resolution = resolveAnswers({ ...input, prompted: {} });
  const target = targetFolder(session, resolution.answers, request.cwd);
  refuseTarget(target, session, request.force);
  if (
    session.regenerating &&
    request.spec === undefined &&
    request.answersFile === undefined &&
    Object.keys(request.flags).length === 0 &&
    config.spec !== undefined &&
    config.spec in session.previous &&
    config.inputs !== undefined &&
    target === path.resolve(request.cwd) &&
    inputsFingerprint(session, resolution, target) === config.inputs &&
    filesAsGenerated(target, session.previous)
  ) {
    // Asked for nothing new: the same answers, templates and generator, and every file as
    // generated (the spec is the project's own copy, so it is one of them). The same files
    // would come out.
    return {
      kind: "up-to-date",
      target,
      projectName: resolution.answers.projectName,
      files: Object.keys(session.previous).length,
    };
  }
  const rendered = await renderFor(session, resolution.answers, target);
  const read = (file: string): Buffer | undefined => {
    try {
      return readFileSync(path.join(target, file));
    } catch {
      return undefined;
    }
  };
  const decisions = decideFiles(rendered.files, session.previous, read, request.force);
  if (request.interactive && decisions.some((d) => d.status === "conflict"))
    return { kind: "needs-yeoman" };

  const shown = (file: string) => path.relative(request.cwd, path.join(target, file)) || file;
  const created = createTarget(target);
  try {
    for (const { file, status: word } of decisions) {
      if (word === "conflict") {
        request.log(status("conflict", shown(file.path)));
        request.log(
          `kept ${shown(file.path)} (changed since it was generated; --force overwrites it)`,
        );
        continue;
      }
      if (word === "identical") continue;
      request.log(status(word, shown(file.path)));
      const destination = path.join(target, file.path);
      mkdirSync(path.dirname(destination), { recursive: true });
      writeFileSync(destination, file.contents);
    }
    const unchanged = decisions.filter((d) => d.status === "identical").length;
    if (unchanged > 0) request.log(status("identical", `(${unchanged} files unchanged)`));
    const configFile = path.join(target, ".yo-rc.json");
    let existing: string | undefined;
    try {
      existing = readFileSync(configFile, "utf8");
    } catch {
      existing = undefined;
    }
    const stored = mergedConfig(
      existing,
      configToStore(session, resolution, rendered, target) as Record<string, unknown>,
    );
    if (stored !== existing) {
      writeFileSync(configFile, stored);
      request.log(status(existing === undefined ? "create" : "force", shown(".yo-rc.json")));
    }
  } catch (error) {
    if (created !== null) removeCreated(created);
    throw writeError(error) ?? error;
  }

  if (session.regenerating) {
    const stale = staleFiles(session.previous, new Set(rendered.files.map((f) => f.path)), read);
    for (const file of stale.remove) {
      request.log(`removed ${file} (no longer generated)`);
      removeGenerated(target, file);
    }
    for (const file of stale.keep) {
      request.log(`kept ${file} (no longer generated, but changed since; delete it if unused)`);
    }
  }
  return {
    kind: "generated",
    target,
    projectName: resolution.answers.projectName,
    files: rendered.files.length,
  };
}

/** Delete a file, then folders it leaves empty (or holding only `__pycache__`). */
export function removeGenerated(target: string, file: string): void {
  rmSync(path.join(target, file), { force: true });
  let dir = path.dirname(path.join(target, file));
  while (dir.startsWith(target + path.sep)) {
    const left = readdirSync(dir);
    if (left.some((name) => name !== "__pycache__")) break;
    rmSync(path.join(dir, "__pycache__"), { recursive: true, force: true });
    rmdirSync(dir);
    dir = path.dirname(dir);
  }
}

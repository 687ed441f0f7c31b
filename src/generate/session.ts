/**
 * One generation, as plain steps shared by the Yeoman generator and the bin's direct path:
 * what was asked for (spec, flags, answers file, stored answers) → answers → target folder →
 * rendered files → what `.yo-rc.json` records. Nothing here prompts or writes the project.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../errors.js";
import type { Answers } from "../options/answers.js";
import { readAnswersFile } from "../options/answers-file.js";
import { OPTIONS, type OptionDef } from "../options/definitions.js";
import type { Resolved } from "../options/resolve.js";
import { inferFromFile, type Inferred } from "../pipeline.js";
import { buildPlan } from "../plan/plan.js";
import { fingerprint, fingerprints, type Fingerprints } from "../regenerate/previous.js";
import type { GeneratedFile } from "../render/render.js";
import { BUILTIN_TEMPLATES, PROJECT_TEMPLATES } from "../render/templates.js";
import { targetProblem } from "./target.js";

/** The generator's key in `.yo-rc.json` (Yeoman names it after the package). */
export const CONFIG_KEY = "generator-fastapi-agent";

export interface StoredConfig {
  spec?: string;
  answers?: Partial<Answers>;
  /** The user's template folder (`--templates`), remembered for re-runs. */
  templates?: string;
  /** What the last run generated (path → fingerprint), to find files a changed answer drops. */
  files?: Fingerprints;
  /**
   * A fingerprint of what the files were made from besides the spec (the generator, its
   * templates, the user's templates and the answers): see inputsFingerprint.
   */
  inputs?: string;
}

/** Our part of a folder's `.yo-rc.json`, or null when there is none (or it is not JSON). */
function ourConfig(dir: string): StoredConfig | null {
  try {
    const all = JSON.parse(readFileSync(path.join(dir, ".yo-rc.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const ours = all[CONFIG_KEY];
    return typeof ours === "object" && ours !== null ? (ours as StoredConfig) : null;
  } catch {
    return null;
  }
}

/** Our part of a folder's `.yo-rc.json`, or {} when there is none. */
export function readStoredConfig(dir: string): StoredConfig {
  return ourConfig(dir) ?? {};
}

/** A folder generated before: its `.yo-rc.json` holds the spec and the answers of a re-run. */
export function isGeneratedProject(dir: string): boolean {
  return ourConfig(dir) !== null;
}

export interface SessionRequest {
  /** The folder the command runs in: a generated project's `.yo-rc.json` there is a re-run. */
  cwd: string;
  spec?: string | undefined;
  /** Already read by the caller (the bin reads the spec to print its warnings first). */
  inferred?: Inferred | undefined;
  /** Flags, parsed. */
  flags: Partial<Answers>;
  answersFile?: string | undefined;
  templates?: string | undefined;
}

export interface Session {
  inferred: Inferred;
  specPath: string | undefined;
  /** Flags over the answers file: these win. */
  explicit: Partial<Answers>;
  stored: Partial<Answers>;
  previous: Fingerprints;
  /** A generated project is being generated again (its stored answers are used). */
  regenerating: boolean;
  /** The user's template folder (absolute), if any. */
  templates: string | undefined;
}

/**
 * Gather everything a run knows before asking anything. `config` is the cwd's stored config;
 * `warn` receives the spec's warnings when the spec is read here.
 */
export async function openSession(
  request: SessionRequest,
  config: StoredConfig,
  warn: (specPath: string, inferred: Inferred) => void,
): Promise<Session> {
  const templates = request.templates
    ? path.resolve(request.cwd, request.templates)
    : config.templates
      ? path.resolve(request.cwd, config.templates)
      : undefined;
  let specPath = request.spec;
  let explicit: Partial<Answers> = {};
  if (request.answersFile) {
    const file = await readAnswersFile(request.answersFile);
    explicit = { ...file.answers };
    if (!specPath && file.spec)
      specPath = path.resolve(path.dirname(request.answersFile), file.spec);
  }
  explicit = { ...explicit, ...request.flags };
  if (!specPath && config.spec) specPath = path.resolve(request.cwd, config.spec);
  let inferred = request.inferred;
  if (!inferred) {
    if (!specPath) throw new UserError("no agent spec given: yo fastapi-agent <spec.md>");
    inferred = inferFromFile(specPath);
    warn(specPath, inferred);
  }
  return {
    inferred,
    specPath,
    explicit,
    stored: config.answers ?? {},
    previous: typeof config.files === "object" && config.files !== null ? config.files : {},
    regenerating: Boolean(config.answers),
    templates,
  };
}

/** Answers are missing and nobody is at a terminal to give them. */
export function missingAnswersError(missing: ReadonlyArray<keyof Answers>): UserError {
  return new UserError(
    `stdin is not a terminal and ${missing.length} answers are missing (${missing.join(", ")}): ` +
      "pass --defaults to accept the inferred values, or give them as flags or with --answers FILE",
  );
}

/** Where the project goes: the project itself on a re-run, else the output folder. */
export function targetFolder(session: Session, answers: Answers, cwd: string): string {
  return session.regenerating && !session.explicit.outputDir
    ? cwd
    : path.resolve(cwd, answers.outputDir);
}

/** A target that cannot be a folder, or a non-empty folder that is not this project: refused. */
export function refuseTarget(target: string, session: Session, force: boolean): void {
  const problem = targetProblem(target);
  if (problem !== null) throw new UserError(problem);
  if (force || !existsSync(target)) return;
  const entries = readdirSync(target);
  if (entries.length === 0) return;
  if (entries.includes(".yo-rc.json") && session.regenerating) return;
  throw new UserError(`${target} is not empty: choose another folder or pass --force`);
}

export interface Rendered {
  files: GeneratedFile[];
  /** The agent's name as the plan made it a file name (`.claude/agents/<name>.md`). */
  agentName: string;
}

/** Plan and render the project: the user's template roots first, then the built-in ones. */
export async function renderFor(
  session: Session,
  answers: Answers,
  target: string,
): Promise<Rendered> {
  const roots = [session.templates, path.join(target, PROJECT_TEMPLATES)].filter(
    (root): root is string => root !== undefined && existsSync(root),
  );
  const plan = buildPlan(session.inferred, answers);
  // Loaded here, not above: the renderer brings ruff (WebAssembly) and prettier, which a re-run
  // that finds the project up to date never needs.
  const { startPythonFormatter } = await import("../render/python-formatter.js");
  startPythonFormatter();
  const { renderProject } = await import("../render/render.js");
  return { files: await renderProject(plan, { roots }), agentName: plan.spec.name };
}

/** The answers a re-run reads back: all but those that are not stored (the output folder). */
function storedAnswers(resolution: Resolved): Partial<Answers> {
  const answers: Record<string, unknown> = {};
  for (const opt of OPTIONS as readonly OptionDef[]) {
    if (!opt.notStored) answers[opt.key] = resolution.answers[opt.key];
  }
  return answers as Partial<Answers>;
}

/** What `.yo-rc.json` records for a re-run: the agent copy, the answers, the files, the templates. */
export function configToStore(
  session: Session,
  resolution: Resolved,
  rendered: Rendered,
  target: string,
): StoredConfig {
  return {
    spec: `.claude/agents/${rendered.agentName}.md`,
    answers: storedAnswers(resolution),
    files: fingerprints(rendered.files),
    inputs: inputsFingerprint(session, resolution, target),
    ...(session.templates ? { templates: path.relative(target, session.templates) || "." } : {}),
  };
}

/** The compiled generator and its built-in templates: what turns answers into files. */
const GENERATOR_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Every file under `dir` (sorted), as path and bytes, fed to `hash`; nothing when it is absent. */
function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return;
  }
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    hash.update(`\0${path.relative(dir, file)}\0`);
    hash.update(readFileSync(file));
  }
}

/**
 * What the files of a run were made from, besides the agent spec: the generator (its compiled code
 * and templates), the user's template roots and the answers. The spec of a re-run is the project's
 * own copy, one of the generated files: a re-run from it whose inputs fingerprint equals the stored
 * one, in a project whose files are all as generated, has nothing to do.
 */
export function inputsFingerprint(session: Session, resolution: Resolved, target: string): string {
  const hash = createHash("sha256");
  hashTree(hash, GENERATOR_ROOT);
  hashTree(hash, BUILTIN_TEMPLATES);
  for (const root of [session.templates, path.join(target, PROJECT_TEMPLATES)]) {
    if (root !== undefined) hashTree(hash, root);
  }
  hash.update(`\0answers\0${JSON.stringify(storedAnswers(resolution))}`);
  return hash.digest("hex").slice(0, 16);
}

/** Every file the last run generated is on disk exactly as generated. */
export function filesAsGenerated(target: string, previous: Fingerprints): boolean {
  const entries = Object.entries(previous);
  if (entries.length === 0) return false;
  return entries.every(([file, print]) => {
    try {
      return fingerprint(readFileSync(path.join(target, file))) === print;
    } catch {
      return false;
    }
  });
}

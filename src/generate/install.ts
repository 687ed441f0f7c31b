/**
 * The install step, for both the Yeoman generator and the bin's direct path: the project's
 * `.venv`, `pip install -e .[dev]`, and `uv lock` (uv is a dev dependency), which writes the
 * `uv.lock` the Dockerfile installs from.
 *
 * A finished install is recorded in `.venv/.fastapi-agent-installed` with a fingerprint of the
 * pyproject.toml it installed: a re-run with the same pyproject.toml keeps the venv as it is, and
 * an install that failed or was interrupted (no marker) is done again by the next run.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";

export const VENV = ".venv";
export const INSTALLED_MARKER = path.join(VENV, ".fastapi-agent-installed");
/** The exit code of a command stopped by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

export function dependencyFingerprint(pyproject: string | Buffer): string {
  return `sha256:${createHash("sha256").update(pyproject).digest("hex")}`;
}

/** What is on disk before the install step. */
export interface InstallState {
  /** `.venv/bin/pip` exists: the venv was created (an interrupted `python3 -m venv` may lack it). */
  hasPip: boolean;
  /** The fingerprint recorded by the last finished install, if any. */
  installed: string | undefined;
  /** The fingerprint of the pyproject.toml now on disk. */
  fingerprint: string;
}

export interface InstallDecision {
  createVenv: boolean;
  install: boolean;
}

/** Install only when pyproject.toml changed since the last finished install; never recreate a venv. */
export function decideInstall(state: InstallState): InstallDecision {
  if (!state.hasPip) return { createVenv: true, install: true };
  return { createVenv: false, install: state.installed !== state.fingerprint };
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export function readInstallState(root: string): InstallState {
  return {
    hasPip: existsSync(path.join(root, VENV, "bin", "pip")),
    installed: readIfExists(path.join(root, INSTALLED_MARKER))?.trim(),
    fingerprint: dependencyFingerprint(readFileSync(path.join(root, "pyproject.toml"))),
  };
}

/** A running command: a promise that rejects when it fails, and can be stopped. */
export type Subprocess = Promise<unknown> & { kill: (signal?: NodeJS.Signals) => boolean };

export interface InstallRun {
  root: string;
  decision: InstallDecision;
  fingerprint: string;
  /** The project folder as the user should read it in a message (relative to where they are). */
  shown: string;
  run: (command: string, args: string[]) => Subprocess;
  /** One line as each command starts: pip is silent (`--quiet`) for a minute or more. */
  log: (line: string) => void;
}

/** "the project is generated in <dir>, …; run … inside <dir> to finish", or "here" for ".". */
function leftAndHint(shown: string): [left: string, hint: string] {
  return shown === "."
    ? ["the project is generated here", 'run "fastapi-agent new" here again to finish']
    : [`the project is generated in ${shown}`, `run "fastapi-agent new" inside ${shown} to finish`];
}

function failure(command: string, error: unknown): string {
  const details = error as { code?: unknown; exitCode?: unknown; signal?: unknown };
  if (details.code === "ENOENT") return `${command} was not found`;
  if (typeof details.exitCode === "number")
    return `${command} exited with code ${details.exitCode}`;
  if (typeof details.signal === "string") return `${command} was stopped by ${details.signal}`;
  return `${command} failed`;
}

/**
 * Create the venv if needed, pip-install the project and lock its dependencies. On failure or
 * Ctrl-C, one line says what is left and how to finish (the project files are kept); Ctrl-C exits
 * with 130.
 */
export async function installDependencies(options: InstallRun): Promise<void> {
  const { root, decision } = options;
  const [left, hint] = leftAndHint(options.shown);
  const marker = path.join(root, INSTALLED_MARKER);
  const venv = path.join(root, VENV);
  let interrupted = false;
  let current: Subprocess | undefined;
  // A Ctrl-C at a terminal reaches the running command too, which stops on its own; a SIGINT sent
  // to this process alone is passed on if the command is still running a moment later.
  const onInterrupt = () => {
    interrupted = true;
    const running = current;
    setTimeout(() => running?.kill("SIGTERM"), 1000).unref();
  };
  const interruptedError = () =>
    new UserError(`install interrupted: ${left}, its .venv is incomplete; ${hint}`, {
      exitCode: INTERRUPTED_EXIT_CODE,
    });
  const step = async (name: string, what: string, command: string, args: string[]) => {
    if (interrupted) throw interruptedError();
    options.log(`  ${name}: ${what}`);
    current = options.run(command, args);
    try {
      await current;
    } catch (error) {
      // A Ctrl-C reaches the command and this process at once: the command may be seen to stop
      // a moment before the interrupt is.
      if (!interrupted) await new Promise((resolve) => setTimeout(resolve, 100));
      if (interrupted || (error as { signal?: unknown }).signal === "SIGINT") {
        throw interruptedError();
      }
      throw new UserError(
        `install failed (${failure(name, error)}): ${left}, its .venv is incomplete; ` +
          `fix the problem above, then ${hint}`,
      );
    } finally {
      current = undefined;
    }
  };
  process.on("SIGINT", onInterrupt);
  try {
    rmSync(marker, { force: true });
    if (decision.createVenv)
      await step("python3 -m venv", "creating .venv", "python3", ["-m", "venv", venv]);
    await step(
      "pip install",
      "the project and its dev tools (a minute or two the first time)",
      path.join(venv, "bin", "pip"),
      ["install", "--quiet", "-e", ".[dev]"],
    );
    await step("uv lock", "writing uv.lock", path.join(venv, "bin", "uv"), ["lock", "--quiet"]);
    writeFileSync(marker, `${options.fingerprint}\n`);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

/**
 * The install step of a generated project: skipped when its dependencies are installed already,
 * else the venv (when missing) and pip, with one line saying what is happening.
 */
export async function installProject(
  root: string,
  options: { log: (line: string) => void; run: InstallRun["run"] },
): Promise<void> {
  const state = readInstallState(root);
  const decision = decideInstall(state);
  if (!decision.install) {
    options.log("Dependencies unchanged: .venv kept");
    return;
  }
  options.log(
    decision.createVenv
      ? "Installing the project into .venv (skip with --skip-install)"
      : "Dependencies changed or not fully installed: installing the project into .venv",
  );
  await installDependencies({
    root,
    decision,
    fingerprint: state.fingerprint,
    shown: path.relative(process.cwd(), root) || ".",
    run: options.run,
    log: options.log,
  });
}

/**
 * Run a command in `cwd` with the terminal's stdio, as a Subprocess: it rejects with `code`
 * (ENOENT), `exitCode` or `signal` as the install step reports them.
 */
export function spawnStep(cwd: string): InstallRun["run"] {
  return (command, args) => {
    const child = spawn(command, args, { cwd, stdio: "inherit" });
    const done = new Promise<void>((resolve, reject) => {
      child.on("error", (error) => reject(error));
      child.on("exit", (exitCode, signal) => {
        if (exitCode === 0) resolve();
        else reject(Object.assign(new Error(`${command} failed`), { exitCode, signal }));
      });
    });
    return Object.assign(done, { kill: (signal?: NodeJS.Signals) => child.kill(signal) });
  };
}

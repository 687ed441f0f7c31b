import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BIN } from "./paths.js";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real bin with stdin closed, as CI and scripts do. */
export function cli(args: string[], cwd?: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The per-file report of a run (Yeoman's, and the direct path's in the same words):
 * path → `create`, `identical`, `conflict`, `skip` or `force`.
 */
export function statuses(output: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of output.matchAll(/^\s*(create|identical|conflict|skip|force)\s+(\S+)$/gm)) {
    found.set(match[2]!, match[1]!);
  }
  return found;
}

/** A stack trace line, which users must never see. */
export const STACK_LINE = /^\s+at .+[:(]/m;

export const PTY_DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), "pty_session.py");

/** A step of a terminal session: wait for `pattern`, type `keys`, then (optionally) wait for `answered`. */
export type TerminalStep =
  [pattern: string, keys: string] | [pattern: string, keys: string, answered: string];

/**
 * Runs a command in a pseudo-terminal (through python3's `pty`), typing `keys` each time the
 * output matches `pattern`, step by step: what a person at the keyboard sees and does.
 */
export function terminalCommand(
  steps: TerminalStep[],
  command: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): { status: number | null; transcript: string } {
  const result = spawnSync("python3", [PTY_DRIVER, JSON.stringify(steps), "--", ...command], {
    cwd,
    encoding: "utf8",
    timeout: 180_000,
    env: { ...process.env, FORCE_COLOR: "0", ...env },
  });
  return { status: result.status, transcript: result.stdout + result.stderr };
}

/** The real bin in a pseudo-terminal. */
export function terminalSession(
  steps: TerminalStep[],
  args: string[],
  cwd: string,
): { status: number | null; transcript: string } {
  return terminalCommand(steps, [process.execPath, BIN, ...args], cwd);
}

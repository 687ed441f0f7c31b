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

/** A stack trace line, which users must never see. */
export const STACK_LINE = /^\s+at .+[:(]/m;

/**
 * Runs the real bin in a pseudo-terminal (through python3's `pty`), typing `keys` each time the
 * output matches `pattern`, step by step: what a person at the keyboard sees and does.
 */
export function terminalSession(
  steps: Array<[pattern: string, keys: string]>,
  args: string[],
  cwd: string,
): { status: number | null; transcript: string } {
  const driver = path.join(path.dirname(fileURLToPath(import.meta.url)), "pty_session.py");
  const result = spawnSync(
    "python3",
    [driver, JSON.stringify(steps), "--", process.execPath, BIN, ...args],
    { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, FORCE_COLOR: "0" } },
  );
  return { status: result.status, transcript: result.stdout + result.stderr };
}

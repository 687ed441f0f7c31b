import { spawnSync } from "node:child_process";
import { BIN } from "./paths.js";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real bin with stdin closed, as CI and scripts do. */
export function cli(args: string[], cwd?: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A stack trace line, which users must never see. */
export const STACK_LINE = /^\s+at .+[:(]/m;

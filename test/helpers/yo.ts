/**
 * `yo fastapi-agent` as a person installs it: the generator found through Yeoman's lookup of
 * node_modules, run as a non-root user (as root, yo drops privileges: see the README).
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO } from "./paths.js";

export const IS_ROOT = process.getuid?.() === 0;
export const YO = path.join(REPO, "node_modules", ".bin", "yo");
/** nobody:nogroup on Debian. */
const NOBODY = 65534;

export interface YoWorkspace {
  /** Where yo runs (owned by the user yo runs as). */
  cwd: string;
  /** The command line: yo, as nobody when the tests run as root. */
  command: (args: string[]) => string[];
  env: NodeJS.ProcessEnv;
}

export function yoWorkspace(spec: string, flags: string[] = ["--skip-install"]): YoWorkspace {
  const root = mkdtempSync(path.join(tmpdir(), "fa-yo-"));
  chmodSync(root, 0o755);
  mkdirSync(path.join(root, "node_modules"));
  symlinkSync(REPO, path.join(root, "node_modules", "generator-fastapi-agent"));
  const cwd = path.join(root, "work");
  const home = path.join(root, "home");
  mkdirSync(cwd);
  mkdirSync(home);
  const yo = [YO, "fastapi-agent", spec, ...flags, "--no-insight"];
  if (IS_ROOT) {
    chownSync(cwd, NOBODY, NOBODY);
    chownSync(home, NOBODY, NOBODY);
  }
  return {
    cwd,
    env: { HOME: home, NO_UPDATE_NOTIFIER: "1" },
    command: (args) =>
      IS_ROOT
        ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...yo, ...args]
        : [...yo, ...args],
  };
}

/**
 * The folder a project is generated into. It may be any path the user names; it is created here,
 * one level at a time, so that a path that cannot be a folder fails with one line (and Node's
 * recursive mkdir, which never returns for some paths such as /proc/x, is never reached), and so
 * that a run that fails afterwards can remove exactly what it created.
 */
import { mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";

const MKDIR_PROBLEMS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  ENAMETOOLONG: "a name in the path is too long",
  ENOENT: "its folder cannot hold files or folders",
  ENOTDIR: "a folder in its path is a file",
  EEXIST: "something else was created there meanwhile",
};

function code(error: unknown): string {
  return error instanceof Error && "code" in error ? String(error.code) : "";
}

/**
 * A file system error met while writing the project (a name too long, a full disk) as one line
 * for the user, or null for any other error.
 */
export function writeError(error: unknown): UserError | null {
  const where = error instanceof Error && "path" in error ? error.path : undefined;
  const problem = MKDIR_PROBLEMS[code(error)];
  if (typeof where !== "string" || problem === undefined) return null;
  return new UserError(`cannot write ${where}: ${problem}`);
}

function kindOf(file: string): "dir" | "other" | "missing" {
  try {
    return statSync(file).isDirectory() ? "dir" : "other";
  } catch (error) {
    // Under a file (ENOTDIR): missing, and the walk up finds the file.
    if (code(error) === "ENOENT" || code(error) === "ENOTDIR") return "missing";
    throw new UserError(`cannot use ${file}: ${MKDIR_PROBLEMS[code(error)] ?? code(error)}`);
  }
}

/** Why `target` cannot be generated into, or null (it is a folder, or can be created). */
export function targetProblem(target: string): string | null {
  let dir = path.resolve(target);
  for (;;) {
    const kind = kindOf(dir);
    if (kind === "other") {
      return dir === path.resolve(target)
        ? `${target} is a file, not a folder`
        : `cannot create ${target}: ${dir} is a file, not a folder`;
    }
    if (kind === "dir") return null;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * Create `target` and its missing parents. Returns the topmost folder created (removing it undoes
 * this), or null when `target` already was a folder.
 */
export function createTarget(target: string): string | null {
  const problem = targetProblem(target);
  if (problem !== null) throw new UserError(problem);
  const missing: string[] = [];
  for (let dir = path.resolve(target); kindOf(dir) === "missing"; dir = path.dirname(dir)) {
    missing.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if (missing[0] !== undefined && missing[0] !== dir) removeCreated(missing[0]);
      const why = MKDIR_PROBLEMS[code(error)] ?? `cannot create the folder (${code(error)})`;
      throw new UserError(`cannot create ${target}: ${why}`);
    }
  }
  return missing[0] ?? null;
}

/** Remove a folder created by createTarget, with everything written into it. */
export function removeCreated(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

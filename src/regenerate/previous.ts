/**
 * What an earlier run generated, so a re-run can tell which files a changed answer no longer
 * produces. Each generated file is remembered by a fingerprint of the contents we wrote: a file
 * still on disk with that fingerprint is ours and can go; anything else the user touched stays.
 */
import { createHash } from "node:crypto";

/** Path (POSIX, relative to the project) → fingerprint of what was generated there. */
export type Fingerprints = Record<string, string>;

export function fingerprint(contents: string | Buffer): string {
  return createHash("sha256").update(contents).digest("hex").slice(0, 16);
}

export function fingerprints(
  files: ReadonlyArray<{ path: string; contents: string }>,
): Fingerprints {
  const out: Fingerprints = {};
  for (const file of files) out[file.path] = fingerprint(file.contents);
  return out;
}

export interface StaleFiles {
  /** Generated before, untouched since, not generated any more: safe to delete. */
  remove: string[];
  /** Generated before and not any more, but changed by the user: kept and reported. */
  keep: string[];
}

/**
 * The file was generated before, is on disk exactly as generated then (the user never edited it),
 * and now changes: an update, not a conflict with the user's work.
 */
export function untouchedButChanged(
  previous: Fingerprints,
  file: { path: string; contents: string },
  read: (file: string) => Buffer | undefined,
): boolean {
  const print = previous[file.path];
  if (!print || fingerprint(file.contents) === print) return false;
  const onDisk = read(file.path);
  return onDisk !== undefined && fingerprint(onDisk) === print;
}

/** `.yo-rc.json` can be edited by hand: only plain relative paths inside the project count. */
function insideProject(file: string): boolean {
  if (typeof file !== "string" || file === "" || file.includes("\\") || file.includes("\0"))
    return false;
  if (/^[a-zA-Z]:/.test(file) || file.startsWith("/")) return false;
  return file.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

/**
 * Files the previous run generated that this run does not. `read` returns the file's current
 * contents, or undefined when it is gone.
 */
export function staleFiles(
  previous: Fingerprints,
  current: ReadonlySet<string>,
  read: (file: string) => Buffer | undefined,
): StaleFiles {
  const stale: StaleFiles = { remove: [], keep: [] };
  for (const [file, print] of Object.entries(previous).sort(([a], [b]) => a.localeCompare(b))) {
    if (current.has(file) || !insideProject(file)) continue;
    const contents = read(file);
    if (contents === undefined) continue;
    (fingerprint(contents) === print ? stale.remove : stale.keep).push(file);
  }
  return stale;
}

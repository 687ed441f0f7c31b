/**
 * A folder's tree as names, sizes and modification times, to show that a run changed nothing
 * outside the folder it was asked to write.
 */
import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";

export interface Entry {
  kind: "file" | "dir" | "link" | "other";
  size: number;
  mtimeMs: number;
}

/**
 * Every entry under `root` (recursively, symbolic links not followed), keyed by its path relative
 * to `root`. Paths in `skip` (relative, POSIX) are left out with everything below them; the
 * modification time of the folder that holds (or would hold) a skipped path is left out too,
 * since creating or removing that entry changes it.
 */
export function snapshotTree(root: string, skip: readonly string[] = []): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const walk = (rel: string): void => {
    const full = rel === "" ? root : path.join(root, rel);
    const stat = lstatSync(full);
    const kind = stat.isFile()
      ? "file"
      : stat.isDirectory()
        ? "dir"
        : stat.isSymbolicLink()
          ? "link"
          : "other";
    const names = kind === "dir" ? readdirSync(full).sort() : [];
    const holdsSkipped = skip.some((s) => path.posix.dirname(s) === (rel === "" ? "." : rel));
    out[rel === "" ? "." : rel] = {
      kind,
      size: kind === "dir" ? 0 : stat.size,
      mtimeMs: holdsSkipped ? 0 : stat.mtimeMs,
    };
    for (const name of names) {
      const child = rel === "" ? name : `${rel}/${name}`;
      if (!skip.includes(child)) walk(child);
    }
  };
  walk("");
  return out;
}

/**
 * Template roots, first match wins: a user's `--templates` folder, the project's
 * `.fastapi-agent/templates/`, then the built-in templates. Includes resolve through the same
 * roots, so an override can include built-in partials; `builtin:` names the built-in one directly.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RenderError } from "./errors.js";

export const BUILTIN_TEMPLATES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "templates",
);

/** Where a project keeps its own templates (written by `fastapi-agent eject`). */
export const PROJECT_TEMPLATES = path.join(".fastapi-agent", "templates");

const BUILTIN_PREFIX = "builtin:";

export function resolveTemplate(roots: readonly string[], logical: string): string {
  if (logical.startsWith(BUILTIN_PREFIX)) {
    const file = path.join(BUILTIN_TEMPLATES, logical.slice(BUILTIN_PREFIX.length));
    if (existsSync(file)) return file;
  } else {
    for (const root of roots) {
      const candidate = path.join(root, logical);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new RenderError(`template not found: ${logical} (looked in ${roots.join(", ")})`);
}

/**
 * An EJS `includer` for the template `from`: the included path, relative to the including
 * template, found through the roots. EJS resolves a relative include only when the file exists
 * beside the including template; an override in a user root including a built-in partial it does
 * not copy gets no resolved path, so it is resolved here against `from`.
 */
export function includer(roots: readonly string[], from: string) {
  return (original: string, resolved: string | undefined): { filename: string } => {
    if (original.startsWith(BUILTIN_PREFIX)) return { filename: resolveTemplate(roots, original) };
    const target = resolved ?? path.resolve(path.dirname(from), original);
    const root = roots.find((r) => target.startsWith(r + path.sep));
    if (!root) return { filename: target };
    return { filename: resolveTemplate(roots, path.relative(root, target)) };
  };
}

function walk(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? walk(full, rel) : [rel];
  });
}

/** Every built-in template, as logical paths (`app/main.py.ejs`). */
export function builtinTemplates(): string[] {
  return walk(BUILTIN_TEMPLATES).sort();
}

/**
 * Templates of the user's roots that have no built-in twin: they are rendered too, to their path
 * without `.ejs`. Names starting with `_` are partials, only included.
 */
export function extraTemplates(
  userRoots: readonly string[],
): Array<{ root: string; logical: string }> {
  const builtin = new Set(builtinTemplates());
  const seen = new Set<string>();
  const extras: Array<{ root: string; logical: string }> = [];
  for (const root of userRoots) {
    for (const logical of walk(root)) {
      if (builtin.has(logical) || seen.has(logical)) continue;
      if (logical.split("/").some((part) => part.startsWith("_"))) continue;
      seen.add(logical);
      extras.push({ root, logical });
    }
  }
  return extras;
}

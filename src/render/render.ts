/**
 * plan → files. Renders every manifest entry that applies with EJS, joins entries that share a
 * path, then normalises each file by type (ruff for Python, prettier for Markdown/TOML/YAML/JSON).
 * Pure: nothing is written here, so a failure leaves nothing half-written.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ejs from "ejs";
import { packageInits } from "../plan/layout.js";
import { entryEntities, MANIFEST, type ManifestEntry } from "../plan/manifest.js";
import type { Entity, Plan } from "../plan/plan.js";
import { RenderError } from "./errors.js";
import { formatMarkdown, formatPlain } from "./text-format.js";
import { helpers, type Helpers } from "./helpers.js";
import { formatPython } from "./python-formatter.js";
import { PythonSyntaxError, stripComments } from "./python.js";
import { BUILTIN_TEMPLATES, extraTemplates, includer, resolveTemplate } from "./templates.js";

export { RenderError };

export interface GeneratedFile {
  /** POSIX path relative to the project root. */
  path: string;
  contents: string;
}

export { BUILTIN_TEMPLATES };

export interface RenderOptions {
  /** The user's template roots, first match wins; the built-in root is always last. */
  roots?: string[];
  /**
   * Format the built-in Markdown/TOML/YAML/JSON output with prettier too (as the user's templates
   * always are), instead of the light rules of text-format.ts: for the test that checks those
   * rules leave nothing for prettier to change.
   */
  prettierForBuiltins?: boolean;
}

/** `ejs:12` style details folded into one line: `<file>:<line>: <message>`. */
function describeEjsError(file: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lineMatch = /:(\d+)\n/.exec(message);
  const lines = message.split("\n").filter((l) => l.trim() !== "");
  const last = lines[lines.length - 1] ?? message;
  return `${file}${lineMatch ? `:${lineMatch[1]}` : ""}: ${last.trim()}`;
}

/** Every output path must stay inside the project. */
function safeRelative(output: string): string {
  const normal = path.posix.normalize(output.replace(/\\/g, "/"));
  if (
    normal.startsWith("../") ||
    normal === ".." ||
    path.posix.isAbsolute(normal) ||
    /^[a-zA-Z]:/.test(normal)
  ) {
    throw new RenderError(`refusing to write outside the project: ${output}`);
  }
  return normal;
}

/**
 * What every template receives (documented in docs/templates.md): the whole plan, spread (so
 * `c.orm`, `f.owner`, `paths`, `resource` …), the entity of a per-entity template, and `h`.
 */
export interface TemplateContext extends Plan {
  /** The entity being rendered, for templates rendered once per entity; otherwise undefined. */
  entity: Entity | undefined;
  /** Escaping, import and query helpers (src/render/helpers.ts). */
  h: Helpers;
}

export function templateContext(plan: Plan, entity?: Entity): TemplateContext {
  return { ...plan, entity, h: helpers(plan) };
}

interface Rendered {
  path: string;
  text: string;
  raw: boolean;
  /** Rendered from a built-in template (not one of the user's). */
  builtin: boolean;
}

function renderFile(
  plan: Plan,
  templateFile: string,
  roots: string[],
  entity: Entity | undefined,
): string {
  const source = readFileSync(templateFile, "utf8");
  try {
    return ejs.render(source, templateContext(plan, entity), {
      filename: templateFile,
      async: false,
      includer: includer(roots, templateFile),
    });
  } catch (error) {
    if (error instanceof RenderError) throw error;
    throw new RenderError(describeEjsError(templateFile, error));
  }
}

function renderEntry(plan: Plan, entry: ManifestEntry, roots: string[]): Rendered[] {
  const templateFile = resolveTemplate(roots, entry.template.replace("/ORM/", `/${plan.c.orm}/`));
  const targets: Array<Entity | undefined> = entry.forEach
    ? entryEntities(plan, entry)
    : [undefined];
  return targets.map((entity) => ({
    path: safeRelative(entry.to(plan, entity)),
    text: renderFile(plan, templateFile, roots, entity),
    raw: entry.raw ?? false,
    builtin: templateFile.startsWith(BUILTIN_TEMPLATES + path.sep),
  }));
}

type Formatter = (text: string, file: string) => Promise<string>;

async function prettierFormatter(): Promise<Formatter> {
  const prettier = await import("prettier");
  const toml = await import("prettier-plugin-toml");
  return (text, file) =>
    prettier.format(text, { filepath: file, plugins: [toml.default ?? toml], printWidth: 100 });
}

const PRETTIER_EXTENSIONS = new Set([".md", ".json", ".yaml", ".yml", ".toml"]);

export async function renderProject(
  plan: Plan,
  options: RenderOptions = {},
): Promise<GeneratedFile[]> {
  const roots = [...(options.roots ?? []), BUILTIN_TEMPLATES];
  const byPath = new Map<string, string[]>();
  const raw = new Set<string>();
  /** Paths with a part from the user's templates: formatted by prettier. */
  const fromUser = new Set<string>();
  for (const entry of MANIFEST) {
    if (entry.when && !entry.when(plan)) continue;
    for (const rendered of renderEntry(plan, entry, roots)) {
      const parts = byPath.get(rendered.path) ?? [];
      parts.push(rendered.text);
      byPath.set(rendered.path, parts);
      if (rendered.raw) raw.add(rendered.path);
      if (!rendered.builtin) fromUser.add(rendered.path);
    }
  }
  for (const extra of extraTemplates(options.roots ?? [])) {
    const out = safeRelative(extra.logical.replace(/\.ejs$/, ""));
    fromUser.add(out);
    const text = renderFile(plan, path.join(extra.root, extra.logical), roots, undefined);
    byPath.set(out, [...(byPath.get(out) ?? []), text]);
  }
  const packages = [plan.project.packageName, "tests"];
  for (const init of packages.flatMap((pkg) => packageInits(byPath.keys(), pkg))) {
    if (!byPath.has(init)) byPath.set(init, [""]);
  }

  const entries = [...byPath.entries()]
    .map(([file, parts]): [string, string] => [file, parts.join("\n\n")])
    .sort(([a], [b]) => a.localeCompare(b));
  // Every Python file is sent to the formatter first (it works through them in its own thread
  // while the others are formatted here); each promise is awaited in the loop below.
  const python = new Map<string, Promise<string>>();
  for (const [file, text] of entries) {
    if (raw.has(file) || path.posix.extname(file) !== ".py") continue;
    const source = plan.c.comments === "none" ? stripComments(text) : text;
    const formatted = formatPython(source, plan.project.packageName, file);
    formatted.catch(() => {}); // rejections are handled where it is awaited
    python.set(file, formatted);
  }
  let prettier: Formatter | undefined;
  const files: GeneratedFile[] = [];
  for (const [file, rendered] of entries) {
    let text = rendered;
    const ext = path.posix.extname(file);
    try {
      if (raw.has(file)) {
        // kept exactly as rendered
      } else if (ext === ".py") {
        text = await python.get(file)!;
      } else if (PRETTIER_EXTENSIONS.has(ext)) {
        if (fromUser.has(file) || options.prettierForBuiltins) {
          prettier ??= await prettierFormatter();
          text = await prettier(text, file);
        } else {
          text = ext === ".md" ? formatMarkdown(text) : formatPlain(text);
        }
      } else {
        text = `${text.replace(/\s+$/, "")}\n`;
      }
    } catch (error) {
      if (error instanceof PythonSyntaxError) throw new RenderError(error.message);
      throw new RenderError(
        `${file}: could not be formatted: ${(error as Error).message.split("\n")[0]}`,
      );
    }
    files.push({ path: file, contents: text });
  }
  return files;
}

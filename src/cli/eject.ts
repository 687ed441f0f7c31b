/**
 * `fastapi-agent eject [template…]`: copy built-in templates into the project's
 * `.fastapi-agent/templates/`, where they override the built-in ones on the next run.
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import { BUILTIN_TEMPLATES, builtinTemplates, PROJECT_TEMPLATES } from "../render/templates.js";
import { parseArgs, type CommandFlag } from "./args.js";
import type { Io } from "./main.js";

const EJECT_FLAGS: CommandFlag[] = [
  {
    flag: "dir",
    kind: "string",
    value: "DIR",
    description: "The project folder (default: the current folder)",
  },
  { flag: "list", kind: "boolean", description: "List the built-in templates and exit" },
  { flag: "force", kind: "boolean", description: "Overwrite templates ejected before" },
  { flag: "help", kind: "boolean", description: "Show this help" },
];

function help(): string {
  return [
    "Usage: fastapi-agent eject [template...] [--dir DIR] [--force]",
    "",
    "Copies built-in templates (all of them when none is named) into DIR/.fastapi-agent/templates/.",
    "Edit them there: the next `fastapi-agent new` or `yo fastapi-agent` in DIR renders yours.",
    "",
    ...EJECT_FLAGS.map(
      (f) =>
        `  ${(f.kind === "string" ? `--${f.flag} ${f.value}` : `--${f.flag}`).padEnd(20)} ${f.description}`,
    ),
  ].join("\n");
}

export function eject(args: string[], io: Io): number {
  const parsed = parseArgs(args, EJECT_FLAGS, false);
  if (parsed.flags["help"]) {
    io.out(help());
    return 0;
  }
  const available = builtinTemplates();
  if (parsed.flags["list"]) {
    io.out(available.join("\n"));
    return 0;
  }
  const wanted = parsed.positionals.map((t) => t.replace(/\\/g, "/").replace(/^\.?\//, ""));
  const unknown = wanted.filter((t) => !available.includes(t) && !available.includes(`${t}.ejs`));
  if (unknown.length > 0) {
    throw new UserError(
      unknown.map((t) => `unknown template "${t}" (fastapi-agent eject --list shows them)`),
    );
  }
  const chosen =
    wanted.length === 0 ? available : wanted.map((t) => (available.includes(t) ? t : `${t}.ejs`));
  const dir = typeof parsed.flags["dir"] === "string" ? parsed.flags["dir"] : ".";
  const target = path.resolve(dir, PROJECT_TEMPLATES);
  const existing = chosen.filter((t) => existsSync(path.join(target, t)));
  if (existing.length > 0 && !parsed.flags["force"]) {
    throw new UserError(
      `${existing.length} template(s) were ejected before (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}): pass --force to overwrite them`,
    );
  }
  for (const template of chosen) {
    mkdirSync(path.dirname(path.join(target, template)), { recursive: true });
    copyFileSync(path.join(BUILTIN_TEMPLATES, template), path.join(target, template));
    io.out(`ejected ${path.join(path.relative(process.cwd(), target) || ".", template)}`);
  }
  return 0;
}

/**
 * The `fastapi-agent` bin: `new`, `explain` and help. It loads yeoman-environment only for `new`,
 * so `explain` and `--help` stay instant.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CONVENTION_FIELDS,
  defaultConventions,
  type Conventions,
} from "../conventions/vocabulary.js";
import { CANCELLED, CANCELLED_EXIT, isCancelled, toUserError, UserError } from "../errors.js";
import { OPTIONS, type OptionDef } from "../options/definitions.js";
import { definitionText, FIELD_TYPES, MODIFIERS, type ResourceAnswer } from "../resources/parse.js";
import { applyOverrides } from "../options/overrides.js";
import type { Answers } from "../options/answers.js";
import { answersFromFlags, resolveLeniently } from "../options/resolve.js";
import { formatWarning, inferFromFile, type Inferred } from "../pipeline.js";
import { printable, shorten } from "../text.js";
import { ArgsError, parseArgs, type CommandFlag } from "./args.js";
import { plainUnlessTerminal } from "./colour.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const NEW_FLAGS: CommandFlag[] = [
  {
    flag: "defaults",
    kind: "boolean",
    description: "Accept every inferred or default value; ask nothing",
  },
  {
    flag: "answers",
    kind: "string",
    value: "FILE",
    description: "Answers file (JSON, checked against schema/answers.schema.json)",
  },
  {
    flag: "templates",
    kind: "string",
    value: "DIR",
    description: "Templates that override or add to the built-in ones (remembered in .yo-rc.json)",
  },
  {
    flag: "force",
    kind: "boolean",
    description: "Generate into a non-empty folder, overwriting files",
  },
  {
    flag: "dry-run",
    kind: "boolean",
    description: "List what would be created, changed or kept; write nothing",
  },
  {
    flag: "skip-install",
    kind: "boolean",
    description: "Do not create .venv nor install the project",
  },
  { flag: "help", kind: "boolean", description: "Show this help" },
];
const RESOURCE_FLAGS: CommandFlag[] = [
  {
    flag: "dir",
    kind: "string",
    value: "DIR",
    description: "The project folder (default: the current folder)",
  },
  {
    flag: "skip-install",
    kind: "boolean",
    description: "Do not create .venv nor install the project",
  },
  {
    flag: "change",
    kind: "boolean",
    description: "Replace the fields of an existing resource with the full new list given",
  },
  { flag: "help", kind: "boolean", description: "Show this help" },
];
const EXPLAIN_FLAGS: CommandFlag[] = [
  { flag: "json", kind: "boolean", description: "Print JSON: {name, conventions, warnings}" },
  { flag: "help", kind: "boolean", description: "Show this help" },
];

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function mainHelp(): string {
  return `fastapi-agent ${version()}: generate a FastAPI backend that follows an agent spec's conventions

Usage:
  fastapi-agent new <spec> [dir] [options]   generate a project (into ./<project-name> by default)
  fastapi-agent explain <spec> [--json]      show what the spec says, line by line
  fastapi-agent resource <plural> <field...> add a resource to the project in this folder
                                    (--change: change an existing resource's fields)
  fastapi-agent eject [template...]          copy built-in templates into .fastapi-agent/templates
  fastapi-agent <command> --help             every option of a command, with its default
  fastapi-agent --version

The same generator runs under Yeoman: yo fastapi-agent <spec> [options],
yo fastapi-agent:resource [<plural> <field...>]`;
}

/** Help lines stay in columns: a long name gets its own line; descriptions wrap under their column. */
const HELP_NAME_WIDTH = 34;
const HELP_WIDTH = 100;

function helpRow(name: string, description: string): string[] {
  const indent = " ".repeat(2 + HELP_NAME_WIDTH + 1);
  const words = description.split(" ");
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    if (current !== "" && indent.length + current.length + 1 + word.length > HELP_WIDTH) {
      lines.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  lines.push(current);
  const first = `  ${name}`;
  const head =
    name.length <= HELP_NAME_WIDTH
      ? [`${first.padEnd(indent.length)}${lines[0]}`]
      : [first, `${indent}${lines[0]}`];
  return [...head, ...lines.slice(1).map((l) => `${indent}${l}`)];
}

function flagHelp(flags: CommandFlag[]): string[] {
  return flags.flatMap((f) =>
    helpRow(
      f.kind === "string" ? `--${f.flag} ${f.value ?? "VALUE"}` : `--${f.flag}`,
      f.description,
    ),
  );
}

function formatValue(value: unknown): string {
  if (Array.isArray(value) && value.length === 0) return "(none)";
  if (Array.isArray(value) && value.every(isResourceAnswer)) {
    return value.map((r) => `'${definitionText(r)}'`).join(" ");
  }
  if (Array.isArray(value)) return value.join(",");
  if (value === null || value === undefined) return "(none)";
  if (typeof value === "object") return JSON.stringify(value);
  if (value === "") return '""';
  return String(value);
}

function isResourceAnswer(value: unknown): value is ResourceAnswer {
  return value !== null && typeof value === "object" && "fields" in value;
}

/** A spec whose conventions `new <spec> --help` shows, with the flags given beside it. */
interface HelpContext {
  spec: string;
  conventions: Conventions;
  explicit: Partial<Answers>;
}

/** What an option will be: for this spec (with its line), or in general. */
function helpDefault(
  opt: OptionDef,
  context: HelpContext | undefined,
  preview: ReturnType<typeof resolveLeniently>,
): string {
  if (context === undefined) {
    if (opt.key === "outputDir") return "default: ./<project-name>";
    const fallback = formatValue(preview.answers[opt.key]);
    return opt.field ? `default: from the spec, else ${fallback}` : `default: ${fallback}`;
  }
  const value = formatValue(preview.answers[opt.key]);
  const shown =
    opt.key === "outputDir" && preview.origin[opt.key] !== "explicit" ? `./${value}` : value;
  switch (preview.origin[opt.key]) {
    case "explicit":
      return `given: ${shown}`;
    case "off":
      return `not used: ${opt.inapplicable?.(preview.answers) ?? "off"}`;
    default: {
      const reason = preview.reasons[opt.key] ?? "default";
      const line = /^from line (\d+)/.exec(reason);
      return `this spec: ${shown}, ${line ? `line ${line[1]}` : reason}`;
    }
  }
}

function optionsHelp(context: HelpContext | undefined): string[] {
  // Resolved once: every option's line reads from the same preview.
  const preview = resolveLeniently(
    context === undefined
      ? { conventions: defaultConventions() }
      : { conventions: context.conventions, explicit: context.explicit },
  );
  return (OPTIONS as readonly OptionDef[]).flatMap((opt) => {
    const choices =
      opt.kind === "enum"
        ? ` <${opt.choices.join("|")}>`
        : opt.kind === "string" || opt.kind === "list"
          ? " VALUE"
          : opt.kind === "resources"
            ? " DEFINITION"
            : "";
    return helpRow(
      `--${opt.flag}${choices}`,
      `${opt.description} (${helpDefault(opt, context, preview)})`,
    );
  });
}

function newHelp(context: HelpContext | undefined): string {
  return [
    "Usage: fastapi-agent new <spec> [dir] [options]",
    "",
    "Generates a FastAPI project from an agent spec. Questions not answered by flags or --answers are",
    "asked interactively, each pre-filled with what the spec says; --defaults asks nothing.",
    ...(context ? ["", `Defaults shown are what ${printable(context.spec)} decides.`] : []),
    "",
    "Command options:",
    ...flagHelp(NEW_FLAGS),
    "",
    "Project and convention options (booleans also take --no-<flag>):",
    ...optionsHelp(context),
  ].join("\n");
}

function resourceHelp(): string {
  return [
    "Usage: fastapi-agent resource <plural> <name:type[:modifier...]>... [--change] [--dir DIR] [--skip-install]",
    "",
    "Adds a resource to a generated project: its model, schemas, data access, service, router and",
    "tests, in the project's layout and conventions, and a new Alembic revision creating its table",
    "after the current head. The resource is stored in .yo-rc.json; files you edited are kept as a",
    "re-run keeps them.",
    "",
    "With --change, <plural> is an existing resource and the fields are its full new list: the",
    "project follows them, and a new revision after the head adds, drops and alters the columns",
    "(a field made optional, or required with default= that empty rows take, a default added,",
    "changed or removed, a str made longer, unique or index added or removed); its downgrade",
    "reverses them. Refused, with the reason: changing a field's type (enum values and ref targets",
    "included), shortening a str, making a field required without default=, and adding a required",
    "field without default= (the table may hold rows: give default=<value> or :optional).",
    "Renaming a field is a drop and an add: its values are not kept.",
    "",
    `Types: ${FIELD_TYPES.join(", ")} (str:200, decimal:10:2, enum:a,b,c, ref:<plural> or ref:users)`,
    `Modifiers: ${MODIFIERS.join(", ")}`,
    "Example: fastapi-agent resource reviews body:text stars:int:index book:ref:books",
    "         fastapi-agent resource reviews body:text:optional stars:int:index book:ref:books --change",
    "",
    ...flagHelp(RESOURCE_FLAGS),
  ].join("\n");
}

/** `fastapi-agent resource <plural> <field…>`: add a resource, then re-generate as a re-run does. */
async function addResource(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs(args, RESOURCE_FLAGS, false);
  if (parsed.flags["help"]) {
    io.out(resourceHelp());
    return 0;
  }
  const [plural = "", ...fields] = parsed.positionals;
  const project = path.resolve(typeof parsed.flags["dir"] === "string" ? parsed.flags["dir"] : ".");
  const { prepareResource } = await import("../generate/add-resource.js");
  const { startPythonFormatter } = await import("../render/python-formatter.js");
  startPythonFormatter();
  const prepared = prepareResource({
    project,
    plural,
    fields,
    change: parsed.flags["change"] === true,
  });
  plainUnlessTerminal();
  await runGeneration(
    {
      cwd: project,
      spec: undefined,
      inferred: undefined,
      explicit: { resources: prepared.resources },
      answersFile: undefined,
      templates: undefined,
      defaults: true,
      force: false,
      skipInstall: parsed.flags["skip-install"] === true,
      dryRun: false,
    },
    io,
    (projectName, where) =>
      prepared.change
        ? `✔ Changed the fields of ${prepared.added.name} in ${projectName} in ${where} (revision ${prepared.change.revision}, after ${prepared.change.downRevision})`
        : `✔ Added ${prepared.added.name} to ${projectName} in ${where}${prepared.added.migration ? ` (revision ${prepared.added.migration.revision}, after ${prepared.added.migration.downRevision})` : ""}`,
  );
  return 0;
}

function explainHelp(): string {
  return [
    "Usage: fastapi-agent explain <spec> [--json] [options]",
    "",
    "Prints every convention inferred from the spec with its source and the line that decided it.",
    'Convention options given here are shown as source "option".',
    "",
    ...flagHelp(EXPLAIN_FLAGS),
  ].join("\n");
}

/** `12: the line's text`, shortened. */
function whereShown(line: number | null, evidence: string | null): string {
  return line !== null ? `${line}: ${printable(shorten(evidence ?? "", 80))}` : "";
}

function explainTable(name: string, conventions: Conventions): string {
  const rows = CONVENTION_FIELDS.flatMap((field) => {
    const d = conventions[field];
    if (field === "resources") {
      // The names on the row (its width is every row's); each definition on a line of its own.
      const resources = conventions.resources.value;
      const names = resources.length === 0 ? "(none)" : resources.map((r) => r.name).join(",");
      return [[field, printable(names), d.source, whereShown(d.line, d.evidence)]];
    }
    const row = [field, printable(formatValue(d.value)), d.source, whereShown(d.line, d.evidence)];
    if (field !== "layers") return [row];
    // each layer the spec stated, with its own line
    const layers = conventions.layers;
    const parts = Object.entries(layers.parts ?? {}).map(([part, shown]) => [
      `  ${part}`,
      printable(formatValue(layers.value[part as keyof typeof layers.value])),
      layers.source,
      whereShown(shown.line, shown.evidence),
    ]);
    return [row, ...parts];
  });
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((r) => r[i]!.length), ["field", "value", "source"][i]!.length),
  );
  const line = (r: string[]) =>
    `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`.trimEnd();
  const definitions = conventions.resources.value.map((r) => `  ${printable(definitionText(r))}`);
  return [
    `Agent: ${name}`,
    "",
    line(["field", "value", "source", "line: evidence"]),
    ...rows.map(line),
    ...(definitions.length > 0 ? ["", "Resources:", ...definitions] : []),
  ].join("\n");
}

function explain(args: string[], io: Io): number {
  const parsed = parseArgs(args, EXPLAIN_FLAGS, true);
  if (parsed.flags["help"]) {
    io.out(explainHelp());
    return 0;
  }
  const [spec, extra] = parsed.positionals;
  if (!spec) throw new UserError("explain needs a spec: fastapi-agent explain <spec> [--json]");
  if (extra) throw new UserError(`unexpected argument "${extra}"`);
  const inferred = inferFromFile(spec);
  const conventions = applyOverrides(inferred.conventions, answersFromFlags(parsed.options));
  const warnings = inferred.warnings.map((w) => formatWarning(spec, w));
  if (parsed.flags["json"]) {
    const out: Record<string, unknown> = {};
    for (const field of CONVENTION_FIELDS) out[field] = conventions[field];
    io.out(JSON.stringify({ name: conventions.name.value, conventions: out, warnings }, null, 2));
    return 0;
  }
  io.out(explainTable(conventions.name.value, conventions));
  if (warnings.length > 0) io.out(["", "Warnings:", ...warnings.map((w) => `  ${w}`)].join("\n"));
  return 0;
}

async function generate(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs(args, NEW_FLAGS, true);
  const [spec, dir, extra] = parsed.positionals;
  if (parsed.flags["help"]) {
    if (!spec) {
      io.out(newHelp(undefined));
      return 0;
    }
    const explicit = answersFromFlags(parsed.options);
    if (dir) explicit.outputDir = dir;
    io.out(newHelp({ spec, conventions: inferFromFile(spec).conventions, explicit }));
    return 0;
  }
  if (extra) throw new UserError(`unexpected argument "${extra}"`);
  const answersFile = parsed.flags["answers"];
  const { isGeneratedProject } = await import("../generate/session.js");
  if (!spec && typeof answersFile !== "string" && !isGeneratedProject(process.cwd())) {
    throw new UserError(
      "new needs a spec: fastapi-agent new <spec> [dir] [options] (or run it inside a generated project)",
    );
  }
  const explicit = answersFromFlags(parsed.options);
  if (dir) explicit.outputDir = dir;
  // Outside a project, new always renders: the Python formatter warms up while the spec is read.
  // (A re-run inside one may find it up to date and render nothing.)
  if (!isGeneratedProject(process.cwd())) {
    const { startPythonFormatter } = await import("../render/python-formatter.js");
    startPythonFormatter();
  }
  const inferred = spec ? inferFromFile(spec) : undefined;
  for (const warning of inferred?.warnings ?? [])
    io.err(`warning: ${formatWarning(spec!, warning)}`);

  const templates =
    typeof parsed.flags["templates"] === "string" ? parsed.flags["templates"] : undefined;
  plainUnlessTerminal();
  await runGeneration(
    {
      cwd: process.cwd(),
      spec,
      inferred,
      explicit,
      answersFile: typeof answersFile === "string" ? answersFile : undefined,
      templates,
      defaults: parsed.flags["defaults"] === true,
      force: parsed.flags["force"] === true,
      skipInstall: parsed.flags["skip-install"] === true,
      dryRun: parsed.flags["dry-run"] === true,
    },
    io,
    (projectName, where, files) => `✔ Generated ${projectName} in ${where} (${files} files)`,
  );
  return 0;
}

interface GenerationRequest {
  cwd: string;
  spec: string | undefined;
  inferred: Inferred | undefined;
  explicit: Partial<Answers>;
  answersFile: string | undefined;
  templates: string | undefined;
  defaults: boolean;
  force: boolean;
  skipInstall: boolean;
  dryRun: boolean;
}

/**
 * Generate (or re-generate) a project: directly when nothing needs asking, else through Yeoman;
 * then install it unless told not to. `done` words the last line.
 */
async function runGeneration(
  request: GenerationRequest,
  io: Io,
  done: (projectName: string, where: string, files: number) => string,
): Promise<void> {
  const { cwd, spec, inferred, explicit, answersFile, templates } = request;
  const { defaults, force, skipInstall, dryRun } = request;
  if (!dryRun) {
    // Nothing to ask: generate without loading Yeoman (the same files, the same .yo-rc.json).
    const { generateDirect } = await import("../generate/direct.js");
    const outcome = await generateDirect({
      cwd,
      spec,
      inferred,
      flags: explicit,
      answersFile,
      templates,
      defaults,
      force,
      interactive: process.stdin.isTTY === true,
      log: io.out,
    });
    if (outcome.kind === "up-to-date") {
      io.out(
        `Up to date: ${outcome.projectName} was generated from the same spec, answers and templates, and its ${outcome.files} files are unchanged`,
      );
    }
    if (outcome.kind !== "needs-yeoman") {
      if (!skipInstall) {
        const { installProject, spawnStep } = await import("../generate/install.js");
        await installProject(outcome.target, { log: io.out, run: spawnStep(outcome.target) });
      }
      if (outcome.kind === "generated") {
        const rel = path.relative(process.cwd(), outcome.target) || ".";
        io.out(done(outcome.projectName, rel, outcome.files));
      }
      return;
    }
  }
  const { run } = await import("../yeoman/run.js");
  await run({
    spec,
    inferred,
    explicit,
    defaults,
    answersFile,
    templates,
    force,
    skipInstall,
    dryRun,
    cwd,
  });
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(mainHelp());
        return 0;
      case "--version":
      case "-v":
        io.out(version());
        return 0;
      case "explain":
        return explain(rest, io);
      case "new":
        return await generate(rest, io);
      case "resource":
        return await addResource(rest, io);
      case "eject": {
        const { eject } = await import("./eject.js");
        return eject(rest, io);
      }
      default:
        throw new UserError(
          `unknown command "${command}" (commands: new, explain, resource, eject; see fastapi-agent --help)`,
        );
    }
  } catch (error) {
    if (isCancelled(error)) {
      io.err(CANCELLED);
      return CANCELLED_EXIT;
    }
    const known =
      error instanceof ArgsError
        ? new UserError(`${error.message} (see fastapi-agent ${command} --help)`)
        : toUserError(error);
    if (known instanceof UserError) {
      for (const line of known.lines) io.err(`fastapi-agent: ${line}`);
      return known.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(
      `fastapi-agent: internal error: ${printable(message.split("\n")[0] ?? "")} (set DEBUG=fastapi-agent for details)`,
    );
    if (process.env["DEBUG"]?.includes("fastapi-agent")) io.err(String((error as Error).stack));
    return 1;
  }
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

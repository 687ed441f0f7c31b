/**
 * Names become paths and identifiers. Names from the spec are made safe (the agent's file name);
 * option values that would escape the project, name a Windows device, be a Python keyword or
 * shadow a module are refused in one line naming the option and the problem. The output folder
 * may be any path the user names, and a run changes nothing outside it, whether it succeeds or
 * fails (checked on the file system around the target, names, sizes and times).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inferConventions } from "../../src/conventions/infer.js";
import { toUserError, UserError } from "../../src/errors.js";
import { answersFromFlags, resolveAnswers } from "../../src/options/resolve.js";
import { pluralize } from "../../src/names.js";
import { buildPlan } from "../../src/plan/plan.js";
import { MANIFEST } from "../../src/plan/manifest.js";
import { parseSpecText } from "../../src/agent-file/read.js";
import { cli, STACK_LINE } from "../helpers/cli.js";
import { checkGeneratedDir, walkFiles } from "../helpers/check-files.js";
import { snapshotTree } from "../helpers/fs-snapshot.js";
import { HOSTILE_SPEC_NAMES } from "../helpers/hostile-names.js";
import { EXAMPLES } from "../helpers/paths.js";

const TODO = path.join(EXAMPLES, "todo-api-engineer.md");
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const SPEC_NAMES = [...HOSTILE_SPEC_NAMES, "..", "."];

function spec(name: string) {
  const text = `---\nname: ${name}\ndescription: An agent.\n---\nYou build FastAPI services.\n`;
  const parsed = parseSpecText(text, "agents/agent.md");
  const { conventions, warnings } = inferConventions(parsed);
  return { spec: parsed, conventions, warnings };
}

/** The problem line an option value gives when answers are resolved, or null when accepted. */
function refusal(flags: Record<string, string>): string | null {
  try {
    const explicit = answersFromFlags(flags);
    resolveAnswers({ conventions: spec("a").conventions, explicit });
    return null;
  } catch (error) {
    const known = toUserError(error);
    if (!(known instanceof UserError)) throw error;
    expect(known.lines).toHaveLength(1);
    return known.lines[0]!;
  }
}

describe("names from the spec", () => {
  it.each(SPEC_NAMES)("name %s makes a safe agent file name", (name) => {
    const found = spec(name);
    const agentName = found.spec.name;
    expect(agentName).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(WINDOWS_DEVICE.test(agentName)).toBe(false);
    const plan = buildPlan(found, resolveAnswers({ conventions: found.conventions }).answers);
    const agentEntry = MANIFEST.find((e) => e.template === "agent/agent.md.ejs")!;
    expect(agentEntry.to(plan, undefined)).toBe(`.claude/agents/${agentName}.md`);
  });
});

describe("option values", () => {
  const REFUSED: Array<[string, string, RegExp]> = [
    ...["../x", "../../etc", "/tmp/x", "C:\\x", "aux.txt"].flatMap(
      (v): Array<[string, string, RegExp]> => [
        ["project-name", v, /is not valid/],
        ["package-name", v, /is not valid/],
        ["sample-resource", v, /is not valid/],
        ["routers-dir", v, /is not valid/],
      ],
    ),
    ...["con", "nul", "com1", "lpt1", "prn", "aux"].flatMap(
      (v): Array<[string, string, RegExp]> => [
        ["project-name", v, /reserved device name on Windows/],
        ["package-name", v, /reserved device name on Windows/],
        ["routers-dir", v, /reserved device name on Windows/],
        ["routers-dir", `api/${v}`, /reserved device name on Windows/],
      ],
    ),
    ["project-name", "CON", /is not valid/],
    ["sample-resource", "cons", /"con" is a reserved device name on Windows/],
    ["sample-resource", "nuls", /"nul" is a reserved device name on Windows/],
    ["sample-resource", "auxes", /"aux" is a reserved device name on Windows/],
    ["sample-resource", "com1s", /"com1" is a reserved device name on Windows/],
    ...["class", "import"].flatMap((v): Array<[string, string, RegExp]> => [
      ["package-name", v, /is a Python keyword/],
      ["routers-dir", v, /is a Python keyword/],
    ]),
    ["sample-resource", "classes", /"class" is a Python keyword/],
    ["sample-resource", "imports", /"import" is a Python keyword/],
    ...["test", "fastapi", "typing", "sqlalchemy", "pydantic"].flatMap(
      (v): Array<[string, string, RegExp]> => [
        ["package-name", v, /would shadow the Python module of that name/],
        ...(v === "fastapi"
          ? []
          : ([
              ["sample-resource", pluralize(v), /would shadow the Python module of that name/],
            ] as Array<[string, string, RegExp]>)),
      ],
    ),
    ["project-name", "fastapi", /is the name of a package the project depends on/],
    ["project-name", "sqlalchemy", /is the name of a package the project depends on/],
    ["project-name", "pydantic", /is the name of a package the project depends on/],
    ["routers-dir", "models", /holds the project's models/],
    ["routers-dir", "schemas", /holds the project's schemas/],
  ];

  it.each(REFUSED)("--%s %s is refused in one line naming the option", (flag, value, why) => {
    const line = refusal({ [flag]: value });
    expect(line).not.toBeNull();
    expect(line!.startsWith(`--${flag}`)).toBe(true);
    expect(line).toMatch(why);
  });

  it.each([
    ["class", "class_app"],
    ["import", "import_app"],
    ["test", "test_app"],
    ["typing", "typing_app"],
  ])("--project-name %s derives the package %s", (project, pkg) => {
    const { answers } = resolveAnswers({
      conventions: spec("a").conventions,
      explicit: answersFromFlags({ "project-name": project }),
    });
    expect(answers.packageName).toBe(pkg);
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A parent folder holding the spec, a working folder (the cwd) and bystanders: a file, a sibling
 * folder, an `etc/passwd`. `unchanged(target)` checks that nothing in the parent changed but
 * `target` (relative to the parent).
 */
function around(specName: string | null) {
  const parent = mkdtempSync(path.join(tmpdir(), "names-paths-"));
  dirs.push(parent);
  const specFile = path.join(parent, "spec.md");
  writeFileSync(
    specFile,
    specName === null
      ? readFileSync(TODO, "utf8")
      : `---\nname: ${specName}\ndescription: An agent.\n---\nYou build FastAPI services.\n`,
  );
  const work = path.join(parent, "work");
  mkdirSync(path.join(work, "sub"), { recursive: true });
  writeFileSync(path.join(work, "keep.txt"), "bystander\n");
  writeFileSync(path.join(parent, "afile"), "a file\n");
  mkdirSync(path.join(parent, "etc"));
  writeFileSync(path.join(parent, "etc", "passwd"), "root:x:0:0\n");
  const before = (target: string) => snapshotTree(parent, [target]);
  return { parent, specFile, work, before };
}

function expectOneLine(result: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  expect(STACK_LINE.test(result.stderr)).toBe(false);
  const lines = result.stderr.split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe("generating around the target (through the bin)", () => {
  it("writes an absolute --output and nothing else; the agent named ../../etc lands inside", () => {
    const { parent, specFile, work, before } = around("../../etc");
    const snapshot = before("out");
    const target = path.join(parent, "out");
    const result = cli(["new", specFile, "--output", target, "--defaults", "--skip-install"], work);
    expect(result.status, result.stderr).toBe(0);
    expect(snapshotTree(parent, ["out"])).toEqual(snapshot);
    expect(walkFiles(target)).toContain(".claude/agents/etc.md");
    expect(readFileSync(path.join(parent, "etc", "passwd"), "utf8")).toBe("root:x:0:0\n");
    expect(checkGeneratedDir(target)).toEqual([]);
  }, 120_000);

  it("writes ../sibling (the positional dir) relative to the cwd; the agent named CON is con-agent", () => {
    const { parent, specFile, work, before } = around("CON");
    const snapshot = before("sibling");
    const result = cli(["new", specFile, "../sibling", "--defaults", "--skip-install"], work);
    expect(result.status, result.stderr).toBe(0);
    expect(snapshotTree(parent, ["sibling"])).toEqual(snapshot);
    const files = walkFiles(path.join(parent, "sibling"));
    expect(files).toContain(".claude/agents/con-agent.md");
    for (const file of files) {
      for (const part of file.split("/"))
        expect(WINDOWS_DEVICE.test(part.split(".")[0]!), file).toBe(false);
    }
  }, 120_000);

  it.each([
    [["--project-name", "../x"], /^fastapi-agent: --project-name "..\/x" is not valid/],
    [
      ["--project-name", "con"],
      /^fastapi-agent: --project-name: "con" is a reserved device name on Windows$/,
    ],
    [["--package-name", "class"], /^fastapi-agent: --package-name: "class" is a Python keyword$/],
    [
      ["--package-name", "typing"],
      /^fastapi-agent: --package-name: "typing" would shadow the Python module/,
    ],
    [
      ["--sample-resource", "auxes"],
      /^fastapi-agent: --sample-resource: "aux" is a reserved device name/,
    ],
    [["--routers-dir", "../../etc"], /^fastapi-agent: --routers-dir "..\/..\/etc" is not valid/],
    [
      ["--routers-dir", "api/import"],
      /^fastapi-agent: --routers-dir: "import" is a Python keyword$/,
    ],
  ])(
    "refuses %j in one line and writes nothing",
    (flags, pattern) => {
      const { parent, specFile, work, before } = around(null);
      const snapshot = before("work/out");
      const result = cli(["new", specFile, "out", "--defaults", "--skip-install", ...flags], work);
      expectOneLine(result, pattern);
      expect(snapshotTree(parent, ["work/out"])).toEqual(snapshot);
      expect(existsSync(path.join(work, "out"))).toBe(false);
    },
    60_000,
  );

  it.each([
    ["../afile", /^fastapi-agent: .*\/afile is a file, not a folder$/],
    [
      "../afile/sub",
      /^fastapi-agent: cannot create .*\/afile\/sub: .*\/afile is a file, not a folder$/,
    ],
    ["/proc/fastapi-agent-test", /^fastapi-agent: cannot create \/proc\/fastapi-agent-test: /],
  ])(
    "refuses the target %s in one line, without hanging, and writes nothing",
    (target, pattern) => {
      const { parent, specFile, work, before } = around(null);
      const snapshot = before("none");
      const result = cli(["new", specFile, target, "--defaults", "--skip-install"], work);
      expectOneLine(result, pattern);
      expect(snapshotTree(parent, ["none"])).toEqual(snapshot);
    },
    60_000,
  );

  it("removes the folder it created when writing fails half-way (a path too long)", () => {
    const { parent, specFile, work, before } = around(null);
    // A user template nested so deep that, under a long target path, the output path is too long.
    const templates = path.join(parent, "tpl");
    const deep = path.join(templates, ...Array<string>(18).fill("d".repeat(200)));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, "note.txt.ejs"), "a note\n");
    const long = path.join("t".repeat(250), "u".repeat(250));
    const snapshot = before("t".repeat(250));
    const result = cli(
      [
        "new",
        specFile,
        path.join("..", long),
        "--templates",
        templates,
        "--defaults",
        "--skip-install",
      ],
      work,
    );
    // Yeoman logs each file as it writes it, so the lines before the error name files that the
    // failure then removed; the error itself is one line.
    expect(result.status, result.stderr).toBe(2);
    expect(STACK_LINE.test(result.stderr)).toBe(false);
    const errors = result.stderr.split("\n").filter((l) => l.startsWith("fastapi-agent:"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^fastapi-agent: cannot write .*: a name in the path is too long$/);
    expect(existsSync(path.join(parent, "t".repeat(250)))).toBe(false);
    expect(snapshotTree(parent, ["t".repeat(250)])).toEqual(snapshot);
  }, 120_000);
});

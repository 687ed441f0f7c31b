/**
 * Spec text that breaks naive generators, through the real bin: quotes of every language,
 * backslashes, template syntax (EJS, Jinja, shell), control characters, bidi overrides, zero-width
 * and line-separator characters, TOML-, YAML- and HTML-breaking text. Every generated file must
 * still parse, nothing from the spec may ever run, and the agent copy keeps the spec as written.
 *
 * Where spec text lands: the agent copy (`.claude/agents/<name>.md`: frontmatter dumped as YAML,
 * body copied raw), the agent's name in README.md, CLAUDE.md, the agent memory and pyproject's
 * description, and the spec path in .yo-rc.json. No Python file, .env.example or compose.yaml
 * carries spec text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, STACK_LINE, type CliResult } from "../helpers/cli.js";
import { checkGeneratedDir, frontmatterOf, walkFiles } from "../helpers/check-files.js";

/** Every troublemaker, as it would be typed in a file (raw). */
const NASTY = [
  '"""',
  "'''",
  "back\\slash",
  "${HOME} ${process.exit(3)}",
  "<%= process.exit(3) %>",
  "<%- 7*191 %>",
  "{{ 7*7 }}",
  "{% raw %}",
  "\u202e",
  "\u200b",
  "\ufeff",
  "\u2028",
  "\u2029",
  '"]\n[x]',
  ": - &a *a !!python/object",
  "<script>alert(1)</script>",
  "trailing backslash\\",
];

/** The same in a YAML double-quoted scalar, with control characters only escapes can carry. */
const QUOTED = JSON.stringify(NASTY.join(" ") + " \u0000 \u0001 \u001b[31m \r \n \u007f end\\")
  // YAML's \e and JSON's \u001b mean the same; keep one of each to exercise both
  .replace("\\u001b", "\\e");

/** A body line per troublemaker, plus raw control characters (few enough to read as text). */
const BODY = [
  "You build FastAPI services.",
  ...NASTY,
  "raw controls: \u0001 \u001b[2J \u007f",
  "--- not frontmatter ---",
  "```python",
  'print("""x""")',
  "```",
  "ends with a backslash \\",
  "",
].join("\n");

const SPECS: Record<string, { text: string; name: string }> = {
  "double-quoted": {
    text: ["---", `name: ${QUOTED}`, `description: ${QUOTED}`, "memory: project", "---", BODY].join(
      "\n",
    ),
    name: "back-slash-home-process-exit-3-process-exit-3-7-191-7-7-raw-x-a",
  },
  "block-scalar": {
    text: [
      "---",
      "name: <%- 7*191 %>",
      "description: |",
      ...NASTY.flatMap((n) => n.split("\n")).map((line) => `  ${line}`),
      "tools: Read, Write, Bash(echo ${x}:*)",
      "---",
      BODY,
    ].join("\n"),
    name: "7-191",
  },
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const STRAY = /[\u0000-\u0008\u000b-\u001f\u007f\u202e\u2028\u2029]/;

describe.each(Object.entries(SPECS))("a spec with %s troublemakers", (_label, spec) => {
  const dir = mkdtempSync(path.join(tmpdir(), "escaping-"));
  dirs.push(dir);
  const target = path.join(dir, "out");
  const agentFile = `.claude/agents/${spec.name}.md`;
  const read = (file: string) => readFileSync(path.join(target, file), "utf8");
  let result: CliResult;
  let files: string[] = [];
  beforeAll(() => {
    const specFile = path.join(dir, "agent.md");
    writeFileSync(specFile, spec.text);
    result = cli(["new", specFile, target, "--defaults", "--skip-install"], dir);
    if (result.status === 0) files = walkFiles(target);
  }, 120_000);

  it("generates (and never runs the spec's code: no exit 3)", () => {
    expect(result.status, result.stderr).toBe(0);
    expect(STACK_LINE.test(result.stdout + result.stderr)).toBe(false);
    expect(files).toContain(agentFile);
  });

  it("every .py compiles; every TOML, INI, JSON, YAML and frontmatter parses", () => {
    expect(checkGeneratedDir(target)).toEqual([]);
  });

  it("evaluates no template syntax from the spec", () => {
    for (const file of files) expect(read(file), file).not.toContain("1337");
    expect(read(agentFile)).toContain("<%- 7*191 %>");
    expect(read(agentFile)).toContain("{{ 7*7 }}");
  });

  it("copies the body raw and the frontmatter as YAML that reads back the same", () => {
    const copy = read(agentFile);
    expect(copy.endsWith(`\n---\n${BODY}`)).toBe(true);
    const fields = yaml.load(frontmatterOf(copy)!) as Record<string, unknown>;
    const written = yaml.load(frontmatterOf(spec.text)!) as Record<string, unknown>;
    expect(fields["name"]).toBe(spec.name);
    expect(fields["description"]).toBe(String(written["description"]).trim());
  });

  it("leaves no control character, bidi override or line separator outside the agent copy", () => {
    for (const file of files.filter((f) => f !== agentFile)) {
      expect(STRAY.test(read(file)), file).toBe(false);
    }
  });

  it("names the agent in README, CLAUDE.md, pyproject and .yo-rc.json as a file name", () => {
    expect(read("README.md")).toContain(`\`${spec.name}\` agent spec`);
    expect(read("CLAUDE.md")).toContain(`(\`.claude/agents/${spec.name}.md\`)`);
    const pyproject = spawnSync(
      "python3",
      [
        "-c",
        "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))['project']['description'])",
        path.join(target, "pyproject.toml"),
      ],
      { encoding: "utf8" },
    );
    expect(pyproject.stdout.trim()).toMatch(new RegExp(`generated from the ${spec.name} agent$`));
    const yoRc = JSON.parse(read(".yo-rc.json")) as Record<string, { spec: string }>;
    expect(yoRc["generator-fastapi-agent"]!.spec).toBe(agentFile);
  });
});

describe("a spec the agent memory is generated for", () => {
  it("names the memory folder and heading after the safe agent name", () => {
    const dir = dirs[0]!;
    const memory = readFileSync(
      path.join(dir, "out", ".claude", "agent-memory", SPECS["double-quoted"]!.name, "MEMORY.md"),
      "utf8",
    );
    expect(memory.startsWith(`# ${SPECS["double-quoted"]!.name} memory\n`)).toBe(true);
  });
});

describe("a NUL byte in the body", () => {
  it("is refused in one line, and nothing is written", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "escaping-nul-"));
    dirs.push(dir);
    const specFile = path.join(dir, "agent.md");
    writeFileSync(specFile, "---\nname: nul-body\ndescription: d\n---\nA NUL \u0000 here.\n");
    const result = cli(["new", specFile, "out", "--defaults", "--skip-install"], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`fastapi-agent: ${specFile}: not a text file (binary content)\n`);
    expect(walkFiles(dir)).toEqual(["agent.md"]);
  });
});

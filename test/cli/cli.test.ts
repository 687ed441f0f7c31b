import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONVENTION_FIELDS } from "../../src/conventions/vocabulary.js";
import { OPTIONS } from "../../src/options/definitions.js";
import { cli, STACK_LINE } from "../helpers/cli.js";
import { EXAMPLES } from "../helpers/paths.js";

const TODO = path.join(EXAMPLES, "todo-api-engineer.md");

describe("fastapi-agent --help", () => {
  it("lists the commands", () => {
    const { status, stdout } = cli(["--help"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/fastapi-agent new <spec> \[dir\]/);
    expect(stdout).toMatch(/fastapi-agent explain <spec>/);
  });

  /** The help text of each option: its first line and the lines indented under it. */
  function optionBlocks(stdout: string): Map<string, string> {
    const blocks = new Map<string, string>();
    let current: string | undefined;
    for (const line of stdout.split("\n")) {
      const flag = /^ {2}--([a-z-]+)/.exec(line);
      if (flag) {
        current = flag[1]!;
        blocks.set(current, line.trim());
      } else if (current && /^ {37}\S/.test(line)) {
        blocks.set(current, `${blocks.get(current)} ${line.trim()}`);
      } else current = undefined;
    }
    return blocks;
  }

  it("new --help lists every option with its default, in aligned columns", () => {
    const { status, stdout } = cli(["new", "--help"]);
    expect(status).toBe(0);
    const blocks = optionBlocks(stdout);
    for (const opt of OPTIONS) {
      const block = blocks.get(opt.flag);
      expect(block, opt.flag).toBeDefined();
      expect(block).toMatch(/\(default: [^()]+\)$/);
      expect(block).not.toMatch(/\(default:.*\(default:/);
    }
    for (const line of stdout.split("\n").filter((l) => /^ {2}--/.test(l))) {
      // A description starts in the column, or the name stands alone on its line.
      const gap = line.slice(2).search(/ {2,}\S/);
      if (gap === -1) continue;
      const start = 2 + gap + line.slice(2 + gap).search(/\S/);
      expect(start, line).toBe(37);
    }
    for (const line of stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(stdout).toMatch(/--defaults/);
    expect(stdout).toMatch(/--answers FILE/);
  });

  it("new <spec> --help shows what this spec decides, with its line", () => {
    const { status, stdout } = cli(["new", TODO, "--help", "--orm", "sqlmodel", "--auth", "none"]);
    expect(status).toBe(0);
    const blocks = optionBlocks(stdout);
    const idLine =
      readFileSync(TODO, "utf8")
        .split("\n")
        .findIndex((l) => /UUID/.test(l)) + 1;
    expect(blocks.get("id-type")).toMatch(new RegExp(`\\(this spec: uuid, line ${idLine}\\)$`));
    expect(blocks.get("orm")).toMatch(/\(given: sqlmodel\)$/);
    expect(blocks.get("refresh-tokens")).toMatch(/\(not used: .*needs --auth jwt/);
    expect(blocks.get("project-name")).toMatch(/\(this spec: todo-api, named after todos\)$/);
    expect(blocks.get("output")).toMatch(/\(this spec: \.\/todo-api\b/);
    expect(stdout).not.toMatch(/default:/);
  });

  it("an unknown option suggests the nearest one", () => {
    const typo = cli(["new", TODO, "--defualts"]);
    expect(typo.status).toBe(2);
    expect(typo.stderr.trim()).toBe(
      "fastapi-agent: unknown option --defualts: did you mean --defaults? (see fastapi-agent new --help)",
    );
    expect(cli(["new", TODO, "--no-servics"]).stderr).toMatch(/did you mean --no-services\?/);
    expect(cli(["new", TODO, "--zzzzzz"]).stderr).not.toMatch(/did you mean/);
  });
});

describe("fastapi-agent explain", () => {
  it("--json prints exactly name, conventions and warnings, with evidence lines from the file", () => {
    const { status, stdout } = cli(["explain", TODO, "--json"]);
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as {
      name: string;
      conventions: Record<
        string,
        {
          value: unknown;
          source: string;
          line: number | null;
          evidence: string | null;
          parts?: Record<string, { line: number; evidence: string }>;
        }
      >;
      warnings: string[];
    };
    expect(Object.keys(json)).toEqual(["name", "conventions", "warnings"]);
    expect(json.name).toBe("todo-api-engineer");
    expect(Object.keys(json.conventions)).toEqual([...CONVENTION_FIELDS]);
    const lines = readFileSync(TODO, "utf8").split("\n");
    for (const [field, decided] of Object.entries(json.conventions)) {
      // layers adds the line of each part it was decided from
      const keys = ["value", "source", "line", "evidence"];
      if (field === "layers" && decided.source === "spec") keys.push("parts");
      expect(Object.keys(decided), field).toEqual(keys);
      for (const [part, shown] of Object.entries(decided.parts ?? {})) {
        expect(lines[shown.line - 1], `${field}.${part}`).toContain(shown.evidence.slice(0, 20));
      }
      if (decided.source === "spec") {
        expect(decided.line, field).toBeGreaterThan(0);
        expect(lines[decided.line! - 1], field).toContain(decided.evidence!.slice(0, 20));
      } else {
        expect(decided.line, field).toBeNull();
        expect(decided.evidence, field).toBeNull();
      }
    }
    expect(json.conventions["layers"]?.parts).toEqual({
      routers: { line: expect.any(Number), evidence: expect.stringContaining("`routers/`") },
      services: { line: expect.any(Number), evidence: expect.stringContaining("`services/`") },
      dataAccess: {
        line: expect.any(Number),
        evidence: expect.stringContaining("`repositories/`"),
      },
    });
    expect(json.conventions["orm"]?.value).toBe("sqlalchemy");
    expect(json.conventions["idType"]?.value).toBe("uuid");
  });

  it("reports options given on the command line as source option", () => {
    const { stdout } = cli([
      "explain",
      TODO,
      "--json",
      "--orm",
      "sqlmodel",
      "--no-rbac",
      "--services=false",
    ]);
    const conventions = (
      JSON.parse(stdout) as { conventions: Record<string, { value: unknown; source: string }> }
    ).conventions;
    expect(conventions["orm"]).toEqual({
      value: "sqlmodel",
      source: "option",
      line: null,
      evidence: null,
    });
    expect(conventions["rbac"]).toMatchObject({ value: false, source: "option" });
    expect(conventions["layers"]).toMatchObject({ value: { services: false }, source: "option" });
  });

  it("prints a readable table", () => {
    const { status, stdout } = cli(["explain", TODO]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^field\s+value\s+source\s+line: evidence$/m);
    expect(stdout).toMatch(/^idType\s+uuid\s+spec\s+\d+: .*UUID/m);
    // each layer the spec states, under layers, with its own line
    expect(stdout).toMatch(/^ {2}services\s+true\s+spec\s+\d+: - `services\/` holds/m);
    expect(stdout).toMatch(/^ {2}dataAccess\s+repositories\s+spec\s+\d+: - `repositories\/`/m);
    // long lines end with one ellipsis
    expect(stdout).toMatch(/^auth\s+jwt\s+spec\s+\d+: .*\S…$/m);
    expect(stdout).not.toMatch(/\.\.\.…|\.{4,}/);
  });

  it("shows the resources the spec describes, with the line of the first entity", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fa-explain-"));
    const spec = path.join(dir, "moorings.md");
    writeFileSync(
      spec,
      [
        "---",
        "name: moorings",
        "description: Runs the marina's API.",
        "---",
        "",
        "Entities:",
        "",
        "- **Berth**: code (varchar(8), unique), length_m (decimal(5,2))",
        "- **Boat**: name (string), berth → Berth, engine (blob)",
        "",
      ].join("\n"),
    );
    const table = cli(["explain", spec]);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^resources\s+berths,boats\s+spec\s+8: - \*\*Berth\*\*/m);
    expect(table.stdout).toMatch(
      /^Resources:\n {2}berths code:str:8:unique length_m:decimal:5:2\n {2}boats name:str berth:ref:berths$/m,
    );
    expect(table.stdout).toMatch(/moorings\.md:9: resources: boats\.engine: its type .* left out/);
    const json = JSON.parse(cli(["explain", spec, "--json"]).stdout) as {
      conventions: Record<string, unknown>;
    };
    expect(json.conventions["resources"]).toEqual({
      value: [
        { name: "berths", fields: ["code:str:8:unique", "length_m:decimal:5:2"] },
        { name: "boats", fields: ["name:str", "berth:ref:berths"] },
      ],
      source: "spec",
      line: 8,
      evidence: "- **Berth**: code (varchar(8), unique), length_m (decimal(5,2))",
    });
    // --resource replaces them, reported as an option
    const given = JSON.parse(
      cli(["explain", spec, "--json", "--resource", "piers name:str"]).stdout,
    ) as { conventions: Record<string, unknown> };
    expect(given.conventions["resources"]).toMatchObject({
      value: [{ name: "piers", fields: ["name:str"] }],
      source: "option",
    });
  });

  it("stops with exit 2 and one line naming the file when the spec cannot be read", () => {
    const missing = path.join(tmpdir(), "no-such-spec.md");
    const { status, stderr, stdout } = cli(["explain", missing]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(missing);
  });

  it("rejects unknown options and bad values in one line each", () => {
    const unknown = cli(["explain", TODO, "--colour", "red"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option --colour/);
    const bad = cli(["explain", TODO, "--orm", "django"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'fastapi-agent: --orm must be one of sqlalchemy, sqlmodel, not "django"',
    );
    expect(bad.stderr).not.toMatch(STACK_LINE);
  });
});

describe("fastapi-agent new", () => {
  it("generates with --defaults into a folder named after the project", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-new-"));
    const { status, stderr } = cli(["new", TODO, "--defaults", "--skip-install"], cwd);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(status).toBe(0);
    expect(existsSync(path.join(cwd, "todo-api", "pyproject.toml"))).toBe(true);
    expect(existsSync(path.join(cwd, "todo-api", ".yo-rc.json"))).toBe(true);
  });

  it("re-runs inside a generated project from its .yo-rc.json, asking nothing", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-new-"));
    expect(cli(["new", TODO, "--defaults", "--skip-install", "--id-type", "int"], cwd).status).toBe(
      0,
    );
    const project = path.join(cwd, "todo-api");
    const rerun = cli(["new", "--skip-install", "--force"], project);
    expect(rerun.stderr).not.toMatch(STACK_LINE);
    expect(rerun.stderr).not.toMatch(/\?/);
    expect(rerun.status).toBe(0);
    const stored = JSON.parse(readFileSync(path.join(project, ".yo-rc.json"), "utf8")) as {
      "generator-fastapi-agent": { answers: { idType: string } };
    };
    expect(stored["generator-fastapi-agent"].answers.idType).toBe("int");
    expect(existsSync(path.join(project, "todo-api"))).toBe(false);
  });

  it("needs a spec outside a generated project", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-new-"));
    const { status, stderr } = cli(["new", "--defaults"], cwd);
    expect(status).toBe(2);
    expect(stderr).toMatch(/new needs a spec/);
  });

  it("fails fast, without hanging, when stdin is closed and answers are missing", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-new-"));
    const started = Date.now();
    const { status, stderr } = cli(["new", TODO, "out", "--skip-install"], cwd);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(status).toBe(2);
    expect(stderr).toMatch(/stdin is not a terminal .* pass --defaults/);
    expect(existsSync(path.join(cwd, "out"))).toBe(false);
  });

  it("refuses a non-empty folder and writes nothing", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-new-"));
    const { status, stderr } = cli(
      ["new", TODO, ".", "--defaults", "--skip-install", "--project-name", "x"],
      path.dirname(TODO),
    );
    expect(status).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/is not empty: choose another folder or pass --force/);
    expect(existsSync(path.join(cwd, "x"))).toBe(false);
  });

  it("rejects clashing options with one line that names them, and writes nothing", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-new-"));
    const { status, stderr } = cli(
      ["new", TODO, "out", "--defaults", "--auth", "none", "--rbac"],
      cwd,
    );
    expect(status).toBe(2);
    expect(stderr.trim()).toBe(
      "fastapi-agent: --rbac clashes: --rbac needs --auth jwt (auth is none)",
    );
    expect(existsSync(path.join(cwd, "out"))).toBe(false);
  });
});

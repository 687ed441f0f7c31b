import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, STACK_LINE, statuses, terminalSession } from "../helpers/cli.js";
import { EXAMPLES } from "../helpers/paths.js";

const SPEC = path.join(EXAMPLES, "todo-api-engineer.md");

function generated(): string {
  const cwd = mkdtempSync(path.join(tmpdir(), "regen-"));
  expect(cli(["new", SPEC, "p", "--defaults", "--skip-install"], cwd).status).toBe(0);
  return path.join(cwd, "p");
}

describe("re-generation", () => {
  it("changes nothing on an untouched project re-run with the same answers, and says so quickly", () => {
    const project = generated();
    const main = path.join(project, "todo_api/main.py");
    const before = readFileSync(main, "utf8");
    const stamp = statSync(main).mtimeMs;
    const rerun = cli(["new", "--skip-install"], project);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toMatch(/^Up to date: todo-api was generated from the same spec/m);
    expect(statuses(rerun.stderr + rerun.stdout).size).toBe(0);
    expect(readFileSync(main, "utf8")).toBe(before);
    expect(statSync(main).mtimeMs).toBe(stamp);

    // A template of the user's is an input too: the project is rendered again, and the one
    // file it adds is the only change.
    const templates = path.join(project, ".fastapi-agent", "templates");
    mkdirSync(templates, { recursive: true });
    writeFileSync(path.join(templates, "NOTES.md.ejs"), "# Notes for <%= project.name %>\n");
    const again = cli(["new", "--skip-install"], project);
    expect(again.status).toBe(0);
    const changed = [...statuses(again.stderr + again.stdout)].filter(
      ([file]) => file !== ".yo-rc.json",
    );
    expect(changed).toEqual([["NOTES.md", "create"]]);
    expect(again.stdout).toMatch(/identical \(\d+ files unchanged\)/);
    expect(readFileSync(path.join(project, "NOTES.md"), "utf8")).toBe("# Notes for todo-api\n");
  });

  it("keeps and reports a file the user edited when nobody can answer, unless --force", () => {
    const project = generated();
    const main = path.join(project, "todo_api/main.py");
    appendFileSync(main, "# my change\n");
    const kept = cli(["new", "--skip-install"], project);
    expect(kept.status).toBe(0);
    expect(kept.stderr + kept.stdout).toMatch(
      /kept todo_api\/main\.py \(changed since it was generated; --force overwrites it\)/,
    );
    expect(readFileSync(main, "utf8")).toContain("# my change");
    const forced = cli(["new", "--skip-install", "--force"], project);
    expect(forced.status).toBe(0);
    expect(readFileSync(main, "utf8")).not.toContain("# my change");
  });

  it("at a terminal, asks Yeoman's conflict question for a file the user edited", () => {
    const project = generated();
    const main = path.join(project, "todo_api/main.py");
    appendFileSync(main, "# my change\n");
    const question = "Overwrite todo_api/main\\.py\\?";
    const keep = terminalSession([[question, "n\r"]], ["new", "--skip-install"], project);
    expect(keep.status).toBe(0);
    expect(keep.transcript).toMatch(/skip todo_api\/main\.py/);
    expect(readFileSync(main, "utf8")).toContain("# my change");
    // Only the edited file is asked about.
    expect(keep.transcript.match(/Overwrite /g)?.length).toBeGreaterThan(0);
    expect(keep.transcript).not.toMatch(/Overwrite (?!todo_api\/main\.py)/);

    const overwrite = terminalSession([[question, "y\r"]], ["new", "--skip-install"], project);
    expect(overwrite.status).toBe(0);
    expect(readFileSync(main, "utf8")).not.toContain("# my change");
  });

  it("--dry-run lists what would change and writes nothing", () => {
    const project = generated();
    const config = path.join(project, "todo_api/core/config.py");
    const before = readFileSync(config, "utf8");
    const dry = cli(["new", "--skip-install", "--dry-run", "--no-rate-limiting"], project);
    expect(dry.status).toBe(0);
    expect(dry.stderr).not.toMatch(STACK_LINE);
    const report = statuses(dry.stderr + dry.stdout);
    // Untouched since generated, so an update (`force`), not a conflict with the user's work.
    expect(report.get("todo_api/core/config.py")).toBe("force");
    expect(report.get("todo_api/models/todo.py")).toBe("identical");
    expect(readFileSync(config, "utf8")).toBe(before);

    const cwd = mkdtempSync(path.join(tmpdir(), "dry-"));
    const fresh = cli(["new", SPEC, "new-project", "--defaults", "--dry-run"], cwd);
    expect(fresh.status).toBe(0);
    expect(statuses(fresh.stderr + fresh.stdout).get("new-project/pyproject.toml")).toBe("create");
    expect(existsSync(path.join(cwd, "new-project"))).toBe(false);
  });

  it("removes files a changed answer no longer produces, and keeps the ones the user edited", () => {
    const project = generated();
    const rateLimit = path.join(project, "todo_api/core/rate_limit.py");
    const dependency = path.join(project, "todo_api/dependencies/rate_limit.py");
    const test = path.join(project, "tests/test_rate_limit.py");
    expect([rateLimit, dependency, test].every((file) => existsSync(file))).toBe(true);
    appendFileSync(test, "# my extra case\n");
    // A hand-edited .yo-rc.json cannot make the generator delete anything outside the project.
    const outside = path.join(path.dirname(project), "outside.txt");
    writeFileSync(outside, "");
    const rc = path.join(project, ".yo-rc.json");
    const config = JSON.parse(readFileSync(rc, "utf8")) as Record<string, { files: object }>;
    const stored = config["generator-fastapi-agent"]!;
    stored.files = { ...stored.files, "../outside.txt": "e3b0c44298fc1c14" };
    writeFileSync(rc, JSON.stringify(config));

    const dry = cli(["new", "--skip-install", "--dry-run", "--no-rate-limiting"], project);
    expect(dry.status).toBe(0);
    expect(dry.stderr + dry.stdout).toMatch(/would remove todo_api\/core\/rate_limit\.py/);
    expect(existsSync(rateLimit)).toBe(true);

    const run = cli(["new", "--skip-install", "--no-rate-limiting"], project);
    expect(run.status).toBe(0);
    const output = run.stderr + run.stdout;
    expect(output).toMatch(/removed todo_api\/core\/rate_limit\.py \(no longer generated\)/);
    expect(output).toMatch(/kept tests\/test_rate_limit\.py \(no longer generated, but changed/);
    expect(existsSync(rateLimit)).toBe(false);
    expect(existsSync(dependency)).toBe(false);
    expect(readFileSync(test, "utf8")).toContain("# my extra case");
    expect(existsSync(outside)).toBe(true);
    expect(readFileSync(path.join(project, "todo_api/main.py"), "utf8")).not.toMatch(/rate_limit/);

    // Turned back on: the removed files come back; the one the user edited is still theirs.
    const back = cli(["new", "--skip-install", "--rate-limiting"], project);
    expect(back.status).toBe(0);
    expect(existsSync(rateLimit)).toBe(true);
    expect(statuses(back.stderr + back.stdout).get("todo_api/core/rate_limit.py")).toBe("create");
    expect(readFileSync(test, "utf8")).toContain("# my extra case");
    expect(readFileSync(path.join(project, "todo_api/main.py"), "utf8")).toMatch(/rate_limit/);
  });
});

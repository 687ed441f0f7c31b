import { appendFileSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, STACK_LINE } from "../helpers/cli.js";
import { EXAMPLES } from "../helpers/paths.js";

const SPEC = path.join(EXAMPLES, "todo-api-engineer.md");

function generated(): string {
  const cwd = mkdtempSync(path.join(tmpdir(), "regen-"));
  expect(cli(["new", SPEC, "p", "--defaults", "--skip-install"], cwd).status).toBe(0);
  return path.join(cwd, "p");
}

/** Yeoman's per-file report: `identical x`, `conflict y`, … */
function statuses(output: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of output.matchAll(/^\s*(create|identical|conflict|skip|force)\s+(\S+)$/gm)) {
    found.set(match[2]!, match[1]!);
  }
  return found;
}

describe("re-generation", () => {
  it("changes nothing on an untouched project re-run with the same answers", () => {
    const project = generated();
    const before = readFileSync(path.join(project, "todo_api/main.py"), "utf8");
    const rerun = cli(["new", "--skip-install"], project);
    expect(rerun.status).toBe(0);
    const report = statuses(rerun.stderr + rerun.stdout);
    const changed = [...report].filter(
      ([file, status]) => status !== "identical" && file !== ".yo-rc.json",
    );
    expect(report.size).toBeGreaterThan(40);
    expect(changed).toEqual([]);
    expect(readFileSync(path.join(project, "todo_api/main.py"), "utf8")).toBe(before);
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

  it("--dry-run lists what would change and writes nothing", () => {
    const project = generated();
    const config = path.join(project, "todo_api/core/config.py");
    const before = readFileSync(config, "utf8");
    const dry = cli(["new", "--skip-install", "--dry-run", "--no-rate-limiting"], project);
    expect(dry.status).toBe(0);
    expect(dry.stderr).not.toMatch(STACK_LINE);
    const report = statuses(dry.stderr + dry.stdout);
    expect(report.get("todo_api/core/config.py")).toBe("conflict");
    expect(report.get("todo_api/models/todo.py")).toBe("identical");
    expect(readFileSync(config, "utf8")).toBe(before);

    const cwd = mkdtempSync(path.join(tmpdir(), "dry-"));
    const fresh = cli(["new", SPEC, "new-project", "--defaults", "--dry-run"], cwd);
    expect(fresh.status).toBe(0);
    expect(statuses(fresh.stderr + fresh.stdout).get("new-project/pyproject.toml")).toBe("create");
    expect(existsSync(path.join(cwd, "new-project"))).toBe(false);
  });
});

/**
 * `yo fastapi-agent:resource <plural> <field…>`: the subgenerator, found by Yeoman's lookup as a
 * person installs it, adds the resource as `fastapi-agent resource` does.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../helpers/paths.js";
import { yoWorkspace } from "../helpers/yo.js";

const SPEC = path.join(EXAMPLES, "todo-api-engineer.md");

function run(command: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return spawnSync(command[0]!, command.slice(1), {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
  });
}

describe("yo fastapi-agent:resource", { timeout: 180_000 }, () => {
  it("adds a resource with arguments, and its revision after the head", () => {
    const yo = yoWorkspace(SPEC, [
      "--defaults",
      "--skip-install",
      "--resource",
      "authors name:str",
    ]);
    const made = run(yo.command([]), yo.cwd, yo.env);
    expect(made.status, made.stderr).toBe(0);
    const [name] = readdirSync(yo.cwd);
    const project = path.join(yo.cwd, name!);
    const initial = readFileSync(path.join(project, "alembic/versions/0001_initial.py"), "utf8");

    const added = run(
      yo.commandFor("fastapi-agent:resource", [
        "reviews",
        "body:text",
        "author:ref:authors",
        "--skip-install",
      ]),
      project,
      yo.env,
    );
    expect(added.status, added.stderr + added.stdout).toBe(0);
    const stored = JSON.parse(readFileSync(path.join(project, ".yo-rc.json"), "utf8")) as Record<
      string,
      {
        answers: {
          resources: Array<{
            name: string;
            migration?: { revision: string; downRevision: string };
          }>;
        };
      }
    >;
    const resources = stored["generator-fastapi-agent"]!.answers.resources;
    expect(resources.map((r) => r.name)).toEqual(["authors", "reviews"]);
    const migration = resources[1]!.migration!;
    expect(migration.downRevision).toBe("0001");
    const versions = readdirSync(path.join(project, "alembic/versions"));
    expect(versions).toContain(
      `${new Date().toISOString().slice(0, 10).replace(/-/g, "")}_${migration.revision}_add_reviews.py`,
    );
    expect(readFileSync(path.join(project, "alembic/versions/0001_initial.py"), "utf8")).toBe(
      initial,
    );
    expect(readFileSync(path.join(project, "todo_api/main.py"), "utf8")).toMatch(
      /include_router\(review/,
    );
    expect(readdirSync(path.join(project, "tests"))).toContain("test_reviews.py");

    // --change: the same resource with other fields, and a revision of the column changes.
    const changed = run(
      yo.commandFor("fastapi-agent:resource", [
        "reviews",
        "body:text:optional",
        "author:ref:authors",
        "--change",
        "--skip-install",
      ]),
      project,
      yo.env,
    );
    expect(changed.status, changed.stderr + changed.stdout).toBe(0);
    const afterChange = JSON.parse(
      readFileSync(path.join(project, ".yo-rc.json"), "utf8"),
    ) as Record<
      string,
      {
        answers: {
          resources: Array<{
            fields: string[];
            changes?: Array<{ revision: string; downRevision: string; before: string[] }>;
          }>;
        };
      }
    >;
    const reviews = afterChange["generator-fastapi-agent"]!.answers.resources[1]!;
    expect(reviews.fields).toEqual(["body:text:optional", "author:ref:authors"]);
    expect(reviews.changes).toEqual([
      expect.objectContaining({
        downRevision: migration.revision,
        before: ["body:text", "author:ref:authors"],
      }),
    ]);
    expect(readdirSync(path.join(project, "alembic/versions"))).toContain(
      `${new Date().toISOString().slice(0, 10).replace(/-/g, "")}_${reviews.changes![0]!.revision}_change_reviews.py`,
    );

    // A bad definition: one line, nothing written.
    const before = readFileSync(path.join(project, ".yo-rc.json"), "utf8");
    const bad = run(
      yo.commandFor("fastapi-agent:resource", ["notes", "body:integer", "--skip-install"]),
      project,
      yo.env,
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stderr + bad.stdout).toMatch(/notes\.body: unknown type "integer"/);
    expect(bad.stderr + bad.stdout).not.toMatch(/^\s+at .+[:(]/m);
    expect(readFileSync(path.join(project, ".yo-rc.json"), "utf8")).toBe(before);
  });
});

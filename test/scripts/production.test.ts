import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETS, e2eProjects } from "../../scripts/e2e-matrix.js";
import { readmeCommand } from "../../scripts/e2e/production.js";
import { renderProject } from "../../src/render/render.js";
import { demoPlan } from "../helpers/demo-plan.js";
import { REPO } from "../helpers/paths.js";

async function files(): Promise<Map<string, string>> {
  const rendered = await renderProject(demoPlan(), { roots: [] });
  return new Map(rendered.map((f) => [f.path, f.contents.toString()]));
}

describe("e2e stage production: the deploy commands it runs", () => {
  it("reads the README's production command, which the Dockerfile's CMD repeats", async () => {
    const project = await files();
    const command = readmeCommand(project.get("README.md") ?? "");
    const migrates = project.has("alembic.ini");
    expect(command).toEqual({
      check: migrates ? "alembic upgrade head" : "python -m demo.core.config",
      entry: "demo.main:app",
      workers: 2,
      migrates,
    });
    expect(project.get("Dockerfile")).toContain(
      `"sh", "-c", "${command?.check} && exec uvicorn ${command?.entry} --host 0.0.0.0 --port 8000 --proxy-headers"`,
    );
  });

  it("finds no command in a README without one, or with uvicorn not behind the settings check", () => {
    expect(readmeCommand("# demo\n\nuvicorn demo.main:app\n")).toBeUndefined();
    const serve = "uvicorn demo.main:app --host 0.0.0.0 --port 8000 --workers 4 --proxy-headers";
    expect(readmeCommand(`export ENVIRONMENT=production\n${serve}\n`)).toBeUndefined();
    expect(
      readmeCommand(`export ENVIRONMENT=production\nalembic upgrade head; ${serve}\n`),
    ).toBeUndefined();
    expect(
      readmeCommand(`export ENVIRONMENT=production\npython -m demo.config && ${serve}\n`),
    ).toEqual({
      check: "python -m demo.config",
      entry: "demo.main:app",
      workers: 4,
      migrates: false,
    });
  });

  it("deploys a --redis project with lockout, so the shared limits and Redis faults are run", () => {
    const { projects } = e2eProjects(REPO, DEFAULT_SETS);
    const redis = projects.filter(
      (p) => p.production && p.flags.includes("--redis") && p.flags.includes("--account-lockout"),
    );
    expect(redis.map((p) => p.name)).toEqual(["example-todo-redis"]);
    // a PostgreSQL example: the production stage runs on PostgreSQL only
    expect(path.basename(redis[0]!.spec)).toBe("todo-api-engineer.md");
  });
});

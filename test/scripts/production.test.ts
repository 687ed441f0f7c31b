import { describe, expect, it } from "vitest";
import { readmeCommand } from "../../scripts/e2e/production.js";
import { renderProject } from "../../src/render/render.js";
import { demoPlan } from "../helpers/demo-plan.js";

async function files(): Promise<Map<string, string>> {
  const rendered = await renderProject(demoPlan(), { roots: [] });
  return new Map(rendered.map((f) => [f.path, f.contents.toString()]));
}

describe("e2e stage production: the deploy commands it runs", () => {
  it("reads the README's production command, which the Dockerfile's CMD repeats", async () => {
    const project = await files();
    const command = readmeCommand(project.get("README.md") ?? "");
    expect(command).toEqual({
      entry: "demo.main:app",
      workers: 2,
      migrates: project.has("alembic.ini"),
    });
    expect(project.get("Dockerfile")).toContain(
      `exec uvicorn ${command?.entry} --host 0.0.0.0 --port 8000 --proxy-headers`,
    );
  });

  it("finds no command in a README without one, or with the migrations after the server", () => {
    expect(readmeCommand("# demo\n\nuvicorn demo.main:app\n")).toBeUndefined();
    const serve =
      "ENVIRONMENT=production uvicorn demo.main:app --host 0.0.0.0 --port 8000 --workers 4 --proxy-headers";
    expect(readmeCommand(`${serve}\nalembic upgrade head\n`)).toEqual({
      entry: "demo.main:app",
      workers: 4,
      migrates: false,
    });
  });
});

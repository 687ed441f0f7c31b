import { describe, expect, it } from "vitest";
import { renderProject } from "../../src/render/render.js";
import { demoPlan } from "../helpers/demo-plan.js";

async function files(): Promise<Map<string, string>> {
  const rendered = await renderProject(demoPlan(), { roots: [] });
  return new Map(rendered.map((f) => [f.path, f.contents.toString()]));
}

describe(".env.example secret placeholder", () => {
  it("is long enough for PyJWT (32+ bytes) and is refused by the production check", async () => {
    const project = await files();
    const example = project.get(".env.example") ?? "";
    const secret = /^SECRET_KEY=(.*)$/m.exec(example)?.[1] ?? "";
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    const config = project.get("demo/core/config.py") ?? "";
    const constant = new RegExp(`^(\\w+) = "${secret}"`, "m").exec(config)?.[1];
    expect(constant).toBeDefined();
    expect(config).toMatch(
      new RegExp(`PLACEHOLDER_SECRET_KEYS = frozenset\\(\\{[^}]*\\b${constant}\\b`),
    );
    expect(config).toMatch(/weak = secret in PLACEHOLDER_SECRET_KEYS or len\(secret\)/);
    // The generated tests read .env.example and check that production refuses its value.
    expect(project.get("tests/test_settings.py")).toContain(
      "def test_production_refuses_the_env_example_placeholder",
    );
  });
});

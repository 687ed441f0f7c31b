import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RenderError, renderProject } from "../../src/render/render.js";
import { BUILTIN_TEMPLATES } from "../../src/render/templates.js";
import { cli, STACK_LINE } from "../helpers/cli.js";
import { demoPlan } from "../helpers/demo-plan.js";
import { EXAMPLES } from "../helpers/paths.js";

function root(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tpl-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const fileOf = async (roots: string[], name: string) =>
  (await renderProject(demoPlan(), { roots })).find((f) => f.path === name)?.contents;

describe("template roots", () => {
  it("lets a user template override the built-in one, and still include built-in partials", async () => {
    const user = root({
      "project/gitignore.ejs": "custom-ignore\n<%- include('builtin:project/gitignore.ejs') %>",
    });
    const text = await fileOf([user], ".gitignore");
    expect(text?.startsWith("custom-ignore\n")).toBe(true);
    expect(text).toContain("__pycache__/");
  });

  it("resolves relative includes through the roots, user first", async () => {
    const user = root({
      "shared/utc_datetime.py.ejs": "class UTCDateTime:\n    marker = 'mine'\n",
    });
    const text = await fileOf([user], "demo/models/base.py");
    expect(text).toContain('marker = "mine"');
  });

  it("resolves an override's relative include of a built-in partial it does not copy", async () => {
    const builtin = readFileSync(
      path.join(BUILTIN_TEMPLATES, "models/sqlalchemy/base.py.ejs"),
      "utf8",
    );
    expect(builtin).toContain('include("../../shared/utc_datetime.py.ejs")');
    const user = root({ "models/sqlalchemy/base.py.ejs": `# mine\n${builtin}` });
    const text = await fileOf([user], "demo/models/base.py");
    expect(text).toContain("# mine");
    expect(text).toContain("class UTCDateTime(TypeDecorator[datetime]):");
  });

  it("renders extra user templates to their own path, but not partials", async () => {
    const user = root({
      "docs/API.md.ejs": "# <%- project.name %>\n\n<%- include('_part.ejs') %>\n",
      "docs/_part.ejs": "Resource: <%- resource.plural %>",
    });
    const files = await renderProject(demoPlan(), { roots: [user] });
    expect(files.find((f) => f.path === "docs/API.md")?.contents).toBe(
      "# demo\n\nResource: items\n",
    );
    expect(files.some((f) => f.path.includes("_part"))).toBe(false);
  });

  it("stops with one line naming the template and the EJS line when a template fails", async () => {
    const user = root({ "app/main.py.ejs": "ok\n<%= nope.value %>\n" });
    const error = await renderProject(demoPlan(), { roots: [user] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RenderError);
    expect((error as Error).message).toBe(
      `${path.join(user, "app/main.py.ejs")}:2: nope is not defined`,
    );
  });
});

describe("fastapi-agent eject and --templates", () => {
  const spec = path.join(EXAMPLES, "todo-api-engineer.md");

  it("copies the named built-in templates, refuses to overwrite them, and rejects unknown names", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "eject-"));
    const first = cli(["eject", "routers/resource.py.ejs", "--dir", dir]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/ejected .*routers\/resource\.py\.ejs/);
    expect(existsSync(path.join(dir, ".fastapi-agent/templates/routers/resource.py.ejs"))).toBe(
      true,
    );
    const again = cli(["eject", "routers/resource.py.ejs", "--dir", dir]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/ejected before .* pass --force/);
    const unknown = cli(["eject", "no/such.ejs", "--dir", dir]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'fastapi-agent: unknown template "no/such.ejs" (fastapi-agent eject --list shows them)',
    );
  });

  it("renders a --templates folder and remembers it; a broken template writes nothing", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "custom-"));
    const good = root({ "docs/HELLO.md.ejs": "Hello <%- project.name %>\n" });
    expect(
      cli(["new", spec, "out", "--defaults", "--skip-install", "--templates", good], cwd).status,
    ).toBe(0);
    expect(readFileSync(path.join(cwd, "out/docs/HELLO.md"), "utf8")).toBe("Hello todo-api\n");
    const stored = JSON.parse(readFileSync(path.join(cwd, "out/.yo-rc.json"), "utf8")) as Record<
      string,
      { templates: string }
    >;
    expect(path.resolve(cwd, "out", stored["generator-fastapi-agent"]!.templates)).toBe(good);

    const broken = root({ "README.md.ejs": "<% if (true) { %>unclosed\n" });
    const failed = cli(
      ["new", spec, "broken", "--defaults", "--skip-install", "--templates", broken],
      cwd,
    );
    expect(failed.status).toBe(2);
    expect(failed.stderr.trim().split("\n")).toHaveLength(1);
    expect(failed.stderr).toContain(path.join(broken, "README.md.ejs"));
    expect(failed.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(path.join(cwd, "broken"))).toBe(false);
  });
});

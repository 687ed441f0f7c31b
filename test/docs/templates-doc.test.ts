/**
 * docs/templates.md documents the template context and walks through a customisation. These tests
 * keep it true: every name a template can use is documented, and the worked example is exactly
 * the one the end-to-end harness applies (scripts/customise.js), and it works.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  applyEdit,
  EXTRA_TEMPLATE,
  EXTRA_TEMPLATE_TEXT,
  ROUTER_EDITS,
  ROUTER_TEMPLATE,
  routerTemplateFor,
} from "../../scripts/customise.js";
import { inferFromFile } from "../../src/pipeline.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { buildPlan } from "../../src/plan/plan.js";
import { renderProject, templateContext } from "../../src/render/render.js";
import { BUILTIN_TEMPLATES } from "../../src/render/templates.js";
import { EXAMPLES, REPO } from "../helpers/paths.js";

const DOC = readFileSync(path.join(REPO, "docs", "templates.md"), "utf8");
const codeBlocks = (lang: string) =>
  [...DOC.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

function examplePlan(spec: string) {
  const inferred = inferFromFile(path.join(EXAMPLES, spec));
  const answers = resolveAnswers({ conventions: inferred.conventions, explicit: {} }).answers;
  return buildPlan(inferred, answers);
}

describe("docs/templates.md", () => {
  it("documents every name of the template context, every convention, fact and helper", () => {
    const context = templateContext(examplePlan("todo-api-engineer.md"));
    const names = [
      ...Object.keys(context).map((k) => `\`${k}\``),
      ...Object.keys(context.c).map((k) => `\`${k}\``),
      ...Object.keys(context.f).map((k) => `\`${k}\``),
      ...Object.keys(context.h).map((k) => `\`h.${k}`),
    ];
    const missing = names.filter((name) => !DOC.includes(name));
    expect(missing).toEqual([]);
  });

  it("shows exactly the edits and the extra template the harness applies", () => {
    const ejs = codeBlocks("ejs").join("\n");
    for (const [, to] of ROUTER_EDITS) {
      for (const line of to.split("\n").filter((l) => l.trim() !== "")) {
        expect(ejs).toContain(line);
      }
    }
    expect(codeBlocks("ejs")).toContain(EXTRA_TEMPLATE_TEXT);
    expect(DOC).toContain(`.fastapi-agent/templates/${EXTRA_TEMPLATE}`);
    // The list endpoint shown in the doc is the built-in one with the edits applied.
    const builtin = readFileSync(path.join(BUILTIN_TEMPLATES, ROUTER_TEMPLATE), "utf8");
    const edited = ROUTER_EDITS.reduce(
      (text, edit) => applyEdit(text, edit, ROUTER_TEMPLATE),
      builtin,
    );
    const shown = codeBlocks("ejs").find((block) => block.startsWith('@router.get("")'));
    expect(shown).toBeDefined();
    expect(edited).toContain(shown!.trimEnd());
  });

  it.each(["todo-api-engineer.md", "notes-flat-sqlmodel.md", "inventory-versioned.md"])(
    "the worked example adds the header and the test, wherever the layout puts the router (%s)",
    async (spec) => {
      const root = mkdtempSync(path.join(tmpdir(), "doc-example-"));
      const plan = examplePlan(spec);
      // without a service layer (the notes and inventory examples) the handlers do the work
      const template = routerTemplateFor(plan.c.layers.services);
      const builtin = readFileSync(path.join(BUILTIN_TEMPLATES, template), "utf8");
      const edited = ROUTER_EDITS.reduce((t, e) => applyEdit(t, e, template), builtin);
      for (const [name, text] of [
        [template, edited],
        [EXTRA_TEMPLATE, EXTRA_TEMPLATE_TEXT],
      ] as const) {
        mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        writeFileSync(path.join(root, name), text);
      }
      const files = await renderProject(plan, { roots: [root] });
      const router = files.find(
        (f) => f.path === plan.paths.entityFile("router", plan.resource.name),
      );
      expect(router?.contents).toMatch(
        /async def list_\w+\(\s*response: Response,[\s\S]*?\n {4}response\.headers\["Cache-Control"\] = "private, max-age=60"\n/,
      );
      const test = files.find((f) => f.path === "tests/test_cache_header.py");
      expect(test?.contents).toContain(`client.get("${plan.f.prefix}/${plan.resource.plural}"`);
      // Nothing else changed: the other files are what the built-in templates give.
      const plain = await renderProject(plan);
      const changed = files
        .filter((f) => plain.find((p) => p.path === f.path)?.contents !== f.contents)
        .map((f) => f.path);
      expect(changed.sort()).toEqual([router!.path, "tests/test_cache_header.py"].sort());
    },
  );
});

/**
 * The built-in Markdown, TOML, YAML and JSON templates are not run through prettier at generation
 * time (it cost about a fifth of `new`): text-format.ts applies the few rules their output needs.
 * Here prettier checks that claim on every example and reference spec and every pairwise row: it
 * must leave every such generated file exactly as it is. The user's templates still go through
 * prettier.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveAnswers } from "../../src/options/resolve.js";
import { inferFromFile } from "../../src/pipeline.js";
import { buildPlan } from "../../src/plan/plan.js";
import { renderProject } from "../../src/render/render.js";
import { formatMarkdown } from "../../src/render/text-format.js";
import { EXAMPLES, HAS_SHARED, REFERENCE_SPECS, warnIfNoShared } from "../helpers/paths.js";
import type { Answers } from "../../src/options/answers.js";

warnIfNoShared();

const SPECS = [
  ...readdirSync(EXAMPLES).map((f) => path.join(EXAMPLES, f)),
  ...(HAS_SHARED
    ? readdirSync(REFERENCE_SPECS)
        .filter((f) => f.endsWith(".txt"))
        .map((f) => path.join(REFERENCE_SPECS, f))
    : []),
];
const FORMATTED = /\.(md|toml|ya?ml|json)$/;

async function prettierFormat(text: string, file: string): Promise<string> {
  const prettier = await import("prettier");
  const toml = await import("prettier-plugin-toml");
  return prettier.format(text, { filepath: file, plugins: [toml.default], printWidth: 100 });
}

async function expectPrettierClean(spec: string, explicit: Partial<Answers>): Promise<number> {
  const inferred = inferFromFile(spec);
  const answers = resolveAnswers({ conventions: inferred.conventions, explicit }).answers;
  const files = await renderProject(buildPlan(inferred, answers));
  let checked = 0;
  for (const file of files) {
    // The agent copy is the user's own text, written as it is.
    if (!FORMATTED.test(file.path) || file.path.startsWith(".claude/agents/")) continue;
    expect(await prettierFormat(file.contents, file.path), `${spec}: ${file.path}`).toBe(
      file.contents,
    );
    checked++;
  }
  return checked;
}

describe("built-in Markdown/TOML/YAML/JSON output needs no prettier", { timeout: 240_000 }, () => {
  it.each(SPECS)("%s", async (spec) => {
    expect(await expectPrettierClean(spec, {})).toBeGreaterThan(3);
  });

  it("every pairwise row", async () => {
    const { coveringArray } = (await import("../../scripts/pairwise.js")) as {
      coveringArray: () => { rows: Array<Partial<Answers>> };
    };
    const { rows } = coveringArray();
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows)
      await expectPrettierClean(path.join(EXAMPLES, "todo-api-engineer.md"), row);
  });

  it("aligns a Markdown table as prettier does, wide characters and alignment included", async () => {
    const table = [
      "| name | 説明 | n |",
      "| :-- | :-: | --: |",
      "| a | 日本語のテキスト | 1 |",
      "| longer name | x | 12345 |",
      "",
    ].join("\n");
    expect(formatMarkdown(table)).toBe(await prettierFormat(table, "x.md"));
  });

  it("still runs prettier on the user's own templates", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "fmt-"));
    mkdirSync(path.join(root, "docs"));
    writeFileSync(
      path.join(root, "docs", "NOTES.md.ejs"),
      "* one\n* two\n\n\n|a|b|\n|-|-|\n|1|2|\n",
    );
    const inferred = inferFromFile(path.join(EXAMPLES, "todo-api-engineer.md"));
    const answers = resolveAnswers({ conventions: inferred.conventions }).answers;
    const files = await renderProject(buildPlan(inferred, answers), { roots: [root] });
    const notes = files.find((f) => f.path === "docs/NOTES.md");
    expect(notes?.contents).toBe("- one\n- two\n\n| a   | b   |\n| --- | --- |\n| 1   | 2   |\n");
  });
});

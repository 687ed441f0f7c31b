/**
 * The `resources` option: one definition, read from flags (repeatable), the answers file and
 * `.yo-rc.json`, with the sample resource as its default.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";
import { defaultConventions, type Conventions } from "../../src/conventions/vocabulary.js";
import { readAnswersFile } from "../../src/options/answers-file.js";
import {
  AnswersError,
  answersFromFlags,
  resolveAnswers,
  resolveLeniently,
} from "../../src/options/resolve.js";
import { buildQuestions, missingAnswers } from "../../src/options/prompts.js";
import { answersSchema } from "../../src/options/schema.js";

const BOOKS = "books title:str:200 author:ref:authors";
const AUTHORS = "authors name:str:120";

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof AnswersError) return error.problems;
    throw error;
  }
  throw new Error("expected problems");
}

describe("--resource", () => {
  it("is repeatable on the command line and keeps each definition whole", () => {
    const parsed = parseArgs(["--resource", BOOKS, `--resource=${AUTHORS}`], [], true);
    expect(parsed.options["resource"]).toEqual([BOOKS, AUTHORS]);
    expect(answersFromFlags(parsed.options).resources).toEqual([
      { name: "books", fields: ["title:str:200", "author:ref:authors"] },
      { name: "authors", fields: ["name:str:120"] },
    ]);
  });

  it("defaults to the sample resource named by --sample-resource", () => {
    const { answers, origin } = resolveAnswers({
      conventions: defaultConventions(),
      explicit: { sampleResource: "tasks" },
    });
    expect(origin.resources).toBe("default");
    expect(answers.resources).toEqual([
      {
        name: "tasks",
        fields: ["title:str:200", "description:text:optional", "archived:bool:default=false"],
      },
    ]);
  });

  it("refuses a bad definition in one line naming the flag, resource and field", () => {
    expect(problemsOf(() => answersFromFlags({ resource: ["books pages:integer"] }))).toEqual([
      '--resource: books.pages: unknown type "integer" (types: str, text, int, bigint, float, decimal, bool, date, datetime, uuid, json, email, url, enum, ref)',
    ]);
  });

  it("checks references against the other answers: ref:users needs --auth jwt", () => {
    const explicit = answersFromFlags({ resource: ["notes owner_user:ref:users"], auth: "none" });
    expect(
      problemsOf(() => resolveAnswers({ conventions: defaultConventions(), explicit })),
    ).toEqual(["--resource: notes.owner_user: ref:users needs a users table (--auth jwt)"]);
    const withUsers = answersFromFlags({ resource: ["notes owner_user:ref:users"], auth: "jwt" });
    expect(
      resolveLeniently({ conventions: defaultConventions(), explicit: withUsers }).problems,
    ).toEqual([]);
  });

  it("takes several definitions in one text, separated by ;  (the prompt's form)", () => {
    const { answers } = resolveAnswers({
      conventions: defaultConventions(),
      prompted: { resources: `${BOOKS}; ${AUTHORS}` as never },
    });
    expect(answers.resources.map((r) => r.name)).toEqual(["books", "authors"]);
  });

  it("reads { name, fields } objects from the answers file, validated by the schema", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "resources-"));
    const good = path.join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ resources: [{ name: "authors", fields: ["name:str"] }] }));
    expect((await readAnswersFile(good)).answers.resources).toEqual([
      { name: "authors", fields: ["name:str"] },
    ]);
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ resources: [{ name: "authors", fields: "name:str" }] }));
    await expect(readAnswersFile(bad)).rejects.toThrow(/resources\.0\.fields must be array/);
    const cycle = path.join(dir, "wrong.json");
    writeFileSync(cycle, JSON.stringify({ resources: [{ name: "authors", fields: ["x:str:0"] }] }));
    await expect(readAnswersFile(cycle)).rejects.toThrow(
      /resources: --resource: authors\.x: str length "0" must be 1 to 1000/,
    );
    const schema = answersSchema() as { properties: Record<string, { type: string }> };
    expect(schema.properties["resources"]!.type).toBe("array");
  });
});

describe("the spec's resources as the default", () => {
  const fromSpec = (fields: string[]) => ({
    ...defaultConventions(),
    resources: {
      value: [{ name: "notes", fields }],
      source: "spec" as const,
      line: 12,
      evidence: "class Note(Base):",
    },
  });

  it("are taken, unless they reference users and the answers give the project none", () => {
    const owned = fromSpec(["body:text", "reviewer:ref:users"]);
    const withUsers = resolveAnswers({ conventions: owned, explicit: { auth: "jwt" } }).answers;
    expect(withUsers.resources).toEqual([
      { name: "notes", fields: ["body:text", "reviewer:ref:users"] },
    ]);
    const without = resolveAnswers({ conventions: owned, explicit: { auth: "none" } }).answers;
    expect(without.resources.map((r) => r.name)).toEqual([without.sampleResource]);
    const plain = fromSpec(["body:text"]);
    const kept = resolveAnswers({ conventions: plain, explicit: { auth: "none" } }).answers;
    expect(kept.resources).toEqual([{ name: "notes", fields: ["body:text"] }]);
  });

  it("name the project, and the sample resource is not asked", () => {
    const plain = fromSpec(["body:text"]);
    const { answers, reasons } = resolveAnswers({ conventions: plain });
    expect(answers.projectName).toBe("note-api");
    expect(reasons.projectName).toBe("named after notes");
    expect(answers.packageName).toBe("note_api");
    const names = (conventions: Conventions) =>
      buildQuestions({ conventions })
        .filter((q) => q.when?.({}) ?? true)
        .map((q) => q.name);
    expect(names(plain)).not.toContain("sampleResource");
    expect(missingAnswers({ conventions: plain })).not.toContain("sampleResource");
    // Without spec resources the sample resource names the project, and is asked.
    const none = defaultConventions();
    expect(resolveAnswers({ conventions: none }).answers.projectName).toBe("item-api");
    expect(names(none)).toContain("sampleResource");
    expect(missingAnswers({ conventions: none })).toContain("sampleResource");
  });

  it("give way to a sample resource named with --sample-resource", () => {
    const plain = fromSpec(["body:text"]);
    const { answers, origin, reasons } = resolveAnswers({
      conventions: plain,
      explicit: { sampleResource: "tasks" },
    });
    expect(origin.resources).toBe("default");
    expect(answers.resources.map((r) => r.name)).toEqual(["tasks"]);
    expect(reasons.resources).toBe("the sample resource, tasks");
    expect(answers.projectName).toBe("task-api");
    // A stored sample name (every earlier run stores one) does not hide the spec's resources.
    const stored = resolveAnswers({ conventions: plain, stored: { sampleResource: "tasks" } });
    expect(stored.answers.resources.map((r) => r.name)).toEqual(["notes"]);
  });
});

/**
 * The interactive resource loop without a terminal: the opening question, the checks of each
 * answer, and the questions asked in turn (a scripted `ask` answers them).
 */
import { describe, expect, it } from "vitest";
import { defaultConventions, type Conventions } from "../../src/conventions/vocabulary.js";
import {
  askResources,
  buildQuestions,
  resourceFieldsCheck,
  resourceNameCheck,
  type Ask,
} from "../../src/options/prompts.js";
import type { ResourceAnswer } from "../../src/resources/parse.js";

const USERS = { users: true };

function withSpecResources(resources: ResourceAnswer[]): Conventions {
  const conventions = defaultConventions();
  conventions.resources = {
    value: resources,
    source: "spec",
    line: 12,
    evidence: "class Dock(Base):",
  };
  return conventions;
}

/** A scripted `ask`: answers each question in turn, recording its message and default. */
function scripted(answers: unknown[]) {
  const asked: Array<{ name: string; message: string; default?: unknown }> = [];
  const ask: Ask = (questions) => {
    const q = questions[0] as {
      name: string;
      message: string;
      default?: unknown;
      validate?: (v: unknown) => true | string;
    };
    asked.push({ name: q.name, message: q.message, default: q.default });
    if (answers.length === 0) throw new Error(`no answer left for ${q.message}`);
    const answer = answers.shift();
    if (q.validate) expect(q.validate(answer), q.message).toBe(true);
    return Promise.resolve({ [q.name]: answer });
  };
  return { ask, asked };
}

describe("the opening question", () => {
  const opening = (conventions: Conventions) => {
    const q = buildQuestions({ conventions }).find((x) => x.name === "resources")!;
    return { type: q.type, message: q.message({}), choices: q.choices!({}) };
  };

  it("the sample resource: keep it, or replace it by your own", () => {
    const q = opening(defaultConventions());
    expect(q.type).toBe("select");
    expect(q.message).toBe(
      "Resources: items title:str:200 description:text:optional archived:bool:default=false (the sample resource, items)",
    );
    expect(q.choices.map((c) => c.value)).toEqual(["keep", "replace"]);
    expect(q.choices[1]!.name).toMatch(/replace items/);
  });

  it("the spec's resources: keep, add beside, or replace; the reason is their line", () => {
    const q = opening(withSpecResources([{ name: "docks", fields: ["code:str:8"] }]));
    expect(q.message).toBe("Resources: docks code:str:8 (from line 12: class Dock(Base):)");
    expect(q.choices.map((c) => c.value)).toEqual(["keep", "add", "replace"]);
  });
});

describe("checks as typed", () => {
  it("names: the pattern, reserved names, and one already given", () => {
    expect(resourceNameCheck("books")).toBe(true);
    expect(resourceNameCheck("Books")).toMatch(/plural noun in lowercase/);
    expect(resourceNameCheck("users")).toMatch(/used by the generated project/);
    expect(resourceNameCheck("books", [{ name: "books", fields: ["t:str"] }])).toBe(
      "books is already given",
    );
  });

  it("fields: the parser's line; a reference to a later resource is accepted, a cycle is not", () => {
    expect(resourceFieldsCheck("books", "title:strng", [], USERS)).toMatch(
      /^books\.title: unknown type "strng"/,
    );
    expect(resourceFieldsCheck("books", "", [], USERS)).toMatch(/at least one field/);
    expect(resourceFieldsCheck("books", "author:ref:authors", [], USERS)).toBe(true);
    expect(resourceFieldsCheck("books", "owner2:ref:users", [], { users: false })).toMatch(
      /ref:users needs a users table/,
    );
    const given = [{ name: "books", fields: ["author:ref:authors"] }];
    expect(resourceFieldsCheck("authors", "best:ref:books", given, USERS)).toMatch(
      /reference cycle/,
    );
  });
});

describe("the questions in turn", () => {
  it("keep: nothing is asked and the current resources stay", async () => {
    const { ask, asked } = scripted([]);
    expect(await askResources(ask, { conventions: defaultConventions() }, {}, "keep")).toBe(
      undefined,
    );
    expect(asked).toEqual([]);
  });

  it("replace: a reference still missing when the user stops asks for its resource, pre-filled", async () => {
    const { ask, asked } = scripted([
      "books",
      "title:str author:ref:authors",
      false, // no other resource… but authors is missing
      "authors",
      "name:str",
      false,
    ]);
    const resources = await askResources(ask, { conventions: defaultConventions() }, {}, "replace");
    expect(resources).toEqual([
      { name: "books", fields: ["title:str", "author:ref:authors"] },
      { name: "authors", fields: ["name:str"] },
    ]);
    expect(asked[3]).toEqual({
      name: "plural",
      message: "books.author references authors, which is not given yet: resource name",
      default: "authors",
    });
  });

  it("add: the spec's resources are kept beside the new one", async () => {
    const { ask } = scripted(["moorings", "dock:ref:docks", false]);
    const conventions = withSpecResources([{ name: "docks", fields: ["code:str:8"] }]);
    expect(await askResources(ask, { conventions }, {}, "add")).toEqual([
      { name: "docks", fields: ["code:str:8"] },
      { name: "moorings", fields: ["dock:ref:docks"] },
    ]);
  });
});

/**
 * What fuzzing found, one deterministic case each, so that a fix stays fixed without waiting for a
 * seed to come across the input again.
 */
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { segmentSpec } from "../../src/conventions/context.js";
import { inferConventions } from "../../src/conventions/infer.js";
import { UserError } from "../../src/errors.js";
import { pluralize, singularize } from "../../src/names.js";
import { answersFromFlags, resolveAnswers } from "../../src/options/resolve.js";
import { formatWarning } from "../../src/pipeline.js";
import { buildPlan } from "../../src/plan/plan.js";
import { renderProject } from "../../src/render/render.js";
import { normaliseTools } from "../../src/agent-file/fields.js";
import { parseSpecText } from "../../src/agent-file/read.js";
import { frontmatterOf } from "../helpers/check-files.js";

function inferred(text: string | Buffer, file = "agents/found.md") {
  const spec = parseSpecText(text, file);
  const { conventions, warnings } = inferConventions(spec);
  return { spec, conventions, warnings: [...spec.warnings, ...warnings] };
}

describe("large inputs", () => {
  it("segments a spec whose lines outnumber the arguments a call takes", () => {
    const spec = parseSpecText(
      `---\nname: many\ndescription: d\n---\n${"a\n".repeat(300_000)}`,
      "x.md",
    );
    expect(segmentSpec(spec).length).toBeGreaterThanOrEqual(300_000);
  });

  it("infers from the first 50,000 lines of a spec of millions of short ones, and says so", () => {
    const text = `---\nname: many\ndescription: d\n---\n${"a\n".repeat(60_000)}Use SQLModel.\n`;
    const found = inferred(text);
    expect(found.warnings[0]).toEqual({
      line: 50_003,
      message:
        "the spec has 60002 lines; conventions are read from the first 50000, up to this one",
    });
    expect(found.conventions.orm.source).toBe("default");
  });

  it("reads a tools list of 300,000 entries", () => {
    expect(normaliseTools("t,".repeat(300_000), 2, [])).toEqual(["t"]);
  });
});

describe("YAML aliases in the frontmatter", () => {
  it("copies a recursive alias and nested aliases ('billion laughs') without expanding them", async () => {
    const laughs = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(",")}]`,
      );
    const text = [
      "---",
      "name: aliases",
      "description: d",
      "cycle: &c [*c]",
      ...laughs,
      "---",
      "Body.",
    ].join("\n");
    const found = inferred(text);
    const plan = buildPlan(found, resolveAnswers({ conventions: found.conventions }).answers);
    const files = await renderProject(plan);
    const copy = files.find((f) => f.path === ".claude/agents/aliases.md")!.contents;
    expect(copy.length).toBeLessThan(2000);
    const fields = yaml.load(frontmatterOf(copy)!) as Record<string, unknown[]>;
    expect(fields["cycle"]![0]).toBe(fields["cycle"]);
    expect(fields["l8"]).toHaveLength(9);
  });
});

describe("messages show the spec's text as one printable line", () => {
  it("escapes line breaks, terminal escapes and bidi overrides in warnings", () => {
    const found = inferred('---\nname: "\\e[31mred\\nline \\u202e"\ndescription: d\n---\nBody.\n');
    const warning = found.warnings.find((w) => w.message.startsWith("name "))!;
    const line = formatWarning("agents/found.md", warning);
    expect(line).toBe(
      'agents/found.md:2: name "\\u001b[31mred\\nline \\u202e" is not lowercase-hyphen; read as "31mred-line"',
    );
  });

  it("shortens a huge key in a warning", () => {
    const found = inferred(`---\nname: a\ndescription: d\n${"k".repeat(5000)}: v\n---\nBody.\n`);
    const warning = found.warnings.find((w) => w.message.startsWith("unknown frontmatter key"))!;
    expect(warning.message.length).toBeLessThan(140);
  });

  it("a UserError is one printable line per entry", () => {
    expect(new UserError(["a\nb", "c\u001bd"]).lines).toEqual(["a\\nb", "c\\u001bd"]);
  });
});

describe("agent names become file names", () => {
  it.each([
    ["CON", "con-agent", /reserved device name on Windows/],
    ["lpt1", "lpt1-agent", /reserved device name on Windows/],
    ["x".repeat(300), "x".repeat(64), /longer than 64 characters/],
  ])("name %s is read as %s", (written, name, why) => {
    const found = inferred(`---\nname: ${written}\ndescription: d\n---\nBody.\n`);
    expect(found.spec.name).toBe(name);
    expect(found.warnings.some((w) => w.line === 2 && why.test(w.message))).toBe(true);
  });

  it("a file named nul.md without frontmatter is agent nul-agent", () => {
    expect(inferred("Just a body.\n", "agents/nul.md").spec.name).toBe("nul-agent");
  });
});

describe("an inferred sample resource is always one --defaults accepts", () => {
  it.each([
    ["Classes are the main resource.", "items"],
    ["Typings are the main resource.", "items"],
    ["Cons are the main resource.", "items"],
    ["Supercalifragilisticexpialidociousnesses are the main resource.", "items"],
    ["GET /api/todo-items", "todo_items"],
  ])("%s → %s", (sentence, resource) => {
    const found = inferred(`---\nname: a\ndescription: d\n---\n${sentence}\n${sentence}\n`);
    const { answers } = resolveAnswers({ conventions: found.conventions });
    expect(answers.sampleResource).toBe(resource);
  });
});

describe("words that are names of Object.prototype's properties", () => {
  it.each(["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf"])(
    "%s is a word like any other to pluralize and singularize",
    (word) => {
      expect(typeof pluralize(word)).toBe("string");
      expect(typeof singularize(word)).toBe("string");
      expect(singularize(`${word.toLowerCase()}s`)).toBe(word.toLowerCase());
    },
  );

  it("a spec whose main resource is constructors is read (it crashed explain)", () => {
    const sentence = "Constructors are the main resource.";
    const found = inferred(`---\nname: a\ndescription: d\n---\n${sentence}\n${sentence}\n`);
    expect(found.conventions.sampleResource.value).toBe("constructors");
    const { answers } = resolveAnswers({ conventions: found.conventions });
    expect(answers.sampleResource).toBe("constructors");
  });

  it("--sample-resource constructor is refused in one line", () => {
    const found = inferred("---\nname: a\ndescription: d\n---\nBody.\n");
    expect(() =>
      resolveAnswers({
        conventions: found.conventions,
        explicit: answersFromFlags({ "sample-resource": "constructor" }),
      }),
    ).toThrow(/^--sample-resource: "constructor" has no distinct singular form/);
  });

  it("a .yo-rc.json answer that is not a choice is one problem, not a crash or a cascade", () => {
    const found = inferred("---\nname: a\ndescription: d\n---\nBody.\n");
    for (const stored of [{ pagination: "constructor" }, { layout: "__proto__" }]) {
      expect(() =>
        resolveAnswers({ conventions: found.conventions, stored: stored as never }),
      ).toThrow(/^\.yo-rc\.json: --(pagination|layout) must be one of [^\n]*$/);
    }
  });
});

/** How a spec's lines are classified before any rule is matched. */
import { describe, expect, it } from "vitest";
import { segmentSpec, type Segment } from "../../src/conventions/context.js";
import { specOf } from "./helpers.js";

/** The segments of the body (and of the description too, when a frontmatter is given). */
function segments(body: readonly string[], frontmatter?: string[]): Segment[] {
  const all = segmentSpec(specOf(body, frontmatter));
  return frontmatter === undefined ? all.filter((s) => s.region === "body") : all;
}

function find(list: readonly Segment[], needle: string): Segment {
  const found = list.find((segment) => segment.text.includes(needle));
  if (found === undefined) throw new Error(`no segment contains ${needle}`);
  return found;
}

describe("Markdown structure", () => {
  it("tells headings, lists, tables, prose and code apart", () => {
    const list = segments([
      "## Data",
      "- Tables are plural.",
      "| a | b |",
      "|---|---|",
      "Plain words here.",
      "```python",
      "x = 1  # set it",
      "```",
    ]);
    expect(list.map((s) => s.kind)).toEqual(["heading", "list", "table", "prose", "code"]);
    expect(find(list, "x = 1").commentStart).toBe(7);
  });

  it("splits prose into sentences and blanks out e.g. asides", () => {
    const list = segments(["First we plan. Then (e.g., with care) we build."]);
    expect(list.map((s) => s.text.trim())).toEqual(["First we plan.", "Then   we build."]);
  });

  it("rewrites tree entries as paths under the tree's root", () => {
    const list = segments([
      "```",
      "root/",
      "├── web/",
      "│   ├── v3/",
      "│   │   └── handlers/  # HTTP",
      "│   └── deps.py",
      "└── store/",
      "```",
    ]);
    expect(list.map((s) => [s.kind, s.text])).toEqual([
      ["tree", "root/"],
      ["tree", "web/"],
      ["tree", "web/v3/"],
      ["tree", "web/v3/handlers/  # HTTP"],
      ["tree", "web/deps.py"],
      ["tree", "store/"],
    ]);
    expect(new Set(list.map((s) => s.unit)).size).toBe(1);
  });
});

describe("examples, questions, hedges", () => {
  it("marks text inside example tags, even several on one line", () => {
    const list = segments([
      "Intro <example>first case</example> middle <example>second case</example> outro",
    ]);
    const [intro, first, middle, second, outro] = list;
    expect([intro?.example, middle?.example, outro?.example]).toEqual([null, null, null]);
    expect(first?.example).not.toBeNull();
    expect(second?.example).not.toBe(first?.example);
  });

  it("ends an unclosed example at the next example or at the end of the description", () => {
    const list = segments(
      ["Body text."],
      [
        "name: sample-agent",
        "description: Use it.\\n- <example>\\n  user: one\\n- <example>\\n  user: two",
      ],
    );
    const one = find(list, "user: one");
    const two = find(list, "user: two");
    expect(one.example).not.toBeNull();
    expect(two.example).not.toBe(one.example);
    expect(find(list, "Body text.").example).toBeNull();
  });

  it("marks a list introduced by 'ask:' as questions, up to the next paragraph", () => {
    const list = segments(["Then ask:", "- the database", "- the auth scheme", "Done."]);
    expect(find(list, "the database").question).toBe(true);
    expect(find(list, "auth scheme").question).toBe(true);
    expect(find(list, "Done.").question).toBe(false);
  });

  it("marks questions and hedges", () => {
    const list = segments(["Which ORM fits best?", "Consider caching.", "Cache reads."]);
    expect(list.map((s) => [s.question, s.hedge])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSpec } from "../../src/agent-file/read.js";
import { FIXTURES, parse, specText, warningAt } from "./helpers.js";

describe("frontmatter that strict YAML rejects", () => {
  const spec = readSpec(join(FIXTURES, "broken-yaml.md"));

  it("says so on the offending line", () => {
    expect(warningAt(spec, 3, /not valid YAML/)).toBeDefined();
  });

  it("recovers every field line by line", () => {
    expect(spec.name).toBe("orders-api");
    expect(spec.model).toBe("haiku");
    expect(spec.memory).toBe("project");
    expect(spec.tools).toEqual(["Read", "Write"]);
    expect(spec.description.split("\n")).toEqual([
      "Use this agent for the orders service. Examples:",
      "",
      "<example>",
      "Context: someone asks for a refund endpoint",
      'user: "Add POST /refunds"',
      `assistant: "I'll use the orders-api agent."`,
      "</example>",
    ]);
    expect(spec.bodyStartLine).toBe(10);
    expect(spec.body.trim()).toBe("You build the orders API with FastAPI and SQLModel.");
  });

  it("recovers a quoted value with quotes in the middle", () => {
    const broken = parse(
      specText(["name: quote-agent", 'description: "Say "hello" first"', "model: opus"]),
    );
    expect(broken.description).toBe('Say "hello" first');
    expect(broken.model).toBe("opus");
  });

  it("joins a value continued on indented lines and keeps nested YAML", () => {
    const broken = parse(
      specText([
        "name: multi-agent",
        "description: Starts here: and",
        "  continues on the next line",
        "hooks:",
        "  Stop:",
        "    - command: echo done",
        "color: blue",
      ]),
    );
    expect(broken.description).toBe("Starts here: and continues on the next line");
    expect(broken.frontmatter.hooks).toEqual({ Stop: [{ command: "echo done" }] });
    expect(broken.frontmatter.color).toBe("blue");
  });

  it("keeps the first of a repeated key", () => {
    const repeated = parse(
      specText(["name: first-name", "description: Once.", "name: second-name"]),
    );
    expect(repeated.name).toBe("first-name");
    expect(warningAt(repeated, 4, /"name" repeated; kept the first \(line 2\)/)).toBeDefined();
  });

  it("reads fields when the closing --- is missing", () => {
    const unclosed = parse(
      "---\nname: open-agent\ndescription: Never closed.\n\n# Open Agent\n\nUse FastAPI.\n",
    );
    expect(unclosed.name).toBe("open-agent");
    expect(unclosed.description).toBe("Never closed.");
    expect(unclosed.bodyStartLine).toBe(4);
    expect(warningAt(unclosed, 1, /never closed/)).toBeDefined();
  });

  it("does not mistake a Markdown rule further down for the closing ---", () => {
    const unclosed = parse(
      "---\nname: rule-agent\ndescription: Forgot to close.\n\nIntro paragraph.\n\n---\n\nMore.\n",
    );
    expect(unclosed.description).toBe("Forgot to close.");
    expect(unclosed.body).toContain("Intro paragraph.");
    expect(warningAt(unclosed, 1, /never closed/)).toBeDefined();
  });
});

describe("files without frontmatter", () => {
  it("takes the name from the file name and the description from the first heading", () => {
    const spec = readSpec(join(FIXTURES, "no-frontmatter.md"));
    expect(spec.name).toBe("no-frontmatter");
    expect(spec.rawName).toBe("no-frontmatter");
    expect(spec.description).toBe("Payments Agent");
    expect(spec.frontmatter).toEqual({});
    expect(spec.bodyStartLine).toBe(1);
    expect(spec.lines[0]).toEqual({ line: 1, text: "# Payments Agent", region: "body" });
    expect(
      warningAt(spec, 1, /no frontmatter; name "no-frontmatter" taken from the file name/),
    ).toBeDefined();
  });

  it("lowercase-hyphenates the file name and falls back to the first paragraph", () => {
    const spec = parse(
      "You are a careful backend developer.\nYou use FastAPI.\n\nMore text.",
      "Team__Backend Agent.md",
    );
    expect(spec.name).toBe("team-backend-agent");
    expect(spec.rawName).toBe("Team__Backend Agent");
    expect(spec.description).toBe("You are a careful backend developer. You use FastAPI.");
  });
});

describe("a second frontmatter block", () => {
  // Inline rather than a fixture file: Prettier would reformat the second block as Markdown.
  const spec = parse(
    [
      "---",
      "name: inventory-api",
      "description: Builds the inventory service.",
      "---",
      "",
      "---",
      "name: inventory-api-v2",
      "model: opus",
      "---",
      "",
      "# Inventory API",
      "",
      "Use PostgreSQL.",
    ].join("\n"),
  );

  it("warns with its line, keeps the first, and reads the second as body text", () => {
    expect(warningAt(spec, 6, /second frontmatter block/)).toBeDefined();
    expect(spec.name).toBe("inventory-api");
    expect(spec.model).toBeNull();
    expect(spec.body).toContain("name: inventory-api-v2");
    expect(spec.lines).toContainEqual({ line: 8, text: "model: opus", region: "body" });
  });

  it("ignores Markdown rules, prose with colons and fenced examples", () => {
    const rules = readSpec(join(FIXTURES, "horizontal-rules.md"));
    expect(rules.warnings).toEqual([]);
  });
});

describe("keys", () => {
  it("keeps unknown keys and names each one with its line", () => {
    const spec = parse(
      specText([
        "name: key-agent",
        "description: Keys.",
        "triggers:",
        '  - "**/router.py"',
        "proactive: true",
        "model: sonnet",
      ]),
    );
    expect(spec.frontmatter.triggers).toEqual(["**/router.py"]);
    expect(spec.frontmatter.proactive).toBe(true);
    expect(warningAt(spec, 4, /unknown frontmatter key "triggers"/)).toBeDefined();
    expect(warningAt(spec, 6, /unknown frontmatter key "proactive"/)).toBeDefined();
    expect(spec.warnings).toHaveLength(2);
  });

  it("does not warn about Claude Code's own keys", () => {
    const spec = parse(
      specText([
        "name: all-keys",
        "description: Every known key.",
        "tools: Read",
        "disallowedTools: Bash",
        "model: inherit",
        "permissionMode: acceptEdits",
        "maxTurns: 20",
        "skills: [api-design]",
        "mcpServers: [github]",
        "hooks: {}",
        "memory: user",
        "background: false",
        "effort: high",
        "isolation: worktree",
        "color: cyan",
        "initialPrompt: Start by reading the README.",
      ]),
    );
    expect(spec.warnings).toEqual([]);
  });

  it("reads a known key spelt differently under its usual name", () => {
    const spec = parse(
      specText(["Name: spelt-agent", "Description: Capitalised keys.", "disallowed_tools: Bash"]),
    );
    expect(spec.name).toBe("spelt-agent");
    expect(spec.description).toBe("Capitalised keys.");
    expect(spec.frontmatter.disallowedTools).toBe("Bash");
    expect(warningAt(spec, 2, /"Name" read as "name"/)).toBeDefined();
  });
});

describe("name", () => {
  it.each([
    ["FastAPI Specialist", "fastapi-specialist"],
    ["FastAPI-SQLModel-Engineer", "fastapi-sqlmodel-engineer"],
    ["backend_dev v2", "backend-dev-v2"],
    ["Développeur API", "developpeur-api"],
  ])("normalises %j to %j and keeps the raw name", (raw, normalised) => {
    const spec = parse(specText([`name: ${raw}`, "description: Naming."]));
    expect(spec.name).toBe(normalised);
    expect(spec.rawName).toBe(raw);
    expect(warningAt(spec, 2, /not lowercase-hyphen/)).toBeDefined();
  });

  it("derives a missing name and description, with warnings", () => {
    const spec = parse(
      specText(["model: sonnet"], "# Shipping Agent\n\nShips things."),
      "shipping.md",
    );
    expect(spec.name).toBe("shipping");
    expect(spec.description).toBe("Shipping Agent");
    expect(spec.warnings.map((warning) => warning.message)).toEqual([
      'frontmatter has no name; using "shipping" from the file name',
      "frontmatter has no description; using line 5",
    ]);
  });
});

describe("tools, model and memory", () => {
  it("splits a comma string", () => {
    const spec = parse(
      specText([
        "name: t",
        "description: d",
        "tools: Read, Write,Edit , Bash(git add:*, git commit:*)",
      ]),
    );
    expect(spec.tools).toEqual(["Read", "Write", "Edit", "Bash(git add:*, git commit:*)"]);
  });

  it("reads a YAML list, block or flow", () => {
    expect(
      parse(specText(["name: t", "description: d", "tools:", "  - Read", "  - Grep"])).tools,
    ).toEqual(["Read", "Grep"]);
    expect(parse(specText(["name: t", "description: d", "tools: [Read, Glob]"])).tools).toEqual([
      "Read",
      "Glob",
    ]);
  });

  it("gives an empty list, null model and null memory when absent", () => {
    const spec = parse(specText(["name: t", "description: d"]));
    expect(spec.tools).toEqual([]);
    expect(spec.model).toBeNull();
    expect(spec.memory).toBeNull();
  });

  it("warns about a memory scope Claude Code does not know", () => {
    const spec = parse(specText(["name: t", "description: d", "memory: team"]));
    expect(spec.memory).toBe("team");
    expect(warningAt(spec, 4, /memory "team" is not one of user, project, local/)).toBeDefined();
  });
});

describe("odd but valid frontmatter", () => {
  it("maps a multi-line block description line by line", () => {
    const spec = parse(
      specText([
        "name: block-agent",
        "description: |",
        "  First line.",
        "  Second line.",
        "model: opus",
      ]),
    );
    expect(spec.description).toBe("First line.\nSecond line.");
    expect(spec.lines.filter((line) => line.region === "description")).toEqual([
      { line: 4, text: "First line.", region: "description" },
      { line: 5, text: "Second line.", region: "description" },
    ]);
  });

  it("accepts blank lines before the frontmatter, with a warning", () => {
    const spec = parse("\n\n---\nname: late-agent\ndescription: Starts on line 3.\n---\nBody.\n");
    expect(spec.name).toBe("late-agent");
    expect(spec.bodyStartLine).toBe(7);
    expect(warningAt(spec, 3, /does not start on line 1/)).toBeDefined();
  });

  it("treats a leading Markdown rule as body, not frontmatter", () => {
    const spec = parse("---\n\n# Title\n\nSome text.\n\n---\n\nMore.\n", "ruled.md");
    expect(spec.name).toBe("ruled");
    expect(spec.bodyStartLine).toBe(1);
    expect(spec.description).toBe("Title");
  });

  it("keeps a __proto__ key as plain data", () => {
    const spec = parse(specText(["name: proto-agent", "description: a: b", "__proto__: polluted"]));
    expect(Object.hasOwn(spec.frontmatter, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(spec.frontmatter)).toBe(Object.prototype);
  });
});

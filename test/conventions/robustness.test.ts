/** Inference never throws, whatever Markdown it is given, and its output is always well formed. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inferConventions } from "../../src/conventions/infer.js";
import { CONVENTION_FIELDS } from "../../src/conventions/vocabulary.js";
import { parseSpecText } from "../../src/agent-file/read.js";
import { SpecError } from "../../src/agent-file/types.js";
import { lineShows } from "./helpers.js";

/** Fragments that drive the reader's state: fences, trees, tags, lists, tables, cue words. */
const FRAGMENTS = [
  "```",
  "```python",
  "~~~",
  "├── api/",
  "│   └── v1/",
  "│       └── endpoints/",
  "└── crud/",
  "<example>",
  "</example>",
  "<commentary>",
  "</commentary>",
  "## Example interactions",
  "## Questions",
  "Before you start, ask:",
  "Examples of what to record:",
  "- `services/` — logic",
  "| ORM | SQLModel |",
  "|---|---|",
  "Never use Alembic.",
  "SQLModel or SQLAlchemy?",
  "We use MongoDB with Beanie.",
  "class Page(BaseModel):",
  "    items: list[int]",
  '{"items": [], "total": 0}',
  "(e.g., UUID keys",
  "GET /api/v2/widgets",
  "",
];

const line = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 40 }));

describe("robustness", () => {
  it("infers complete conventions from any mix of Markdown", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.boolean(), (lines, withFrontmatter) => {
        const text = withFrontmatter
          ? ["---", "name: fuzz", "description: Fuzzed.", "---", ...lines].join("\n")
          : lines.join("\n");
        let spec;
        try {
          spec = parseSpecText(text, "agents/fuzz.md");
        } catch (error) {
          if (error instanceof SpecError) return;
          throw error;
        }
        const { conventions, warnings } = inferConventions(spec);
        expect(Object.keys(conventions)).toEqual([...CONVENTION_FIELDS]);
        const fileLines = spec.repairedText.split("\n");
        for (const field of CONVENTION_FIELDS) {
          const decided = conventions[field];
          if (decided.source !== "spec") continue;
          const shown = fileLines[(decided.line ?? 0) - 1] ?? "";
          expect(lineShows(shown, decided.evidence ?? ""), field).toBe(true);
        }
        for (const warning of warnings) expect(warning.message).not.toBe("");
      }),
      { numRuns: 300 },
    );
  });
});

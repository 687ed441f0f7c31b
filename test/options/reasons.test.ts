/** The reason shown beside each prompt quotes the spec line that decided that option. */
import { describe, expect, it } from "vitest";
import { defaultConventions } from "../../src/conventions/vocabulary.js";
import { REASON_EVIDENCE } from "../../src/options/definitions.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { shorten } from "../../src/text.js";
import { bodyLine, infer } from "../conventions/helpers.js";

const reasonsFor = (body: readonly string[]) =>
  resolveAnswers({ conventions: infer(body).conventions }).reasons;

describe("layer options", () => {
  it("each cite the line that names their own layer", () => {
    const body = [
      "## Project layout",
      "",
      "- `routers/` holds the HTTP endpoints and nothing else",
      "- `services/` holds business rules",
      "- `repositories/` hold the queries",
    ];
    const { conventions } = infer(body);
    expect(conventions.layers.parts).toEqual({
      routers: { line: bodyLine(body, "routers/"), evidence: body[2] },
      services: { line: bodyLine(body, "services/"), evidence: body[3] },
      dataAccess: { line: bodyLine(body, "repositories/"), evidence: body[4] },
    });
    const reasons = resolveAnswers({ conventions }).reasons;
    expect(reasons.routersDir).toBe(
      `from line ${bodyLine(body, "routers/")}: - \`routers/\` holds the HTTP endpoints and nothing else`,
    );
    expect(reasons.services).toBe(
      `from line ${bodyLine(body, "services/")}: - \`services/\` holds business rules`,
    );
    expect(reasons.dataAccess).toBe(
      `from line ${bodyLine(body, "repositories/")}: - \`repositories/\` hold the queries`,
    );
  });

  it("cite the crud folder for the data-access layer", () => {
    const body = ["Endpoints live in `routes/`.", "", "Queries go in `crud/` modules."];
    const reasons = reasonsFor(body);
    expect(reasons.routersDir).toMatch(new RegExp(`^from line ${bodyLine(body, "routes/")}: `));
    expect(reasons.dataAccess).toMatch(new RegExp(`^from line ${bodyLine(body, "crud/")}: `));
  });

  it("say a layer the spec does not name follows the layout", () => {
    const body = ["Endpoints live in `routes/`."];
    const reasons = reasonsFor(body);
    expect(reasons.routersDir).toBe(`from line ${bodyLine(body, "routes/")}: ${body[0]}`);
    expect(reasons.services).toBe("default for the layered layout");
    expect(reasons.dataAccess).toBe("default for the layered layout");
  });

  it("name the layout's line when the layout came from the spec", () => {
    const body = ["Business rules live in `services/`.", "", "Endpoints live in `routes/`."];
    const reasons = reasonsFor(body);
    expect(reasons.services).toBe(`from line ${bodyLine(body, "services/")}: ${body[0]}`);
    expect(reasons.routersDir).toBe(`from line ${bodyLine(body, "routes/")}: ${body[2]}`);
    expect(reasons.dataAccess).toBe(
      `default for the layered layout; layout from line ${bodyLine(body, "services/")}`,
    );
  });

  it("are all defaults when the spec says nothing of layers", () => {
    const reasons = reasonsFor(["Write clean code."]);
    expect([reasons.routersDir, reasons.services, reasons.dataAccess]).toEqual([
      "default",
      "default",
      "default",
    ]);
  });
});

describe("a long deciding line", () => {
  const reasonOf = (evidence: string): string => {
    const conventions = defaultConventions();
    conventions.orm = { value: "sqlalchemy", source: "spec", line: 14, evidence };
    return resolveAnswers({ conventions }).reasons.orm ?? "";
  };
  const ellipses = (text: string): number => (text.match(/\.\.\.|…/g) ?? []).length;

  it("is cut once, on a word boundary, with a single ellipsis", () => {
    const line =
      "- **ORM**: SQLAlchemy 2.0 with async sessions, typed declarative models and explicit relationship loading everywhere";
    const reason = reasonOf(line);
    expect(reason.startsWith("from line 14: - **ORM**: SQLAlchemy 2.0 with async")).toBe(true);
    expect(ellipses(reason)).toBe(1);
    expect(reason.endsWith("…")).toBe(true);
    expect(reason).not.toContain("...");
    // the word before the ellipsis is a whole word of the line
    const quoted = reason.slice("from line 14: ".length, -1);
    expect(quoted.length).toBeLessThanOrEqual(REASON_EVIDENCE);
    expect(line.startsWith(quoted)).toBe(true);
    expect(line[quoted.length]).toBe(" ");
  });

  it("never doubles an ellipsis the line already has where it is cut", () => {
    // the line that showed `Mapped[......)` in the prompt
    const todo = "- **ORM**: SQLAlchemy 2.0 with async sessions and typed `Mapped[...]` columns";
    expect(reasonOf(todo)).toBe(
      "from line 14: - **ORM**: SQLAlchemy 2.0 with async sessions and typed `Mapped[...]`…",
    );
    // no space to cut at: wherever the cut falls around the line's own "...", one ellipsis ends it
    for (let at = 50; at <= 64; at++) {
      const line = `${"x".repeat(at)}Mapped[...]${"y".repeat(30)}`;
      const reason = reasonOf(line);
      expect(reason, line).not.toMatch(/\.{4,}|\.…|…\.|……/);
      expect(reason.endsWith("…"), line).toBe(true);
      expect(reason.length, line).toBeLessThanOrEqual("from line 14: ".length + REASON_EVIDENCE);
    }
  });

  it("is quoted whole when it fits, with its white space collapsed", () => {
    expect(reasonOf("We  use\tSQLAlchemy   with `Mapped[...]` columns")).toBe(
      "from line 14: We use SQLAlchemy with `Mapped[...]` columns",
    );
  });
});

describe("shorten", () => {
  it("cuts a word with no space in reach, and keeps surrogate pairs whole", () => {
    expect(shorten("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
    expect(shorten("🐍".repeat(20), 5)).toBe("🐍🐍🐍🐍…");
  });

  it("drops dots and ellipses at the cut", () => {
    expect(shorten("one two three four five... six seven", 27)).toBe("one two three four five…");
    expect(shorten("one two three four five… six", 26)).toBe("one two three four five…");
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SPEC_BYTES } from "../../src/agent-file/decode.js";
import { parseSpecText, readSpec } from "../../src/agent-file/read.js";
import { SpecError } from "../../src/agent-file/types.js";

/** The SpecError `action` throws (fails the test if it throws anything else, or nothing). */
function specErrorOf(action: () => unknown): SpecError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return error as SpecError;
  }
  throw new Error("expected a SpecError, but nothing was thrown");
}

describe("files that cannot be read", () => {
  let dir = "";
  const file = (name: string, content: string | Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "spec-errors-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("a missing file", () => {
    const path = join(dir, "missing.md");
    const error = specErrorOf(() => readSpec(path));
    expect(error.file).toBe(path);
    expect(error.problem).toBe("file not found");
    expect(error.message).toBe(`${path}: file not found`);
  });

  it("a directory", () => {
    const path = join(dir, "agents.md");
    mkdirSync(path);
    expect(specErrorOf(() => readSpec(path)).problem).toBe("is a directory, not a file");
  });

  it.each([
    ["empty.md", ""],
    ["blank.md", "  \n\n\t\r\n"],
    ["bom-only.md", "\uFEFF\n"],
  ])("an empty file (%s)", (name, content) => {
    expect(specErrorOf(() => readSpec(file(name, content))).problem).toBe("file is empty");
  });

  it("a binary file with NUL bytes", () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    ]);
    expect(specErrorOf(() => readSpec(file("image.md", png))).problem).toBe(
      "not a text file (binary content)",
    );
  });

  it("a file that is mostly invalid UTF-8", () => {
    const noise = Uint8Array.from({ length: 400 }, (_, i) => 0x80 + ((i * 37) % 0x7f));
    expect(specErrorOf(() => readSpec(file("noise.md", noise))).problem).toMatch(
      /^not a text file \(binary content/,
    );
  });

  it("a file that is too large", () => {
    const path = file("huge.md", Buffer.alloc(MAX_SPEC_BYTES + 1, "a"));
    expect(specErrorOf(() => readSpec(path)).problem).toMatch(
      /^file is too large \(8\.0 MB; the limit is 8 MB\)$/,
    );
  });

  it("text handed over directly with NUL characters, or empty", () => {
    expect(specErrorOf(() => parseSpecText("---\nname: x\u0000\n---", "inline.md")).problem).toBe(
      "not a text file (binary content)",
    );
    expect(specErrorOf(() => parseSpecText(" \n ", "inline.md")).problem).toBe("file is empty");
  });

  it("keeps every problem to one short line", () => {
    const error = specErrorOf(() => readSpec(join(dir, "missing.md")));
    expect(error.problem).not.toContain("\n");
    expect(error.problem.length).toBeLessThan(80);
  });
});

describe("odd files that are still readable", () => {
  it("reads a UTF-16 file with a byte-order mark", () => {
    const text = "---\nname: wide-agent\ndescription: Saved as UTF-16.\n---\nBody.\n";
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const spec = parseSpecText(bytes, "wide.md");
    expect(spec.name).toBe("wide-agent");
    expect(spec.warnings).toEqual([{ line: null, message: "file is UTF-16LE; read as such" }]);
  });

  it("never throws anything but SpecError, whatever the text", async () => {
    const fc = (await import("fast-check")).default;
    const pieces = [
      "---",
      "\n",
      "\r\n",
      "\r",
      "name: ",
      "description: ",
      "tools:",
      "  - ",
      "- ",
      ": ",
      '"',
      "'",
      "\\n",
      "|",
      ">",
      "#",
      "```",
      "[",
      "{",
      "â€",
      "ðŸ",
      "é",
      "x",
      " ",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        try {
          parseSpecText(parts.join(""), "fuzz.md");
        } catch (error) {
          expect(error).toBeInstanceOf(SpecError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

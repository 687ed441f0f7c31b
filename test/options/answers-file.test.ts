import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readAnswersFile } from "../../src/options/answers-file.js";
import { AnswersError } from "../../src/options/resolve.js";
import { answersSchema } from "../../src/options/schema.js";

const dir = mkdtempSync(path.join(tmpdir(), "answers-"));
function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
async function problems(file: string): Promise<string[]> {
  try {
    await readAnswersFile(file);
  } catch (error) {
    if (error instanceof AnswersError) return error.problems;
    throw error;
  }
  throw new Error("expected problems");
}

describe("answers file", () => {
  it("loads valid answers with their types", async () => {
    const file = write(
      "ok.json",
      JSON.stringify({
        orm: "sqlmodel",
        rbac: false,
        paginationEnvelope: ["items", "total"],
        spec: "x.md",
      }),
    );
    const loaded = await readAnswersFile(file);
    expect(loaded.answers).toEqual({
      orm: "sqlmodel",
      rbac: false,
      paginationEnvelope: ["items", "total"],
    });
    expect(loaded.spec).toBe("x.md");
  });

  it("gives one line per problem, naming the file and the key", async () => {
    const file = write("bad.json", JSON.stringify({ orm: "django", rbac: "yes", colour: "red" }));
    const lines = await problems(file);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.startsWith(`${file}: `)).toBe(true);
    expect(lines.some((l) => l.includes("orm must be one of sqlalchemy, sqlmodel"))).toBe(true);
    expect(lines.some((l) => l.includes('unknown key "colour"'))).toBe(true);
    expect(lines.some((l) => l.includes("rbac must be boolean"))).toBe(true);
  });

  it("reports a key once even when it fails both its type and its choices, and two unknown keys twice", async () => {
    const file = write("twice.json", JSON.stringify({ orm: 5, colour: 1, size: 2 }));
    const lines = await problems(file);
    expect(lines.filter((l) => l.includes(" orm "))).toEqual([`${file}: orm must be string`]);
    expect(lines.filter((l) => l.includes("unknown key"))).toHaveLength(2);
  });

  it("refuses files that are not JSON or do not exist", async () => {
    expect((await problems(write("broken.json", "{ orm: ")))[0]).toMatch(/not valid JSON/);
    expect((await problems(path.join(dir, "missing.json")))[0]).toMatch(/file not found/);
  });

  it("is validated by the schema that ships in the package", () => {
    const shipped = JSON.parse(
      readFileSync(new URL("../../schema/answers.schema.json", import.meta.url), "utf8"),
    );
    expect(shipped).toEqual(answersSchema());
  });
});

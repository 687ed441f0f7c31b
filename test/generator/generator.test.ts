import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import helpers from "yeoman-test";
import type FastapiAgentGenerator from "../../src/yeoman/app.js";
import { EXAMPLES, GENERATOR } from "../helpers/paths.js";

const generator = () => helpers.run<FastapiAgentGenerator>(GENERATOR);

const TODO = path.join(EXAMPLES, "todo-api-engineer.md");
const NOTES = path.join(EXAMPLES, "notes-flat-sqlmodel.md");

interface StoredConfig {
  spec: string;
  answers: Record<string, unknown>;
}
function stored(projectDir: string): StoredConfig {
  const yoRc = JSON.parse(readFileSync(path.join(projectDir, ".yo-rc.json"), "utf8")) as Record<
    string,
    StoredConfig
  >;
  return yoRc["generator-fastapi-agent"]!;
}

describe("yo fastapi-agent", () => {
  it("--defaults asks nothing and generates into a folder named after the project", async () => {
    const result = await generator()
      .withArguments([TODO])
      .withOptions({ defaults: true, skipInstall: true });
    expect(result.askedQuestions).toEqual([]);
    const project = path.join(result.cwd, "todo-api");
    expect(existsSync(path.join(project, "pyproject.toml"))).toBe(true);
    expect(existsSync(path.join(project, "todo_api", "main.py"))).toBe(true);
    expect(existsSync(path.join(project, ".claude", "agents", "todo-api-engineer.md"))).toBe(true);
    const config = stored(project);
    expect(config.spec).toBe(".claude/agents/todo-api-engineer.md");
    expect(config.answers.orm).toBe("sqlalchemy");
    expect(config.answers.idType).toBe("uuid");
    expect(config.answers).not.toHaveProperty("outputDir");
  });

  it("asks what flags did not answer, pre-filled with the inferred value", async () => {
    const result = await generator()
      .withArguments([TODO])
      .withOptions({ skipInstall: true, orm: "sqlmodel", "project-name": "shop" })
      .withAnswers({ layout: "flat", database: "mysql" });
    const asked = result.askedQuestions.map((q) => q.name);
    expect(asked).toContain("layout");
    expect(asked).not.toContain("orm");
    expect(asked).not.toContain("projectName");
    const idType = result.askedQuestions.find((q) => q.name === "idType");
    expect(idType?.answer).toBe("uuid");
    const config = stored(path.join(result.cwd, "shop"));
    expect(config.answers).toMatchObject({
      orm: "sqlmodel",
      layout: "flat",
      database: "mysql",
      projectName: "shop",
    });
    expect(readFileSync(path.join(result.cwd, "shop", "pyproject.toml"), "utf8")).toContain(
      '"sqlmodel>=',
    );
  });

  it("does not ask questions that earlier answers make meaningless", async () => {
    const result = await generator()
      .withArguments([TODO])
      .withOptions({ skipInstall: true })
      .withAnswers({ auth: "none" });
    const asked = result.askedQuestions.map((q) => q.name);
    expect(asked).toContain("auth");
    for (const name of [
      "refreshTokens",
      "passwordHashing",
      "rbac",
      "rateLimiting",
      "redis",
      "userIsolation",
    ]) {
      expect(asked).not.toContain(name);
    }
  });

  it("asks about Redis only when rate limiting is on", async () => {
    const off = await generator()
      .withArguments([TODO])
      .withOptions({ skipInstall: true })
      .withAnswers({ rateLimiting: false });
    expect(off.askedQuestions.map((q) => q.name)).not.toContain("redis");
    const on = await generator()
      .withArguments([TODO])
      .withOptions({ skipInstall: true })
      .withAnswers({ rateLimiting: true, redis: true });
    expect(on.askedQuestions.map((q) => q.name)).toContain("redis");
    expect(stored(path.join(on.cwd, "todo-api")).answers.redis).toBe(true);
  });

  it("reads an answers file and refuses a bad one with one line per problem", async () => {
    const good = await generator()
      .withArguments([NOTES])
      .inTmpDir((dir) =>
        writeFileSync(
          path.join(dir, "answers.json"),
          JSON.stringify({ projectName: "notes", idType: "uuid" }),
        ),
      )
      .withOptions({ skipInstall: true, defaults: true, answers: "answers.json" });
    expect(stored(path.join(good.cwd, "notes")).answers.idType).toBe("uuid");

    await expect(
      generator()
        .withArguments([NOTES])
        .inTmpDir((dir) =>
          writeFileSync(path.join(dir, "answers.json"), JSON.stringify({ orm: "peewee" })),
        )
        .withOptions({ skipInstall: true, defaults: true, answers: "answers.json" }),
    ).rejects.toThrow(/answers\.json: orm must be one of sqlalchemy, sqlmodel/);
  });

  it("re-runs from .yo-rc.json: no spec argument, stored answers, nothing asked", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rerun-"));
    await generator()
      .cd(dir)
      .withArguments([TODO])
      .withOptions({ skipInstall: true, defaults: true, "id-type": "int" });
    const project = path.join(dir, "todo-api");
    const again = await generator().cd(project).withOptions({ skipInstall: true });
    expect(again.askedQuestions).toEqual([]);
    expect(stored(project).answers.idType).toBe("int");
  });

  it("refuses a non-empty folder unless --force", async () => {
    const prepare = (dir: string) => {
      mkdirSync(path.join(dir, "todo-api"));
      writeFileSync(path.join(dir, "todo-api", "notes.txt"), "mine");
    };
    // yeoman-test passes force: true to the environment and the generator unless told otherwise
    await expect(
      helpers
        .run<FastapiAgentGenerator>(GENERATOR, {}, { force: false })
        .withArguments([TODO])
        .inTmpDir(prepare)
        .withOptions({ skipInstall: true, defaults: true, force: false }),
    ).rejects.toThrow(/todo-api is not empty: choose another folder or pass --force/);
    const forced = await generator()
      .withArguments([TODO])
      .inTmpDir(prepare)
      .withOptions({ skipInstall: true, defaults: true, force: true });
    expect(readFileSync(path.join(forced.cwd, "todo-api", "notes.txt"), "utf8")).toBe("mine");
  });

  it("rejects impossible combinations, naming the options that clash", async () => {
    await expect(
      generator()
        .withArguments([NOTES])
        .withOptions({ skipInstall: true, defaults: true, "refresh-tokens": true }),
    ).rejects.toThrow(
      /--refresh-tokens clashes: --refresh-tokens needs --auth jwt \(auth is jwt-verify\)/,
    );
  });
});

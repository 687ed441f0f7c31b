/**
 * The interactive path, as a person uses it: the real bin (and `yo fastapi-agent`, found through
 * Yeoman's lookup, as a non-root user) in a pseudo-terminal, from the first question to the
 * generated project. Every question type is answered both by accepting what is pre-filled and by
 * changing it, and the project must reflect each answer. Ctrl-C at a question writes nothing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Answers } from "../../src/options/answers.js";
import { OPTIONS, type OptionDef } from "../../src/options/definitions.js";
import { resolveLeniently } from "../../src/options/resolve.js";
import { inferFromFile } from "../../src/pipeline.js";
import { BIN, EXAMPLES } from "../helpers/paths.js";
import { cli, terminalCommand, type TerminalStep } from "../helpers/cli.js";
import { IS_ROOT, yoWorkspace } from "../helpers/yo.js";

const SPEC = path.join(EXAMPLES, "todo-api-engineer.md");
const ENTER = "\r";
const DOWN = "\x1b[B";
const CTRL_C = "\x03";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The questions asked for this spec when `changes` are typed, in order, with the keys for each. */
function session(changes: Partial<Record<keyof Answers, string>>, prompted: Partial<Answers>) {
  const { conventions } = inferFromFile(SPEC);
  const preview = resolveLeniently({ conventions, prompted });
  const asked = (OPTIONS as readonly OptionDef[]).filter(
    (opt) => !opt.notPrompted && preview.origin[opt.key] !== "off",
  );
  const steps: TerminalStep[] = asked.map((opt) => [
    `(?m)^\\? ${escape(opt.question)}`,
    changes[opt.key] ?? ENTER,
    `✔ ${escape(opt.question)}`,
  ]);
  return { steps, asked: asked.map((opt) => opt.key), expected: preview.answers };
}

/** What a person changes, one of each question type: input, select, confirm and checkbox. */
const CHANGED_KEYS: Partial<Record<keyof Answers, string>> = {
  sampleResource: `books${ENTER}`, // input: replace the pre-filled value
  orm: `${DOWN}${ENTER}`, // select: sqlalchemy → sqlmodel
  refreshTokens: `n${ENTER}`, // confirm: yes → no (the storage question is then not asked)
  services: `n${ENTER}`, // confirm: no service layer
  paginationEnvelope: `${DOWN} ${ENTER}`, // checkbox: untick "total"
};
const CHANGED: Partial<Answers> = {
  sampleResource: "books",
  orm: "sqlmodel",
  refreshTokens: false,
  services: false,
  paginationEnvelope: ["items", "limit", "offset"],
};

function storedAnswers(project: string): Record<string, unknown> {
  const config = JSON.parse(readFileSync(path.join(project, ".yo-rc.json"), "utf8")) as Record<
    string,
    { answers: Record<string, unknown> }
  >;
  return config["generator-fastapi-agent"]!.answers;
}

function defaultsAnswers(): Record<string, unknown> {
  const dir = mkdtempSync(path.join(tmpdir(), "fa-defaults-"));
  const result = cli(["new", SPEC, "project", "--defaults", "--skip-install"], dir);
  expect(result.status, result.stderr).toBe(0);
  return storedAnswers(path.join(dir, "project"));
}

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

/** The changed answers show in the generated code, not only in .yo-rc.json. */
function expectChangedProject(project: string): void {
  const answers = storedAnswers(project);
  for (const [key, value] of Object.entries(CHANGED)) expect(answers[key], key).toEqual(value);
  expect(answers["projectName"]).toBe("book-api"); // derived from the resource typed before it
  expect(path.basename(project)).toBe("book-api");
  const all = files(project);
  const python = all.filter((f) => f.endsWith(".py") && f.startsWith("book_api/"));
  const source = (pattern: RegExp) =>
    python.filter((f) => pattern.test(readFileSync(path.join(project, f), "utf8")));
  expect(all.some((f) => /^book_api\/.*books?\.py$/.test(f))).toBe(true);
  expect(all.some((f) => /items?\.py$/.test(f) || /todos?\.py$/.test(f))).toBe(false);
  expect(source(/^from sqlmodel import/m).length).toBeGreaterThan(0);
  expect(all.some((f) => f.startsWith("book_api/services/"))).toBe(false);
  expect(source(/refresh_token/i)).toEqual([]);
  const pagination = source(/class \w*Page\w*\(/);
  expect(pagination.length).toBeGreaterThan(0);
  for (const f of pagination) {
    const text = readFileSync(path.join(project, f), "utf8");
    expect(text, f).not.toMatch(/^\s+total: int/m);
    expect(text, f).toMatch(/^\s+offset: int/m);
  }
}

describe("interactive generation in a terminal", { timeout: 240_000 }, () => {
  it("the bin: Enter on every question gives exactly the --defaults project", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-pty-"));
    const { steps, asked } = session({}, {});
    const run = terminalCommand(steps, [process.execPath, BIN, "new", SPEC, "--skip-install"], cwd);
    expect(run.status, run.transcript).toBe(0);
    // Every type of question was asked and accepted.
    const kinds = new Set(
      asked.map((key) => (OPTIONS as readonly OptionDef[]).find((o) => o.key === key)!.kind),
    );
    expect([...kinds].sort()).toEqual(["boolean", "enum", "list", "resources", "string"]);
    expect(run.transcript).not.toMatch(/unknown field|\[object Object\]|internal error/);
    // Through Yeoman too: no npm notice, and .yo-rc.json reported as created, not forced.
    expect(run.transcript).not.toMatch(/No change to package\.json|force .*\.yo-rc\.json/);
    expect(run.transcript).toMatch(/create todo-api\/\.yo-rc\.json/);
    expect(storedAnswers(path.join(cwd, "todo-api"))).toEqual(defaultsAnswers());
  });

  it("the bin: a changed answer of each question type shows in the project", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-pty-"));
    const { steps, asked } = session(CHANGED_KEYS, CHANGED);
    expect(asked).not.toContain("refreshTokenStorage");
    const run = terminalCommand(steps, [process.execPath, BIN, "new", SPEC, "--skip-install"], cwd);
    expect(run.status, run.transcript).toBe(0);
    expect(run.transcript).toMatch(/Project name \(named after books\)/);
    expectChangedProject(path.join(cwd, "book-api"));
  });

  it("yo fastapi-agent: Enter on every question gives the --defaults project", () => {
    const yo = yoWorkspace(SPEC);
    const { steps } = session({}, {});
    const run = terminalCommand(steps, yo.command([]), yo.cwd, yo.env);
    expect(run.status, run.transcript).toBe(0);
    expect(storedAnswers(path.join(yo.cwd, "todo-api"))).toEqual(defaultsAnswers());
  });

  it("yo fastapi-agent: changed answers of each type show in the project", () => {
    const yo = yoWorkspace(SPEC);
    const { steps } = session(CHANGED_KEYS, CHANGED);
    const run = terminalCommand(steps, yo.command([]), yo.cwd, yo.env);
    expect(run.status, run.transcript).toBe(0);
    expectChangedProject(path.join(yo.cwd, "book-api"));
  });
});

/** Typed at the resource loop: books (typed first, referencing authors given after it), authors. */
const BOOKS = ["title:str:200", "author:ref:authors", "pages:int:optional"];
const AUTHORS = ["name:str:100"];
const CLEAR_LINE = "\x15";

/** The resource loop, after "Replace the sample resource": one invalid field typed, then fixed. */
const RESOURCE_LOOP: TerminalStep[] = [
  ["(?m)^\\? Resource name", `books${ENTER}`, "✔ Resource name"],
  ["(?m)^\\? Fields of books", `title:strng:200 author:ref:authors${ENTER}`],
  // The parser's own line (waited for to its end), shown under the question; the typed text
  // stays, so it is cleared.
  [
    '(?m)^> books\\.title: unknown type "strng" \\(types: [^)]*\\)',
    `${CLEAR_LINE}${BOOKS.join(" ")}${ENTER}`,
    "✔ Fields of books",
  ],
  ["(?m)^\\? Add another resource\\?", `y${ENTER}`, "✔ Add another resource\\? Yes"],
  ["(?m)^\\? Resource name", `authors${ENTER}`, "✔ Resource name"],
  ["(?m)^\\? Fields of authors", `${AUTHORS.join(" ")}${ENTER}`, "✔ Fields of authors"],
  ["(?m)^\\? Add another resource\\?", ENTER, "✔ Add another resource\\? No"],
];

describe("the resource loop", { timeout: 240_000 }, () => {
  it("the bin: the sample resource is replaced by two typed resources, stored and generated", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-pty-"));
    const { steps } = session({ resources: `${DOWN}${ENTER}` }, {});
    expect(steps.at(-1)![0]).toContain("Resources"); // the loop opens with the last question
    const run = terminalCommand(
      [...steps, ...RESOURCE_LOOP],
      [process.execPath, BIN, "new", SPEC, "--skip-install"],
      cwd,
    );
    expect(run.status, run.transcript).toBe(0);
    expect(run.transcript).toMatch(
      /^\? Resources: todos title:str:200 [^?]*\(the sample resource, todos\)/m,
    );
    const project = path.join(cwd, "todo-api");
    expect(storedAnswers(project)["resources"]).toEqual([
      { name: "books", fields: BOOKS },
      { name: "authors", fields: AUTHORS },
    ]);
    const python = files(project).filter((f) => f.endsWith(".py"));
    const declaring = (pattern: RegExp) =>
      python.filter((f) => pattern.test(readFileSync(path.join(project, f), "utf8")));
    expect(declaring(/^class Book\(/m).length).toBe(1);
    expect(declaring(/^class Author\(/m).length).toBe(1);
    expect(declaring(/ForeignKey\("authors\.id"/).length).toBe(1);
    expect(declaring(/^class Todo\(/m)).toEqual([]);
  });
});

describe("yo fastapi-agent:resource without arguments", { timeout: 240_000 }, () => {
  it("asks the loop's questions, with the parser's line shown under a bad field", () => {
    const yo = yoWorkspace(SPEC, ["--defaults", "--skip-install"]);
    const made = terminalCommand([], yo.command([]), yo.cwd, yo.env);
    expect(made.status, made.transcript).toBe(0);
    const project = path.join(yo.cwd, "todo-api");
    const run = terminalCommand(
      [
        ["(?m)^\\? Resource name", `Reviews${ENTER}`],
        ["(?m)^> a plural noun in lowercase", `${CLEAR_LINE}reviews${ENTER}`, "✔ Resource name"],
        ["(?m)^\\? Fields of reviews", `stars:integer${ENTER}`],
        [
          '(?m)^> reviews\\.stars: unknown type "integer" \\(types: [^)]*\\)',
          `${CLEAR_LINE}body:text stars:int${ENTER}`,
          "✔ Fields of reviews",
        ],
      ],
      yo.commandFor("fastapi-agent:resource", ["--skip-install"]),
      project,
      yo.env,
    );
    expect(run.status, run.transcript).toBe(0);
    expect(storedAnswers(project)["resources"]).toContainEqual(
      expect.objectContaining({ name: "reviews", fields: ["body:text", "stars:int"] }),
    );
    expect(files(project).some((f) => /models\/review\.py$/.test(f))).toBe(true);
  });
});

describe("Ctrl-C at a question", { timeout: 240_000 }, () => {
  const cancelled = (run: { status: number | null; transcript: string }, cwd: string) => {
    expect(run.status, run.transcript).toBe(130);
    expect(run.transcript).toMatch(/^fastapi-agent: cancelled$/m);
    expect(run.transcript).not.toMatch(/internal error|SIGINT|\bat .+\.js:\d+/);
    expect(readdirSync(cwd)).toEqual([]);
  };

  it("the bin, at the first question and half-way: one line, exit 130, nothing written", () => {
    const first = mkdtempSync(path.join(tmpdir(), "fa-pty-"));
    cancelled(
      terminalCommand(
        [["(?m)^\\? ", CTRL_C]],
        [process.execPath, BIN, "new", SPEC, "--skip-install"],
        first,
      ),
      first,
    );
    const halfway = mkdtempSync(path.join(tmpdir(), "fa-pty-"));
    const { steps } = session({}, {});
    cancelled(
      terminalCommand(
        [...steps.slice(0, 6), [steps[6]![0], CTRL_C]],
        [process.execPath, BIN, "new", SPEC, "--skip-install"],
        halfway,
      ),
      halfway,
    );
  });

  it("yo fastapi-agent: one line, exit 130, nothing written", () => {
    const yo = yoWorkspace(SPEC);
    cancelled(terminalCommand([["(?m)^\\? ", CTRL_C]], yo.command([]), yo.cwd, yo.env), yo.cwd);
  });
});

it("setpriv is there for the yo tests run as root", () => {
  if (!IS_ROOT) return;
  expect(spawnSync("setpriv", ["--version"]).status).toBe(0);
  expect(existsSync(yoWorkspace(SPEC).command([])[IS_ROOT ? 4 : 0]!)).toBe(true);
});

import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainUnlessTerminal } from "../../src/cli/colour.js";
import { statuses } from "../helpers/cli.js";
import { BIN, EXAMPLES } from "../helpers/paths.js";

const SPEC = path.join(EXAMPLES, "todo-api-engineer.md");

/**
 * The real bin with its output piped, in a colour-capable terminal type and without NO_COLOR or
 * FORCE_COLOR: what a CI log or `… 2>&1 | tee log` gets.
 */
function piped(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color" };
  delete env["NO_COLOR"];
  delete env["FORCE_COLOR"];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("fastapi-agent new: quiet, plain output", () => {
  it("a new project: no colour codes, .yo-rc.json created, no npm install notice", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "quiet-"));
    const first = piped(["new", SPEC, "p", "--defaults", "--skip-install"], cwd);
    expect(first.status).toBe(0);
    expect(first.output).not.toContain("\x1b[");
    expect(first.output).not.toMatch(/force .*\.yo-rc\.json/);
    expect(first.output).not.toContain("No change to package.json");
    const report = statuses(first.output);
    expect(report.get("p/.yo-rc.json")).toBe("create");
    expect(report.size).toBeGreaterThan(40);
    expect([...report.values()].every((status) => status === "create")).toBe(true);

    // Re-run inside the untouched project: up to date, nothing listed, nothing written.
    const project = path.join(cwd, "p");
    const again = piped(["new", "--defaults", "--skip-install"], project);
    expect(again.status).toBe(0);
    expect(again.output).not.toContain("\x1b[");
    expect(again.output).not.toContain("No change to package.json");
    expect(statuses(again.output).size).toBe(0);
    expect(again.output.trim()).toMatch(/^Up to date: todo-api /);

    // Rendered again with the same answers: every file identical, in one line.
    const same = piped(["new", SPEC, "--defaults", "--skip-install"], project);
    expect(same.status).toBe(0);
    expect(statuses(same.output).size).toBe(0);
    expect(same.output).toMatch(/identical \(\d+ files unchanged\)/);

    // Changed answers: .yo-rc.json is overwritten, as Yeoman reports it.
    const changed = piped(["new", "--defaults", "--skip-install", "--no-rate-limiting"], project);
    expect(changed.status).toBe(0);
    expect(statuses(changed.output).get(".yo-rc.json")).toBe("force");
  });
});

describe("plainUnlessTerminal", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it("turns colour off when stdout or stderr is not a terminal", () => {
    for (const streams of [
      { stdout: pipe, stderr: tty },
      { stdout: tty, stderr: pipe },
      { stdout: {}, stderr: {} },
    ]) {
      const env: NodeJS.ProcessEnv = {};
      plainUnlessTerminal(env, streams);
      expect(env).toEqual({ NO_COLOR: "1", FORCE_COLOR: "0" });
    }
  });

  it("leaves colour alone at a terminal, or when the user forces it", () => {
    const atTerminal: NodeJS.ProcessEnv = {};
    plainUnlessTerminal(atTerminal, { stdout: tty, stderr: tty });
    expect(atTerminal).toEqual({});
    const forced: NodeJS.ProcessEnv = { FORCE_COLOR: "1" };
    plainUnlessTerminal(forced, { stdout: pipe, stderr: pipe });
    expect(forced).toEqual({ FORCE_COLOR: "1" });
  });
});

/**
 * `fastapi-agent new --defaults` generates without loading Yeoman; `yo fastapi-agent --defaults`
 * runs the Yeoman generator. For every example and reference spec both must write the same
 * files, byte for byte, `.yo-rc.json` included, and a re-run of either inside the other's project
 * must find every file identical.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import {
  BIN,
  EXAMPLES,
  HAS_SHARED,
  REFERENCE_SPECS,
  REPO,
  warnIfNoShared,
} from "../helpers/paths.js";
import { yoWorkspace } from "../helpers/yo.js";

warnIfNoShared();

const SPECS = [
  ...readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join(EXAMPLES, f)),
  ...(HAS_SHARED
    ? readdirSync(REFERENCE_SPECS)
        .filter((f) => f.endsWith(".txt"))
        .map((f) => path.join(REFERENCE_SPECS, f))
    : []),
];

/** Every file under `root` with its bytes. */
function tree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(root, full), readFileSync(full));
    }
  };
  walk(root);
  return out;
}

function onlyProject(cwd: string): string {
  const entries = readdirSync(cwd);
  expect(entries).toHaveLength(1);
  return path.join(cwd, entries[0]!);
}

describe("the bin's direct path and yo write the same project", { timeout: 180_000 }, () => {
  it("loads neither yeoman-environment nor yeoman-generator for new --defaults", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "fa-direct-"));
    const trace = path.join(cwd, "loads.txt");
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        path.join(REPO, "scripts", "trace-loads.js"),
        BIN,
        "new",
        SPECS[0]!,
        "p",
        "--defaults",
        "--skip-install",
      ],
      { cwd, encoding: "utf8", env: { ...process.env, TRACE_LOADS: trace } },
    );
    expect(result.status, result.stderr).toBe(0);
    const loaded = readFileSync(trace, "utf8");
    // the trace saw the renderer load (ruff itself is required by the formatter's worker thread)
    expect(loaded).toMatch(/dist\/render\/render\.js/);
    expect(loaded).not.toMatch(
      /node_modules\/(yeoman-environment|yeoman-generator|inquirer|@inquirer)\//,
    );
  });

  it.each(SPECS)("%s", (spec) => {
    const binCwd = mkdtempSync(path.join(tmpdir(), "fa-direct-"));
    const bin = cli(["new", spec, "--defaults", "--skip-install"], binCwd);
    expect(bin.status, bin.stderr).toBe(0);
    const yo = yoWorkspace(spec, ["--defaults", "--skip-install"]);
    const result = spawnSync(yo.command([])[0]!, yo.command([]).slice(1), {
      cwd: yo.cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...yo.env, NO_COLOR: "1" },
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const fromBin = tree(onlyProject(binCwd));
    const fromYo = tree(onlyProject(yo.cwd));
    expect([...fromBin.keys()].sort()).toEqual([...fromYo.keys()].sort());
    expect(fromBin.size).toBeGreaterThan(20);
    for (const [file, bytes] of fromBin) {
      expect(bytes.equals(fromYo.get(file)!), file).toBe(true);
    }
    // The bin re-run inside yo's project, rendering again from the same spec: nothing changes.
    const again = cli(["new", spec, "--skip-install"], onlyProject(yo.cwd));
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/identical \(\d+ files unchanged\)/);
    expect(again.stdout).not.toMatch(/^\s*(create|force|conflict)\s/m);
    // And without the spec (the project's own copy): up to date, nothing rendered.
    const quick = cli(["new", "--skip-install"], onlyProject(yo.cwd));
    expect(quick.stdout).toMatch(/^Up to date: /m);
  });
});

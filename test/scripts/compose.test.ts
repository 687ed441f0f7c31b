import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findComposeValidator, type ComposeProbe } from "../../scripts/e2e/compose.js";
import type { Answers } from "../../src/options/answers.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { inferFromFile } from "../../src/pipeline.js";
import { buildPlan } from "../../src/plan/plan.js";
import { renderProject } from "../../src/render/render.js";
import { EXAMPLES } from "../helpers/paths.js";

/** A machine with these commands working, root or not; records what it installs and logs. */
function machine(working: string[], root: boolean, installs: string[] = []) {
  const log: string[] = [];
  const installed: string[] = [];
  const present = new Set(working);
  const probe: ComposeProbe = {
    works: (cmd, argv) => present.has(cmd === "docker" ? `docker ${argv[0]}` : cmd),
    root: () => root,
    aptInstall: (name) => {
      installed.push(name);
      if (installs.includes(name)) present.add(name);
    },
    log: (line) => log.push(line),
  };
  return { probe, log, installed };
}

describe("e2e deploy files: the compose.yaml validator", () => {
  it("uses the docker compose plugin when it is there", () => {
    const m = machine(["docker compose", "docker-compose"], true);
    expect(findComposeValidator(m.probe)).toEqual(["docker", ["compose"]]);
    expect(m.installed).toEqual([]);
    expect(m.log).toEqual(["compose.yaml validator: docker compose -f compose.yaml config -q"]);
  });

  it("falls back to docker-compose, installing it with apt-get as root", () => {
    const m = machine([], true, ["docker-compose"]);
    expect(findComposeValidator(m.probe)).toEqual(["docker-compose", []]);
    expect(m.installed).toEqual(["docker-compose"]);
    expect(m.log.at(-1)).toBe("compose.yaml validator: docker-compose -f compose.yaml config -q");
  });

  it("uses an installed docker-compose without installing anything", () => {
    const m = machine(["docker-compose"], false);
    expect(findComposeValidator(m.probe)).toEqual(["docker-compose", []]);
    expect(m.installed).toEqual([]);
  });

  it("finds none without the plugin, docker-compose or root, and says so", () => {
    const m = machine([], false);
    expect(findComposeValidator(m.probe)).toBeUndefined();
    expect(m.installed).toEqual([]);
    expect(m.log).toEqual([
      "compose.yaml validator: none (no docker compose plugin, no docker-compose)",
    ]);
  });
});

/** The validator this machine has, never installed from a test. */
const installed = findComposeValidator({
  works: (cmd, argv) => spawnSync(cmd, argv, { stdio: "ignore" }).status === 0,
  root: () => false,
  aptInstall: () => undefined,
  log: () => undefined,
});

describe.skipIf(!installed)("generated compose.yaml", { timeout: 60_000 }, () => {
  const variants: [string, string, Partial<Answers>][] = [
    ["PostgreSQL and Redis", "todo-api-engineer", { rateLimiting: true, redis: true }],
    ["MySQL", "notes-flat-sqlmodel", {}],
    ["SQLite", "inventory-versioned", {}],
  ];
  for (const [label, example, explicit] of variants) {
    it(`${label}: passes ${installed?.flat().join(" ")} config -q`, async () => {
      const inferred = inferFromFile(path.join(EXAMPLES, `${example}.md`));
      const answers = resolveAnswers({ conventions: inferred.conventions, explicit }).answers;
      const files = await renderProject(buildPlan(inferred, answers));
      const compose = files.find((f) => f.path === "compose.yaml")!.contents.toString();
      const dir = mkdtempSync(path.join(os.tmpdir(), "compose-"));
      try {
        writeFileSync(path.join(dir, "compose.yaml"), compose);
        const [cmd, lead] = installed!;
        const result = spawnSync(cmd, [...lead, "-f", "compose.yaml", "config", "-q"], {
          cwd: dir,
          encoding: "utf8",
          env: { ...process.env, SECRET_KEY: "compose-config-check" },
        });
        expect(result.status, result.stderr).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

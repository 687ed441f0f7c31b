import { spawn } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decideInstall,
  dependencyFingerprint,
  INSTALLED_MARKER,
} from "../../src/generate/install.js";
import { cli, STACK_LINE } from "../helpers/cli.js";
import { BIN, EXAMPLES } from "../helpers/paths.js";

const SPEC = path.join(EXAMPLES, "todo-api-engineer.md");
const PIP_ARGS = "pip install --quiet -e .[dev]";
const LOCK_ARGS = "uv lock --quiet";

describe("decideInstall", () => {
  const fingerprint = dependencyFingerprint("[project]\nname = 'x'\n");

  it("creates the venv and installs when there is no venv (or an unfinished one without pip)", () => {
    expect(decideInstall({ hasPip: false, installed: undefined, fingerprint })).toEqual({
      createVenv: true,
      install: true,
    });
    expect(decideInstall({ hasPip: false, installed: fingerprint, fingerprint })).toEqual({
      createVenv: true,
      install: true,
    });
  });

  it("keeps the venv as it is when pyproject.toml is what the last finished install installed", () => {
    expect(decideInstall({ hasPip: true, installed: fingerprint, fingerprint })).toEqual({
      createVenv: false,
      install: false,
    });
  });

  it("installs again, in the same venv, when pyproject.toml changed or no install finished", () => {
    const before = dependencyFingerprint("[project]\nname = 'old'\n");
    for (const installed of [before, undefined]) {
      expect(decideInstall({ hasPip: true, installed, fingerprint })).toEqual({
        createVenv: false,
        install: true,
      });
    }
  });
});

const PROJECT_TIMEOUT = 240_000;
let generated = "";

beforeAll(() => {
  const cwd = mkdtempSync(path.join(tmpdir(), "install-"));
  expect(cli(["new", SPEC, "p", "--defaults", "--skip-install"], cwd).status).toBe(0);
  generated = path.join(cwd, "p");
}, PROJECT_TIMEOUT);

/**
 * A copy of a project generated without install, whose `.venv/bin/pip` and `.venv/bin/uv` record
 * their calls (`uv` exits with FAKE_UV_EXIT).
 */
function projectWithFakePip(body: string): { project: string; calls: () => string[] } {
  const cwd = mkdtempSync(path.join(tmpdir(), "install-"));
  const project = path.join(cwd, "p");
  cpSync(generated, project, { recursive: true });
  const bin = path.join(project, ".venv", "bin");
  mkdirSync(bin, { recursive: true });
  const log = path.join(cwd, "pip-calls");
  writeFileSync(
    path.join(bin, "pip"),
    `#!/bin/sh\necho "pip $*" >> ${JSON.stringify(log)}\n${body}\n`,
  );
  writeFileSync(
    path.join(bin, "uv"),
    `#!/bin/sh\necho "uv $*" >> ${JSON.stringify(log)}\nexit "\${FAKE_UV_EXIT:-0}"\n`,
  );
  chmodSync(path.join(bin, "pip"), 0o755);
  chmodSync(path.join(bin, "uv"), 0o755);
  const calls = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []);
  return { project, calls };
}

const marker = (project: string) => path.join(project, INSTALLED_MARKER);

describe("fastapi-agent new: the install step", () => {
  it(
    "a failed pip or uv lock: one line, the project kept; the next run installs and locks, the one after keeps .venv",
    () => {
      const { project, calls } = projectWithFakePip('exit "${FAKE_PIP_EXIT:-0}"');
      const failed = cli(["new", "--defaults"], project, { FAKE_PIP_EXIT: "3" });
      expect(failed.status).toBe(2);
      const lines = failed.stderr.split("\n").filter((l) => l.startsWith("fastapi-agent:"));
      expect(lines).toEqual([
        "fastapi-agent: install failed (pip install exited with code 3): the project is generated " +
          'here, its .venv is incomplete; fix the problem above, then run "fastapi-agent new" here ' +
          "again to finish",
      ]);
      expect(failed.stderr).not.toMatch(STACK_LINE);
      expect(calls()).toEqual([PIP_ARGS]);
      expect(existsSync(path.join(project, "pyproject.toml"))).toBe(true);
      expect(existsSync(marker(project))).toBe(false);

      const unlocked = cli(["new", "--defaults"], project, { FAKE_UV_EXIT: "1" });
      expect(unlocked.status).toBe(2);
      expect(unlocked.stderr).toMatch(
        /^fastapi-agent: install failed \(uv lock exited with code 1\): the project is generated here/m,
      );
      expect(calls()).toEqual([PIP_ARGS, PIP_ARGS, LOCK_ARGS]);
      expect(existsSync(marker(project))).toBe(false);

      const retried = cli(["new", "--defaults"], project);
      expect(retried.status).toBe(0);
      // each command is announced as it starts: pip is quiet for a minute or more
      expect(
        retried.stdout.split("\n").filter((l) => /^ {2}(pip install|uv lock):/.test(l)),
      ).toEqual([
        "  pip install: the project and its dev tools (a minute or two the first time)",
        "  uv lock: writing uv.lock",
      ]);
      expect(calls()).toEqual([PIP_ARGS, PIP_ARGS, LOCK_ARGS, PIP_ARGS, LOCK_ARGS]);
      const fingerprint = dependencyFingerprint(readFileSync(path.join(project, "pyproject.toml")));
      expect(readFileSync(marker(project), "utf8").trim()).toBe(fingerprint);

      const again = cli(["new", "--defaults"], project);
      expect(again.status).toBe(0);
      expect(again.stdout + again.stderr).toMatch(/Dependencies unchanged: \.venv kept/);
      expect(calls()).toHaveLength(5);
    },
    PROJECT_TIMEOUT,
  );

  it(
    "a failure while creating the venv keeps the folder the run created",
    () => {
      const cwd = mkdtempSync(path.join(tmpdir(), "install-"));
      const fakeBin = path.join(cwd, "fake-bin");
      mkdirSync(fakeBin);
      writeFileSync(path.join(fakeBin, "python3"), "#!/bin/sh\nexit 1\n");
      chmodSync(path.join(fakeBin, "python3"), 0o755);
      const result = cli(["new", SPEC, "p", "--defaults"], cwd, {
        PATH: `${fakeBin}${path.delimiter}${process.env["PATH"] ?? ""}`,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        /^fastapi-agent: install failed \(python3 -m venv exited with code 1\): the project is generated in p, its \.venv is incomplete; fix the problem above, then run "fastapi-agent new" inside p to finish$/m,
      );
      expect(existsSync(path.join(cwd, "p", "pyproject.toml"))).toBe(true);
    },
    PROJECT_TIMEOUT,
  );

  it(
    "Ctrl-C during pip: one line saying what is left, exit 130",
    async () => {
      const { project, calls } = projectWithFakePip(
        '[ -n "$FAKE_PIP_HANG" ] && exec sleep 30\nexit 0',
      );
      const child = spawn(process.execPath, [BIN, "new", "--defaults"], {
        cwd: project,
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", FAKE_PIP_HANG: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      const deadline = Date.now() + PROJECT_TIMEOUT;
      while (calls().length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(calls()).toEqual([PIP_ARGS]);
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(stderr).toMatch(
        /^fastapi-agent: install interrupted: the project is generated here, its \.venv is incomplete; run "fastapi-agent new" here again to finish$/m,
      );
      // No marker: the next run installs again (as after a failed pip, above).
      expect(existsSync(marker(project))).toBe(false);
    },
    PROJECT_TIMEOUT,
  );
});

#!/usr/bin/env node
// Start-up benchmark: how long `explain`, `--help` and `new` take, and what explain loads.
// Not a test: it prints numbers to compare across changes.  npm run bench [-- --runs N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "fastapi-agent.js");
const SPEC = path.join(ROOT, "examples", "todo-api-engineer.md");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg === -1 ? 5 : Number(process.argv[runsArg + 1]);

function time(label, args, cwd = ROOT) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd, stdio: "ignore" });
    if (result.status !== 0) throw new Error(`${label} failed`);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(28)} median ${samples[Math.floor(samples.length / 2)].toFixed(0)} ms  min ${samples[0].toFixed(0)} ms`,
  );
}

/** Which packages a command loads: explain must not load yeoman-environment. */
function packagesLoaded(args) {
  const trace = path.join(mkdtempSync(path.join(tmpdir(), "trace-")), "loads.txt");
  spawnSync(
    process.execPath,
    ["--import", path.join(ROOT, "scripts", "trace-loads.js"), BIN, ...args],
    {
      cwd: ROOT,
      stdio: "ignore",
      env: { ...process.env, TRACE_LOADS: trace },
    },
  );
  const urls = existsSync(trace) ? readFileSync(trace, "utf8").split("\n").filter(Boolean) : [];
  const packages = new Set(
    urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter(Boolean),
  );
  return { modules: urls.length, packages: [...packages].sort() };
}

console.log(`node ${process.version}, ${RUNS} runs each`);
time("node -e '' (baseline)", ["--version"]);
time("fastapi-agent --help", ["--help"]);
time("fastapi-agent explain", ["explain", SPEC]);
time("fastapi-agent explain --json", ["explain", SPEC, "--json"]);
const dir = mkdtempSync(path.join(tmpdir(), "bench-"));
let n = 0;
const started = process.hrtime.bigint();
for (let i = 0; i < RUNS; i++) {
  spawnSync(process.execPath, [BIN, "new", SPEC, `p${n++}`, "--defaults", "--skip-install"], {
    cwd: dir,
    stdio: "ignore",
  });
}
console.log(
  `${"fastapi-agent new (no install)".padEnd(28)} mean ${(Number(process.hrtime.bigint() - started) / 1e6 / RUNS).toFixed(0)} ms`,
);
rmSync(dir, { recursive: true, force: true });
const loads = packagesLoaded(["explain", SPEC, "--json"]);
console.log(
  `explain loads ${loads.modules} modules from: ${loads.packages.join(", ") || "(no packages)"}`,
);

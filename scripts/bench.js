#!/usr/bin/env node
// Benchmark, not a test: start-up timings, what explain loads, and `new` side by side with the
// s3rius FastAPI template (fastapi_template on PyPI, a cookiecutter template) and, when it installs,
// a copier template that a PyPI package bundles.  Prints numbers to compare across changes.
//
//   npm run bench -- [--runs N] [--specs examples|reference|all] [--quick] [--json FILE] [--no-copier]
//
// The Python tools live in a cached venv under .bench/ (created with python3 -m venv and pip on the
// first run, re-used afterwards).  Wall time and peak RSS come from a tiny python3 wrapper that runs
// the command and reads getrusage(RUSAGE_CHILDREN): ru_maxrss is the peak RSS of the largest single
// process in the child's tree (processes that ran one after another are not added up).
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measure } from "./bench/measure.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "fastapi-agent.js");
const EXAMPLES = path.join(ROOT, "examples");
const REFERENCE = path.resolve(ROOT, "..", "shared", "reference-specs");
const QUICK_SPEC = path.join(EXAMPLES, "todo-api-engineer.md");
const BENCH_DIR = path.join(ROOT, ".bench");

const USAGE = `usage: npm run bench -- [--runs N] [--specs examples|reference|all] [--quick] [--json FILE] [--no-copier]
  --runs N      measured runs per tool and spec, after one warm-up each (default 5)
  --specs S     examples (examples/*.md), reference (../shared/reference-specs/*.txt) or all (default)
  --quick       one example spec only, for development
  --json FILE   also write the results as JSON
  --no-copier   skip the copier template`;

function parseArgs(argv) {
  const opts = { runs: 5, specs: "all", quick: false, json: null, copier: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") opts.runs = Number(argv[++i]);
    else if (arg === "--specs") opts.specs = argv[++i];
    else if (arg === "--quick") opts.quick = true;
    else if (arg === "--json") opts.json = argv[++i];
    else if (arg === "--no-copier") opts.copier = false;
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`bench: unknown argument ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) {
    console.error("bench: --runs needs a positive whole number");
    process.exit(2);
  }
  if (!["examples", "reference", "all"].includes(opts.specs)) {
    console.error("bench: --specs is examples, reference or all");
    process.exit(2);
  }
  if (opts.json === undefined) {
    console.error("bench: --json needs a file name");
    process.exit(2);
  }
  return opts;
}

const OPTS = parseArgs(process.argv.slice(2));
const RUNS = OPTS.runs;

// ---------------------------------------------------------------- start-up timings (unchanged)

function time(label, args, cwd = ROOT) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd, stdio: "ignore" });
    if (result.status !== 0) throw new Error(`${label} failed`);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(
    `${label.padEnd(28)} median ${median.toFixed(0)} ms  min ${samples[0].toFixed(0)} ms`,
  );
  return { label, medianMs: median, minMs: samples[0] };
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
  rmSync(path.dirname(trace), { recursive: true, force: true });
  const packages = new Set(
    urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter(Boolean),
  );
  return { modules: urls.length, packages: [...packages].sort() };
}

// ---------------------------------------------------------------- measuring one command

/**
 * Files under dir, not counting .git and __pycache__ folders (pip byte-compiles the .py files of
 * fastapi_template's bundled template, and cookiecutter copies those caches into the project).
 */
function countFiles(dir) {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name !== ".git" && entry.name !== "__pycache__")
        n += countFiles(path.join(dir, entry.name));
    } else n++;
  }
  return n;
}

// ---------------------------------------------------------------- the Python side

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: "utf8", ...options });
  return { ok: result.status === 0, out: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

/** A venv under .bench/NAME with the given packages, re-used when it already has them. */
function ensureVenv(name, packages) {
  const venv = path.join(BENCH_DIR, name);
  const marker = path.join(venv, "bench-packages.txt");
  const wanted = packages.join(" ");
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === wanted) return venv;
  rmSync(venv, { recursive: true, force: true });
  mkdirSync(BENCH_DIR, { recursive: true });
  console.log(`installing ${wanted} into ${path.relative(ROOT, venv)} …`);
  let made = run("python3", ["-m", "venv", venv]);
  if (!made.ok && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    // Debian's python3 keeps venv in a package of its own.
    console.log("python3 -m venv failed: installing python3-venv with apt-get …");
    run("apt-get", ["update", "-qq"], { stdio: "ignore" });
    run("apt-get", ["install", "-y", "-qq", "python3-venv"], { stdio: "ignore" });
    rmSync(venv, { recursive: true, force: true });
    made = run("python3", ["-m", "venv", venv]);
  }
  if (!made.ok) throw new Error(`python3 -m venv ${venv} failed:\n${made.out}`);
  const pip = path.join(venv, "bin", "pip");
  const installed = run(pip, ["install", "--quiet", "--disable-pip-version-check", ...packages]);
  if (!installed.ok) throw new Error(`pip install ${wanted} failed:\n${installed.out}`);
  writeFileSync(marker, `${wanted}\n`);
  return venv;
}

function pythonVersions(venv, packages) {
  const code = `import importlib.metadata as m, sys
print(" ".join(f"{p} {m.version(p)}" for p in sys.argv[1:]))`;
  return run(path.join(venv, "bin", "python"), ["-c", code, ...packages]).out.trim();
}

/**
 * fastapi_template refuses to start without uv on PATH, and its post-generation hook runs
 * `uv sync` and pre-commit through uv.  The stub skips those installs, as ours runs with
 * --skip-install; the hook's git init / add / commit still run.
 */
function uvStub() {
  const dir = path.join(BENCH_DIR, "bin");
  mkdirSync(dir, { recursive: true });
  const stub = path.join(dir, "uv");
  writeFileSync(
    stub,
    "#!/bin/sh\n# bench stub: dependency installs are skipped on both sides (ours: --skip-install)\nexit 0\n",
  );
  chmodSync(stub, 0o755);
  return dir;
}

function snake(name) {
  return (
    name
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .toLowerCase() || "project"
  );
}

/** The conventions ours infers for a spec, to answer the other tools' menus alike. */
function conventionsOf(spec) {
  const result = spawnSync(process.execPath, [BIN, "explain", spec, "--json"], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`explain ${spec} failed:\n${result.stderr}`);
  const c = JSON.parse(result.stdout).conventions;
  const value = (key) => c[key]?.value;
  return {
    name: value("name"),
    database: value("database"),
    migrations: value("migrations"),
    auth: value("auth"),
  };
}

/** fastapi_template with every menu answered on the command line: it asks nothing. */
function theirsFlags(conv) {
  const flags = ["-n", snake(conv.name), "--api-type", "rest"];
  flags.push(
    "--db",
    ["postgresql", "mysql", "sqlite"].includes(conv.database) ? conv.database : "sqlite",
  );
  flags.push("--orm", "sqlalchemy", "--ci", "none", "--quiet", "--routers", "--dummy");
  if (conv.migrations === "alembic") flags.push("--migrations");
  // Users menu: jwt → fastapi-users; the CLI can only name both backends to ask nothing.
  if (conv.auth === "jwt") flags.push("--add_users", "--jwt-auth", "--cookie-auth");
  return flags;
}

/** copier's answers for fa-template-cli's template: --defaults answers the rest. */
function copierData(conv) {
  const db =
    { postgresql: "postgres", mysql: "mysql", sqlite: "sqlite" }[conv.database] ?? "sqlite";
  return ["--data", `project_slug=${snake(conv.name)}`, "--data", `database=${db}`];
}

// ---------------------------------------------------------------- statistics and tables

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], values };
}

const secs = (s) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

function summarise(samples) {
  return {
    wall: stats(samples.map((s) => s.wall)),
    cpu: stats(samples.map((s) => s.cpu)),
    rssMiB: stats(samples.map((s) => s.rssMiB)),
    files: stats(samples.map((s) => s.files ?? 0)),
  };
}

// ---------------------------------------------------------------- which specs

function specList() {
  if (OPTS.quick) return [QUICK_SPEC];
  const specs = [];
  if (OPTS.specs !== "reference") {
    specs.push(
      ...readdirSync(EXAMPLES)
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => path.join(EXAMPLES, f)),
    );
  }
  if (OPTS.specs !== "examples") {
    if (existsSync(REFERENCE)) {
      specs.push(
        ...readdirSync(REFERENCE)
          .filter((f) => f.endsWith(".txt"))
          .sort()
          .map((f) => path.join(REFERENCE, f)),
      );
    } else {
      console.log(`reference specs skipped: ${REFERENCE} is absent (a user's clone has none)`);
    }
  }
  return specs;
}

// ---------------------------------------------------------------- main

console.log(`node ${process.version}, ${RUNS} runs each`);
const startup = [
  time("node -e '' (baseline)", ["--version"]),
  time("fastapi-agent --help", ["--help"]),
  time("fastapi-agent explain", ["explain", QUICK_SPEC]),
  time("fastapi-agent explain --json", ["explain", QUICK_SPEC, "--json"]),
];
const loads = packagesLoaded(["explain", QUICK_SPEC, "--json"]);
console.log(
  `explain loads ${loads.modules} modules from: ${loads.packages.join(", ") || "(no packages)"}`,
);

const specs = specList();
if (run("python3", ["--version"]).ok === false) {
  console.log(
    "python3 not found: the side-by-side comparison needs it (wrapper and venv); skipped",
  );
  process.exit(0);
}

const theirsVenv = ensureVenv("venv", ["fastapi_template", "cookiecutter"]);
const theirsBin = path.join(theirsVenv, "bin", "fastapi_template");
const theirsVersions = pythonVersions(theirsVenv, ["fastapi_template", "cookiecutter"]);
const stubDir = uvStub();
const benchHome = path.join(BENCH_DIR, "home");
mkdirSync(benchHome, { recursive: true });
const pyEnv = {
  ...process.env,
  PATH: `${stubDir}:${path.join(theirsVenv, "bin")}:${process.env.PATH}`,
  // cookiecutter writes its replay file under HOME; git commits in the hook need an identity.
  HOME: benchHome,
  GIT_AUTHOR_NAME: "bench",
  GIT_AUTHOR_EMAIL: "bench@example.invalid",
  GIT_COMMITTER_NAME: "bench",
  GIT_COMMITTER_EMAIL: "bench@example.invalid",
  NO_COLOR: "1",
};

let copier = null;
const COPIER_NOTE =
  "the full-stack-fastapi-template (copier) is on GitHub, unreachable here; the copier column " +
  "renders the copier template bundled in fa-template-cli (PyPI), with --defaults";
if (OPTS.copier) {
  try {
    const venv = ensureVenv("venv-copier", ["copier", "fa-template-cli"]);
    const found = run(path.join(venv, "bin", "python"), [
      "-c",
      "import fastapi_template_cli, pathlib; print(pathlib.Path(fastapi_template_cli.__file__).parent / 'template')",
    ]);
    if (!found.ok) throw new Error(found.out);
    copier = {
      bin: path.join(venv, "bin", "copier"),
      template: found.out.trim(),
      versions: pythonVersions(venv, ["copier", "fa-template-cli"]),
      env: { ...pyEnv, PATH: `${path.join(venv, "bin")}:${process.env.PATH}` },
    };
  } catch (error) {
    console.log(`copier skipped: ${String(error.message).split("\n")[0]}`);
  }
} else {
  console.log("copier skipped (--no-copier)");
}

console.log(`\ntheirs: ${theirsVersions} (fastapi_template CLI, every menu on the command line;`);
console.log(
  "        uv stubbed: no dependency install, like ours --skip-install; its hook's git runs)",
);
if (copier) console.log(`copier: ${copier.versions}; ${COPIER_NOTE}`);
console.log(
  `peak RSS: largest single process of the tree (getrusage RUSAGE_CHILDREN); 1 warm-up + ${RUNS} runs, interleaved`,
);

const work = mkdtempSync(path.join(tmpdir(), "bench-"));
const results = [];
try {
  for (const spec of specs) {
    const label = path.relative(ROOT, spec).replace(/^\.\.\/shared\//, "");
    const conv = conventionsOf(spec);
    const tools = [
      {
        key: "ours",
        cmd: [process.execPath, BIN, "new", spec, "p", "--defaults", "--skip-install"],
        env: process.env,
      },
      { key: "theirs", cmd: [theirsBin, ...theirsFlags(conv)], env: pyEnv },
    ];
    if (copier) {
      tools.push({
        key: "copier",
        cmd: [
          copier.bin,
          "copy",
          "--defaults",
          "--trust",
          "--quiet",
          ...copierData(conv),
          copier.template,
          "p",
        ],
        env: copier.env,
      });
    }
    process.stdout.write(`${label}: `);
    const samples = Object.fromEntries(tools.map((t) => [t.key, []]));
    let oursProject = null;
    // Round 0 is the warm-up; ours's warm-up project stays for the re-run measurement.
    for (let round = 0; round <= RUNS; round++) {
      for (const tool of tools) {
        const dir = mkdtempSync(path.join(work, `${tool.key}-`));
        const m = measure(tool.cmd, dir, tool.env);
        m.files = countFiles(dir);
        if (m.files === 0)
          throw new Error(`${tool.key} generated no file for ${label}:\n${m.output}`);
        if (round === 0 && tool.key === "ours") oursProject = path.join(dir, "p");
        else rmSync(dir, { recursive: true, force: true });
        if (round > 0) samples[tool.key].push(m);
      }
      process.stdout.write(round === 0 ? "w" : ".");
    }
    // Re-running new inside the untouched project, against explain of its agent copy.
    const agents = path.join(oursProject, ".claude", "agents");
    const agent = path.join(
      agents,
      readdirSync(agents).find((f) => f.endsWith(".md")),
    );
    const rerun = [];
    const explain = [];
    for (let round = 0; round <= RUNS; round++) {
      const r = measure([process.execPath, BIN, "new", "--skip-install"], oursProject);
      if (!/identical|^Up to date/m.test(r.output) || /\bconflict\b|\bcreate\b/.test(r.output)) {
        throw new Error(`re-run in ${oursProject} changed the project:\n${r.output}`);
      }
      const e = measure([process.execPath, BIN, "explain", agent], oursProject);
      if (round > 0) {
        rerun.push({ ...r, files: countFiles(oursProject) });
        explain.push(e);
      }
      process.stdout.write(round === 0 ? "w" : ":");
    }
    rmSync(path.dirname(oursProject), { recursive: true, force: true });
    console.log("");
    const entry = {
      spec: label,
      conventions: conv,
      theirsFlags: theirsFlags(conv),
      ...Object.fromEntries(tools.map((t) => [t.key, summarise(samples[t.key])])),
      rerun: summarise(rerun),
      explain: summarise(explain),
    };
    entry.ratio = entry.ours.wall.median / entry.theirs.wall.median;
    if (copier) entry.ratioCopier = entry.ours.wall.median / entry.copier.wall.median;
    results.push(entry);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const mib = (s) => s.median.toFixed(0);
console.log(
  "\nnew <spec> --defaults --skip-install: wall s median [min–max]; cpu = user+sys s median; files without .git, __pycache__",
);
printTable(
  [
    "spec",
    "ours s",
    "theirs s",
    "ours/theirs",
    "cpu ours",
    "cpu theirs",
    "MiB ours",
    "MiB theirs",
    "files ours",
    "files theirs",
  ],
  results.map((r) => [
    r.spec,
    secs(r.ours.wall),
    secs(r.theirs.wall),
    r.ratio.toFixed(2),
    r.ours.cpu.median.toFixed(2),
    r.theirs.cpu.median.toFixed(2),
    mib(r.ours.rssMiB),
    mib(r.theirs.rssMiB),
    r.ours.files.median,
    r.theirs.files.median,
  ]),
);
const summary = { medianRatio: stats(results.map((r) => r.ratio)).median };
console.log(
  `summary: median ours/theirs wall ratio ${summary.medianRatio.toFixed(2)} over ${results.length} spec(s)`,
);
if (copier) {
  summary.medianRatioCopier = stats(results.map((r) => r.ratioCopier)).median;
  console.log("\ncopier (fa-template-cli's bundled template)");
  printTable(
    ["spec", "copier s", "ours/copier", "MiB copier", "files copier"],
    results.map((r) => [
      r.spec,
      secs(r.copier.wall),
      r.ratioCopier.toFixed(2),
      mib(r.copier.rssMiB),
      r.copier.files.median,
    ]),
  );
  console.log(`summary: median ours/copier wall ratio ${summary.medianRatioCopier.toFixed(2)}`);
}
console.log("\nre-run vs explain, inside the untouched generated project (cwd = project)");
printTable(
  ["spec", "re-run new s", "explain s", "re-run/explain", "MiB re-run", "MiB explain"],
  results.map((r) => [
    r.spec,
    secs(r.rerun.wall),
    secs(r.explain.wall),
    (r.rerun.wall.median / r.explain.wall.median).toFixed(1),
    mib(r.rerun.rssMiB),
    mib(r.explain.rssMiB),
  ]),
);

if (OPTS.json) {
  const strip = (s) => ({ median: s.median, min: s.min, max: s.max, values: s.values });
  const clean = (t) => t && Object.fromEntries(Object.entries(t).map(([k, v]) => [k, strip(v)]));
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    runs: RUNS,
    theirs: theirsVersions,
    copier: copier ? copier.versions : null,
    startup,
    explainLoads: loads,
    specs: results.map((r) => ({
      spec: r.spec,
      conventions: r.conventions,
      theirsFlags: r.theirsFlags,
      ratio: r.ratio,
      ratioCopier: r.ratioCopier ?? null,
      ours: clean(r.ours),
      theirs: clean(r.theirs),
      copier: clean(r.copier) ?? null,
      rerun: clean(r.rerun),
      explain: clean(r.explain),
    })),
    summary,
  };
  writeFileSync(path.resolve(OPTS.json), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nresults written to ${OPTS.json}`);
}

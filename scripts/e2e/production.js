// The e2e stage `production`: a generated project run the way its README deploys it, against a
// fresh PostgreSQL database, with ENVIRONMENT=production and no .env (the image has none):
// 1. no secret, a short one or the .env.example placeholder: `alembic upgrade head` stops
//    promptly with one line naming the variable, no traceback; so does the README's whole start
//    command (`alembic upgrade head && uvicorn … --workers 2`), with a non-zero status and before
//    uvicorn starts a worker (uvicorn's parent exits 0 when its workers cannot start)
// 2. a libpq URL (postgresql://…?sslmode=disable) is accepted; /health/ready answers 503 before
//    `alembic upgrade head`, 200 after; /openapi.json and /docs answer 404
// 3. the login rate limit holds across the workers (≤ limit × workers in-process; exactly the
//    limit when the project takes a REDIS_URL), and parallel wrong passwords lock an account at
//    exactly the threshold
// 4. X-Request-ID comes back and is on a JSON log line; a forced 500 (the resource's table
//    dropped) answers in the project's error format with CORS headers, its log line has the
//    traceback and the request id
// 5. a private PostgreSQL stopped mid-traffic: every request answers within 5 s with 503 (no
//    hang, no traceback body), and the app recovers by itself once the server is back
// 6. with REDIS_URL (a private redis-server on a free port, the shared one is never touched; it
//    serves the whole stage): Redis stopped, the limited endpoints behave as the README says
//    (fail closed: a prompt 503 with Retry-After in the error format), /health/ready answers 503
//    naming Redis, the rest still serves; Redis back, logins are counted again, no app restart
// Static checks of the deploy files (compose config, hadolint) are the harness's `deploy files`.
import { Buffer } from "node:buffer";
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { URLSearchParams, fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROUTES = path.join(HERE, "production_routes.py");
const PASSWORD = "Correct-horse-battery-staple-9";
const ALLOWED_ORIGIN = "https://app.e2e.example";
// a request during the database outage must answer within this
const PROMPT_MS = 5000;

/** The environment without one variable. */
const without = (environment, name) =>
  Object.fromEntries(Object.entries(environment).filter(([key]) => key !== name));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hex = (n) => randomBytes(n).toString("hex");

/** One request on its own connection (Connection: close), so a multi-worker server spreads them. */
export function request(base, method, pathname, { headers = {}, body, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const req = http.request(new URL(pathname, base), {
      method,
      agent: false,
      headers: { Connection: "close", ...headers },
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("response", (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (data += d));
      res.on("end", () => {
        let json;
        try {
          json = JSON.parse(data);
        } catch {
          json = undefined;
        }
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: data,
          json,
          ms: Date.now() - started,
        });
      });
    });
    req.on("error", (error) =>
      resolve({ status: 0, error: String(error), body: "", ms: Date.now() - started }),
    );
    if (body) req.write(body);
    req.end();
  });
}

/**
 * The README's production command: `export ENVIRONMENT=production`, then the step that checks the
 * settings (`alembic upgrade head`, or `python -m <config module>`) `&&` uvicorn with its workers.
 */
export function readmeCommand(readme) {
  const match =
    /^export ENVIRONMENT=production\n(alembic upgrade head|python -m [\w.]+) && uvicorn (\S+) --host 0\.0\.0\.0 --port 8000 --workers (\d+) --proxy-headers$/m.exec(
      readme,
    );
  if (!match) return undefined;
  return {
    check: match[1],
    entry: match[2],
    workers: Number(match[3]),
    migrates: match[1] === "alembic upgrade head",
  };
}

/** A setting's value in .env.example (`NAME=value`), or undefined. */
const exampleValue = (example, name) => new RegExp(`^${name}=(.*)$`, "m").exec(example)?.[1];

/** An error body in the project's format: {"error": {"code"}} or {"detail"}. */
function errorShaped(response, status, format) {
  if (response.status !== status || response.json === undefined) return false;
  if (format === "envelope") return typeof response.json.error?.code === "string";
  return "detail" in response.json;
}

function hs256(secret) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({ sub: "e2e-production", iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/**
 * @param {object} o
 * @param {string} o.dir the generated project
 * @param {object} o.answers its stored answers
 * @param {Function} o.run the harness's run(cmd, argv, options)
 * @param {(tool: string) => string} o.py a tool of the project's venv
 * @param {object} o.env the stage environment
 * @param {() => Promise<number>} o.freePort
 * @param {string} o.dbName the database the stage creates (dropped and created again)
 * @param {string} o.jwtSecret the issuer secret a jwt-verify project is started with
 */
export async function production({ dir, answers, run, py, env, freePort, dbName, jwtSecret }) {
  const started = Date.now();
  const log = [];
  const note = (line) => log.push(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const failures = [];
  const check = (ok, what) => {
    note(`${ok ? "ok  " : "FAIL"} ${what}`);
    if (!ok) failures.push(what);
    return ok;
  };
  const done = () => ({
    ok: failures.length === 0,
    seconds: (Date.now() - started) / 1000,
    output: [...log, failures.length ? `\nfailed: ${failures.join("; ")}` : ""].join("\n"),
  });
  const step = async (label, cmd, argv, extraEnv = {}) => {
    const result = await run(cmd, argv, { cwd: dir, env: { ...env, ...extraEnv } });
    note(
      `$ ${label} (${result.code === 0 ? "ok" : `exit ${result.code}`})\n${result.output.trim()}`,
    );
    return result;
  };
  const psql = (db, sql, port = 5432) =>
    step(`psql ${sql}`, "psql", [
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "-U",
      "postgres",
      "-d",
      db,
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      sql,
    ]);

  const readme = readFileSync(path.join(dir, "README.md"), "utf8");
  const command = readmeCommand(readme);
  if (
    !check(
      command !== undefined && command.migrates,
      "README: `export ENVIRONMENT=production`, then `alembic upgrade head && uvicorn … --workers N --proxy-headers`",
    )
  )
    return done();
  const dockerfile = readFileSync(path.join(dir, "Dockerfile"), "utf8");
  check(
    dockerfile.includes(
      `${command.check} && exec uvicorn ${command.entry} --host 0.0.0.0 --port 8000 --proxy-headers`,
    ),
    "Dockerfile CMD: the same commands",
  );
  const example = readFileSync(path.join(dir, ".env.example"), "utf8");
  const users = answers.auth === "jwt";
  const secretVariable = users
    ? "SECRET_KEY"
    : answers.auth === "jwt-verify"
      ? "JWT_SECRET"
      : undefined;
  const redis = /^#?\s*REDIS_URL=/m.test(example);
  const collection = answers.resources?.[0]?.name ?? answers.sampleResource;
  const format = answers.errorFormat;
  const workers = command.workers;
  const probes = answers.healthCheck !== false;

  // the app's own environment: no .env (the image has none), a fresh database given as libpq does
  const url = `postgresql://postgres@127.0.0.1:5432/${dbName}?sslmode=disable`;
  const secrets = users
    ? { SECRET_KEY: hex(32) }
    : answers.auth === "jwt-verify"
      ? { JWT_SECRET: jwtSecret }
      : {};
  const appEnv = {
    ...env,
    ENVIRONMENT: "production",
    DATABASE_URL: url,
    PYTHONUNBUFFERED: "1",
    CORS_ORIGINS: JSON.stringify([ALLOWED_ORIGIN]),
    // at most 2 × 5 connections per app: the shared server's max_connections is shared too
    DATABASE_POOL_SIZE: "5",
    DATABASE_MAX_OVERFLOW: "0",
    ...(users ? { BCRYPT_ROUNDS: "4" } : {}),
    ...secrets,
  };
  delete appEnv.SECRET_KEY;
  delete appEnv.JWT_SECRET;
  Object.assign(appEnv, secrets);

  const apps = new Set();
  const venvBin = path.dirname(py("uvicorn"));
  /**
   * The README's uvicorn command, on 127.0.0.1 and a free port instead of 0.0.0.0:8000; with
   * options.whole, the README's whole start command (the settings check, then uvicorn), as sh runs
   * it.
   */
  const start = async (extraEnv = {}, options = {}) => {
    const port = await freePort();
    const uvicorn = `uvicorn ${command.entry} --host 127.0.0.1 --port ${port} --workers ${workers} --proxy-headers`;
    const environment = options.env ?? { ...appEnv, ...extraEnv };
    const child = spawn(
      "sh",
      ["-c", options.whole ? `${command.check} && exec ${uvicorn}` : `exec ${uvicorn}`],
      {
        cwd: dir,
        env: { ...environment, PATH: `${venvBin}:${environment.PATH ?? ""}` },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    const app = { child, base: `http://127.0.0.1:${port}`, stderr: "", exited: null };
    child.stdout.on("data", (d) => (app.stderr += d));
    child.stderr.on("data", (d) => (app.stderr += d));
    app.closed = new Promise((resolve) =>
      child.on("close", (code) => {
        app.exited = code;
        apps.delete(app);
        resolve(code);
      }),
    );
    apps.add(app);
    if (options.expectExit) return app;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && app.exited === null) {
      // any answer: a project without the probes answers /health with 404
      if ((await request(app.base, "GET", "/health", { timeoutMs: 2000 })).status !== 0) return app;
      await sleep(250);
    }
    note(`the app did not answer within 30 s:\n${app.stderr}`);
    return undefined;
  };
  const stop = async (app) => {
    if (!app || app.exited !== null) return;
    try {
      process.kill(-app.child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-app.child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 10_000);
    await app.closed;
    clearTimeout(timer);
  };

  const envFile = path.join(dir, ".env");
  const envAside = path.join(dir, ".env.e2e-production");
  if (existsSync(envFile)) renameSync(envFile, envAside);
  let pg;
  let redisServer;
  try {
    if (redis) {
      redisServer = await privateRedis(note, freePort);
      if (!check(redisServer !== undefined, "a private Redis server")) return done();
      appEnv.REDIS_URL = `redis://127.0.0.1:${redisServer.port}/0`;
    }
    // 1. unsafe configurations stop the process with one readable line
    if (secretVariable) {
      const cases = [["unset", undefined]];
      if (users) {
        cases.push(["short", "too-short"]);
        cases.push([".env.example placeholder", exampleValue(example, "SECRET_KEY")]);
      }
      for (const [label, value] of cases) {
        const badEnv = without(appEnv, secretVariable);
        if (value !== undefined) badEnv[secretVariable] = value;
        const result = await run(py("alembic"), ["upgrade", "head"], {
          cwd: dir,
          env: badEnv,
          timeoutMs: 30_000,
        });
        const lines = result.output.trim().split("\n");
        note(
          `$ ENVIRONMENT=production ${secretVariable}=<${label}> alembic upgrade head (exit ${result.code})\n${result.output.trim()}`,
        );
        check(
          result.code !== 0 &&
            lines.length === 1 &&
            /^invalid settings: /.test(lines[0]) &&
            lines[0].includes(secretVariable),
          `${secretVariable} ${label}: alembic exits non-zero with one line naming ${secretVariable}`,
        );
      }
      // the whole start command: the check stops it before uvicorn starts any worker
      const badEnv = without(appEnv, secretVariable);
      const app = await start({}, { env: badEnv, expectExit: true, whole: true });
      const exited = await Promise.race([app.closed, sleep(20_000).then(() => "running")]);
      note(
        `$ export ENVIRONMENT=production; (no ${secretVariable}) ${command.check} && uvicorn … --workers ${workers} (exit ${exited})\n${app.stderr.trim()}`,
      );
      await stop(app);
      const lines = app.stderr.split("\n").filter((l) => l.trim());
      check(
        exited !== "running" &&
          exited !== 0 &&
          lines.length === 1 &&
          /^invalid settings: /.test(lines[0]) &&
          lines[0].includes(secretVariable),
        `no ${secretVariable}: the README's start command with ${workers} workers exits non-zero (${exited}) within 20 s with the one line naming ${secretVariable}; uvicorn never starts`,
      );
    }

    // 2. a fresh database, a libpq URL: not ready before the migrations, ready after
    if ((await psql("postgres", `DROP DATABASE IF EXISTS ${dbName}`)).code !== 0) return done();
    if ((await psql("postgres", `CREATE DATABASE ${dbName}`)).code !== 0) return done();
    let app = await start();
    if (!check(app !== undefined, `the README's command serves with DATABASE_URL=${url}`))
      return done();
    if (probes) {
      const before = await request(app.base, "GET", "/health/ready");
      check(
        before.status === 503,
        `before alembic upgrade head: GET /health/ready -> ${before.status} ${before.body} (503 expected)`,
      );
    } else note("no health probes: readiness checks skipped");
    await stop(app);
    const migrated = await step("alembic upgrade head", py("alembic"), ["upgrade", "head"], appEnv);
    if (!check(migrated.code === 0, `alembic upgrade head with DATABASE_URL=${url}`)) return done();

    // the app the rest runs against, by the README's whole start command (the migrations are
    // done: the check finds nothing to do): login limits high enough not to meet the lockout checks
    app = await start(
      { RATE_LIMIT_LOGIN: "10000/minute", RATE_LIMIT_REGISTER: "10000/minute" },
      { whole: true },
    );
    if (!check(app !== undefined, "the app serves after the migrations, by the README's command"))
      return done();
    for (const [pathname, status] of [
      ["/health/ready", probes ? 200 : 404],
      ["/openapi.json", 404],
      ["/docs", 404],
    ]) {
      const response = await request(app.base, "GET", pathname);
      check(
        response.status === status,
        `GET ${pathname} -> ${response.status} (${status} expected)`,
      );
    }

    const routesResult = await run(py("python"), [ROUTES, collection], {
      cwd: dir,
      env: { ...appEnv, ENVIRONMENT: "development" },
    });
    if (!check(routesResult.code === 0, "the routes, from the project's schema")) {
      note(routesResult.output);
      return done();
    }
    const routes = JSON.parse(routesResult.output.trim().split("\n").at(-1));
    note(`routes: ${JSON.stringify(routes)}`);

    const register = async (base) => {
      const email = `e2e-${hex(4)}@example.com`;
      const body = {};
      for (const field of routes.register_fields)
        body[field] = field.includes("password")
          ? PASSWORD
          : field.includes("email")
            ? email
            : "e2e";
      const response = await request(base, "POST", routes.register, {
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (response.status !== 201 && response.status !== 200)
        note(`register -> ${response.status} ${response.body}`);
      return email;
    };
    const login = (base, email, password) =>
      request(base, "POST", routes.login, {
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: email, password }).toString(),
      });
    const bearer = async (base) => {
      if (answers.auth === "jwt-verify") return { Authorization: `Bearer ${hs256(jwtSecret)}` };
      if (!users) return {};
      const email = await register(base);
      const response = await login(base, email, PASSWORD);
      return { Authorization: `Bearer ${response.json?.access_token}` };
    };

    // 3b. parallel wrong passwords: locked at exactly the threshold
    if (users && answers.accountLockout) {
      const threshold = Number(exampleValue(example, "LOCKOUT_THRESHOLD") ?? 5);
      const wrong = (email, n) =>
        Promise.all(Array.from({ length: n }, () => login(app.base, email, "wrong-password-0")));
      const first = await register(app.base);
      let answered = await wrong(first, threshold - 1);
      check(
        answered.every((r) => r.status === 401),
        `${threshold - 1} parallel wrong passwords: all 401 (${answered.map((r) => r.status)})`,
      );
      let right = await login(app.base, first, PASSWORD);
      check(
        right.status === 200,
        `one below the threshold (${threshold - 1}), the right password -> ${right.status} (200 expected)`,
      );
      answered = await wrong(first, threshold - 1);
      answered.push(await login(app.base, first, "wrong-password-0"));
      check(
        answered.every((r) => r.status === 401),
        `${threshold} wrong passwords (${threshold - 1} parallel): all 401`,
      );
      right = await login(app.base, first, PASSWORD);
      check(
        right.status === 401 && errorShaped(right, 401, format),
        `at the threshold (${threshold}), the right password is refused -> ${right.status} ${right.body}`,
      );
      const second = await register(app.base);
      answered = await wrong(second, 20);
      check(
        answered.every((r) => r.status === 401),
        `20 parallel wrong passwords: all 401 (${[...new Set(answered.map((r) => r.status))]})`,
      );
      right = await login(app.base, second, PASSWORD);
      check(
        right.status === 401,
        `after 20 parallel wrong passwords, the right password -> ${right.status} (401 expected)`,
      );
    } else note("no account lockout: lockout checks skipped");

    // 4. the request id, in the response and on a JSON log line
    const requestId = `e2e-${hex(8)}`;
    const health = await request(app.base, "GET", "/health", {
      headers: { "X-Request-ID": requestId },
    });
    check(
      health.headers?.["x-request-id"] === requestId,
      `X-Request-ID ${requestId} comes back (${health.headers?.["x-request-id"]})`,
    );
    await sleep(300);
    const logLines = () =>
      app.stderr
        .split("\n")
        .map((line) => {
          try {
            return JSON.parse(line);
          } catch {
            return undefined;
          }
        })
        .filter(Boolean);
    check(
      logLines().some((entry) => entry.request_id === requestId),
      `a JSON log line carries request_id ${requestId}`,
    );

    // 4b. a forced 500: the resource's table dropped under the running app
    const auth = await bearer(app.base);
    if (routes.list && collection) {
      const listed = await request(app.base, "GET", routes.list, { headers: auth });
      check(
        listed.status === 200,
        `GET ${routes.list} -> ${listed.status} before the table is dropped`,
      );
      if ((await psql(dbName, `DROP TABLE ${collection} CASCADE`)).code === 0) {
        const failingId = `e2e-500-${hex(6)}`;
        const failed = await request(app.base, "GET", routes.list, {
          headers: { ...auth, "X-Request-ID": failingId, Origin: ALLOWED_ORIGIN },
        });
        check(
          errorShaped(failed, 500, format) && !failed.body.includes("Traceback"),
          `the table dropped: GET ${routes.list} -> ${failed.status} ${failed.body} (500 in the ${format} format)`,
        );
        // without CORS, no origin is allowed
        const allowed = failed.headers?.["access-control-allow-origin"];
        check(
          answers.cors ? allowed === ALLOWED_ORIGIN : allowed === undefined,
          `the 500 carries access-control-allow-origin: ${allowed} (${answers.cors ? ALLOWED_ORIGIN : "none, no CORS"} expected)`,
        );
        check(failed.headers?.["x-request-id"] === failingId, "the 500 carries its X-Request-ID");
        await sleep(300);
        const traced = logLines().filter((entry) => entry.request_id === failingId);
        const traceback = (entry) =>
          [entry.exception, entry.exc_info, entry.traceback].some(
            (t) => typeof t === "string" && t.includes("Traceback"),
          );
        check(
          traced.some(traceback),
          `a JSON log line with request_id ${failingId} has the traceback`,
        );
      } else failures.push(`DROP TABLE ${collection}`);
    } else note(`no list route for ${collection}: the forced 500 is skipped`);
    await stop(app);

    // 3a. the login rate limit, across the workers
    if (users && answers.rateLimiting) {
      const limit = Number(
        /^(\d+)\//.exec(exampleValue(example, "RATE_LIMIT_LOGIN") ?? "5/minute")[1],
      );
      // the logins above were counted too (in Redis, with a window still open): a fresh count
      if (redisServer) check(await redisServer.flush(), "the private Redis flushed");
      app = await start({ RATE_LIMIT_LOGIN: `${limit}/minute` });
      if (check(app !== undefined, "the app serves with the default login rate limit")) {
        const statuses = [];
        for (let i = 0; i < limit * workers + 3; i++)
          statuses.push(
            (await login(app.base, `nobody-${hex(3)}@example.com`, "wrong-password-0")).status,
          );
        const passed = statuses.filter((s) => s !== 429).length;
        const firstLimited = statuses.indexOf(429) + 1;
        note(`login attempts: ${statuses.join(" ")}`);
        check(
          statuses.every((s) => s === 401 || s === 429),
          "every attempt answers 401 or 429",
        );
        if (redis)
          check(
            firstLimited === limit + 1 && passed === limit,
            `shared limiter (REDIS_URL): exactly ${limit} pass, the first 429 at ${limit + 1} (${firstLimited})`,
          );
        else
          check(
            firstLimited > 0 && firstLimited <= limit * workers + 1 && passed <= limit * workers,
            `in-process limiter: at most ${limit} × ${workers} workers pass (${passed}), the first 429 at attempt ${firstLimited}`,
          );
        await stop(app);
      }
    } else note("no login rate limit: rate-limit checks skipped");

    // 6. Redis goes away and comes back (before the database faults, on the shared server)
    if (redis && users && answers.rateLimiting) {
      const failClosed = /fail\s+closed/.test(readme);
      app = await start({ RATE_LIMIT_LOGIN: "10000/minute" }, { whole: true });
      if (check(app !== undefined, "the app serves with REDIS_URL")) {
        const wrongLogin = () =>
          login(app.base, `nobody-${hex(3)}@example.com`, "wrong-password-0");
        const up = await wrongLogin();
        check(up.status === 401, `Redis up: a wrong password -> ${up.status} (401 expected)`);
        check(await redisServer.stop(), "redis-server stopped");
        const limited = await wrongLogin();
        if (failClosed)
          check(
            errorShaped(limited, 503, format) &&
              limited.headers["retry-after"] !== undefined &&
              limited.ms < PROMPT_MS,
            `Redis down, the README says fail closed: login -> ${limited.status} in ${limited.ms} ms, Retry-After ${limited.headers?.["retry-after"]}, ${limited.body} (503 in the ${format} format expected)`,
          );
        else
          check(
            limited.status === 401,
            `Redis down, the README says fail open: login -> ${limited.status} (401 expected)`,
          );
        if (probes) {
          const ready = await request(app.base, "GET", "/health/ready");
          check(
            ready.status === 503 &&
              /redis/i.test(ready.body) &&
              !ready.body.includes(String(redisServer.port)),
            `Redis down: GET /health/ready -> ${ready.status} ${ready.body} (503 naming Redis, not its address)`,
          );
        }
        const live = await request(app.base, "GET", "/health");
        check(live.status === (probes ? 200 : 404), `Redis down: GET /health -> ${live.status}`);
        check(await redisServer.start(), "redis-server started again");
        let back = null;
        const since = Date.now();
        while (Date.now() - since < 15_000) {
          if ((await wrongLogin()).status === 401) {
            back = (Date.now() - since) / 1000;
            break;
          }
          await sleep(250);
        }
        check(
          back !== null,
          `Redis back: logins are counted again without an app restart (${back ?? "not within 15"} s)`,
        );
        if (probes) {
          const ready = await request(app.base, "GET", "/health/ready");
          check(ready.status === 200, `Redis back: GET /health/ready -> ${ready.status}`);
        }
        await stop(app);
      }
    }

    // 5. the database goes away mid-traffic and comes back
    pg = await privatePostgres(note);
    if (!check(pg !== undefined, "a private PostgreSQL server")) return done();
    const pgUrl = `postgresql://postgres@127.0.0.1:${pg.port}/app`;
    const faultEnv = {
      DATABASE_URL: pgUrl,
      RATE_LIMIT_REGISTER: "10000/minute",
      RATE_LIMIT_LOGIN: "10000/minute",
    };
    const faultMigrated = await step(
      "alembic upgrade head (private server)",
      py("alembic"),
      ["upgrade", "head"],
      {
        ...appEnv,
        ...faultEnv,
      },
    );
    if (!check(faultMigrated.code === 0, "alembic upgrade head on the private server"))
      return done();
    app = await start(faultEnv);
    if (!check(app !== undefined, "the app serves on the private server")) return done();
    const faultAuth = await bearer(app.base);
    const targets = [
      ...(probes ? [["/health/ready", {}]] : []),
      ...(routes.list ? [[routes.list, faultAuth]] : []),
    ];
    if (!check(targets.length > 0, "a route that reads the database, to drive traffic through"))
      return done();
    const traffic = [];
    let phase = "up";
    let running = true;
    const drive = (async () => {
      while (running) {
        for (const [pathname, headers] of targets) {
          const response = await request(app.base, "GET", pathname, {
            headers,
            timeoutMs: PROMPT_MS + 5000,
          });
          traffic.push({ phase, pathname, ...response });
        }
      }
    })();
    await sleep(1000);
    phase = "stopping";
    const stopped = await pg.ctl(["-m", "fast", "-w", "stop"]);
    phase = "down";
    await sleep(2000);
    phase = "restarting";
    const restarted = await pg.start();
    phase = "back";
    let recovered = null;
    const back = Date.now();
    while (Date.now() - back < 15_000) {
      const recent = traffic.filter((t) => t.phase === "back").slice(-targets.length);
      if (recent.length === targets.length && recent.every((t) => t.status === 200)) {
        recovered = (Date.now() - back) / 1000;
        break;
      }
      await sleep(200);
    }
    running = false;
    await drive;
    await stop(app);
    for (const phaseName of ["up", "stopping", "down", "restarting", "back"]) {
      const seen = traffic.filter((t) => t.phase === phaseName);
      const counts = {};
      for (const t of seen)
        counts[`${t.pathname} ${t.status}`] = (counts[`${t.pathname} ${t.status}`] ?? 0) + 1;
      const slowest = Math.max(0, ...seen.map((t) => t.ms));
      note(`traffic while ${phaseName}: ${JSON.stringify(counts)}, slowest ${slowest} ms`);
      const odd = seen.find((t) => t.status !== 200 && t.status !== 503);
      if (odd) note(`  e.g. ${odd.pathname} -> ${odd.status} ${odd.error ?? odd.body}`);
    }
    check(stopped && restarted, "pg_ctl stop -m fast, then start");
    check(
      traffic.filter((t) => t.phase === "up").every((t) => t.status === 200),
      "before the outage every request answers 200",
    );
    const outage = traffic.filter((t) => t.phase === "down");
    check(
      outage.length > 0 && outage.every((t) => t.status === 503 && t.ms < PROMPT_MS),
      `during the outage every request answers 503 within ${PROMPT_MS} ms`,
    );
    check(
      outage
        .filter((t) => t.pathname !== "/health/ready")
        .every((t) => errorShaped(t, 503, format) && !t.body.includes("Traceback")),
      `during the outage the API's 503 is in the ${format} format, no traceback`,
    );
    check(
      traffic.every((t) => t.status !== 0 && t.status !== 500),
      "no request hangs or answers 500 at any point",
    );
    check(
      recovered !== null,
      `the server back: requests succeed again without an app restart (${recovered ?? "not within 15"} s)`,
    );
  } finally {
    for (const app of [...apps]) await stop(app);
    if (pg) pg.remove();
    if (redisServer) await redisServer.stop();
    if (existsSync(envAside)) renameSync(envAside, envFile);
  }
  return done();
}

/**
 * A PostgreSQL server of our own, from the installed server packages, on a free port: the
 * harness stops it mid-traffic. Root may not run it: then it runs as the postgres user.
 */
async function privatePostgres(note) {
  const versions = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql").sort()
    : [];
  const bin = versions
    .map((v) => path.join("/usr/lib/postgresql", v, "bin"))
    .findLast((b) => existsSync(path.join(b, "pg_ctl")));
  if (!bin) {
    note("no PostgreSQL server binaries under /usr/lib/postgresql");
    return undefined;
  }
  const root = process.getuid?.() === 0;
  const data = mkdtempSync(path.join(os.tmpdir(), "e2e-pg-"));
  if (root) {
    const pw = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    chownSync(data, Number(pw.stdout), Number(gid.stdout));
  }
  const as = (cmd, argv) =>
    root ? ["runuser", ["-u", "postgres", "--", cmd, ...argv]] : [cmd, argv];
  const exec = (cmd, argv) => {
    const [c, a] = as(path.join(bin, cmd), argv);
    const result = spawnSync(c, a, { encoding: "utf8", timeout: 60_000 });
    note(
      `$ ${cmd} ${argv.join(" ")} (exit ${result.status})${result.status === 0 ? "" : `\n${result.stdout}${result.stderr}`}`,
    );
    return result.status === 0;
  };
  const pgData = path.join(data, "data");
  const remove = () => {
    if (existsSync(path.join(pgData, "postmaster.pid")))
      exec("pg_ctl", ["-D", pgData, "-m", "immediate", "-w", "stop"]);
    rmSync(data, { recursive: true, force: true });
  };
  const port = await new Promise((resolve) => {
    const server = http.createServer().listen(0, "127.0.0.1", () => {
      const { port: p } = server.address();
      server.close(() => resolve(p));
    });
  });
  const options = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctlAsync = (argv) =>
    new Promise((resolve) => {
      const [c, a] = as(path.join(bin, "pg_ctl"), ["-D", pgData, ...argv]);
      const child = spawn(c, a, { stdio: "ignore" });
      child.on("close", (code) => resolve(code === 0));
    });
  const startServer = () => ctlAsync(["-o", options, "-l", path.join(data, "log"), "-w", "start"]);
  const ok =
    exec("initdb", ["-D", pgData, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]) &&
    (await startServer()) &&
    spawnSync("psql", [
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "-U",
      "postgres",
      "-d",
      "postgres",
      "-c",
      "CREATE DATABASE app",
    ]).status === 0;
  const server = { port, remove, ctl: ctlAsync, start: startServer };
  if (!ok) {
    remove();
    return undefined;
  }
  return server;
}

/**
 * A Redis server of our own on a free port (installed with apt-get when missing and running as
 * root): the harness stops it under a running app, which the shared server must never be.
 */
async function privateRedis(note, freePort) {
  const found = () => spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
  if (!found() && process.getuid?.() === 0) {
    note("redis-server is missing: apt-get install -y redis-server");
    let result = spawnSync("apt-get", ["install", "-y", "-q", "redis-server"], {
      encoding: "utf8",
    });
    if (result.status !== 0) {
      spawnSync("apt-get", ["update", "-q"], { stdio: "ignore" });
      result = spawnSync("apt-get", ["install", "-y", "-q", "redis-server"], { encoding: "utf8" });
    }
    if (result.status !== 0) note(`apt-get install redis-server failed:\n${result.stderr}`);
  }
  if (!found()) {
    note("no redis-server (install it: apt-get install -y redis-server)");
    return undefined;
  }
  const port = await freePort();
  let child;
  /** Whether the server answers one inline command with the expected reply. */
  const send = (commandLine, reply) =>
    new Promise((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      const finish = (ok) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1000, () => finish(false));
      socket.on("error", () => finish(false));
      socket.on("connect", () => socket.write(`${commandLine}\r\n`));
      socket.on("data", (data) => finish(data.toString().startsWith(reply)));
    });
  const ping = () => send("PING", "+PONG");
  const start = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore", detached: true },
    );
    const exited = new Promise((resolve) => child.on("close", () => resolve(true)));
    child.exited = exited;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await ping()) {
        note(`redis-server on 127.0.0.1:${port} (pid ${child.pid})`);
        return true;
      }
      await sleep(100);
    }
    note(`redis-server on port ${port} did not answer within 10 s`);
    return false;
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return true;
    child.kill("SIGTERM");
    const stopped = await Promise.race([child.exited, sleep(10_000).then(() => false)]);
    if (!stopped) child.kill("SIGKILL");
    return stopped && !(await ping());
  };
  // every counter gone: a check starts from fresh windows
  const flush = () => send("FLUSHALL", "+OK");
  if (await start()) return { port, start, stop, flush };
  await stop();
  return undefined;
}

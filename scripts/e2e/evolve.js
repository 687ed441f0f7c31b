// The e2e stage `evolve`: day two of a project generated with resources. On a database that holds
// rows (SQLite, and the project's PostgreSQL or MariaDB when it targets one and the server is up):
// `alembic upgrade head`, rows created through the API, `fastapi-agent resource …` adds resources
// (one referencing an earlier one, one referencing users where there are users), `alembic upgrade
// head` on the same database, every earlier row read back unchanged, a row in each new resource,
// `alembic check` clean, `alembic downgrade -1` and `upgrade head` again. Then `fastapi-agent
// resource … --change` changes the fields of a resource that holds rows, and the same again on the
// same databases: the rows read back (new fields with their default or null, dropped ones gone),
// `alembic check`, `downgrade -1`, `upgrade head`. Then the gates the project passed before run
// again over the evolved project (ruff, format, mypy, pytest).
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROWS = path.join(HERE, "evolve_rows.py");

const plural = (definition) => definition.trim().split(/\s+/)[0];

/**
 * @param {object} o
 * @param {string} o.dir the generated project
 * @param {{initial: string[], add: string[], change: {definition: string, expect: string[]}}} o.evolve
 * the resources given at `new`, those added, and the change of one's fields with what its earlier
 * rows read back as (`books:summary=null`, `books:-pages`: see evolve_rows.py)
 * @param {(cmd: string, argv: string[], options: object) => Promise<{code: number, output: string, seconds: number}>} o.run
 * @param {(tool: string) => string} o.py a tool of the project's venv
 * @param {object} o.env the stage environment
 * @param {object} o.rowsEnv what the row script needs on top (a jwt-verify project's issuer secret)
 * @param {string} o.bin the fastapi-agent bin
 * @param {{create: [string, string[]], url: string, name: string} | undefined} o.server
 */
export async function evolve({ dir, evolve: plan, run, py, env, rowsEnv, bin, server }) {
  const started = Date.now();
  const log = [];
  const step = async (label, cmd, argv, extraEnv = {}) => {
    const result = await run(cmd, argv, { cwd: dir, env: { ...env, ...extraEnv } });
    log.push(`$ ${label} (${result.code === 0 ? "ok" : `exit ${result.code}`})\n${result.output}`);
    return result.code === 0;
  };
  const targets = [{ name: "sqlite", url: "sqlite+aiosqlite:///./evolve.db" }];
  if (server) targets.push({ name: server.name, url: server.url, create: server.create });
  const added = plan.add.map(plural);
  const done = (ok) => {
    // Kept beside the project: the rows read back, per database, after each step.
    writeFileSync(path.join(dir, "evolve.log"), log.join("\n"));
    return { ok, seconds: (Date.now() - started) / 1000, output: log.join("\n") };
  };

  // before: every target migrated and holding a row in each resource given at `new`
  for (const target of targets) {
    rmSync(path.join(dir, "evolve.db"), { force: true });
    if (target.create && !(await step(`create the ${target.name} database`, ...target.create)))
      return done(false);
    const dbEnv = { DATABASE_URL: target.url, ENVIRONMENT: "test" };
    target.state = path.join(dir, `evolve-${target.name}.json`);
    if (
      !(await step(
        `alembic upgrade head (${target.name})`,
        py("alembic"),
        ["upgrade", "head"],
        dbEnv,
      ))
    )
      return done(false);
    const collections = plan.initial.map(plural);
    if (
      !(await step(
        `create rows (${target.name})`,
        py("python"),
        [ROWS, "create", target.state, ...collections],
        { ...dbEnv, ...rowsEnv },
      ))
    )
      return done(false);
    if (target.name === "sqlite") target.keep = path.join(dir, "evolve-sqlite.db");
    if (target.keep) await run("cp", [path.join(dir, "evolve.db"), target.keep], { cwd: dir, env });
  }

  // the user adds resources with the generator
  const before = new Set(readdirSync(path.join(dir, "alembic", "versions")));
  for (const definition of plan.add) {
    if (
      !(await step(`fastapi-agent resource ${definition}`, process.execPath, [
        bin,
        "resource",
        ...definition.split(/\s+/),
        "--skip-install",
      ]))
    )
      return done(false);
  }
  const revisions = readdirSync(path.join(dir, "alembic", "versions")).filter(
    (f) => !before.has(f),
  );
  log.push(`new revisions: ${revisions.join(", ")}`);
  if (revisions.length !== plan.add.length) return done(false);

  // after: the same databases upgraded, the old rows intact, the new tables usable and reversible
  for (const target of targets) {
    if (target.keep) await run("cp", [target.keep, path.join(dir, "evolve.db")], { cwd: dir, env });
    const dbEnv = { DATABASE_URL: target.url, ENVIRONMENT: "test" };
    const ok =
      (await step(
        `alembic upgrade head (${target.name}, with rows)`,
        py("alembic"),
        ["upgrade", "head"],
        dbEnv,
      )) &&
      (await step(`rows read back (${target.name})`, py("python"), [ROWS, "check", target.state], {
        ...dbEnv,
        ...rowsEnv,
      })) &&
      (await step(
        `create rows in ${added.join(", ")} (${target.name})`,
        py("python"),
        [ROWS, "create", target.state, ...added],
        { ...dbEnv, ...rowsEnv },
      )) &&
      (await step(`alembic check (${target.name})`, py("alembic"), ["check"], dbEnv)) &&
      (await step(
        `alembic downgrade -1 (${target.name})`,
        py("alembic"),
        ["downgrade", "-1"],
        dbEnv,
      )) &&
      (await step(
        `alembic upgrade head (${target.name}, again)`,
        py("alembic"),
        ["upgrade", "head"],
        dbEnv,
      )) &&
      // the downgrade dropped the last table added, with its row: one again
      (await step(
        `create a row in ${added.at(-1)} again (${target.name})`,
        py("python"),
        [ROWS, "create", target.state, added.at(-1)],
        { ...dbEnv, ...rowsEnv },
      ));
    if (!ok) return done(false);
    if (target.keep) await run("cp", [path.join(dir, "evolve.db"), target.keep], { cwd: dir, env });
  }

  // the user changes the fields of a resource that holds rows
  const beforeChange = new Set(readdirSync(path.join(dir, "alembic", "versions")));
  const { definition, expect } = plan.change;
  if (
    !(await step(`fastapi-agent resource ${definition} --change`, process.execPath, [
      bin,
      "resource",
      ...definition.split(/\s+/),
      "--change",
      "--skip-install",
    ]))
  )
    return done(false);
  const changeRevisions = readdirSync(path.join(dir, "alembic", "versions")).filter(
    (f) => !beforeChange.has(f),
  );
  log.push(`new revision: ${changeRevisions.join(", ")}`);
  if (changeRevisions.length !== 1) return done(false);
  for (const target of targets) {
    if (target.keep) await run("cp", [target.keep, path.join(dir, "evolve.db")], { cwd: dir, env });
    const dbEnv = { DATABASE_URL: target.url, ENVIRONMENT: "test" };
    const readBack = (label) =>
      step(
        `rows read back ${label} (${target.name})`,
        py("python"),
        [ROWS, "check", target.state, ...expect],
        {
          ...dbEnv,
          ...rowsEnv,
        },
      );
    const ok =
      (await step(
        `alembic upgrade head (${target.name}, changed fields)`,
        py("alembic"),
        ["upgrade", "head"],
        dbEnv,
      )) &&
      (await readBack("after the change")) &&
      (await step(
        `alembic check (${target.name}, changed fields)`,
        py("alembic"),
        ["check"],
        dbEnv,
      )) &&
      (await step(
        `alembic downgrade -1 (${target.name}, changed fields)`,
        py("alembic"),
        ["downgrade", "-1"],
        dbEnv,
      )) &&
      (await step(
        `alembic upgrade head (${target.name}, changed fields again)`,
        py("alembic"),
        ["upgrade", "head"],
        dbEnv,
      )) &&
      (await readBack("after downgrade and upgrade"));
    if (!ok) return done(false);
  }
  rmSync(path.join(dir, "evolve.db"), { force: true });
  // the project's own database follows, as the user's would
  if (
    !(await step("alembic upgrade head (the project's database)", py("alembic"), [
      "upgrade",
      "head",
    ]))
  )
    return done(false);

  // every gate again, over the evolved project
  for (const [label, tool, argv] of [
    ["ruff check", "ruff", ["check", "."]],
    ["ruff format --check", "ruff", ["format", "--check", "."]],
    ["mypy", "mypy", ["."]],
    ["pytest", "pytest", ["-q", "-p", "no:cacheprovider", "--cov-fail-under=90"]],
  ]) {
    if (!(await step(`${label} (evolved)`, py(tool), argv))) return done(false);
  }
  return done(true);
}

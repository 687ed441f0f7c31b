// The e2e stage `autogenerate`: what a user does after generating. A model is added by hand and
// registered with the others, `alembic revision --autogenerate` writes its revision, and the
// revision must upgrade, leave `alembic check` clean, downgrade and upgrade again: on the
// project's SQLite database, and on a PostgreSQL or MariaDB database when the project targets one.
// The model and the revision stay in the project, so the later stages (ruff, mypy, boot, the
// server pytest and migrations) run over them as they would over the user's.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { modulePaths } from "../../dist/plan/layout.js";

const CLASS = "Reminder";
const TABLE = "reminders";
const REVISION_MESSAGE = "hand added";

/** The first table of the generated models other than the auth ones: the reference's target. */
function referencedTable(dir, files) {
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), "utf8");
    for (const [, table] of text.matchAll(/__tablename__ = "([a-z0-9_]+)"/g)) {
      if (table !== "users" && table !== "refresh_tokens") return table;
    }
  }
  return undefined;
}

/** The model's imports and class, in the project's ORM, as a user would write them. */
function modelSource(answers, baseImport, table) {
  const sqlmodel = answers.orm === "sqlmodel";
  const idType = answers.idType === "uuid" ? "uuid.UUID" : "int";
  const ref = table ? `${table.replace(/s$/, "")}_id` : undefined;
  const imports = [
    ...(ref && answers.idType === "uuid" ? ["import uuid"] : []),
    "from datetime import datetime",
    sqlmodel
      ? "from sqlmodel import Field"
      : `from sqlalchemy import ${ref ? "ForeignKey, " : ""}String, Text`,
    ...(sqlmodel ? [] : ["from sqlalchemy.orm import Mapped, mapped_column"]),
    ...(baseImport
      ? [`from ${baseImport} import ${sqlmodel ? "" : "Base, "}IdMixin, UTCDateTime`]
      : []),
  ];
  const fields = sqlmodel
    ? [
        ...(ref
          ? [
              `    ${ref}: ${idType} = Field(foreign_key="${table}.id", ondelete="CASCADE", index=True)`,
            ]
          : []),
        "    label: str = Field(max_length=120)",
        "    detail: str | None = None",
        "    remind_at: datetime = Field(sa_type=UTCDateTime)",
      ]
    : [
        ...(ref
          ? [
              `    ${ref}: Mapped[${idType}] = mapped_column(`,
              `        ForeignKey("${table}.id", ondelete="CASCADE"), index=True`,
              "    )",
            ]
          : []),
        "    label: Mapped[str] = mapped_column(String(120))",
        "    detail: Mapped[str | None] = mapped_column(Text)",
        "    remind_at: Mapped[datetime] = mapped_column(UTCDateTime)",
      ];
  const bases = sqlmodel ? "IdMixin, table=True" : "IdMixin, Base";
  const body = [`class ${CLASS}(${bases}):`, `    __tablename__ = "${TABLE}"`, "", ...fields];
  return { imports, body };
}

/** Inserts lines before the first top-level import of a module (after its docstring). */
function withImports(text, lines) {
  const at = text.search(/^(?:import|from) /m);
  return `${text.slice(0, at)}${lines.join("\n")}\n${text.slice(at)}`;
}

/**
 * Writes the hand-added model into the generated package and registers it where the models
 * registry imports every model. Returns the files touched, for the user's formatter.
 */
export function addModel(dir, answers) {
  const paths = modulePaths(answers.packageName, answers.layout, {
    routers: answers.routersDir,
    services: answers.services,
    dataAccess: answers.dataAccess,
  });
  const registry = paths.file("models");
  const modelFiles = readdirSync(path.join(dir, path.dirname(registry)))
    .filter((f) => f.endsWith(".py"))
    .map((f) => path.join(path.dirname(registry), f));
  const table = referencedTable(dir, [registry, ...modelFiles]);
  const registryPath = path.join(dir, registry);
  const registryText = readFileSync(registryPath, "utf8");
  if (registry === paths.file("modelBase")) {
    // flat layout: one models module is the base and the registry; the model joins it
    const { imports, body } = modelSource(answers, undefined, table);
    writeFileSync(registryPath, `${withImports(registryText, imports)}\n\n${body.join("\n")}\n`);
    return [registry];
  }
  const { imports, body } = modelSource(answers, paths.importOf("modelBase"), table);
  const moduleFile = path.join(path.dirname(registry), "reminder.py");
  writeFileSync(path.join(dir, moduleFile), `${imports.join("\n")}\n\n\n${body.join("\n")}\n`);
  const moduleImport = moduleFile.replace(/\.py$/, "").replace(/\//g, ".");
  const registered = withImports(registryText, [`from ${moduleImport} import ${CLASS}`]).replace(
    /__all__ = \[/,
    `__all__ = ["${CLASS}", `,
  );
  writeFileSync(registryPath, registered);
  return [registry, moduleFile];
}

/** The revision autogenerate wrote, or why it is not the one expected. */
function writtenRevision(dir) {
  const versions = path.join(dir, "alembic", "versions");
  const file = readdirSync(versions).find((f) => f.endsWith("_hand_added.py"));
  if (!file) return { problem: "no revision was written" };
  const text = readFileSync(path.join(versions, file), "utf8");
  if (!new RegExp(`create_table\\(\\s*["']${TABLE}["']`).test(text))
    return { problem: `${file} does not create ${TABLE}\n${text}` };
  return { text };
}

/** The round trip the hand-added revision must survive on each database. */
const ROUND_TRIP = [["upgrade", "head"], ["check"], ["downgrade", "-1"], ["upgrade", "head"]];

/**
 * Runs the stage. `run(cmd, argv, options)` is the harness's runner, `py(tool)` a tool of the
 * project's venv, `server` ({ create: [cmd, argv], url }) a database server the project targets,
 * when one is reachable. Resolves to { ok, seconds, output }.
 */
export async function autogenerate({ dir, answers, run, py, env, server }) {
  const started = Date.now();
  let output = "";
  const step = async (label, cmd, argv, extraEnv = {}) => {
    const result = await run(cmd, argv, { cwd: dir, env: { ...env, ...extraEnv } });
    output += `$ ${label}\n${result.output}`;
    return result.code === 0;
  };
  const done = (ok) => ({ ok, seconds: (Date.now() - started) / 1000, output });

  const touched = addModel(dir, answers);
  output += `added ${CLASS} in ${touched.join(", ")}\n`;
  // what the user's editor does on save: formatted (long lines wrapped), imports sorted and merged,
  // then formatted again
  if (!(await step("ruff format (the user's files)", py("ruff"), ["format", ...touched])))
    return done(false);
  if (
    !(await step("ruff check --fix (the user's files)", py("ruff"), ["check", "--fix", ...touched]))
  )
    return done(false);
  if (!(await step("ruff format (the user's files)", py("ruff"), ["format", ...touched])))
    return done(false);
  const revision = ["revision", "--autogenerate", "-m", REVISION_MESSAGE];
  if (!(await step(`alembic ${revision.join(" ")}`, py("alembic"), revision))) return done(false);
  const written = writtenRevision(dir);
  if (written.problem) {
    output += `${written.problem}\n`;
    return done(false);
  }
  output += written.text;
  const databases = [["sqlite", {}]];
  if (server) {
    const [cmd, argv] = server.create;
    if (!(await step("create the server database", cmd, argv))) return done(false);
    databases.push([server.url, { DATABASE_URL: server.url }]);
  }
  for (const [label, extraEnv] of databases) {
    for (const argv of ROUND_TRIP) {
      if (!(await step(`alembic ${argv.join(" ")} (${label})`, py("alembic"), argv, extraEnv)))
        return done(false);
    }
  }
  // the project's static gates, now over the user's model and revision too
  const gates = [
    ["ruff check", py("ruff"), ["check", "."]],
    ["ruff format --check", py("ruff"), ["format", "--check", "."]],
    ["mypy", py("mypy"), ["."]],
  ];
  for (const [label, cmd, argv] of gates) {
    if (!(await step(label, cmd, argv))) return done(false);
  }
  return done(true);
}

/**
 * The Alembic revision of a resource added to an existing project (`fastapi-agent resource`): its
 * id, the revision it follows and its date, stored on the resource's entry in `.yo-rc.json` so that
 * a re-run writes the same file. Declared once here: the JSON schema, the check of a stored or
 * given value, the file name, and the scan of `alembic/versions/` for the current head.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";

export interface ResourceMigration {
  /** This revision's id. */
  revision: string;
  /** The head of `alembic/versions/` when the resource was added. */
  downRevision: string;
  /** When it was added (YYYY-MM-DD): the file name's date and the docstring's. */
  date: string;
}

/** Revision ids we write and follow: what `alembic revision` makes, and what a file name can hold. */
export const REVISION_ID = /^[A-Za-z0-9_]{1,32}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** The JSON schema of a `migration` entry (answers file, `.yo-rc.json`). */
export const MIGRATION_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["revision", "downRevision", "date"],
  description:
    "The Alembic revision that created this resource's table, written by `fastapi-agent resource`",
  properties: {
    revision: { type: "string", pattern: REVISION_ID.source },
    downRevision: { type: "string", pattern: REVISION_ID.source },
    date: { type: "string", pattern: DATE.source },
  },
} as const;

/** Why `value` is not a migration entry, or null when it is one. */
export function migrationProblem(value: unknown): string | null {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return "migration must be { revision, downRevision, date }";
  const entry = value as Record<string, unknown>;
  const extra = Object.keys(entry).find((k) => !(k in MIGRATION_SCHEMA.properties));
  if (extra !== undefined) return `migration: unknown key "${extra}"`;
  for (const key of ["revision", "downRevision"] as const) {
    const id = entry[key];
    if (typeof id !== "string" || !REVISION_ID.test(id))
      return `migration.${key} must be a revision id (letters, digits, _)`;
  }
  if (entry["revision"] === entry["downRevision"])
    return "migration.downRevision cannot be the revision itself";
  if (typeof entry["date"] !== "string" || !DATE.test(entry["date"]))
    return "migration.date must be YYYY-MM-DD";
  return null;
}

/**
 * A change of an existing resource's fields (`fastapi-agent resource <plural> … --change`): its
 * revision, and the fields it replaced. The fields after it are the next change's `before`, or the
 * resource's `fields` for the last one, so the stored history rebuilds every revision file as it was.
 */
export interface ResourceChange extends ResourceMigration {
  /** The resource's fields before this change, as they were stored. */
  before: string[];
}

/** The JSON schema of a `changes` entry. */
export const CHANGE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["revision", "downRevision", "date", "before"],
  description:
    "A change of this resource's fields, written by `fastapi-agent resource … --change`: its Alembic revision and the fields it replaced",
  properties: {
    ...MIGRATION_SCHEMA.properties,
    before: {
      type: "array",
      minItems: 1,
      items: { type: "string" },
      description: "The fields before this change",
    },
  },
} as const;

/** The JSON schema of a resource's `changes`, oldest first. */
export const CHANGES_SCHEMA = {
  type: "array",
  items: CHANGE_SCHEMA,
  description:
    "Changes of this resource's fields, oldest first (`fastapi-agent resource --change`)",
} as const;

/** Why `value` is not a `changes` list, or null when it is one. */
export function changesProblem(value: unknown): string | null {
  if (!Array.isArray(value))
    return "changes must be a list of { revision, downRevision, date, before }";
  for (const [i, item] of (value as unknown[]).entries()) {
    if (item === null || typeof item !== "object" || Array.isArray(item))
      return `changes[${i}] must be { revision, downRevision, date, before }`;
    const { before, ...migration } = item as Record<string, unknown>;
    if (
      !Array.isArray(before) ||
      before.length === 0 ||
      !before.every((f) => typeof f === "string")
    )
      return `changes[${i}].before must be the list of fields the change replaced`;
    const problem = migrationProblem(migration);
    if (problem !== null) return `changes[${i}]: ${problem.replace(/^migration[.:]?\s*/, "")}`;
  }
  return null;
}

/** `alembic/versions/<yyyymmdd>_<rev>_add_<plural>.py`: alembic.ini's file_template. */
export function revisionFile(plural: string, migration: ResourceMigration): string {
  return `alembic/versions/${migration.date.replace(/-/g, "")}_${migration.revision}_add_${plural}.py`;
}

/** `alembic/versions/<yyyymmdd>_<rev>_change_<plural>.py`. */
export function changeFile(plural: string, change: ResourceMigration): string {
  return `alembic/versions/${change.date.replace(/-/g, "")}_${change.revision}_change_${plural}.py`;
}

/** A fresh revision id, as `alembic revision` makes them (12 hex digits). */
export function newRevisionId(): string {
  return randomBytes(6).toString("hex");
}

/** Today as YYYY-MM-DD (UTC). */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** One revision file: its id and the ids it follows (none for a root, several for a merge). */
export interface RevisionInfo {
  file: string;
  revision: string;
  downRevisions: string[];
}

/** The string literals of a Python expression (`"a"`, `('a', 'b')`, `None`). */
function literals(expression: string): string[] {
  return [...expression.matchAll(/(['"])([^'"\n]*)\1/g)].map((m) => m[2]!);
}

/** `name = …` or `name: type = …` at the top level of a revision file: the value's text. */
function assignment(source: string, name: string): string | undefined {
  const match = new RegExp(`^${name}\\s*(?::[^=\\n]*)?=\\s*(.+)$`, "m").exec(source);
  if (!match) return undefined;
  let value = match[1]!.trim();
  // A tuple may run over several lines.
  if (value.startsWith("(") && !value.includes(")")) {
    const rest = source.slice(match.index + match[0].length);
    value += rest.slice(0, rest.indexOf(")") + 1);
  }
  return value;
}

/** Read the revisions of `versionsDir` (the `.py` files that declare `revision`). */
export function readRevisions(versionsDir: string): RevisionInfo[] {
  let names: string[];
  try {
    names = readdirSync(versionsDir)
      .filter((n) => n.endsWith(".py"))
      .sort();
  } catch {
    return [];
  }
  const revisions: RevisionInfo[] = [];
  for (const name of names) {
    const source = readFileSync(path.join(versionsDir, name), "utf8");
    const revision = assignment(source, "revision");
    if (revision === undefined) continue;
    const [id] = literals(revision);
    if (id === undefined) continue;
    const down = assignment(source, "down_revision");
    revisions.push({ file: name, revision: id, downRevisions: down ? literals(down) : [] });
  }
  return revisions;
}

/**
 * The current head of `alembic/versions/`: the one revision no other follows. None, several, or a
 * head whose id cannot be followed is a one-line UserError.
 */
export function currentHead(projectDir: string): string {
  const versions = path.join(projectDir, "alembic", "versions");
  const revisions = readRevisions(versions);
  if (revisions.length === 0) {
    throw new UserError(
      `no Alembic revision found in ${path.relative(process.cwd(), versions) || versions}: the new revision needs one to follow`,
    );
  }
  const followed = new Set(revisions.flatMap((r) => r.downRevisions));
  const heads = revisions.filter((r) => !followed.has(r.revision));
  if (heads.length !== 1) {
    throw new UserError(
      heads.length === 0
        ? "alembic/versions has no head (its revisions follow each other in a cycle)"
        : `alembic/versions has ${heads.length} heads (${heads.map((h) => `${h.revision} in ${h.file}`).join(", ")}): merge them first (alembic merge heads)`,
    );
  }
  const head = heads[0]!;
  if (!REVISION_ID.test(head.revision)) {
    throw new UserError(
      `the head revision "${head.revision}" (${head.file}) is not an id this generator can follow (letters, digits, _)`,
    );
  }
  return head.revision;
}

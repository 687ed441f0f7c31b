/**
 * answers → plan: everything templates need, decided in TypeScript so templates stay plain.
 */
import type { ConventionValues } from "../conventions/vocabulary.js";
import type { Answers } from "../options/answers.js";
import { singularize, toAgentName, toClassName } from "../names.js";
import { conventionValues } from "../options/overrides.js";
import type { Inferred } from "../pipeline.js";
import { dependencies, type Dependencies } from "./dependencies.js";
import { modulePaths, type ModulePaths } from "./layout.js";
import { substitutions } from "./substitutions.js";
import { planChange, type PlannedChange } from "./changes.js";
import {
  planResources,
  planTable,
  type Resource,
  type ResourceContext,
  type TableShape,
} from "./resources.js";
import {
  parseResourceAnswer,
  resolveResources,
  validateResources,
  type ResourceDef,
} from "../resources/parse.js";
import { changeFile, revisionFile } from "../resources/migration.js";

export type { Field, Resource } from "./resources.js";

export type EntityKind = "user" | "refreshToken" | "resource" | "change";

export interface Entity {
  kind: EntityKind;
  /** snake_case singular: module names and variables (`todo`). */
  name: string;
  /** snake_case plural: table and URL segment (`todos`). */
  plural: string;
  /** PascalCase: model and schema classes (`Todo`). */
  className: string;
}

/** Facts derived from the conventions, so templates test one name instead of a combination. */
export interface Facts {
  /** The project issues tokens and has a users table. */
  users: boolean;
  /** Refresh tokens are stored (hashed) in a table. */
  refreshTable: boolean;
  /** Who owns a resource row: a user row (`jwt`), the token subject (`jwt-verify`), or nobody. */
  owner: "user" | "subject" | null;
  /** Python type of primary keys. */
  idType: "uuid.UUID" | "int";
  /** Python type of the authenticated principal's id. */
  principalIdType: "uuid.UUID" | "int" | "str";
  /** The API router prefix, "" for none. */
  prefix: string;
  /** Where the login form posts (for OAuth2PasswordBearer). */
  tokenUrl: string;
  envelope: boolean;
  sqlmodel: boolean;
  /**
   * The database answers INSERT … RETURNING (PostgreSQL, SQLite; MySQL does not): a create is
   * one Core statement sent without a transaction, else the ORM adds the row.
   */
  insertReturning: boolean;
}

export interface Plan {
  project: { name: string; packageName: string; pythonVersion: string };
  spec: {
    /** The agent's name (lowercase-hyphen, at most 64 characters, never a device name): a file name. */
    name: string;
    description: string;
    /** Frontmatter fields as recovered by the reader. */
    frontmatter: Record<string, unknown>;
    /** The repaired Markdown body. */
    body: string;
    memory: string | null;
  };
  /** The conventions the project is generated with (answers applied). */
  c: ConventionValues;
  f: Facts;
  answers: Answers;
  /** The project's resources, each after those it references. */
  resources: Resource[];
  /**
   * The first resource (it references no other resource): the one the project-wide tests
   * (errors, CORS, tokens) and the README use as their example.
   */
  resource: Resource;
  /** Every entity with a table, in dependency order: users, refresh tokens, then the resources. */
  entities: Entity[];
  /**
   * What the initial Alembic revision creates: every entity but the resources added later, which
   * have their own revision (`Resource.migration`). Adding one leaves the initial revision as it was.
   */
  initialMigration: { entities: Entity[]; resources: TableShape[] };
  /**
   * The revisions that changed a resource's fields (`fastapi-agent resource … --change`), one
   * entity of kind `change` each: not tables, only files (src/plan/manifest.ts).
   */
  changeRevisions: ChangeRevision[];
  paths: ModulePaths;
  deps: Dependencies;
  /** Libraries the spec names that the project replaces, with the reason (for the README). */
  substitutions: string[];
}

/** A revision that changed a resource's fields: rendered once each by alembic/change.py.ejs. */
export interface ChangeRevision extends Entity {
  kind: "change";
  change: PlannedChange;
}

function entity(kind: EntityKind, plural: string): Entity {
  const name = singularize(plural);
  return { kind, name, plural, className: toClassName(name) };
}

export function buildPlan(inferred: Inferred, answers: Answers): Plan {
  const c = conventionValues(inferred.conventions, answers);
  const idType = c.idType === "uuid" ? "uuid.UUID" : "int";
  const owner: Facts["owner"] = !c.userIsolation
    ? null
    : c.auth === "jwt"
      ? "user"
      : c.auth === "jwt-verify"
        ? "subject"
        : null;
  const tableContext: ResourceContext = {
    idType,
    owned: owner !== null,
    listOrder: c.pagination !== "cursor" && c.timestamps ? "created_at" : null,
    softDelete: c.softDelete,
  };
  const resources = planResources(
    resolveResources(answers.resources, { users: c.auth === "jwt" }),
    tableContext,
  );
  const entities: Entity[] = [];
  if (c.auth === "jwt") entities.push(entity("user", "users"));
  if (c.auth === "jwt" && c.refreshTokens && c.refreshTokenStorage === "database") {
    entities.push(entity("refreshToken", "refresh_tokens"));
  }
  const stored = new Map(answers.resources.map((r) => [r.name.trim(), r]));
  /** Each resource's first definition: what the revision that creates its table made. */
  const firstDefs = new Map<string, ResourceDef>();
  for (const r of resources) {
    const { migration, changes = [] } = stored.get(r.plural)!;
    if (migration) r.migration = { ...migration, file: revisionFile(r.plural, migration) };
    if (changes.length === 0) continue;
    // The definitions the resource went through: each change's `before`, then today's fields.
    const history = [
      ...changes.map((change) => parseResourceAnswer({ name: r.plural, fields: change.before })),
      parseResourceAnswer(stored.get(r.plural)!),
    ];
    firstDefs.set(r.plural, history[0]!);
    r.created = planTable(history[0]!, tableContext);
    r.changes = changes.map((change, i) =>
      planChange(
        history[i]!,
        history[i + 1]!,
        { ...change, file: changeFile(r.plural, change) },
        tableContext,
      ),
    );
  }
  entities.push(...resources);
  const resource = resources[0]!;
  // The initial revision's tables in the order their first definitions need (a later change may
  // add a reference, which must not reorder a revision already applied).
  const initialOrder = validateResources(
    answers.resources
      .filter((a) => a.migration === undefined)
      .map((a) => firstDefs.get(a.name.trim()) ?? parseResourceAnswer(a)),
    { users: c.auth === "jwt" },
  ).map((def) => resources.find((r) => r.plural === def.plural)!);
  const f: Facts = {
    users: c.auth === "jwt",
    refreshTable: c.auth === "jwt" && c.refreshTokens && c.refreshTokenStorage === "database",
    owner,
    idType,
    principalIdType: c.auth === "jwt-verify" ? "str" : idType,
    prefix: c.apiPrefix,
    tokenUrl: `${c.apiPrefix}/auth/login`,
    envelope: c.errorFormat === "envelope",
    sqlmodel: c.orm === "sqlmodel",
    insertReturning: c.database !== "mysql",
  };
  return {
    project: {
      name: answers.projectName,
      packageName: answers.packageName,
      pythonVersion: answers.pythonVersion,
    },
    spec: {
      // The reader already gives a safe name; a hand-made Inferred must not make a path of another.
      name: toAgentName(inferred.spec.name) || "agent",
      description: inferred.spec.description,
      frontmatter: inferred.spec.frontmatter,
      body: inferred.spec.body,
      memory: inferred.spec.memory,
    },
    c,
    f,
    answers,
    resources,
    resource,
    entities,
    initialMigration: {
      entities: [...entities.filter((e) => e.kind !== "resource"), ...initialOrder],
      resources: initialOrder.map((r) => r.created),
    },
    changeRevisions: resources.flatMap((r) =>
      r.changes.map((change) => ({
        kind: "change" as const,
        name: r.name,
        plural: r.plural,
        className: r.className,
        change,
      })),
    ),
    paths: modulePaths(answers.packageName, c.layout, c.layers),
    deps: dependencies(c),
    substitutions: substitutions(inferred.spec.repairedText, c),
  };
}

/**
 * Helpers every template receives as `h`. Anything that needs logic or escaping lives here, so
 * templates read like the files they produce. Text from the spec must only reach a template
 * through one of the escaping helpers for its target format.
 */
import yaml from "js-yaml";
import type { ConventionValues } from "../conventions/vocabulary.js";
import type { EntityModule, SingletonModule } from "../plan/layout.js";
import type { Facts, Plan } from "../plan/plan.js";
import { ruffSettings } from "./ruff-settings.js";
import { bodyLiteral, omittedValue, usesRowNumber } from "../plan/resources.js";

/** A surrogate half without its other half: no file encoding can hold it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every lone surrogate replaced by U+FFFD, as writing it as UTF-8 would. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\ufffd");
}

/**
 * A Python (or TOML, YAML, JSON) double-quoted string literal. JSON's escapes are valid in all
 * four; DEL, which TOML refuses raw, and the line separators JavaScript once refused are escaped too.
 */
export function quote(text: string): string {
  return JSON.stringify(wellFormed(text)).replace(
    /[\u007f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const DOC_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Text safe inside a Python triple-quoted docstring: backslashes doubled, `"""` and quotes at the
 * end (which would close the docstring early) escaped, control characters written as escapes
 * (Python refuses a NUL byte in source), carriage returns dropped.
 */
export function docText(text: string): string {
  return wellFormed(text)
    .replace(/\r/g, "")
    .replace(/\\/g, "\\\\")
    .replace(/"(?="*$)/g, '\\"')
    .replace(/"""/g, '\\"\\"\\"')
    .replace(DOC_CONTROLS, (char) => {
      const code = char.charCodeAt(0);
      return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, "0")}`;
    });
}

/** Greedy word wrap of each paragraph at `width` columns (blank lines between paragraphs kept). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Width for generated comments and docstrings: 88 columns less room for indentation and quotes. */
const TEXT_WIDTH = 70;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const PROSE_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text safe in Markdown prose: no HTML, no template or link syntax surprises, no controls. */
export function markdownText(text: string): string {
  return wellFormed(text)
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(PROSE_CONTROLS, "")
    .replace(/[\\`*_[\]<>|#]/g, (ch) => `\\${ch}`)
    .replace(/\n{2,}/g, "\n\n");
}

/**
 * A Markdown code span holding `text` literally (on one line): fenced with more backticks than
 * any run inside, padded when it starts or ends with one.
 */
export function codeSpan(text: string): string {
  const line = oneLine(text);
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line of plain text (newlines and control characters folded to spaces). */
export function oneLine(text: string): string {
  return wellFormed(text).replace(CONTROL_CHARACTERS, " ").replace(/\s+/g, " ").trim();
}

const ORM_TEXT = {
  sqlalchemy: "SQLAlchemy 2.0, async sessions, typed `Mapped[...]` models",
  sqlmodel: "SQLModel with async sessions",
} as const;
const DB_TEXT = {
  postgresql: "PostgreSQL (asyncpg) in production",
  mysql: "MySQL / MariaDB (aiomysql) in production",
  sqlite: "SQLite (aiosqlite)",
} as const;
const AUTH_TEXT = {
  none: "no authentication",
  jwt: "JWT issued by this service (register, OAuth2 password login, `/me`)",
  "jwt-verify": "JWT issued elsewhere and only verified here; the user id is the `sub` claim",
} as const;

/** The project's conventions as short Markdown lines (CLAUDE.md, agent memory). */
export function conventionLines(c: ConventionValues, f: Pick<Facts, "insertReturning">): string[] {
  const lines = [
    `ORM: ${ORM_TEXT[c.orm]}`,
    `Database: ${DB_TEXT[c.database]}; local development and tests use SQLite`,
    c.migrations === "alembic"
      ? "Migrations: Alembic; every model change gets a revision"
      : "Migrations: none, tables are created at start-up",
    `Auth: ${AUTH_TEXT[c.auth]}`,
  ];
  if (c.auth === "jwt") {
    lines.push(`Passwords: hashed with ${c.passwordHashing}, never stored or logged in clear`);
    if (c.refreshTokens) {
      lines.push(
        c.refreshTokenStorage === "database"
          ? "Refresh tokens: rotated on use, stored hashed in the database so they can be revoked"
          : "Refresh tokens: stateless, short-lived; they cannot be revoked or detected on reuse before they expire (database storage can)",
      );
    }
  }
  lines.push(
    `Layout: ${c.layout} (${layoutParts(c.layers)})`,
    `Primary keys: ${c.idType === "uuid" ? "UUID" : "integer"}${c.timestamps ? "; `created_at` / `updated_at` on every table" : ""}${c.softDelete ? "; soft delete via `deleted_at`" : ""}`,
    `API prefix: \`${c.apiPrefix || "/"}\``,
    `Pagination: ${c.pagination}, list responses are \`{${c.paginationEnvelope.join(", ")}}\``,
    `Errors: ${c.errorFormat === "envelope" ? 'a structured envelope `{"error": {"code", "message", "details"}}` for every error' : 'FastAPI\'s `{"detail": ...}`'}`,
  );
  lines.push(
    f.insertReturning
      ? "Data access: gets and lists answer with Core rows, a create is one `INSERT … RETURNING` sent without a transaction; the ORM object is loaded only to change or delete a row"
      : "Data access: gets and lists answer with Core rows; the ORM object is loaded only to change or delete a row",
  );
  if (c.userIsolation) lines.push("Data is owner-scoped: another user's row is a 404, never a 403");
  if (c.rbac) lines.push("Admin-only endpoints require a superuser");
  if (c.rateLimiting) {
    lines.push(
      c.redis
        ? "Auth endpoints are rate limited (429 with Retry-After); counters live in Redis when `REDIS_URL` is set, shared by every worker, and production requires it"
        : "Auth endpoints are rate limited (429 with Retry-After); counters live in each worker process",
    );
  }
  if (c.accountLockout) lines.push("Accounts lock after repeated failed logins");
  if (c.cors) lines.push("CORS origins come from settings, never `*`");
  if (c.filtering) lines.push("List endpoints support filtering and sorting");
  if (c.comments === "none") lines.push("Code carries no comments or docstrings");
  return lines;
}

/** The layers of a layout in words, saying where a layer the spec does not have went. */
function layoutParts(l: ConventionValues["layers"]): string {
  const routers = `routers in \`${l.routers}/\``;
  const access = l.dataAccess === "none" ? null : `data access: ${l.dataAccess}`;
  if (l.services && access) return `${routers}, service layer, ${access}`;
  if (l.services)
    return `${routers}, service layer; no data-access layer: each service module holds its resource's query functions`;
  if (access)
    return `${routers}, ${access}; no service layer: the route handlers do the work and call the data access`;
  return `${routers}; no service or data-access layer: the route handlers do the work, and each router module holds its resource's query functions`;
}

/** What a resource's queries need of its names. */
interface QueriedEntity {
  name: string;
  plural: string;
  className: string;
  /** A reference to the users: their queries are always the user data-access class's. */
  users?: boolean;
}

/**
 * How code reaches a resource's rows: the query functions of the module above when there is no
 * data-access layer (`find_todo(session, …)`), else the methods of the data-access class. From a
 * route handler (`in: "handler"`) the session is the request's `session` and a class is made for
 * the call; from a service (`in: "service"`) it is `self.session`, and the class an attribute the
 * service's `__init__` sets (`instance`).
 */
function queriesOf(plan: Plan, dao: (className: string) => string) {
  return (e: QueriedEntity, where: "handler" | "service" = "handler") => {
    const functions = plan.c.layers.dataAccess === "none" && e.users !== true;
    const names = {
      get: `find_${e.name}`,
      read: `read_${e.name}`,
      page: `find_${e.plural}_page`,
      after: `find_${e.plural}_after`,
      inUse: `${e.name}_in_use`,
      add: `add_${e.name}`,
    };
    const methods: Record<keyof typeof names, string> = {
      get: "get",
      read: "read",
      page: "list_page",
      after: "list_after",
      inUse: "in_use",
      add: "add",
    };
    const D = dao(e.className);
    const session = where === "service" ? "self.session" : "session";
    const object = where === "service" ? `self.${e.plural}` : `${D}(session)`;
    const call = (query: keyof typeof names) => (args: string) =>
      functions ? `${names[query]}(${session}, ${args})` : `${object}.${methods[query]}(${args})`;
    return {
      names,
      /** The names a module imports from the one holding the queries (unused ones are dropped). */
      imports: functions ? Object.values(names).join(", ") : D,
      /** A service's attribute holding the data-access object, or nothing for functions. */
      instance: functions ? "" : `self.${e.plural} = ${D}(session)`,
      get: call("get"),
      /** The row a response is made of (Core), where `get` gives the ORM object to change. */
      read: call("read"),
      page: call("page"),
      after: call("after"),
      inUse: call("inUse"),
      /** Insert a row from a dict of column values; returns what the schemas read it from. */
      add: call("add"),
      delete: (row: string) =>
        functions ? `await ${session}.delete(${row})` : `await ${object}.delete(${row})`,
    };
  };
}

export function helpers(plan: Plan) {
  const commentsOn = plan.c.comments !== "none";
  const dao = (className: string) =>
    plan.c.layers.dataAccess === "crud" ? `CRUD${className}` : `${className}Repository`;
  const queries = queriesOf(plan, dao);
  /**
   * The conditions over table constant `T` that keep a row visible, with the owner bound as
   * `owner_id`: another owner's rows and soft-deleted ones are not there.
   */
  const visibleBound = (T: string) => [
    ...(plan.f.owner !== null ? [`${T}.c.owner_id == bindparam("owner_id")`] : []),
    ...(plan.c.softDelete ? [`${T}.c.deleted_at.is_(None)`] : []),
  ];
  return {
    quote,
    oneLine,
    md: (text: string) => markdownText(text),
    /** A Markdown code span of any text. */
    code: (text: string) => codeSpan(text),
    /** A docstring, wrapped; nothing when the spec asks for code without comments. */
    doc: (text: string) => {
      if (!commentsOn) return "";
      const lines = wrap(docText(text), TEXT_WIDTH);
      return lines.length === 1 ? `"""${lines[0]}"""` : `"""${lines.join("\n")}\n"""`;
    },
    /** A docstring as the only body of a class or function: `pass` without comments. */
    docOrPass: (text: string) =>
      commentsOn ? `"""${wrap(docText(text), TEXT_WIDTH).join("\n")}"""` : "pass",
    /** Full-line comments, wrapped; nothing when the spec asks for code without comments. */
    comment: (text: string) =>
      commentsOn
        ? wrap(oneLine(text), TEXT_WIDTH)
            .map((l) => `# ${l}`)
            .join("\n")
        : "",
    /** Dotted import path of a logical module. */
    mod: (module: SingletonModule) => plan.paths.importOf(module),
    /**
     * The start command's first step, which reads the settings and exits 3 with one line when they
     * are invalid, before uvicorn starts: with --workers, uvicorn's parent exits 0 when a worker
     * cannot start. The migrations where there are some, else the settings module run as a script.
     */
    startCheck:
      plan.c.migrations === "alembic"
        ? "alembic upgrade head"
        : `python -m ${plan.paths.importOf("config")}`,
    entityMod: (module: EntityModule, entity: string) => plan.paths.entityImport(module, entity),
    /** A Python literal of a scalar: `None`, `True`/`False`, a number, or a quoted string. */
    pyValue: (value: string | number | boolean | null) =>
      value === null
        ? "None"
        : typeof value === "boolean"
          ? value
            ? "True"
            : "False"
          : typeof value === "number"
            ? String(value)
            : quote(value),
    /** Text with every non-empty line indented by `spaces` (a partial's methods inside a class). */
    indent: (text: string, spaces: number) => text.replace(/^(?=[^\n])/gm, " ".repeat(spaces)),
    /** A Python list literal of strings. */
    pyList: (items: readonly string[]) => `[${items.map(quote).join(", ")}]`,
    conventionLines: () => conventionLines(plan.c, plan.f),
    /** A column in a query expression (SQLModel's typing wants `col(...)`). */
    col: (expr: string) => (plan.f.sqlmodel ? `col(${expr})` : expr),
    /** All rows of a select of one entity (`session`: the expression holding the session). */
    rows: (stmt: string, session = "self.session") =>
      plan.f.sqlmodel
        ? `(await ${session}.exec(${stmt})).all()`
        : `(await ${session}.scalars(${stmt})).all()`,
    /** The first row of a select of one entity, or None; `params`: a dict of its bind parameters. */
    first: (stmt: string, session = "self.session", params?: string) =>
      plan.f.sqlmodel
        ? `(await ${session}.exec(${stmt}${params ? `, params=${params}` : ""})).first()`
        : `(await ${session}.execute(${stmt}${params ? `, ${params}` : ""})).scalar_one_or_none()`,
    /** Run an UPDATE or DELETE (SQLModel's session deprecates `execute`; its `exec` takes them). */
    run: (stmt: string, session = "self.session") =>
      plan.f.sqlmodel ? `await ${session}.exec(${stmt})` : `await ${session}.execute(${stmt})`,
    /** A count query's result. */
    count: (stmt: string, session = "self.session") =>
      plan.f.sqlmodel
        ? `(await ${session}.exec(${stmt})).one()`
        : `(await ${session}.execute(${stmt})).scalar_one()`,
    /** Type of an id path parameter: integers are bounded so the database never overflows. */
    idParam: plan.f.idType === "int" ? "Annotated[int, Path(ge=1, le=MAX_INT)]" : "uuid.UUID",
    /** Name of the data-access class of an entity. */
    dao,
    /** How a route handler or a service calls a resource's queries. */
    queries,
    visibleBound,
    /**
     * A resource's list statements over its table constant `T`, built once and run with bound
     * owner, limit, offset and cursor: building a statement and its cache key costs a list request
     * more than running it. Null with filtering, where the conditions and the client's sort make a
     * statement per request.
     */
    prebuiltLists: (T: string) => {
      if (plan.c.filtering) return null;
      const column = (name: string) => `${T}.c.${name}`;
      const visible = visibleBound(T);
      const where = visible.length > 0 ? `.where(${visible.join(", ")})` : "";
      const newestFirst = plan.c.timestamps
        ? `${column("created_at")}.desc(), ${column("id")}.desc()`
        : `${column("id")}.desc()`;
      return {
        /** The rows visible to the owner, counted. */
        count: `select(func.count()).select_from(${T})${where}`,
        /** A page of them, newest first (bound `limit`, `offset`). */
        page: `(${T}.select()${where}.order_by(${newestFirst}).limit(bindparam("limit")).offset(bindparam("offset")))`,
        /** The first page in id order (bound `limit`). */
        first: `(${T}.select()${where}.order_by(${column("id")}).limit(bindparam("limit")))`,
        /** The condition the next pages add to it (bound `after`). */
        after: `${column("id")} > bindparam("after")`,
      };
    },
    /** `stmt`, annotated where the ORM's typing needs it (SQLModel's `where` loses the type). */
    stmt: (className: string) => (plan.f.sqlmodel ? `stmt: SelectOfScalar[${className}]` : "stmt"),
    selectTypeImport: plan.f.sqlmodel ? "from sqlmodel.sql.expression import SelectOfScalar" : "",
    /** Import of `select` (and `col`) for the ORM. */
    selectImport: plan.f.sqlmodel
      ? "from sqlmodel import col, select"
      : "from sqlalchemy import select",
    /** Import of the async session class for the ORM. */
    sessionImport: plan.f.sqlmodel
      ? "from sqlmodel.ext.asyncio.session import AsyncSession"
      : "from sqlalchemy.ext.asyncio import AsyncSession",
    ruff: ruffSettings(plan.project.packageName),
    /** Where the main logical modules live, for humans. */
    moduleMap: (): Array<[string, string]> => {
      const p = plan.paths;
      const r = plan.resource.name;
      const { services, dataAccess } = plan.c.layers;
      const rows: Array<[string, string | false]> = [
        ["application", p.file("main")],
        ["settings", p.file("config")],
        ["database session", p.file("database")],
        ["logging and request ids", p.file("logging")],
        ["token verification", plan.c.auth === "jwt-verify" && p.file("security")],
        [
          "JWKS client (the identity provider's keys)",
          plan.c.auth === "jwt-verify" && p.file("jwks"),
        ],
        [
          services
            ? "registration, login and tokens (`AuthService`)"
            : "registration, login and tokens (no service layer: `AuthService` in the router module)",
          plan.f.users && p.file("authService"),
        ],
        ["rate limiting", plan.c.rateLimiting && p.file("rateLimit")],
        ["admin commands", (plan.c.rbac || plan.f.refreshTable) && p.file("cli")],
        ["models", p.entityFile("model", r)],
        ["schemas", p.entityFile("schema", r)],
        ["routers", p.entityFile("router", r)],
        // A layer the spec does not have went into the module above it: say what it became, and where.
        [
          services ? "services" : "services (none: the route handlers do the work)",
          p.entityFile("service", r),
        ],
        [
          dataAccess !== "none"
            ? "data access"
            : `data access (none: query functions such as \`${queries(plan.resource).names.get}\` in the ${services ? "service" : "router"} module)`,
          p.entityFile("dataAccess", r),
        ],
        ["tests", "tests/"],
      ];
      return rows.filter((row): row is [string, string] => row[1] !== false);
    },
    /**
     * The agent's frontmatter as valid YAML (recovered fields, normalised name). Values the spec
     * shares through anchors and aliases stay shared: written out in full, a recursive alias never
     * ends and nested ones ("billion laughs") grow exponentially.
     */
    agentFrontmatter: () => {
      const { name: _name, description: _description, ...rest } = plan.spec.frontmatter;
      const fields = { name: plan.spec.name, description: plan.spec.description, ...rest };
      return yaml.dump(fields, { lineWidth: -1 });
    },
    agentBody: () => plan.spec.body.replace(/^\n+/, "\n"),
    /** A valid request body of a resource, as a Python dict literal (tests). */
    bodyLiteral,
    /** What the API returns for a field left out of a body (a Python literal), or null. */
    omittedValue,
    /** Whether test data of these resources needs a per-row number `n`. */
    usesRowNumber,
    /** The resource of that plural name. */
    resourceNamed: (plural: string) => plan.resources.find((r) => r.plural === plural)!,
    /** A TOML array of strings, one per line. */
    tomlList: (items: readonly string[]) =>
      `[\n${items.map((i) => `  ${quote(i)},`).join("\n")}\n]`,
  };
}

export type Helpers = ReturnType<typeof helpers>;

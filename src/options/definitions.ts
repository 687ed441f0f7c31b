/**
 * One definition per option. The CLI flag, the interactive prompt, the answers-file key, the JSON
 * schema entry, the `--help` line and the default all come from the entries of `OPTIONS` below.
 */
import {
  AUTH_MODES,
  COMMENT_STYLES,
  DATA_ACCESS,
  DATABASES,
  DEFAULT_ENVELOPES,
  DEFAULT_LAYERS,
  ERROR_FORMATS,
  ID_TYPES,
  LAYOUTS,
  MIGRATIONS,
  ORMS,
  PAGINATIONS,
  PASSWORD_HASHERS,
  REFRESH_STORAGES,
  type ConventionField,
  type Conventions,
  type Decided,
  type LayerPart,
  type Pagination,
} from "../conventions/vocabulary.js";
import type { Answers } from "./answers.js";
import {
  pluralize,
  RESOURCE_PATTERN,
  singularize,
  packageNameProblem,
  toPackageName,
  toProjectName,
} from "../names.js";
import { shorten } from "../text.js";
import { parseResourceAnswer, sampleResource, type ResourceAnswer } from "../resources/parse.js";

/** "todos" → "todo-api". */
const projectNameFor = (resource: string) => toProjectName(`${singularize(resource)}-api`);

/**
 * The spec's resources when they are the default `resources` (src/resources/infer.ts): unless they
 * reference users and the project has none, or `--sample-resource` names the sample one instead.
 * Null when the sample resource is the default.
 */
function specResources({ conventions, answers, origin }: OptionContext): ResourceAnswer[] | null {
  if (origin?.sampleResource === "explicit") return null;
  const inferred = conventions.resources.value;
  const users = (answers.auth ?? conventions.auth.value) === "jwt";
  const needsUsers = inferred.some((r) =>
    parseResourceAnswer(r).fields.some((f) => f.type === "ref" && f.target === "users"),
  );
  return inferred.length > 0 && (users || !needsUsers) ? inferred : null;
}

/** What names the project by default: the spec's first resource, else the sample resource. */
function namingResource(ctx: OptionContext): string {
  const { conventions, answers } = ctx;
  return (
    specResources(ctx)?.[0]?.name ??
    answers.sampleResource ??
    pluralize(conventions.sampleResource.value)
  );
}

export type OptionKind = "enum" | "boolean" | "string" | "list" | "resources";

/** What a default or an applicability rule may look at: the inferred conventions and the answers so far. */
export interface OptionContext {
  conventions: Conventions;
  answers: Partial<Answers>;
  /** Where the answers so far came from (a default may follow only what was given). */
  origin?: Partial<Record<keyof Answers, "explicit" | "prompted" | "stored" | "default" | "off">>;
}

/** A value chosen by default, with the reason shown in prompts and `--help`. */
export interface DefaultWithReason<V> {
  value: V;
  /** `from line 42: …` for a spec-inferred value, `default` otherwise. */
  reason: string;
}

interface OptionBase<K extends keyof Answers> {
  key: K;
  /** The CLI flag without dashes (kebab-case). */
  flag: string;
  /** One line for `--help`, the JSON schema and the prompt. */
  description: string;
  /** The question asked interactively. */
  question: string;
  /** The convention field this option decides (explain reports `source: "option"` when it is given). */
  field?: ConventionField;
  /** The value this option takes from the conventions and the answers so far. */
  defaultFrom: (ctx: OptionContext) => DefaultWithReason<Answers[K]>;
  /**
   * When the option means something. When this returns a reason, the option is not asked and takes
   * `offValue`; an explicit value for it then clashes with the answers named in the reason.
   */
  inapplicable?: (answers: Partial<Answers>) => string | null;
  offValue?: Answers[K];
  /** Not asked interactively (still a flag and an answers-file key). */
  notPrompted?: boolean;
  /** Asked only when this holds for the answers so far (otherwise the default stands unasked). */
  asked?: (ctx: OptionContext) => boolean;
  /** Not stored in `.yo-rc.json` (e.g. the output folder, which is where `.yo-rc.json` lives). */
  notStored?: boolean;
}

export interface EnumOption<K extends keyof Answers> extends OptionBase<K> {
  kind: "enum";
  choices: readonly string[];
}
export interface BooleanOption<K extends keyof Answers> extends OptionBase<K> {
  kind: "boolean";
}
export interface StringOption<K extends keyof Answers> extends OptionBase<K> {
  kind: "string";
  /** The value must match this pattern (also exported to the JSON schema). */
  pattern: RegExp;
  patternHint: string;
}
export interface ListOption<K extends keyof Answers> extends OptionBase<K> {
  kind: "list";
  items: readonly string[];
}

/**
 * The interactive resource loop's texts. `question` (the option's) opens the loop: it shows the
 * current resources and asks what to do with them; then a name and fields per resource.
 */
export interface ResourceLoopTexts {
  /** Choices of the opening question when the current resources are the sample resource. */
  keepSample: (plural: string) => string;
  replaceSample: (plural: string) => string;
  /** Choices when they come from the spec or an earlier run. */
  keep: string;
  add: string;
  replace: string;
  /** Asked per resource. */
  name: string;
  fields: (plural: string) => string;
  another: string;
  /** A reference to a resource not given: its name is asked next, pre-filled. */
  missing: (where: string, target: string) => string;
}

/** Resource definitions: a repeatable flag, a list of `{ name, fields }` in answers files. */
export interface ResourcesOption<K extends keyof Answers> extends OptionBase<K> {
  kind: "resources";
  loop: ResourceLoopTexts;
}

export type OptionDef<K extends keyof Answers = keyof Answers> =
  EnumOption<K> | BooleanOption<K> | StringOption<K> | ListOption<K> | ResourcesOption<K>;

/** How much of the deciding line a reason quotes. */
export const REASON_EVIDENCE = 70;

function reasonOf(decided: Pick<Decided<unknown>, "source" | "line" | "evidence">): string {
  if (decided.source === "spec" && decided.line !== null) {
    return `from line ${decided.line}: ${shorten(decided.evidence ?? "", REASON_EVIDENCE)}`;
  }
  if (decided.source === "option") return "given as an option";
  return "default";
}

/** Default straight from a convention field of the same shape. */
function fromField<F extends ConventionField>(field: F) {
  return ({ conventions }: OptionContext) => ({
    value: conventions[field].value,
    reason: reasonOf(conventions[field]),
  });
}

/**
 * The layer set: the spec's own when the chosen layout is the one the spec described. Each part
 * cites the line that decided it; a part the spec did not state follows the layout, and says so.
 */
function layerDefault<L extends LayerPart>(part: L) {
  return ({ conventions, answers }: OptionContext) => {
    const layout = answers.layout ?? conventions.layout.value;
    const layoutDefault = `default for the ${layout} layout`;
    if (layout !== conventions.layout.value) {
      return { value: DEFAULT_LAYERS[layout][part], reason: layoutDefault };
    }
    const layers = conventions.layers;
    const value = layers.value[part];
    if (layers.source !== "spec") return { value, reason: reasonOf(layers) };
    // a layer set without parts (conventions built by hand) cites its one line for every part
    if (layers.parts === undefined) return { value, reason: reasonOf(layers) };
    const own = layers.parts[part];
    if (own !== undefined) return { value, reason: reasonOf({ ...own, source: "spec" }) };
    const { line } = conventions.layout;
    const fromLayout = conventions.layout.source === "spec" && line !== null;
    return {
      value,
      reason: fromLayout ? `${layoutDefault}; layout from line ${line}` : layoutDefault,
    };
  };
}

const needsJwt = (what: string) => (a: Partial<Answers>) =>
  a.auth === "jwt" ? null : `${what} needs --auth jwt (auth is ${a.auth ?? "unset"})`;
const needsAuth = (what: string) => (a: Partial<Answers>) =>
  a.auth && a.auth !== "none" ? null : `${what} needs --auth jwt or jwt-verify (auth is none)`;

/** Envelope field names that each pagination style may use. */
export const ENVELOPE_FIELDS: Record<Pagination, readonly string[]> = {
  "limit-offset": ["items", "total", "limit", "offset", "has_more"],
  "skip-limit": ["items", "total", "skip", "limit", "has_more"],
  cursor: ["items", "next_cursor", "has_more", "limit"],
};
export const ALL_ENVELOPE_FIELDS = [
  "items",
  "total",
  "limit",
  "offset",
  "skip",
  "has_more",
  "next_cursor",
] as const;

export const PYTHON_VERSIONS = ["3.10", "3.11", "3.12", "3.13"] as const;

/** A Python identifier that is not a keyword is checked separately (names.ts). */
const PACKAGE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** A package name the spec's code uses that is also valid here. */
const usablePackage = (name: string | null): name is string =>
  name !== null && PACKAGE_PATTERN.test(name) && packageNameProblem(name) === null;
const PROJECT_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
const ROUTERS_DIR_PATTERN = /^[a-z][a-z0-9_]*(\/[a-z][a-z0-9_]*){0,3}$/;
const PREFIX_PATTERN = /^(|(\/[a-z0-9][a-z0-9_-]*){1,3})$/;

export const OPTIONS = [
  {
    key: "sampleResource",
    flag: "sample-resource",
    field: "sampleResource",
    kind: "string",
    pattern: RESOURCE_PATTERN,
    patternHint: "a plural noun in lowercase, e.g. todos or tasks",
    description: "Name of the sample CRUD resource (plural)",
    question: "Sample resource (plural)",
    defaultFrom: ({ conventions }) => ({
      value: pluralize(conventions.sampleResource.value),
      reason: reasonOf(conventions.sampleResource),
    }),
    // With the spec's resources there is no sample resource to name.
    asked: (ctx) => specResources(ctx) === null,
  },
  {
    key: "projectName",
    flag: "project-name",
    kind: "string",
    pattern: PROJECT_PATTERN,
    patternHint: "lowercase letters, digits and hyphens, starting with a letter",
    description:
      "Project (distribution) name, used for pyproject.toml and the default output folder",
    question: "Project name",
    defaultFrom: (ctx) => {
      const resource = namingResource(ctx);
      return { value: projectNameFor(resource), reason: `named after ${resource}` };
    },
  },
  {
    key: "packageName",
    flag: "package-name",
    kind: "string",
    pattern: PACKAGE_PATTERN,
    patternHint: "a Python package name: lowercase letters, digits and underscores",
    description: "Python package name (the import name)",
    question: "Python package name",
    defaultFrom: (ctx) =>
      usablePackage(ctx.conventions.packageRoot.value)
        ? {
            value: ctx.conventions.packageRoot.value,
            reason: `the package the spec's code imports from: ${reasonOf(ctx.conventions.packageRoot)}`,
          }
        : {
            value: toPackageName(ctx.answers.projectName ?? projectNameFor(namingResource(ctx))),
            reason: "from the project name",
          },
  },
  {
    key: "pythonVersion",
    flag: "python-version",
    kind: "enum",
    choices: PYTHON_VERSIONS,
    description: "Python version for the Dockerfile and tooling (the package supports >= 3.10)",
    question: "Python version",
    defaultFrom: () => ({ value: "3.12", reason: "default" }),
  },
  {
    key: "outputDir",
    flag: "output",
    kind: "string",
    pattern: /^[^\0]+$/,
    patternHint: "a folder path",
    description: "Folder to generate into",
    question: "Output folder",
    notPrompted: true,
    notStored: true,
    defaultFrom: ({ answers }) => ({ value: answers.projectName ?? ".", reason: "project name" }),
  },
  {
    key: "orm",
    flag: "orm",
    field: "orm",
    kind: "enum",
    choices: ORMS,
    description: "ORM: SQLAlchemy 2.0 (async, typed Mapped models) or SQLModel",
    question: "ORM",
    defaultFrom: fromField("orm"),
  },
  {
    key: "database",
    flag: "database",
    field: "database",
    kind: "enum",
    choices: DATABASES,
    description: "Production database (every project also runs on SQLite out of the box)",
    question: "Production database",
    defaultFrom: fromField("database"),
  },
  {
    key: "migrations",
    flag: "migrations",
    field: "migrations",
    kind: "enum",
    choices: MIGRATIONS,
    description: "Schema migrations: Alembic, or none (tables created at start-up)",
    question: "Migrations",
    defaultFrom: fromField("migrations"),
  },
  {
    key: "auth",
    flag: "auth",
    field: "auth",
    kind: "enum",
    choices: AUTH_MODES,
    description:
      "Authentication: none, jwt (register/login issue tokens) or jwt-verify (verify tokens issued elsewhere)",
    question: "Authentication",
    defaultFrom: fromField("auth"),
  },
  {
    key: "refreshTokens",
    flag: "refresh-tokens",
    field: "refreshTokens",
    kind: "boolean",
    description: "Issue refresh tokens with rotation and logout",
    question: "Refresh tokens (rotation, logout)?",
    defaultFrom: fromField("refreshTokens"),
    inapplicable: needsJwt("--refresh-tokens"),
    offValue: false,
  },
  {
    key: "refreshTokenStorage",
    flag: "refresh-token-storage",
    field: "refreshTokenStorage",
    kind: "enum",
    choices: REFRESH_STORAGES,
    description: "Where refresh tokens live: database (revocable) or stateless",
    question: "Refresh token storage",
    defaultFrom: fromField("refreshTokenStorage"),
    inapplicable: (a) =>
      needsJwt("--refresh-token-storage")(a) ??
      (a.refreshTokens ? null : "--refresh-token-storage needs --refresh-tokens"),
  },
  {
    key: "passwordHashing",
    flag: "password-hashing",
    field: "passwordHashing",
    kind: "enum",
    choices: PASSWORD_HASHERS,
    description: "Password hashing algorithm",
    question: "Password hashing",
    defaultFrom: fromField("passwordHashing"),
    inapplicable: needsJwt("--password-hashing"),
  },
  {
    key: "layout",
    flag: "layout",
    field: "layout",
    kind: "enum",
    choices: LAYOUTS,
    description:
      "Project layout: layered (routers/services/… packages), flat (models.py, schemas.py, …) or versioned (api/v1/endpoints, crud, …)",
    question: "Project layout",
    defaultFrom: fromField("layout"),
  },
  {
    key: "routersDir",
    flag: "routers-dir",
    field: "layers",
    kind: "string",
    pattern: ROUTERS_DIR_PATTERN,
    patternHint:
      "a package path inside the project package, e.g. routers, routes or api/v1/endpoints",
    description: "Folder of the router modules, inside the package",
    question: "Router folder",
    defaultFrom: layerDefault("routers"),
  },
  {
    key: "services",
    flag: "services",
    field: "layers",
    kind: "boolean",
    description: "Put business logic in a service layer",
    question: "Service layer?",
    defaultFrom: layerDefault("services"),
  },
  {
    key: "dataAccess",
    flag: "data-access",
    field: "layers",
    kind: "enum",
    choices: DATA_ACCESS,
    description:
      "Data-access layer: repositories, crud modules, or none (queries in services/routers)",
    question: "Data-access layer",
    defaultFrom: layerDefault("dataAccess"),
  },
  {
    key: "idType",
    flag: "id-type",
    field: "idType",
    kind: "enum",
    choices: ID_TYPES,
    description: "Primary key type",
    question: "Primary key type",
    defaultFrom: fromField("idType"),
  },
  {
    key: "timestamps",
    flag: "timestamps",
    field: "timestamps",
    kind: "boolean",
    description: "created_at / updated_at columns",
    question: "Timestamps (created_at, updated_at)?",
    defaultFrom: fromField("timestamps"),
  },
  {
    key: "softDelete",
    flag: "soft-delete",
    field: "softDelete",
    kind: "boolean",
    description: "Soft delete with a deleted_at column",
    question: "Soft delete?",
    defaultFrom: fromField("softDelete"),
  },
  {
    key: "pagination",
    flag: "pagination",
    field: "pagination",
    kind: "enum",
    choices: PAGINATIONS,
    description: "Pagination style of list endpoints",
    question: "Pagination",
    defaultFrom: fromField("pagination"),
  },
  {
    key: "paginationEnvelope",
    flag: "pagination-envelope",
    field: "paginationEnvelope",
    kind: "list",
    items: ALL_ENVELOPE_FIELDS,
    description: "Fields of the list response (comma-separated)",
    question: "List response fields",
    defaultFrom: ({ conventions, answers }) => {
      const pagination = answers.pagination ?? conventions.pagination.value;
      const inferred = conventions.paginationEnvelope;
      const allowed = ENVELOPE_FIELDS[pagination];
      if (inferred.value.every((f) => allowed.includes(f)) && inferred.value.includes("items")) {
        return { value: inferred.value, reason: reasonOf(inferred) };
      }
      return { value: [...DEFAULT_ENVELOPES[pagination]], reason: `default for ${pagination}` };
    },
  },
  {
    key: "filtering",
    flag: "filtering",
    field: "filtering",
    kind: "boolean",
    description: "Filtering and sorting query parameters on list endpoints",
    question: "Filtering and sorting on list endpoints?",
    defaultFrom: fromField("filtering"),
  },
  {
    key: "apiPrefix",
    flag: "api-prefix",
    field: "apiPrefix",
    kind: "string",
    pattern: PREFIX_PATTERN,
    patternHint: 'empty, or a path like "/api" or "/api/v1"',
    description: "URL prefix of the API routes",
    question: "API prefix",
    defaultFrom: fromField("apiPrefix"),
  },
  {
    key: "userIsolation",
    flag: "user-isolation",
    field: "userIsolation",
    kind: "boolean",
    description: "Scope every query to its owner (another user's row is a 404)",
    question: "User isolation (owner-scoped data)?",
    defaultFrom: fromField("userIsolation"),
    inapplicable: needsAuth("--user-isolation"),
    offValue: false,
  },
  {
    key: "rbac",
    flag: "rbac",
    field: "rbac",
    kind: "boolean",
    description: "Role-based access: a superuser flag and admin-only endpoints",
    question: "Role-based access control?",
    defaultFrom: fromField("rbac"),
    inapplicable: needsJwt("--rbac"),
    offValue: false,
  },
  {
    key: "rateLimiting",
    flag: "rate-limiting",
    field: "rateLimiting",
    kind: "boolean",
    description: "Rate limiting on auth endpoints (429 with Retry-After)",
    question: "Rate limiting on auth endpoints?",
    defaultFrom: fromField("rateLimiting"),
    inapplicable: needsJwt("--rate-limiting"),
    offValue: false,
  },
  {
    key: "redis",
    flag: "redis",
    field: "redis",
    kind: "boolean",
    description:
      "Rate-limit counters in Redis, shared by every worker, when REDIS_URL is set (needs --rate-limiting)",
    question: "Redis for rate limiting (one limit shared by every worker)?",
    defaultFrom: fromField("redis"),
    inapplicable: (a) =>
      needsJwt("--redis")(a) ?? (a.rateLimiting ? null : "--redis needs --rate-limiting"),
    offValue: false,
  },
  {
    key: "accountLockout",
    flag: "account-lockout",
    field: "accountLockout",
    kind: "boolean",
    description: "Lock an account after repeated failed logins",
    question: "Account lockout after failed logins?",
    defaultFrom: fromField("accountLockout"),
    inapplicable: needsJwt("--account-lockout"),
    offValue: false,
  },
  {
    key: "cors",
    flag: "cors",
    field: "cors",
    kind: "boolean",
    description: "CORS middleware with origins from settings",
    question: "CORS (origins from settings)?",
    defaultFrom: fromField("cors"),
  },
  {
    key: "errorFormat",
    flag: "error-format",
    field: "errorFormat",
    kind: "enum",
    choices: ERROR_FORMATS,
    description:
      'Error bodies: detail (FastAPI\'s {"detail": …}) or envelope (structured, with a code)',
    question: "Error format",
    defaultFrom: fromField("errorFormat"),
  },
  {
    key: "healthCheck",
    flag: "health-check",
    field: "healthCheck",
    kind: "boolean",
    description: "/health liveness and /health/ready readiness endpoints",
    question: "Health and readiness endpoints?",
    defaultFrom: fromField("healthCheck"),
  },
  {
    key: "comments",
    flag: "comments",
    field: "comments",
    kind: "enum",
    choices: COMMENT_STYLES,
    description: "Comments and docstrings in generated code: normal, or none",
    question: "Comments in generated code",
    defaultFrom: fromField("comments"),
  },
  {
    key: "resources",
    flag: "resource",
    field: "resources",
    kind: "resources",
    description:
      "A resource: '<plural> name:type[:modifier…] …' (repeatable; replaces the spec's resources or the sample one)",
    question: "Resources",
    loop: {
      keepSample: (plural) => `Keep the sample resource ${plural}`,
      replaceSample: (plural) => `Define my own resources instead (they replace ${plural})`,
      keep: "Keep them",
      add: "Add resources beside them",
      replace: "Replace them with my own",
      name: "Resource name (a plural noun, e.g. books)",
      fields: (plural) => `Fields of ${plural} (name:type[:modifier…], separated by spaces)`,
      another: "Add another resource?",
      missing: (where, target) =>
        `${where} references ${target}, which is not given yet: resource name`,
    },
    defaultFrom: ({ conventions, answers, origin }) => {
      // The spec's entities; --sample-resource wins over them (given > stored > inferred > default).
      const spec = specResources({ conventions, answers, origin });
      if (spec !== null) return { value: spec, reason: reasonOf(conventions.resources) };
      const plural = answers.sampleResource ?? pluralize(conventions.sampleResource.value);
      return { value: [sampleResource(plural)], reason: `the sample resource, ${plural}` };
    },
  },
] as const satisfies readonly OptionDef[];

export type OptionKey = (typeof OPTIONS)[number]["key"];

export function findOption(key: string): OptionDef | undefined {
  return (OPTIONS as readonly OptionDef[]).find((o) => o.key === key);
}

export function findOptionByFlag(flag: string): OptionDef | undefined {
  return (OPTIONS as readonly OptionDef[]).find((o) => o.flag === flag);
}

import type { ResourceAnswer } from "../resources/parse.js";

/**
 * The convention vocabulary: every field the generator infers from an agent spec, its allowed
 * values and its default. Field names and values are the contract of `fastapi-agent explain --json`.
 */

export const ORMS = ["sqlalchemy", "sqlmodel"] as const;
export const DATABASES = ["postgresql", "mysql", "sqlite"] as const;
export const MIGRATIONS = ["alembic", "none"] as const;
export const AUTH_MODES = ["none", "jwt", "jwt-verify"] as const;
export const REFRESH_STORAGES = ["database", "stateless"] as const;
export const PASSWORD_HASHERS = ["bcrypt", "argon2"] as const;
export const JWT_LIBRARIES = ["pyjwt", "python-jose"] as const;
export const LAYOUTS = ["layered", "flat", "versioned"] as const;
export const DATA_ACCESS = ["repositories", "crud", "none"] as const;
export const ID_TYPES = ["int", "uuid"] as const;
export const PAGINATIONS = ["limit-offset", "skip-limit", "cursor"] as const;
export const ERROR_FORMATS = ["detail", "envelope"] as const;
export const COMMENT_STYLES = ["normal", "none"] as const;

export type Orm = (typeof ORMS)[number];
export type Database = (typeof DATABASES)[number];
export type Migrations = (typeof MIGRATIONS)[number];
export type AuthMode = (typeof AUTH_MODES)[number];
export type RefreshStorage = (typeof REFRESH_STORAGES)[number];
export type PasswordHasher = (typeof PASSWORD_HASHERS)[number];
export type JwtLibrary = (typeof JWT_LIBRARIES)[number];
export type Layout = (typeof LAYOUTS)[number];
export type DataAccess = (typeof DATA_ACCESS)[number];
export type IdType = (typeof ID_TYPES)[number];
export type Pagination = (typeof PAGINATIONS)[number];
export type ErrorFormat = (typeof ERROR_FORMATS)[number];
export type CommentStyle = (typeof COMMENT_STYLES)[number];

export interface Layers {
  /** Folder (relative to the package) holding the routers, e.g. `routers`, `routes`, `api/v1/endpoints`. */
  routers: string;
  services: boolean;
  dataAccess: DataAccess;
}

/** The values of every convention, once decided. */
export interface ConventionValues {
  name: string;
  orm: Orm;
  database: Database;
  migrations: Migrations;
  auth: AuthMode;
  refreshTokens: boolean;
  refreshTokenStorage: RefreshStorage;
  passwordHashing: PasswordHasher;
  jwtLibrary: JwtLibrary;
  layout: Layout;
  layers: Layers;
  idType: IdType;
  timestamps: boolean;
  softDelete: boolean;
  pagination: Pagination;
  paginationEnvelope: string[];
  filtering: boolean;
  apiPrefix: string;
  userIsolation: boolean;
  rbac: boolean;
  rateLimiting: boolean;
  /** Rate-limit counters in Redis (shared by every worker) when REDIS_URL is set; needs rateLimiting. */
  redis: boolean;
  cors: boolean;
  errorFormat: ErrorFormat;
  healthCheck: boolean;
  accountLockout: boolean;
  comments: CommentStyle;
  agentMemory: string | null;
  sampleResource: string;
  /** The package the spec's own code imports from (`from app.core.config import …`), if any. */
  packageRoot: string | null;
  /** The resources the spec describes (its entities and their fields); none: the sample resource. */
  resources: ResourceAnswer[];
  /** The database pool's defaults (settings DATABASE_POOL_SIZE, …), when the spec states them. */
  databasePoolSize: number;
  databaseMaxOverflow: number;
  /** Ping each connection on checkout: null = every driver but asyncpg (which checks for closed ones). */
  databasePoolPrePing: boolean | null;
  /** Seconds after which a pooled connection is replaced; 0 = never. */
  databasePoolRecycle: number;
}

/** The pool fields: read from the spec's engine arguments or settings (pool.ts), not voted on by rules. */
export const POOL_FIELDS = [
  "databasePoolSize",
  "databaseMaxOverflow",
  "databasePoolPrePing",
  "databasePoolRecycle",
] as const;
export type PoolField = (typeof POOL_FIELDS)[number];

export type ConventionField = keyof ConventionValues;

/** Where a decided value came from. */
export type Source = "spec" | "default" | "option";

export interface Decided<T> {
  value: T;
  source: Source;
  /** For `spec`: the 1-based line of the spec that decided it. */
  line: number | null;
  /** For `spec`: the text of that line (trimmed). */
  evidence: string | null;
  /**
   * Only on `layers`, for `spec`: the line that decided each part the spec stated (`line` and
   * `evidence` above show the strongest of them). Parts it leaves out follow the layout.
   */
  parts?: T extends Layers ? Partial<Record<LayerPart, Evidence>> : never;
}

/** One part of the layer set: the routers folder, the service layer, the data-access layer. */
export type LayerPart = keyof Layers;

/** A spec line that decided something, and its text (trimmed). */
export interface Evidence {
  line: number;
  evidence: string;
}

export type Conventions = { [K in ConventionField]: Decided<ConventionValues[K]> };

/** Field order for explain output: the order of the vocabulary table. */
export const CONVENTION_FIELDS: readonly ConventionField[] = [
  "name",
  "orm",
  "database",
  "migrations",
  "auth",
  "refreshTokens",
  "refreshTokenStorage",
  "passwordHashing",
  "jwtLibrary",
  "layout",
  "layers",
  "idType",
  "timestamps",
  "softDelete",
  "pagination",
  "paginationEnvelope",
  "filtering",
  "apiPrefix",
  "userIsolation",
  "rbac",
  "rateLimiting",
  "redis",
  "cors",
  "errorFormat",
  "healthCheck",
  "accountLockout",
  "comments",
  "agentMemory",
  "sampleResource",
  "packageRoot",
  "resources",
  ...POOL_FIELDS,
];

/** The layer set each layout uses when the spec does not describe its own. */
export const DEFAULT_LAYERS: Record<Layout, Layers> = {
  layered: { routers: "routers", services: true, dataAccess: "repositories" },
  flat: { routers: "routers", services: false, dataAccess: "none" },
  versioned: { routers: "api/v1/endpoints", services: false, dataAccess: "crud" },
};

/** The list envelope each pagination style uses when the spec does not describe its own. */
export const DEFAULT_ENVELOPES: Record<Pagination, string[]> = {
  "limit-offset": ["items", "total", "limit", "offset"],
  "skip-limit": ["items", "total", "skip", "limit"],
  cursor: ["items", "next_cursor"],
};

/**
 * Defaults for every field. Some depend on other decided values (layers on layout, the envelope on
 * pagination, user isolation on auth), so defaults are computed from the values decided so far.
 */
export function defaultValue<K extends ConventionField>(
  field: K,
  decided: Partial<ConventionValues>,
): ConventionValues[K] {
  const defaults: { [F in ConventionField]: () => ConventionValues[F] } = {
    name: () => "fastapi-agent",
    orm: () => "sqlalchemy",
    database: () => "postgresql",
    migrations: () => "alembic",
    auth: () => "jwt",
    refreshTokens: () => false,
    refreshTokenStorage: () => "database",
    passwordHashing: () => "bcrypt",
    jwtLibrary: () => "pyjwt",
    layout: () => "layered",
    layers: () => ({ ...DEFAULT_LAYERS[decided.layout ?? "layered"] }),
    idType: () => "int",
    timestamps: () => true,
    softDelete: () => false,
    pagination: () => "limit-offset",
    paginationEnvelope: () => [...DEFAULT_ENVELOPES[decided.pagination ?? "limit-offset"]],
    filtering: () => false,
    apiPrefix: () => "/api/v1",
    userIsolation: () => (decided.auth ?? "jwt") !== "none",
    rbac: () => false,
    rateLimiting: () => false,
    redis: () => false,
    cors: () => true,
    errorFormat: () => "detail",
    healthCheck: () => true,
    accountLockout: () => false,
    comments: () => "normal",
    agentMemory: () => null,
    sampleResource: () => "items",
    packageRoot: () => null,
    resources: () => [],
    databasePoolSize: () => 20,
    databaseMaxOverflow: () => 0,
    databasePoolPrePing: () => null,
    databasePoolRecycle: () => 1800,
  };
  return defaults[field]() as ConventionValues[K];
}

/** Conventions with nothing inferred: every field at its default. */
export function defaultConventions(): Conventions {
  const decided: Partial<ConventionValues> = {};
  const result: Partial<Record<ConventionField, Decided<unknown>>> = {};
  for (const field of CONVENTION_FIELDS) {
    const value = defaultValue(field, decided);
    (decided as Record<string, unknown>)[field] = value;
    result[field] = { value, source: "default", line: null, evidence: null };
  }
  return result as Conventions;
}

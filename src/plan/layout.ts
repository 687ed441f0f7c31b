/**
 * Layouts map logical modules (router, service, model, …) to paths inside the package. Templates
 * and imports only ever name logical modules; where they land is decided here, and nowhere else.
 */
import type { Layers, Layout } from "../conventions/vocabulary.js";

/** Modules that exist once per project. */
export type SingletonModule =
  | "main"
  | "config"
  | "database"
  | "security"
  | "jwks"
  | "errors"
  | "pagination"
  | "rateLimit"
  | "logging"
  | "cli"
  | "modelBase"
  | "models"
  | "depsDatabase"
  | "depsAuth"
  | "depsRateLimit"
  | "healthRouter"
  | "authRouter"
  | "usersRouter"
  | "authService"
  | "fieldTypes";

/** Modules that exist once per entity (user, todo, refresh_token, …). */
export type EntityModule = "model" | "schema" | "dataAccess" | "service" | "router";

type EntityPath = (entity: string, layers: Layers) => string;

interface LayoutMap {
  singletons: Record<SingletonModule, string>;
  entities: Record<EntityModule, EntityPath>;
}

/**
 * A layer the spec does not have collapses into the next one up: without a data-access layer the
 * queries live with the services, without services the business rules live with the routers.
 */
function dataAccessPath(layered: (folder: string, e: string) => string, flatFile: boolean) {
  return (e: string, l: Layers): string => {
    if (l.dataAccess !== "none") return flatFile ? `${l.dataAccess}.py` : layered(l.dataAccess, e);
    return servicePath(layered, flatFile)(e, l);
  };
}
function servicePath(layered: (folder: string, e: string) => string, flatFile: boolean) {
  return (e: string, l: Layers): string => {
    if (l.services) return flatFile ? "services.py" : layered("services", e);
    return `${l.routers}/${e}.py`;
  };
}
const inFolder = (folder: string, e: string) => `${folder}/${e}.py`;

const LAYERED: LayoutMap = {
  singletons: {
    main: "main.py",
    config: "core/config.py",
    database: "core/database.py",
    security: "core/security.py",
    jwks: "core/jwks.py",
    errors: "core/errors.py",
    pagination: "core/pagination.py",
    rateLimit: "core/rate_limit.py",
    logging: "core/logging.py",
    cli: "cli.py",
    modelBase: "models/base.py",
    models: "models/__init__.py",
    depsDatabase: "dependencies/database.py",
    depsAuth: "dependencies/auth.py",
    depsRateLimit: "dependencies/rate_limit.py",
    healthRouter: "ROUTERS/health.py",
    authRouter: "ROUTERS/auth.py",
    usersRouter: "ROUTERS/users.py",
    authService: "SERVICES/auth.py",
    fieldTypes: "schemas/fields.py",
  },
  entities: {
    model: (e) => `models/${e}.py`,
    schema: (e) => `schemas/${e}.py`,
    dataAccess: dataAccessPath(inFolder, false),
    service: servicePath(inFolder, false),
    router: (e, l) => `${l.routers}/${e}.py`,
  },
};

const LAYOUTS: Record<Layout, LayoutMap> = {
  layered: LAYERED,
  // One module per concern at the top of the package.
  flat: {
    singletons: {
      ...LAYERED.singletons,
      config: "config.py",
      database: "database.py",
      security: "security.py",
      jwks: "jwks.py",
      errors: "errors.py",
      pagination: "pagination.py",
      rateLimit: "rate_limit.py",
      logging: "logs.py",
      modelBase: "models.py",
      models: "models.py",
      depsDatabase: "dependencies.py",
      depsAuth: "dependencies.py",
      depsRateLimit: "dependencies.py",
      fieldTypes: "schemas.py",
    },
    entities: {
      ...LAYERED.entities,
      model: () => "models.py",
      schema: () => "schemas.py",
      dataAccess: dataAccessPath(inFolder, true),
      service: servicePath(inFolder, true),
    },
  },
  // The layered packages, with the session and base in db/ and dependencies in api/deps.py.
  versioned: {
    singletons: {
      ...LAYERED.singletons,
      database: "db/session.py",
      modelBase: "db/base.py",
      depsDatabase: "api/deps.py",
      depsAuth: "api/deps.py",
      depsRateLimit: "api/deps.py",
    },
    entities: LAYERED.entities,
  },
};

/** Entities that belong to authentication rather than to the API's resources. */
const AUTH_ENTITIES = new Set(["user", "refresh_token"]);

export interface ModulePaths {
  /** Path of a module relative to the project root, e.g. `acme/core/config.py`. */
  file(module: SingletonModule): string;
  entityFile(module: EntityModule, entity: string): string;
  /** Dotted import path, e.g. `acme.core.config`. */
  importOf(module: SingletonModule): string;
  entityImport(module: EntityModule, entity: string): string;
}

export function modulePaths(packageName: string, layout: Layout, layers: Layers): ModulePaths {
  const map = LAYOUTS[layout];
  // The auth service follows the services layer: services/auth.py, or the auth router module.
  const servicesHome = layers.services ? "services" : layers.routers;
  const inPackage = (rel: string) => {
    const placed = rel.replace("ROUTERS", layers.routers).replace("SERVICES", servicesHome);
    const flatServices = layout === "flat" && layers.services && placed === "services/auth.py";
    return `${packageName}/${flatServices ? "services.py" : placed}`;
  };
  const toImport = (file: string) =>
    file
      .replace(/\/__init__\.py$/, "")
      .replace(/\.py$/, "")
      .replace(/\//g, ".");
  // Without a data-access layer, the queries on users and refresh tokens live with the auth logic.
  const authQueriesInAuthModule = (m: EntityModule, e: string) =>
    m === "dataAccess" && layers.dataAccess === "none" && AUTH_ENTITIES.has(e);
  return {
    file: (m) => inPackage(map.singletons[m]),
    entityFile: (m, e) =>
      authQueriesInAuthModule(m, e)
        ? inPackage(map.singletons.authService)
        : inPackage(map.entities[m](e, layers)),
    importOf: (m) => toImport(inPackage(map.singletons[m])),
    entityImport: (m, e) =>
      toImport(
        authQueriesInAuthModule(m, e)
          ? inPackage(map.singletons.authService)
          : inPackage(map.entities[m](e, layers)),
      ),
  };
}

/** Every folder between the package and each file needs an `__init__.py`. */
export function packageInits(files: Iterable<string>, packageName: string): string[] {
  const inits = new Set<string>();
  for (const file of files) {
    if (!file.startsWith(`${packageName}/`) || !file.endsWith(".py")) continue;
    const parts = file.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) inits.add(`${parts.slice(0, i).join("/")}/__init__.py`);
  }
  return [...inits].sort();
}

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
  | "errors"
  | "pagination"
  | "rateLimit"
  | "modelBase"
  | "deps"
  | "apiRouter"
  | "health";

/** Modules that exist once per entity (user, todo, refresh_token, …). */
export type EntityModule = "model" | "schema" | "dataAccess" | "service" | "router";

type EntityPath = (entity: string, layers: Layers) => string;

interface LayoutMap {
  singletons: Record<SingletonModule, string>;
  entities: Record<EntityModule, EntityPath>;
}

const dataAccessFolder = (layers: Layers) =>
  layers.dataAccess === "crud" ? "crud" : "repositories";

const LAYOUTS: Record<Layout, LayoutMap> = {
  layered: {
    singletons: {
      main: "main.py",
      config: "core/config.py",
      database: "core/database.py",
      security: "core/security.py",
      errors: "core/errors.py",
      pagination: "core/pagination.py",
      rateLimit: "core/rate_limit.py",
      modelBase: "models/base.py",
      deps: "dependencies/__init__.py",
      apiRouter: "api.py",
      health: "ROUTERS/health.py",
    },
    entities: {
      model: (e) => `models/${e}.py`,
      schema: (e) => `schemas/${e}.py`,
      dataAccess: (e, l) => `${dataAccessFolder(l)}/${e}.py`,
      service: (e) => `services/${e}.py`,
      router: (e, l) => `${l.routers}/${e}.py`,
    },
  },
  flat: {
    singletons: {
      main: "main.py",
      config: "config.py",
      database: "database.py",
      security: "security.py",
      errors: "errors.py",
      pagination: "pagination.py",
      rateLimit: "rate_limit.py",
      modelBase: "models.py",
      deps: "dependencies.py",
      apiRouter: "api.py",
      health: "ROUTERS/health.py",
    },
    entities: {
      model: () => "models.py",
      schema: () => "schemas.py",
      dataAccess: (_e, l) => `${dataAccessFolder(l)}.py`,
      service: () => "services.py",
      router: (e, l) => `${l.routers}/${e}.py`,
    },
  },
  versioned: {
    singletons: {
      main: "main.py",
      config: "core/config.py",
      database: "db/session.py",
      security: "core/security.py",
      errors: "core/errors.py",
      pagination: "core/pagination.py",
      rateLimit: "core/rate_limit.py",
      modelBase: "db/base.py",
      deps: "api/deps.py",
      apiRouter: "api/v1/router.py",
      health: "ROUTERS/health.py",
    },
    entities: {
      model: (e) => `models/${e}.py`,
      schema: (e) => `schemas/${e}.py`,
      dataAccess: (e, l) => `${dataAccessFolder(l)}/${e}.py`,
      service: (e) => `services/${e}.py`,
      router: (e, l) => `${l.routers}/${e}.py`,
    },
  },
};

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
  const inPackage = (rel: string) => `${packageName}/${rel.replace("ROUTERS", layers.routers)}`;
  const toImport = (file: string) =>
    file
      .replace(/\/__init__\.py$/, "")
      .replace(/\.py$/, "")
      .replace(/\//g, ".");
  return {
    file: (m) => inPackage(map.singletons[m]),
    entityFile: (m, e) => inPackage(map.entities[m](e, layers)),
    importOf: (m) => toImport(inPackage(map.singletons[m])),
    entityImport: (m, e) => toImport(inPackage(map.entities[m](e, layers))),
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

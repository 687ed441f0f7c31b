/**
 * Answers given as options override inferred conventions; explain reports them as `source: "option"`.
 */
import type { ConventionValues, Conventions, Decided } from "../conventions/vocabulary.js";
import type { Answers } from "./answers.js";
import { OPTIONS, type OptionDef } from "./definitions.js";

const optionDecided = <T>(value: T): Decided<T> => ({
  value,
  source: "option",
  line: null,
  evidence: null,
});

/** Conventions with every explicitly given option applied. */
export function applyOverrides(conventions: Conventions, explicit: Partial<Answers>): Conventions {
  const result: Conventions = { ...conventions };
  const layers = { ...conventions.layers.value };
  let layersChanged = false;
  for (const opt of OPTIONS as readonly OptionDef[]) {
    const value = explicit[opt.key];
    if (value === undefined || !opt.field) continue;
    if (opt.field === "layers") {
      if (opt.key === "routersDir") layers.routers = value as string;
      if (opt.key === "services") layers.services = value as boolean;
      if (opt.key === "dataAccess") layers.dataAccess = value as Answers["dataAccess"];
      layersChanged = true;
      continue;
    }
    (result as Record<string, Decided<unknown>>)[opt.field] = optionDecided(value);
  }
  if (layersChanged) result.layers = optionDecided(layers);
  return result;
}

/** The convention values a project is generated with: the resolved answers, plus spec-only fields. */
export function conventionValues(conventions: Conventions, answers: Answers): ConventionValues {
  return {
    name: conventions.name.value,
    orm: answers.orm,
    database: answers.database,
    migrations: answers.migrations,
    auth: answers.auth,
    refreshTokens: answers.refreshTokens,
    refreshTokenStorage: answers.refreshTokenStorage,
    passwordHashing: answers.passwordHashing,
    // Spec-only: projects always use PyJWT (see plan/substitutions.ts).
    jwtLibrary: conventions.jwtLibrary.value,
    layout: answers.layout,
    layers: {
      routers: answers.routersDir,
      services: answers.services,
      dataAccess: answers.dataAccess,
    },
    idType: answers.idType,
    timestamps: answers.timestamps,
    softDelete: answers.softDelete,
    pagination: answers.pagination,
    paginationEnvelope: answers.paginationEnvelope,
    filtering: answers.filtering,
    apiPrefix: answers.apiPrefix,
    userIsolation: answers.userIsolation,
    rbac: answers.rbac,
    rateLimiting: answers.rateLimiting,
    // Redis only holds the rate limiter's counters: never on without it
    redis: answers.rateLimiting && answers.redis,
    cors: answers.cors,
    errorFormat: answers.errorFormat,
    healthCheck: answers.healthCheck,
    accountLockout: answers.accountLockout,
    comments: answers.comments,
    agentMemory: conventions.agentMemory.value,
    sampleResource: answers.sampleResource,
    // Spec-only: it is the default of the packageName answer.
    packageRoot: conventions.packageRoot.value,
    resources: answers.resources,
    // Spec-only: the generated settings' defaults (the environment overrides them).
    databasePoolSize: conventions.databasePoolSize.value,
    databaseMaxOverflow: conventions.databaseMaxOverflow.value,
    databasePoolPrePing: conventions.databasePoolPrePing.value,
    databasePoolRecycle: conventions.databasePoolRecycle.value,
  };
}

/**
 * Which files a plan produces, declared in one place. Each entry names a template, where its output
 * goes (a fixed path, or a logical module that the layout places) and when it applies. Entries that
 * land on the same path are joined in order: that is how the flat layout gathers every model in
 * `models.py` while the layered layout gives each its own module.
 */
import type { EntityModule, SingletonModule } from "./layout.js";
import type { ChangeRevision, Entity, EntityKind, Plan, Resource } from "./plan.js";
import { needsFieldTypes } from "./resources.js";

export interface ManifestEntry {
  /** Template path under a template root. */
  template: string;
  /** Output path relative to the project root. */
  to: (plan: Plan, entity: Entity | undefined) => string;
  /** Written exactly as rendered, not reformatted (e.g. the agent spec copy). */
  raw?: boolean;
  /** Render once for each entity of these kinds (the template sees it as `entity`). */
  forEach?: readonly EntityKind[];
  /** With forEach: only the entities this accepts. */
  only?: (plan: Plan, entity: Entity) => boolean;
  when?: (plan: Plan) => boolean;
}

const file =
  (path: string | ((p: Plan) => string)) =>
  (plan: Plan): string =>
    typeof path === "string" ? path : path(plan);
const mod = (module: SingletonModule) => (plan: Plan) => plan.paths.file(module);
const ent = (module: EntityModule) => (plan: Plan, entity: Entity | undefined) =>
  plan.paths.entityFile(module, entity?.name ?? plan.resource.name);

const usesAlembic = (p: Plan) => p.c.migrations === "alembic";
/** No data-access layer: the module above (service or router) holds the resource's query functions. */
const queryFunctions = (p: Plan) => p.c.layers.dataAccess === "none";

/** The planned resource an entity of kind `resource` is. */
const addedResource = (plan: Plan, entity: Entity | undefined): Resource =>
  plan.resources.find((r) => r.plural === entity?.plural)!;

export const MANIFEST: readonly ManifestEntry[] = [
  // project files
  { template: "project/pyproject.toml.ejs", to: file("pyproject.toml") },
  { template: "project/README.md.ejs", to: file("README.md") },
  { template: "project/gitignore.ejs", to: file(".gitignore") },
  { template: "project/env.example.ejs", to: file(".env.example") },
  { template: "project/env.ejs", to: file(".env") },
  { template: "project/Dockerfile.ejs", to: file("Dockerfile") },
  { template: "project/dockerignore.ejs", to: file(".dockerignore") },
  { template: "project/compose.yaml.ejs", to: file("compose.yaml") },
  // the agent that shaped the project, and what it should know about it
  { template: "agent/CLAUDE.md.ejs", to: file("CLAUDE.md") },
  {
    template: "agent/agent.md.ejs",
    to: file((p) => `.claude/agents/${p.spec.name}.md`),
    raw: true,
  },
  {
    template: "agent/MEMORY.md.ejs",
    to: file((p) => `.claude/agent-memory/${p.spec.name}/MEMORY.md`),
    when: (p) => p.spec.memory === "project",
  },
  // application
  { template: "app/main.py.ejs", to: mod("main") },
  { template: "app/config.py.ejs", to: mod("config") },
  { template: "app/database.py.ejs", to: mod("database") },
  { template: "app/errors.py.ejs", to: mod("errors") },
  { template: "app/logging.py.ejs", to: mod("logging") },
  { template: "app/cli.py.ejs", to: mod("cli"), when: (p) => p.c.rbac || p.f.refreshTable },
  { template: "app/pagination.py.ejs", to: mod("pagination") },
  { template: "app/security.py.ejs", to: mod("security"), when: (p) => p.c.auth !== "none" },
  { template: "app/jwks.py.ejs", to: mod("jwks"), when: (p) => p.c.auth === "jwt-verify" },
  { template: "app/rate_limit.py.ejs", to: mod("rateLimit"), when: (p) => p.c.rateLimiting },
  { template: "deps/database.py.ejs", to: mod("depsDatabase") },
  { template: "deps/auth.py.ejs", to: mod("depsAuth"), when: (p) => p.c.auth !== "none" },
  { template: "deps/rate_limit.py.ejs", to: mod("depsRateLimit"), when: (p) => p.c.rateLimiting },
  // models: the base first, so that the flat layout's models.py reads top to bottom
  { template: "models/ORM/base.py.ejs", to: mod("modelBase") },
  { template: "models/ORM/user.py.ejs", to: ent("model"), forEach: ["user"] },
  { template: "models/ORM/refresh_token.py.ejs", to: ent("model"), forEach: ["refreshToken"] },
  { template: "models/ORM/resource.py.ejs", to: ent("model"), forEach: ["resource"] },
  {
    template: "models/registry.py.ejs",
    to: mod("models"),
    when: (p) => p.paths.file("models") !== p.paths.file("modelBase"),
  },
  // schemas, data access, services, routers
  // field types shared by the resources' bodies, first: the flat layout's schemas.py opens with them
  {
    template: "schemas/fields.py.ejs",
    to: mod("fieldTypes"),
    when: (p) => needsFieldTypes(p.resources),
  },
  { template: "schemas/user.py.ejs", to: ent("schema"), forEach: ["user"] },
  { template: "schemas/resource.py.ejs", to: ent("schema"), forEach: ["resource"] },
  { template: "data/user.py.ejs", to: ent("dataAccess"), forEach: ["user"] },
  { template: "data/refresh_token.py.ejs", to: ent("dataAccess"), forEach: ["refreshToken"] },
  // without a data-access layer, the service (or router) module holds the resource's query
  // functions; without a service layer, route handlers do the work
  {
    template: "data/resource.py.ejs",
    to: ent("dataAccess"),
    forEach: ["resource"],
    when: (p) => !queryFunctions(p),
  },
  {
    template: "data/resource_functions.py.ejs",
    to: ent("dataAccess"),
    forEach: ["resource"],
    when: queryFunctions,
  },
  { template: "services/auth.py.ejs", to: mod("authService"), when: (p) => p.f.users },
  {
    template: "services/resource.py.ejs",
    to: ent("service"),
    forEach: ["resource"],
    when: (p) => p.c.layers.services,
  },
  { template: "routers/health.py.ejs", to: mod("healthRouter"), when: (p) => p.c.healthCheck },
  { template: "routers/auth.py.ejs", to: mod("authRouter"), when: (p) => p.f.users },
  { template: "routers/users.py.ejs", to: mod("usersRouter"), when: (p) => p.c.rbac },
  {
    template: "routers/resource.py.ejs",
    to: ent("router"),
    forEach: ["resource"],
    when: (p) => p.c.layers.services,
  },
  {
    template: "routers/resource_direct.py.ejs",
    to: ent("router"),
    forEach: ["resource"],
    when: (p) => !p.c.layers.services,
  },
  // tests
  { template: "tests/__init__.py.ejs", to: file("tests/__init__.py") },
  { template: "tests/conftest.py.ejs", to: file("tests/conftest.py") },
  { template: "tests/test_logging.py.ejs", to: file("tests/test_logging.py") },
  {
    template: "tests/test_cli.py.ejs",
    to: file("tests/test_cli.py"),
    when: (p) => p.c.rbac || p.f.refreshTable,
  },
  {
    template: "tests/test_health.py.ejs",
    to: file("tests/test_health.py"),
    when: (p) => p.c.healthCheck,
  },
  { template: "tests/test_settings.py.ejs", to: file("tests/test_settings.py") },
  {
    template: "tests/test_resource.py.ejs",
    to: (_plan, entity) => `tests/test_${entity!.plural}.py`,
    forEach: ["resource"],
  },
  { template: "tests/test_errors.py.ejs", to: file("tests/test_errors.py") },
  { template: "tests/test_models.py.ejs", to: file("tests/test_models.py") },
  { template: "tests/test_auth.py.ejs", to: file("tests/test_auth.py"), when: (p) => p.f.users },
  {
    template: "tests/test_tokens.py.ejs",
    to: file("tests/test_tokens.py"),
    when: (p) => p.c.auth !== "none",
  },
  {
    template: "tests/test_jwks.py.ejs",
    to: file("tests/test_jwks.py"),
    when: (p) => p.c.auth === "jwt-verify",
  },
  {
    template: "tests/test_rate_limit.py.ejs",
    to: file("tests/test_rate_limit.py"),
    when: (p) => p.c.rateLimiting,
  },
  { template: "tests/test_cors.py.ejs", to: file("tests/test_cors.py"), when: (p) => p.c.cors },
  { template: "tests/test_users.py.ejs", to: file("tests/test_users.py"), when: (p) => p.c.rbac },
  {
    template: "tests/test_lockout.py.ejs",
    to: file("tests/test_lockout.py"),
    when: (p) => p.c.accountLockout,
  },
  // migrations
  { template: "alembic/alembic.ini.ejs", to: file("alembic.ini"), when: usesAlembic },
  { template: "alembic/env.py.ejs", to: file("alembic/env.py"), when: usesAlembic },
  { template: "alembic/script.py.mako.ejs", to: file("alembic/script.py.mako"), when: usesAlembic },
  {
    template: "alembic/initial.py.ejs",
    to: file("alembic/versions/0001_initial.py"),
    when: usesAlembic,
  },
  // a revision for each resource added later, following the head it found (`fastapi-agent resource`)
  {
    template: "alembic/revision.py.ejs",
    to: (plan, entity) => addedResource(plan, entity).migration!.file,
    forEach: ["resource"],
    only: (plan, entity) => addedResource(plan, entity).migration !== null,
    when: usesAlembic,
  },
  // a revision for each change of a resource's fields (`fastapi-agent resource … --change`)
  {
    template: "alembic/change.py.ejs",
    to: (_plan, entity) => (entity as ChangeRevision).change.file,
    forEach: ["change"],
    when: usesAlembic,
  },
];

/** The entities an entry with `forEach` renders once each for: those of its kinds that `only` keeps. */
export function entryEntities(plan: Plan, entry: ManifestEntry): Entity[] {
  return [...plan.entities, ...plan.changeRevisions].filter(
    (e) => entry.forEach?.includes(e.kind) && (entry.only?.(plan, e) ?? true),
  );
}

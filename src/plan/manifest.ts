/**
 * Which files a plan produces, declared in one place. Each entry names a template, where its output
 * goes (a fixed path, or a logical module that the layout places) and when it applies. Entries that
 * land on the same path are joined in order: that is how the flat layout gathers every model in
 * `models.py` while the layered layout gives each its own module.
 */
import type { EntityModule, SingletonModule } from "./layout.js";
import type { Entity, EntityKind, Plan } from "./plan.js";

export interface ManifestEntry {
  /** Template path under a template root. */
  template: string;
  /** Output path relative to the project root. */
  to: (plan: Plan, entity: Entity | undefined) => string;
  /** Written exactly as rendered, not reformatted (e.g. the agent spec copy). */
  raw?: boolean;
  /** Render once for each entity of these kinds (the template sees it as `entity`). */
  forEach?: readonly EntityKind[];
  when?: (plan: Plan) => boolean;
}

const file =
  (path: string | ((p: Plan) => string)) =>
  (plan: Plan): string =>
    typeof path === "string" ? path : path(plan);
const mod = (module: SingletonModule) => (plan: Plan) => plan.paths.file(module);
export const ent = (module: EntityModule) => (plan: Plan, entity: Entity | undefined) =>
  plan.paths.entityFile(module, entity?.name ?? plan.resource.name);

const usesAlembic = (p: Plan) => p.c.migrations === "alembic";

export const MANIFEST: readonly ManifestEntry[] = [
  // project files
  { template: "project/pyproject.toml.ejs", to: file("pyproject.toml") },
  { template: "project/README.md.ejs", to: file("README.md") },
  { template: "project/gitignore.ejs", to: file(".gitignore") },
  { template: "project/env.example.ejs", to: file(".env.example") },
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
  { template: "app/model_base.py.ejs", to: mod("modelBase") },
  { template: "app/health.py.ejs", to: mod("health"), when: (p) => p.c.healthCheck },
  // tests
  { template: "tests/conftest.py.ejs", to: file("tests/conftest.py") },
  {
    template: "tests/test_health.py.ejs",
    to: file("tests/test_health.py"),
    when: (p) => p.c.healthCheck,
  },
  { template: "tests/test_settings.py.ejs", to: file("tests/test_settings.py") },
  // migrations
  { template: "alembic/alembic.ini.ejs", to: file("alembic.ini"), when: usesAlembic },
  { template: "alembic/env.py.ejs", to: file("alembic/env.py"), when: usesAlembic },
  { template: "alembic/script.py.mako.ejs", to: file("alembic/script.py.mako"), when: usesAlembic },
];

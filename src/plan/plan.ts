/**
 * answers → plan: everything templates need, decided in TypeScript so templates stay plain.
 */
import type { ConventionValues } from "../conventions/vocabulary.js";
import type { Answers } from "../options/answers.js";
import { singularize, toClassName } from "../names.js";
import { conventionValues } from "../options/overrides.js";
import type { Inferred } from "../pipeline.js";
import { dependencies, type Dependencies } from "./dependencies.js";
import { modulePaths, type ModulePaths } from "./layout.js";

export type EntityKind = "user" | "refreshToken" | "resource";

export interface Entity {
  kind: EntityKind;
  /** snake_case singular: module names and variables (`todo`). */
  name: string;
  /** snake_case plural: table and URL segment (`todos`). */
  plural: string;
  /** PascalCase: model and schema classes (`Todo`). */
  className: string;
}

export interface Plan {
  project: { name: string; packageName: string; pythonVersion: string };
  spec: {
    /** The agent's name (lowercase-hyphen). */
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
  answers: Answers;
  resource: Entity;
  /** Every entity with a table, in dependency order. */
  entities: Entity[];
  paths: ModulePaths;
  deps: Dependencies;
}

function entity(kind: EntityKind, plural: string): Entity {
  const name = singularize(plural);
  return { kind, name, plural, className: toClassName(name) };
}

export function buildPlan(inferred: Inferred, answers: Answers): Plan {
  const c = conventionValues(inferred.conventions, answers);
  const resource = entity("resource", answers.sampleResource);
  const entities: Entity[] = [];
  if (c.auth === "jwt") entities.push(entity("user", "users"));
  if (c.auth === "jwt" && c.refreshTokens && c.refreshTokenStorage === "database") {
    entities.push(entity("refreshToken", "refresh_tokens"));
  }
  entities.push(resource);
  return {
    project: {
      name: answers.projectName,
      packageName: answers.packageName,
      pythonVersion: answers.pythonVersion,
    },
    spec: {
      name: inferred.spec.name,
      description: inferred.spec.description,
      frontmatter: inferred.spec.frontmatter,
      body: inferred.spec.body,
      memory: inferred.spec.memory,
    },
    c,
    answers,
    resource,
    entities,
    paths: modulePaths(answers.packageName, c.layout, c.layers),
    deps: dependencies(c),
  };
}

// The projects the end-to-end harness generates, in three sets:
// Projects marked `security` are also attacked while running (Schemathesis, every check) and
// scanned (Bandit, pip-audit). Projects marked `production` that target PostgreSQL are deployed as
// their README says and checked in production mode (scripts/e2e/production.js).
// - examples:  the project's own example specs, with --defaults
// - reference: the reference specs in ../shared/reference-specs, with --defaults
// - pairwise:  a computed covering array over the options (scripts/pairwise.js)
// - customised: an example re-generated with the worked example of docs/templates.md applied
//   (an ejected, edited router template and an extra template of the user's)
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { scaleResources } from "./bench-scale.js";
import { coveringArray, toFlags } from "./pairwise.js";

function examples(root) {
  const dir = path.join(root, "examples");
  const list = readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => ({
      name: `example-${path.basename(f, ".md")}`,
      spec: path.join(dir, f),
      flags: [],
      security: true,
      production: true,
      describe: "defaults",
    }));
  // no example chooses Redis: the production stage's shared limits (REDIS_URL on 2 workers, a
  // Redis stopped under traffic) and lockout run on this one
  list.push({
    name: "example-todo-redis",
    spec: path.join(dir, "todo-api-engineer.md"),
    flags: ["--redis", "--account-lockout"],
    production: true,
    describe: "--redis --account-lockout: limits and lockout across workers, Redis stopped",
  });
  return list;
}

function reference(root) {
  const dir = path.resolve(root, "..", "shared", "reference-specs");
  if (!existsSync(dir)) return null;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => ({
      name: `reference-${f.slice(0, 3)}`,
      spec: path.join(dir, f),
      flags: [],
      security: true,
      production: true,
      describe: "defaults",
    }));
}

function pairwise(root) {
  const spec = path.join(root, "examples", "todo-api-engineer.md");
  return coveringArray().rows.map((row, i) => ({
    name: `pairwise-${String(i + 1).padStart(2, "0")}`,
    spec,
    flags: toFlags(row),
    describe: toFlags(row).join(" "),
  }));
}

function customised(root) {
  return ["todo-api-engineer", "notes-flat-sqlmodel"].map((name) => ({
    name: `customised-${name.split("-")[0]}`,
    spec: path.join(root, "examples", `${name}.md`),
    flags: [],
    customise: true,
    describe: "defaults, then docs/templates.md's worked example and a re-run",
  }));
}

/**
 * Resources given at generation (--resource): between them every field type and modifier, with
 * references between resources and to users, in the layered/SQLAlchemy and flat/SQLModel layouts.
 */
function resources(root) {
  const spec = (name) => path.join(root, "examples", `${name}.md`);
  const project = (name, example, definitions, describe) => ({
    name: `resources-${name}`,
    spec: spec(example),
    flags: definitions.flatMap((d) => ["--resource", d]),
    security: true,
    describe,
  });
  return [
    project(
      "books",
      "todo-api-engineer",
      [
        "books title:str:200:unique pages:int price:decimal:10:2 status:enum:draft,published published_on:date:optional author:ref:authors",
        "authors name:str:120 email:email:unique",
      ],
      "layered, SQLAlchemy: str, int, decimal, enum, date, email, unique, a required reference",
    ),
    project(
      "notes",
      "notes-flat-sqlmodel",
      [
        "notebooks name:str:80:index archived:bool:default=false colour:enum:red,green,blue:default=green",
        "notes body:text views:bigint:default=0 score:float:optional pinned_at:datetime:optional token:uuid:unique meta:json:optional link:url:optional notebook:ref:notebooks:optional",
      ],
      "flat, SQLModel, MySQL: text, bigint, float, bool, datetime, uuid, json, url, index, default=, an optional reference",
    ),
    project(
      "tasks",
      "tasks-argon2-jose",
      [
        "projects name:str:60:unique budget:decimal:8:2:default=0",
        "tasks summary:str due:date:optional project:ref:projects assignee:ref:users:optional",
      ],
      "layered (routes/crud), SQLModel: ref:users, two references",
    ),
  ];
}

/**
 * Day two: projects generated with two resources, to which `fastapi-agent resource` adds more on a
 * database that holds rows, then changes the fields of one that holds rows (`--change`)
 * (scripts/e2e/evolve.js), in three layouts and both ORMs.
 */
function evolveSet(root) {
  const spec = (name) => path.join(root, "examples", `${name}.md`);
  const project = (name, example, extraFlags, initial, add, change, describe) => ({
    name: `evolve-${name}`,
    spec: spec(example),
    flags: [...extraFlags, ...initial.flatMap((d) => ["--resource", d])],
    evolve: { initial, add, change },
    describe,
  });
  return [
    project(
      "layered",
      "todo-api-engineer",
      [],
      ["authors name:str:120", "books title:str:200 pages:int author:ref:authors"],
      ["reviews body:text rating:int book:ref:books", "bookmarks label:str:80 reader:ref:users"],
      // Then books' fields change: title optional, summary (optional) and format (default=) added,
      // pages dropped. The rows read back with summary null, format "paper" and no pages.
      {
        definition:
          "books title:str:200:optional author:ref:authors summary:text:optional format:enum:paper,ebook:default=paper",
        expect: ["books:summary=null", 'books:format="paper"', "books:-pages"],
      },
      "layered, SQLAlchemy, PostgreSQL: a resource referencing a book, one referencing users",
    ),
    project(
      "flat",
      "notes-flat-sqlmodel",
      ["--migrations", "alembic"],
      ["notebooks name:str:80", "notes body:text notebook:ref:notebooks"],
      ["tags label:str:40 note:ref:notes"],
      // notes: body optional, pinned (default=false) and color (optional) added, the reference to
      // notebooks dropped (its foreign key and index first, as MariaDB needs).
      {
        definition: "notes body:text:optional pinned:bool:default=false color:str:20:optional",
        expect: ["notes:pinned=false", "notes:color=null", "notes:-notebook_id"],
      },
      "flat, SQLModel, MySQL, jwt-verify (no users table)",
    ),
    project(
      "versioned",
      "inventory-versioned",
      ["--data-access", "crud"],
      ["suppliers name:str:100", "parts sku:str:40:unique supplier:ref:suppliers"],
      ["stock_moves quantity:int part:ref:parts"],
      // parts: sku longer and optional (still unique), bin (default=0) and weight (optional)
      // added, the reference to suppliers dropped.
      {
        definition:
          "parts sku:str:60:unique:optional bin:int:default=0 weight:decimal:8:2:optional",
        expect: ["parts:bin=0", "parts:weight=null", "parts:-supplier_id"],
      },
      "versioned + crud, SQLAlchemy, SQLite, no auth",
    ),
  ];
}

/**
 * The scale benchmark's 50 resources (npm run bench:scale) through every gate, no API fuzzing. Not
 * in the default sets: its 557 tests take about 10 minutes on 2 cores (--sets scale runs it).
 */
function scale(root) {
  return [
    {
      name: "scale-50",
      spec: path.join(root, "examples", "todo-api-engineer.md"),
      flags: scaleResources(50).flatMap((d) => ["--resource", d]),
      describe: "50 resources: every field type and modifier, references between them",
    },
  ];
}

export const SETS = {
  examples,
  reference,
  pairwise,
  customised,
  resources,
  evolve: evolveSet,
  scale,
};
/** The sets run when none is named (CI). */
export const DEFAULT_SETS = [
  "examples",
  "reference",
  "pairwise",
  "customised",
  "resources",
  "evolve",
];

/** Projects of the named sets; a missing reference folder is reported by the caller. */
export function e2eProjects(root, sets = DEFAULT_SETS) {
  const projects = [];
  const missing = [];
  for (const set of sets) {
    const list = SETS[set]?.(root);
    if (list === undefined)
      throw new Error(`unknown e2e set "${set}" (sets: ${Object.keys(SETS).join(", ")})`);
    if (list === null) missing.push(set);
    else projects.push(...list);
  }
  return { projects, missing };
}

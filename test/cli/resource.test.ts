/**
 * `fastapi-agent resource <plural> <field…>`: adding a resource to a generated project writes its
 * modules, registers its router and adds a new Alembic revision after the current head; the
 * initial revision never changes, and a re-run reproduces the same files.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, STACK_LINE, statuses } from "../helpers/cli.js";
import { snapshotTree } from "../helpers/fs-snapshot.js";
import { EXAMPLES } from "../helpers/paths.js";

const SPEC = path.join(EXAMPLES, "todo-api-engineer.md");

/** A layered project (todo_api/…) with authors and books (books reference authors), and users. */
function generated(extra: string[] = []): string {
  const cwd = mkdtempSync(path.join(tmpdir(), "rescmd-"));
  const made = cli(
    [
      "new",
      SPEC,
      "p",
      "--defaults",
      "--skip-install",
      "--resource",
      "authors name:str:100",
      "--resource",
      "books title:str author:ref:authors",
      ...extra,
    ],
    cwd,
  );
  expect(made.stderr).toBe("");
  expect(made.status).toBe(0);
  return path.join(cwd, "p");
}

const read = (project: string, file: string) => readFileSync(path.join(project, file), "utf8");

interface StoredResource {
  name: string;
  fields: string[];
  migration?: { revision: string; downRevision: string; date: string };
}

function storedResources(project: string): StoredResource[] {
  const config = JSON.parse(read(project, ".yo-rc.json")) as Record<
    string,
    { answers: { resources: StoredResource[] } }
  >;
  return config["generator-fastapi-agent"]!.answers.resources;
}

function revisionFiles(project: string): string[] {
  return readdirSync(path.join(project, "alembic", "versions")).filter((f) => f.endsWith(".py"));
}

describe("fastapi-agent resource", () => {
  it("adds every module, the router, a revision after the head, and keeps the user's edits; a re-run reproduces it", () => {
    const project = generated();
    const initial = read(project, "alembic/versions/0001_initial.py");
    // The user's own work: an edit to a generated module, and a revision written by hand (the head).
    appendTo(project, "todo_api/routers/author.py", "\n# my own note\n");
    const edited = read(project, "todo_api/routers/author.py");
    writeFileSync(
      path.join(project, "alembic/versions/0002_by_hand.py"),
      [
        '"""A revision written by hand."""',
        "",
        'revision: str = "0002"',
        'down_revision: str | None = "0001"',
        "",
        "def upgrade() -> None:",
        "    pass",
        "",
        "def downgrade() -> None:",
        "    pass",
        "",
      ].join("\n"),
    );

    const added = cli(
      [
        "resource",
        "reviews",
        "body:text",
        "stars:int:index",
        "book:ref:books",
        "by:ref:users",
        "--skip-install",
      ],
      project,
    );
    expect(added.stderr).toBe("");
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(
      /^✔ Added reviews to todo-api in \. \(revision \w+, after 0002\)$/m,
    );

    const resources = storedResources(project);
    expect(resources.map((r) => r.name)).toEqual(["authors", "books", "reviews"]);
    expect(resources.slice(0, 2).every((r) => r.migration === undefined)).toBe(true);
    const migration = resources[2]!.migration!;
    expect(migration.downRevision).toBe("0002");
    expect(migration.revision).toMatch(/^[0-9a-f]{12}$/);
    expect(migration.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const revisionName = `${migration.date.replace(/-/g, "")}_${migration.revision}_add_reviews.py`;
    const status = statuses(added.stdout);
    for (const file of [
      `alembic/versions/${revisionName}`,
      "todo_api/models/review.py",
      "todo_api/schemas/review.py",
      "todo_api/repositories/review.py",
      "todo_api/services/review.py",
      "todo_api/routers/review.py",
      "tests/test_reviews.py",
    ]) {
      expect(status.get(file), file).toBe("create");
    }
    expect(read(project, "todo_api/main.py")).toMatch(/include_router\(review/);
    expect(read(project, "todo_api/models/__init__.py")).toMatch(/Review/);

    // The new revision: after the head, creating only the reviews table, dropping it on downgrade.
    const revision = read(project, `alembic/versions/${revisionName}`);
    expect(revision).toContain(`revision: str = "${migration.revision}"`);
    expect(revision).toContain('down_revision: str | None = "0002"');
    expect([...revision.matchAll(/op\.create_table\(\s*"(\w+)"/g)].map((m) => m[1])).toEqual([
      "reviews",
    ]);
    expect(revision).toContain('["books.id"]');
    expect(revision).toContain('["users.id"]');
    expect(revision).toContain('op.f("ix_reviews_stars")');
    expect(revision).toMatch(/def downgrade\(\) -> None:[\s\S]*op\.drop_table\("reviews"\)\s*$/);

    // What was there stays: the initial revision byte for byte, the hand-written one, the edit.
    expect(read(project, "alembic/versions/0001_initial.py")).toBe(initial);
    expect(read(project, "alembic/versions/0002_by_hand.py")).toContain('revision: str = "0002"');
    expect(read(project, "todo_api/routers/author.py")).toBe(edited);
    expect(added.stdout).toMatch(/^kept todo_api\/routers\/author\.py/m);

    // A re-run inside the project writes the same files: the revision id is stored, not made again.
    const before = snapshotTree(project);
    const rerun = cli(["new", "--skip-install"], project);
    expect(rerun.status).toBe(0);
    expect(snapshotTree(project)).toEqual(before);
    expect(revisionFiles(project).sort()).toEqual(
      ["0001_initial.py", "0002_by_hand.py", revisionName].sort(),
    );

    // A second resource follows the first one's revision.
    const again = cli(["resource", "tags", "label:str:50:unique", "--skip-install"], project);
    expect(again.status).toBe(0);
    const tags = storedResources(project)[3]!;
    expect(tags.migration!.downRevision).toBe(migration.revision);
    expect(read(project, "alembic/versions/0001_initial.py")).toBe(initial);
  });

  describe("refuses bad input in one line and writes nothing", () => {
    const project = generated();
    const cases: Array<[string, string[], RegExp]> = [
      ["an unknown type", ["reviews", "stars:integer"], /^reviews\.stars: unknown type "integer"/],
      [
        "an existing name",
        ["books", "title:str"],
        /^books already exists: pass --change to replace its fields/,
      ],
      [
        "a reference to a missing resource",
        ["reviews", "book:ref:novels"],
        /^reviews\.book: references "novels", which is not a resource/,
      ],
      ["no definition", [], /^resource needs a definition/],
      ["no field", ["reviews"], /^reviews: give at least one field/],
      ["an unknown flag", ["reviews", "body:text", "--forse"], /^unknown option --forse/],
    ];
    for (const [what, args, message] of cases) {
      it(what, () => {
        const before = snapshotTree(project);
        const result = cli(["resource", ...args, "--skip-install"], project);
        expect(result.status).not.toBe(0);
        expect(result.stdout).toBe("");
        const lines = result.stderr.trimEnd().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]!.replace(/^fastapi-agent: /, "")).toMatch(message);
        expect(result.stderr).not.toMatch(STACK_LINE);
        expect(snapshotTree(project)).toEqual(before);
      });
    }

    it("outside a generated project", () => {
      const elsewhere = mkdtempSync(path.join(tmpdir(), "rescmd-none-"));
      const result = cli(["resource", "reviews", "body:text"], elsewhere);
      expect(result.status).not.toBe(0);
      expect(result.stderr.trimEnd().split("\n")).toEqual([
        "fastapi-agent: . is not a project generated by fastapi-agent (no .yo-rc.json with its answers): run this inside one, or pass --dir DIR",
      ]);
      expect(readdirSync(elsewhere)).toEqual([]);
    });

    it("when alembic/versions has two heads", () => {
      const forked = generated();
      for (const id of ["aaa1", "bbb2"]) {
        writeFileSync(
          path.join(forked, `alembic/versions/${id}_fork.py`),
          `revision = "${id}"\ndown_revision = "0001"\n`,
        );
      }
      const before = snapshotTree(forked);
      const result = cli(["resource", "reviews", "body:text", "--skip-install"], forked);
      expect(result.status).not.toBe(0);
      expect(result.stderr.trimEnd().split("\n")).toEqual([
        "fastapi-agent: alembic/versions has 2 heads (aaa1 in aaa1_fork.py, bbb2 in bbb2_fork.py): merge them first (alembic merge heads)",
      ]);
      expect(snapshotTree(forked)).toEqual(before);
    });
  });
});

function appendTo(project: string, file: string, text: string): void {
  writeFileSync(path.join(project, file), read(project, file) + text);
}

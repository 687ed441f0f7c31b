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
  changes?: Array<{ revision: string; downRevision: string; date: string; before: string[] }>;
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

  it("--change replaces a resource's fields, writes a revision of the column changes after the head, and a re-run reproduces it", () => {
    const project = generated();
    const initial = read(project, "alembic/versions/0001_initial.py");
    const changed = cli(
      [
        "resource",
        "books",
        "title:str:300:optional",
        "author:ref:authors",
        "pages:int:default=0",
        "--change",
        "--skip-install",
      ],
      project,
    );
    expect(changed.stderr).toBe("");
    expect(changed.status).toBe(0);
    expect(changed.stdout).toMatch(
      /^✔ Changed the fields of books in todo-api in \. \(revision \w+, after 0001\)$/m,
    );
    const books = storedResources(project)[1]!;
    expect(books.fields).toEqual([
      "title:str:300:optional",
      "author:ref:authors",
      "pages:int:default=0",
    ]);
    expect(books.migration).toBeUndefined();
    const [change] = books.changes!;
    expect(books.changes).toHaveLength(1);
    expect(change).toMatchObject({
      downRevision: "0001",
      before: ["title:str", "author:ref:authors"],
    });
    const file = `alembic/versions/${change!.date.replace(/-/g, "")}_${change!.revision}_change_books.py`;
    const status = statuses(changed.stdout);
    expect(status.get(file)).toBe("create");
    for (const module of [
      "todo_api/models/book.py",
      "todo_api/schemas/book.py",
      "tests/test_books.py",
    ]) {
      expect(status.get(module), module).toBe("force");
    }
    expect(read(project, "todo_api/models/book.py")).toMatch(/pages: Mapped\[int\]/);

    // The revision: only books' column changes, and the initial revision as it was.
    const revision = read(project, file);
    expect(revision).toContain('down_revision: str | None = "0001"');
    expect(revision).toContain('with op.batch_alter_table("books") as batch_op:');
    expect(revision).toMatch(
      /batch_op\.add_column\(\s*sa\.Column\(\s*"pages",\s*sa\.Integer\(\),\s*server_default=sa\.text\("0"\),\s*nullable=False/,
    );
    expect(revision).toMatch(
      /batch_op\.alter_column\(\s*"title",\s*existing_type=sa\.String\(length=255\),\s*existing_nullable=False,\s*existing_server_default=None,\s*nullable=True,\s*type_=sa\.String\(length=300\),/,
    );
    expect(revision).toMatch(/def downgrade\(\) -> None:[\s\S]*batch_op\.drop_column\("pages"\)/);
    expect(revision).not.toMatch(/create_table|drop_table/);
    expect(read(project, "alembic/versions/0001_initial.py")).toBe(initial);

    // A re-run inside the project writes the same files, the revision included.
    const before = snapshotTree(project);
    const rerun = cli(["new", "--skip-install"], project);
    expect(rerun.status).toBe(0);
    expect(snapshotTree(project)).toEqual(before);

    // A second change follows the first one's revision and records the fields it replaced.
    const again = cli(
      [
        "resource",
        "books",
        "title:str:300:optional",
        "author:ref:authors",
        "--change",
        "--skip-install",
      ],
      project,
    );
    expect(again.stderr).toBe("");
    const changes = storedResources(project)[1]!.changes!;
    expect(changes.map((c) => c.downRevision)).toEqual(["0001", change!.revision]);
    expect(changes[1]!.before).toEqual(books.fields);
    expect(read(project, file)).toBe(revision);
    expect(read(project, "alembic/versions/0001_initial.py")).toBe(initial);
  });

  it("--change adding a reference keeps the initial revision's table order", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "rescmd-order-"));
    const made = cli(
      [
        "new",
        SPEC,
        "p",
        "--defaults",
        "--skip-install",
        "--resource",
        "books title:str",
        "--resource",
        "authors name:str",
      ],
      cwd,
    );
    expect(made.status, made.stderr).toBe(0);
    const project = path.join(cwd, "p");
    const initial = read(project, "alembic/versions/0001_initial.py");
    expect(initial.indexOf('"books"')).toBeLessThan(initial.indexOf('"authors"'));
    const changed = cli(
      [
        "resource",
        "books",
        "title:str",
        "author:ref:authors:optional",
        "--change",
        "--skip-install",
      ],
      project,
    );
    expect(changed.stderr).toBe("");
    expect(read(project, "alembic/versions/0001_initial.py")).toBe(initial);
    const [file] = revisionFiles(project).filter((f) => f.endsWith("_change_books.py"));
    expect(read(project, `alembic/versions/${file!}`)).toMatch(
      /batch_op\.create_foreign_key\(\s*op\.f\("fk_books_author_id_authors"\),\s*"authors",\s*\["author_id"\],\s*\["id"\],\s*ondelete="SET NULL",?\s*\)/,
    );
  });

  describe("--change refuses what the table cannot take in one line and writes nothing", () => {
    const project = generated();
    const cases: Array<[string, string[], RegExp]> = [
      [
        "a resource that does not exist",
        ["novels", "title:str"],
        /^novels is not a resource of this project \(resources: authors, books\): --change changes an existing one$/,
      ],
      [
        "a type change",
        ["books", "title:int", "author:ref:authors"],
        /^books\.title: changing a field's type \(str:255 → int\) is not supported/,
      ],
      [
        "a required field without default=",
        ["books", "title:str", "author:ref:authors", "isbn:str"],
        /^books\.isbn: a required field added to a table that may hold rows needs a value for them: give it default=<value>, or make it :optional$/,
      ],
      [
        "a reference to a missing resource",
        ["books", "title:str", "author:ref:authors", "series:ref:series:optional"],
        /^books\.series: references "series", which is not a resource/,
      ],
      ["the same fields", ["books", "title:str", "author:ref:authors"], /nothing to change$/],
    ];
    for (const [what, args, message] of cases) {
      it(what, () => {
        const before = snapshotTree(project);
        const result = cli(["resource", ...args, "--change", "--skip-install"], project);
        expect(result.status).not.toBe(0);
        expect(result.stdout).toBe("");
        const lines = result.stderr.trimEnd().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]!.replace(/^fastapi-agent: /, "")).toMatch(message);
        expect(snapshotTree(project)).toEqual(before);
      });
    }
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

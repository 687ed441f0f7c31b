/**
 * How a generated project reads and creates rows. Responses are made of Core rows read on the
 * session's connection (no ORM objects are built for a get or a list); the ORM object is loaded
 * only to change or delete it. A create is, on databases with INSERT … RETURNING (PostgreSQL,
 * SQLite), one Core statement sent without BEGIN and COMMIT; on MySQL, which has no RETURNING, the
 * ORM adds the row in a transaction. Through every data-access shape (repository class, query
 * function, either ORM), from a service or a route handler. The generated tests run these paths on
 * each database in the e2e matrix; here, which path each combination gets.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Answers } from "../../src/options/answers.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { inferFromFile } from "../../src/pipeline.js";
import { buildPlan } from "../../src/plan/plan.js";
import { renderProject } from "../../src/render/render.js";
import { EXAMPLES } from "../helpers/paths.js";

/** A service over a repository class, SQLAlchemy on PostgreSQL. */
const LAYERED_POSTGRES: Partial<Answers> = {
  database: "postgresql",
  orm: "sqlalchemy",
  layout: "layered",
  services: true,
  dataAccess: "repositories",
};

/** Route handlers calling query functions (no service, no data-access class), on SQLite. */
const HANDLERS_ON_SQLITE: Partial<Answers> = {
  database: "sqlite",
  services: false,
  dataAccess: "none",
};

async function render(explicit: Partial<Answers>): Promise<Map<string, string>> {
  const inferred = inferFromFile(path.join(EXAMPLES, "todo-api-engineer.md"));
  const answers = resolveAnswers({
    conventions: inferred.conventions,
    explicit: { projectName: "shop", ...explicit },
  }).answers;
  const files = await renderProject(buildPlan(inferred, answers));
  return new Map(files.map((f) => [f.path, f.contents]));
}

/** The body of the Python function `name` (up to the next line at its own indentation or less). */
function functionBody(source: string, name: string): string {
  const start = source.search(new RegExp(`^( *)async def ${name}\\(`, "m"));
  expect(start, `async def ${name} in\n${source}`).toBeGreaterThanOrEqual(0);
  const indent = /^ */.exec(source.slice(start))![0].length;
  const lines = source.slice(start).split("\n");
  const end = lines.findIndex(
    (line, i) =>
      i > 0 &&
      line.trim() !== "" &&
      /^ */.exec(line)![0].length <= indent &&
      !line.startsWith(" ".repeat(indent) + ")"),
  );
  return lines.slice(0, end === -1 ? undefined : end).join("\n");
}

function allPython(files: Map<string, string>): string {
  return [...files]
    .filter(([p]) => p.endsWith(".py"))
    .map(([, text]) => text)
    .join("\n");
}

describe("creating a row", { timeout: 60_000 }, () => {
  it("is one INSERT … RETURNING without a transaction from a service over a repository (PostgreSQL)", async () => {
    const files = await render(LAYERED_POSTGRES);
    expect(files.get("CLAUDE.md")).toMatch(/^- Data access: .*one `INSERT … RETURNING`/m);
    const service = functionBody(files.get("shop/services/todo.py")!, "create");
    // the session is taken out of its transaction before anything runs on it
    expect(service.split("\n")[1]).toContain("await without_transaction(self.session)");
    expect(service).toContain("todo = await self.todos.add(values)");
    expect(service).toContain("await self.session.commit()");
    const repository = files.get("shop/repositories/todo.py")!;
    expect(repository).toContain("_insert_stmt = insert(_TODOS).returning(*_TODOS.c)");
    expect(repository).toContain('_TODOS = Todo.metadata.tables["todos"]');
    const add = functionBody(repository, "add");
    expect(add).toContain("(await connection.execute(self._insert_stmt, values)).one()");
    expect(add).not.toContain("session.add(");
    const database = files.get("shop/core/database.py")!;
    const helper = functionBody(database, "without_transaction");
    // a session that has already begun (the auth lookup on a cache miss) keeps its transaction
    expect(helper).toMatch(
      /if not session\.in_transaction\(\):\n\s+await session\.connection\(execution_options=\{"isolation_level": "AUTOCOMMIT"\}\)/,
    );
  });

  it("goes through a query function from a route handler, with SQLModel on SQLite", async () => {
    const files = await render({
      ...HANDLERS_ON_SQLITE,
      orm: "sqlmodel",
    });
    const python = allPython(files);
    const handler = functionBody(python, "create_todo");
    expect(handler).toContain("await without_transaction(session)");
    expect(handler).toContain("todo = await add_todo(session, values)");
    const add = functionBody(python, "add_todo");
    // on the session's connection: SQLModel's session deprecates execute()
    expect(add).toContain("connection = await session.connection()");
    expect(add).toContain("(await connection.execute(_INSERT_TODO, values)).one()");
    expect(python).toContain("_INSERT_TODO = insert(_TODOS).returning(*_TODOS.c)");
  });

  it("is the ORM's add in a transaction on MySQL, which has no RETURNING", async () => {
    for (const explicit of [
      { services: true, dataAccess: "repositories" as const },
      { services: false, dataAccess: "none" as const },
    ]) {
      const files = await render({ database: "mysql", orm: "sqlalchemy", ...explicit });
      const python = allPython(files);
      expect(python).not.toContain("without_transaction");
      expect(python).not.toContain("returning(");
      const add =
        explicit.dataAccess === "none"
          ? functionBody(python, "add_todo")
          : functionBody(files.get("shop/repositories/todo.py")!, "add");
      expect(add).toContain("todo = Todo(**values)");
      expect(add).toMatch(/session\.add\(todo\)\n\s+await (self\.)?session\.flush\(\)/);
      // the agent's own notes do not promise a RETURNING this database cannot send
      expect(files.get("CLAUDE.md")).toMatch(/^- Data access: .*Core rows;/m);
      expect(files.get("CLAUDE.md")).not.toContain("RETURNING");
    }
  });
});

describe("answering with rows", { timeout: 60_000 }, () => {
  it("reads a get and a list as Core rows, a list from statements built once; the ORM object only for a change (repository, PostgreSQL)", async () => {
    const files = await render({
      ...LAYERED_POSTGRES,
      pagination: "limit-offset",
      filtering: false,
    });
    const service = files.get("shop/services/todo.py")!;
    expect(functionBody(service, "get")).toContain(
      "row = await self.todos.read(todo_id, owner_id=owner_id)",
    );
    expect(functionBody(service, "update")).toContain("await self._get(owner_id, todo_id)");
    const repository = files.get("shop/repositories/todo.py")!;
    expect(repository).toMatch(
      /_read_stmt = _TODOS\.select\(\)\.where\(\s*_TODOS\.c\.id == bindparam\("id"\), _TODOS\.c\.owner_id == bindparam\("owner_id"\)/,
    );
    expect(functionBody(repository, "read")).toContain(
      "(await connection.execute(self._read_stmt, params)).one_or_none()",
    );
    // nothing in a list varies per request but its parameters: no statement is built per call
    const page = functionBody(repository, "list_page");
    expect(page).toContain("-> tuple[list[dict[str, Any]], int]:");
    expect(page).toContain('params = {"owner_id": owner_id, "limit": limit, "offset": offset}');
    expect(page).toContain("(await connection.execute(self._count_stmt, params)).scalar_one()");
    expect(page).toContain("row_dicts(await connection.execute(self._page_stmt, params)), total");
    expect(page).not.toMatch(/select\(|conditions/);
    expect(repository).toMatch(
      /_page_stmt = \(\s*_TODOS\.select\(\)\s*\.where\(_TODOS\.c\.owner_id == bindparam\("owner_id"\)\)\s*\.order_by\(.*\)\s*\.limit\(bindparam\("limit"\)\)\s*\.offset\(bindparam\("offset"\)\)/,
    );
    expect(repository).not.toContain("def _visible");
    // the ORM object, for update and delete
    expect(functionBody(repository, "get")).toContain(
      "self.session.execute(self._get_stmt, params)",
    );
    expect(repository).toContain("_get_stmt = select(Todo).where(");
  });

  it("reads by cursor and with filters as Core rows too (query functions, SQLModel)", async () => {
    const files = await render({
      database: "sqlite",
      orm: "sqlmodel",
      services: true,
      dataAccess: "none",
      pagination: "cursor",
      filtering: true,
      softDelete: true,
    });
    const python = allPython(files);
    const after = functionBody(python, "find_todos_after");
    expect(after).toContain("-> list[dict[str, Any]]:");
    // the client's filters make the statement: built per request
    expect(after).toMatch(
      /stmt = _TODOS\.select\(\)\.where\(\*conditions\)\.order_by\(_TODOS\.c\.id\)/,
    );
    expect(after).toContain("return row_dicts(await connection.execute(stmt))");
    // soft-deleted rows stay hidden from a read by id
    expect(python).toMatch(
      /_READ_TODO = _TODOS\.select\(\)\.where\((?:\s*_TODOS\.c\.\w+ == bindparam\("\w+"\),)+\s*_TODOS\.c\.deleted_at\.is_\(None\),?\s*\)/,
    );
    expect(functionBody(python, "read_todo")).toContain("connection.execute(_READ_TODO, params)");
  });

  it("pages by cursor with two statements built once when nothing is filtered (query functions)", async () => {
    const files = await render({
      ...HANDLERS_ON_SQLITE,
      orm: "sqlalchemy",
      pagination: "cursor",
      filtering: false,
      softDelete: true,
    });
    const python = allPython(files);
    expect(python).toMatch(
      /_FIRST_TODOS = \(?\s*_TODOS\.select\(\)\s*\.where\([^)]*owner_id == bindparam\("owner_id"\),\s*_TODOS\.c\.deleted_at\.is_\(None\)\s*\)\s*\.order_by\(_TODOS\.c\.id\)\s*\.limit\(bindparam\("limit"\)\)/,
    );
    expect(python).toContain('_TODOS_AFTER = _FIRST_TODOS.where(_TODOS.c.id > bindparam("after"))');
    const after = functionBody(python, "find_todos_after");
    expect(after).toContain("stmt = _FIRST_TODOS if after is None else _TODOS_AFTER");
    expect(after).toContain("return row_dicts(await connection.execute(stmt, params))");
    // the next cursor is read from a row dict
    expect(functionBody(python, "list_todos")).toContain(
      'rows[page.limit - 1]["id"] if len(rows) > page.limit else None',
    );
  });
});

/**
 * Inference on small invented specs: each test shows one way a spec states (or does not state) a
 * convention, and what a careful reader makes of it.
 */
import { describe, expect, it } from "vitest";
import { bodyLine, infer } from "./helpers.js";

describe("prose", () => {
  const body = [
    "# Bookshop service",
    "",
    "Persist everything in MySQL through SQLModel.",
    "Every table carries created_at and updated_at columns.",
    "Rows are never hard-deleted: we soft delete them instead.",
  ];

  it("reads stack choices and records the line that says so", () => {
    const { conventions } = infer(body);
    expect(conventions.orm).toEqual({
      value: "sqlmodel",
      source: "spec",
      line: bodyLine(body, "MySQL"),
      evidence: "Persist everything in MySQL through SQLModel.",
    });
    expect(conventions.database.value).toBe("mysql");
    expect(conventions.timestamps.value).toBe(true);
    expect(conventions.softDelete).toMatchObject({ value: true, line: bodyLine(body, "soft") });
  });

  it("leaves everything the prose does not mention to its default", () => {
    const { conventions } = infer(body);
    for (const field of ["migrations", "auth", "idType", "pagination", "rbac"] as const) {
      expect(conventions[field].source, field).toBe("default");
    }
  });

  it("breaks a tie between two values in favour of the earlier line", () => {
    const tie = ["Models are written with SQLAlchemy.", "", "Some older modules use SQLModel."];
    expect(infer(tie).conventions.orm).toMatchObject({ value: "sqlalchemy", line: 6 });
    expect(infer([...tie].reverse()).conventions.orm).toMatchObject({ value: "sqlmodel" });
  });

  it("tells a filtering capability from where query parameters go", () => {
    expect(infer(["Support filtering by status and date."]).conventions.filtering.value).toBe(true);
    const where = infer(["Use query parameters for filtering, paging and sorting."]);
    expect(where.conventions.filtering.source).toBe("default");
  });
});

describe("lists", () => {
  it("reads each item of a bullet list", () => {
    const body = [
      "## Security",
      "- Protect admin endpoints with role-based checks",
      "- Throttle noisy clients with a rate limiter",
      "- Keep allowed CORS origins in settings",
      "- Lock the account after five failed login attempts",
    ];
    const { conventions } = infer(body);
    expect(conventions.rbac).toMatchObject({ value: true, line: bodyLine(body, "admin") });
    expect(conventions.rateLimiting).toMatchObject({ value: true, line: bodyLine(body, "rate") });
    expect(conventions.cors.source).toBe("spec");
    expect(conventions.accountLockout.value).toBe(true);
  });

  it("reads a list of folders as the project's layers", () => {
    const body = [
      "Organise the package as:",
      "- `handlers/` — nothing but wiring",
      "- `routes/` — thin HTTP handlers",
      "- `services/` — the business rules",
      "- `repositories/` — every query",
      "- `schemas/` — request and response models",
    ];
    const { conventions } = infer(body);
    expect(conventions.layout.value).toBe("layered");
    expect(conventions.layers.value).toEqual({
      routers: "routes",
      services: true,
      dataAccess: "repositories",
    });
  });

  it("reads an enumeration of concerns, and a layer it leaves out as absent", () => {
    const { conventions } = infer([
      "Split the code by concern (routes, schemas, services, models).",
    ]);
    expect(conventions.layers.value).toEqual({
      routers: "routes",
      services: true,
      dataAccess: "none",
    });
  });

  it("does not take loose words for a listing of parts", () => {
    const { conventions } = infer(["It reviews backend services and their routes, not schemas."]);
    expect(conventions.layers.source).toBe("default");
    expect(conventions.layout.source).toBe("default");
  });
});

describe("directory trees", () => {
  it("rebuilds nested paths from a drawn tree", () => {
    const body = [
      "```",
      "service/",
      "├── main.py",
      "├── api/",
      "│   └── v2/",
      "│       └── endpoints/   # one module per resource",
      "├── crud/                # queries",
      "└── models/",
      "```",
    ];
    const { conventions } = infer(body);
    expect(conventions.layout.value).toBe("versioned");
    expect(conventions.layers).toMatchObject({
      value: { routers: "api/v2/endpoints", dataAccess: "crud", services: false },
      line: bodyLine(body, "endpoints/"),
      evidence: "│       └── endpoints/   # one module per resource",
    });
  });

  it("reads an indented tree without glyphs", () => {
    const body = ["```text", "project/", "  routers/", "  services/", "  models/", "```"];
    const { conventions } = infer(body);
    expect(conventions.layout.value).toBe("layered");
    expect(conventions.layers.value).toEqual({
      routers: "routers",
      services: true,
      dataAccess: "none",
    });
  });

  it("reads a listing of modules as a flat layout", () => {
    const { conventions } = infer([
      "Keep it small: `main.py`, `models.py`, `schemas.py`, `db.py`.",
    ]);
    expect(conventions.layout.value).toBe("flat");
    expect(conventions.layers.value).toEqual({
      routers: "routers",
      services: false,
      dataAccess: "none",
    });
  });

  it("takes unstated layers from the layout", () => {
    const { conventions } = infer(["Put `models.py` and `schemas.py` at the package root."]);
    expect(conventions.layout.value).toBe("flat");
    expect(conventions.layers).toMatchObject({
      value: { routers: "routers", services: false, dataAccess: "none" },
      source: "default",
    });
  });
});

describe("code samples", () => {
  const body = [
    "## Auth helpers",
    "```python",
    "from jose import jwt",
    'hasher = CryptContext(schemes=["argon2"])',
    "```",
    "",
    "## Models",
    "```python",
    "class Book(SQLModel, table=True):",
    "    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)",
    "",
    "class Page(BaseModel):",
    "    results: list[Book]",
    "    count: int",
    "    next_cursor: str | None",
    "",
    '@router.get("/api/books")',
    "```",
  ];

  it("reads libraries, id type and the list envelope from code", () => {
    const { conventions } = infer(body);
    expect(conventions.jwtLibrary).toMatchObject({
      value: "python-jose",
      evidence: "from jose import jwt",
    });
    expect(conventions.passwordHashing.value).toBe("argon2");
    expect(conventions.idType.value).toBe("uuid");
    expect(conventions.pagination.value).toBe("cursor");
    expect(conventions.paginationEnvelope).toMatchObject({
      value: ["results", "count", "next_cursor"],
      line: bodyLine(body, "class Page"),
    });
    expect(conventions.apiPrefix.value).toBe("/api");
  });

  it("finds the domain noun in a model class and a route", () => {
    expect(infer(body).conventions.sampleResource.value).toBe("books");
  });

  it("ignores negations in code outside comments", () => {
    const code = ["```python", "if not settings.use_alembic:", "    pass", "```"];
    expect(infer(code).conventions.migrations.source).toBe("default");
  });

  it("reads a comment-only code block as instructions", () => {
    const code = ["```python", "# 1. never keep comments in generated files", "```"];
    expect(infer(code).conventions.comments.value).toBe("none");
  });
});

describe("tables", () => {
  it("reads the rows of a stack table", () => {
    const body = [
      "| Concern | Choice |",
      "|---|---|",
      "| ORM | SQLAlchemy 2 |",
      "| Database | SQLite |",
      "| Keys | UUID primary keys |",
    ];
    const { conventions } = infer(body);
    expect(conventions.orm).toMatchObject({
      value: "sqlalchemy",
      evidence: "| ORM | SQLAlchemy 2 |",
    });
    expect(conventions.database.value).toBe("sqlite");
    expect(conventions.idType.value).toBe("uuid");
  });
});

describe("prose in other languages", () => {
  it("reads the English code names in German prose, with its negation", () => {
    const body = [
      "Wir verwenden SQLModel mit PostgreSQL.",
      "Migrationen laufen niemals über Alembic; Tabellen entstehen mit create_all.",
    ];
    const { conventions } = infer(body);
    expect(conventions.orm.value).toBe("sqlmodel");
    expect(conventions.database.value).toBe("postgresql");
    expect(conventions.migrations).toMatchObject({
      value: "none",
      line: bodyLine(body, "Alembic"),
    });
  });

  it("reads a Spanish negation", () => {
    const { conventions } = infer(["Nunca uses python-jose; usa PyJWT para los tokens."]);
    expect(conventions.jwtLibrary.value).toBe("pyjwt");
  });
});

describe("negations", () => {
  it("turns a negated choice into the opposite value where a rule says so", () => {
    const { conventions } = infer([
      "NEVER use Alembic.",
      "Do not add comments to generated code.",
      "No refresh tokens: short access tokens only.",
      "There is no rate limiting in this service.",
    ]);
    expect(conventions.migrations.value).toBe("none");
    expect(conventions.comments.value).toBe("none");
    expect(conventions.refreshTokens).toMatchObject({ value: false, source: "spec" });
    expect(conventions.rateLimiting).toMatchObject({ value: false, source: "spec" });
  });

  it("skips a negated mention that has no opposite", () => {
    const { conventions } = infer(["Avoid MySQL; production runs on PostgreSQL."]);
    expect(conventions.database).toMatchObject({ value: "postgresql", source: "spec" });
    const only = infer(["Avoid MySQL."]);
    expect(only.conventions.database.source).toBe("default");
  });

  it("keeps the chosen value next to a rejected one", () => {
    const { conventions } = infer(["Use PyJWT, NOT python-jose."]);
    expect(conventions.jwtLibrary.value).toBe("pyjwt");
  });

  it("reads 'prefer X over Y' as a choice of X", () => {
    const { conventions } = infer(["Prefer UUID keys over auto-increment integer ids."]);
    expect(conventions.idType.value).toBe("uuid");
  });

  it("reads a service without authentication", () => {
    const { conventions } = infer(["The API is internal and has no authentication."]);
    expect(conventions.auth.value).toBe("none");
    expect(conventions.userIsolation).toMatchObject({ value: false, source: "default" });
  });
});

describe("questions and hedges", () => {
  it("does not take a question for a choice", () => {
    const { conventions } = infer(["SQLModel or SQLAlchemy?", "Should we add rate limiting?"]);
    expect(conventions.orm.source).toBe("default");
    expect(conventions.rateLimiting.source).toBe("default");
  });

  it("does not read the list after 'ask:' as choices", () => {
    const { conventions } = infer([
      "Before you start, ask:",
      "- which database production uses",
      "- whether records need soft delete",
      "",
      "Always answer in English.",
    ]);
    expect(conventions.softDelete.source).toBe("default");
  });

  it("does not take a consideration for a requirement", () => {
    const { conventions } = infer(["Consider rate limiting for public endpoints."]);
    expect(conventions.rateLimiting.source).toBe("default");
  });
});

describe("catalogues of alternatives", () => {
  it("does not choose from a list of what the agent knows", () => {
    const { conventions, warnings } = infer([
      "You know relational databases (PostgreSQL, MySQL, SQLite) and ORMs (SQLAlchemy, Tortoise).",
    ]);
    expect(conventions.database.source).toBe("default");
    expect(conventions.orm.source).toBe("default");
    expect(warnings).toEqual([]);
  });

  it("does not choose between alternatives, but reads what they imply", () => {
    const { conventions } = infer([
      "Hash passwords with bcrypt or argon2.",
      "Paginate with limit/offset or cursor-based pages.",
    ]);
    expect(conventions.passwordHashing.source).toBe("default");
    expect(conventions.pagination.source).toBe("default");
    expect(conventions.auth).toMatchObject({ value: "jwt", source: "spec" });
  });
});

describe("example blocks", () => {
  const examples = [
    "name: sample-agent",
    'description: "Use for API work.\\n<example>\\nuser: \\"Add cursor-based pagination to the recipe list, with MongoDB\\"\\n</example>\\n<example>\\nuser: \\"The recipe endpoints need soft delete\\"\\n<commentary>Uses SQLModel.</commentary>\\n</example>"',
  ];

  it("ignores conventions inside <example> and <commentary> blocks", () => {
    const { conventions, warnings } = infer(["You write FastAPI code."], examples);
    expect(conventions.pagination.source).toBe("default");
    expect(conventions.softDelete.source).toBe("default");
    expect(conventions.orm.source).toBe("default");
    expect(warnings.filter((w) => /not offered/.test(w.message))).toEqual([]);
  });

  it("takes the sample resource from a noun that recurs across examples", () => {
    const { conventions } = infer(["You write FastAPI code."], examples);
    expect(conventions.sampleResource).toMatchObject({ value: "recipes", source: "spec", line: 3 });
  });

  it("does not take a noun named in a single example", () => {
    const one = [
      "name: sample-agent",
      'description: "Use it.\\n<example>\\nuser: \\"list invoices\\"\\n</example>"',
    ];
    expect(infer(["You write FastAPI code."], one).conventions.sampleResource.source).toBe(
      "default",
    );
  });

  it("ignores an 'Example interactions' section", () => {
    const { conventions } = infer([
      "## Example interactions",
      '- "Add soft delete to the orders table"',
      '- "Move the service to MySQL"',
      "",
      "## Rules",
      "- Use PostgreSQL.",
    ]);
    expect(conventions.softDelete.source).toBe("default");
    expect(conventions.database.value).toBe("postgresql");
  });
});

describe("e.g. asides and memory examples", () => {
  it("ignores what a spec gives as examples of things to remember", () => {
    const { conventions } = infer([
      'Write down conventions you discover (e.g., "ids are UUIDs, soft deletes via deleted_at").',
      "",
      "Examples of what to record:",
      "- Refresh tokens are stored in Redis",
      "- Every table has created_at",
    ]);
    expect(conventions.idType.source).toBe("default");
    expect(conventions.softDelete.source).toBe("default");
    expect(conventions.refreshTokens.source).toBe("default");
    expect(conventions.timestamps.source).toBe("default");
  });
});

describe("stacks the generator does not offer", () => {
  it("warns and falls back when the spec chooses one", () => {
    const body = ["# Stack", "- **Database**: MongoDB, with Beanie as the document mapper"];
    const { conventions, warnings } = infer(body);
    expect(warnings).toContainEqual({
      line: bodyLine(body, "MongoDB"),
      message: "MongoDB (Beanie) is not offered; using sqlalchemy with postgresql",
    });
    expect(conventions.orm).toMatchObject({ value: "sqlalchemy", source: "default" });
    expect(conventions.database).toMatchObject({ value: "postgresql", source: "default" });
  });

  it("keeps the supported part of the stack", () => {
    const body = ["We use Tortoise ORM on top of MySQL."];
    const { conventions, warnings } = infer(body);
    expect(conventions.database).toMatchObject({ value: "mysql", source: "spec" });
    expect(warnings).toContainEqual({
      line: bodyLine(body, "Tortoise"),
      message: "Tortoise ORM is not offered; using sqlalchemy with mysql",
    });
  });

  it("reads an import as a choice", () => {
    const body = ["```python", "from beanie import Document", "```"];
    expect(infer(body).warnings.map((w) => w.message)).toEqual([
      "Beanie is not offered; using sqlalchemy with postgresql",
    ]);
  });

  it("does not warn when the stack is only named or rejected", () => {
    expect(infer(["Never use MongoDB here."]).warnings).toEqual([]);
    expect(infer(["- MongoDB integration and Redis caching"]).warnings).toEqual([]);
  });
});

describe("fields that depend on others", () => {
  it("drops user-related fields when tokens come from another service, and says so", () => {
    const body = [
      "Tokens are issued by an external identity provider; this service does verification only.",
      "Admins get role-based access to reports.",
    ];
    const { conventions, warnings } = infer(body);
    expect(conventions.auth.value).toBe("jwt-verify");
    expect(conventions.rbac).toMatchObject({ value: false, source: "default" });
    expect(warnings).toContainEqual({
      line: bodyLine(body, "role-based"),
      message: expect.stringMatching(/^rbac .*auth is "jwt-verify"/),
    });
  });

  it("computes dependent defaults from decided values", () => {
    const { conventions } = infer(["List endpoints take ?skip=0&limit=50."]);
    expect(conventions.pagination.value).toBe("skip-limit");
    expect(conventions.paginationEnvelope).toMatchObject({
      value: ["items", "total", "skip", "limit"],
      source: "default",
    });
  });

  it("names the agent from the frontmatter and reads its memory scope", () => {
    const { conventions } = infer(["Body."], ["name: Shelf Keeper", "memory: user"]);
    expect(conventions.name).toMatchObject({ value: "shelf-keeper", source: "spec", line: 2 });
    expect(conventions.agentMemory).toEqual({
      value: "user",
      source: "spec",
      line: 3,
      evidence: "memory: user",
    });
  });
});

describe("the production database", () => {
  const decides = (line: string, value: string): void => {
    for (const body of [[line], [`- ${line}`]]) {
      const { conventions, warnings } = infer(body);
      expect(conventions.database, body[0]).toEqual({
        value,
        source: "spec",
        line: bodyLine(body, line),
        evidence: body[0],
      });
      expect(warnings, body[0]).toEqual([]);
    }
  };

  it("takes the production choice over SQLite on a laptop, locally, in dev or in tests", () => {
    decides("MySQL in production (aiomysql); SQLite is fine on a laptop", "mysql");
    decides("PostgreSQL in production, SQLite for local development", "postgresql");
    decides("SQLite locally / for tests, Postgres in prod", "postgresql");
    decides("SQLite on your laptop, MySQL in production.", "mysql");
    decides("Production runs on MySQL; developers use SQLite.", "mysql");
    decides("Postgres for prod and SQLite for CI.", "postgresql");
    decides("MySQL (aiomysql) in production, SQLite everywhere else.", "mysql");
  });

  it("reads a deployment target and a driver name", () => {
    decides("We deploy on MariaDB.", "mysql");
    decides("Use aiomysql for the connection pool.", "mysql");
    decides("Connect with asyncpg.", "postgresql");
  });

  it("lets a stated production choice outweigh SQLite named elsewhere", () => {
    const body = ["Use SQLite with aiosqlite.", "", "Production database: PostgreSQL."];
    expect(infer(body).conventions.database).toMatchObject({
      value: "postgresql",
      line: bodyLine(body, "Production"),
    });
  });

  it("still reads SQLite chosen for production", () => {
    decides("SQLite in production; it is a small internal tool.", "sqlite");
  });

  it("does not take a rejected production choice, nor two rival ones", () => {
    const rejected = infer(["Never MySQL in production, whatever the tests use."]);
    expect(rejected.conventions.database.source).toBe("default");
    const rivals = infer(["MySQL in production for the EU, PostgreSQL in production for the US."]);
    expect(rivals.conventions.database.source).toBe("default");
  });

  it("still cancels a plain catalogue of databases", () => {
    expect(infer(["Knows PostgreSQL, MySQL and SQLite."]).conventions.database.source).toBe(
      "default",
    );
  });
});

describe("user isolation", () => {
  const isolates = (line: string, value: boolean): void => {
    for (const body of [[line], [`- ${line}`]]) {
      expect(infer(body).conventions.userIsolation, body[0]).toEqual({
        value,
        source: "spec",
        line: bodyLine(body, line),
        evidence: body[0],
      });
    }
  };

  it("reads owner-scoped data in its usual phrasings", () => {
    isolates("Each user only sees their own rows.", true);
    isolates("Each user sees only their own orders.", true);
    isolates("Data is owner-scoped.", true);
    isolates("Users can only access their own todos.", true);
    isolates("Scope every query to the current user.", true);
    isolates("Rows belong to a user.", true);
    isolates("A user must never see another user's rows.", true);
    isolates("Queries are always scoped by owner.", true);
    isolates("Notes belong to the user who created them.", true);
  });

  it("reads the negated forms as no isolation", () => {
    isolates("No per-user scoping: this is a shared team board.", false);
    isolates("Data is not owner-scoped.", false);
    isolates("Don't scope queries to the current user.", false);
    isolates("Queries are not scoped by owner.", false);
  });

  it("does not take 'rows' for the sample resource", () => {
    expect(infer(["Rows belong to a user."]).conventions.sampleResource.source).toBe("default");
  });
});

describe("conventions the project does not follow", () => {
  const messages = (body: string[]) => infer(body).warnings.map((w) => w.message);

  it("warns once, on the first line stating each, with what the project does instead", () => {
    const body = [
      "Use JWT auth with register and login endpoints.",
      'Errors return {"error_code": "...", "message": "...", "timestamp": "..."}.',
      "Every error_code is documented.",
      "Passwords need an uppercase letter, a digit and a special character.",
      "Protect routes with get_current_active_user.",
      "Log with structlog.",
      "create_async_engine(url, pool_size=0, max_overflow=5)",
    ];
    const { warnings } = infer(body);
    expect(warnings.map((w) => w.line)).toEqual(
      ["error_code", "uppercase", "get_current_active_user", "structlog", "pool_size"].map((t) =>
        bodyLine(body, t),
      ),
    );
    expect(warnings[0]!.message).toMatch(
      /^an error body with its own field names \(error_code\) is not offered; errors use /,
    );
    expect(warnings[1]!.message).toMatch(
      /^password rules beyond length \(uppercase\) are not offered/,
    );
    expect(warnings[2]!.message).toMatch(/get_current_active_user is not offered; .*CurrentUser/);
    expect(warnings[3]!.message).toMatch(
      /^structlog is not offered; logging uses the standard library/,
    );
    expect(warnings[4]!.message).toMatch(
      /^pool_size=0 from the spec is not applied \(a pool holds 1 to 500 connections\); DATABASE_POOL_SIZE defaults to 20$/,
    );
  });

  it("says nothing where the statement does not apply, is an example or a question", () => {
    const verifyOnly = [
      "Tokens are issued by an external identity provider; this service does verification only.",
      "Passwords need an uppercase letter.",
      "Use get_current_active_user.",
    ];
    expect(messages(verifyOnly).filter((m) => /not offered/.test(m))).toEqual([]);
    expect(messages(["<example>", "Log with loguru.", "</example>"])).toEqual([]);
    expect(messages(["Should we use structlog?"])).toEqual([]);
  });
});

describe("the spec's own package", () => {
  it("is the package its code imports the project's modules from", () => {
    const body = [
      "```python",
      "from fastapi import Depends",
      "from app.core.config import settings",
      "```",
    ];
    expect(infer(body).conventions.packageRoot).toMatchObject({
      value: "app",
      source: "spec",
      line: bodyLine(body, "from app.core"),
    });
  });

  it("is not a library's package, nor read from prose", () => {
    const libraries = [
      "```python",
      "from logging.config import dictConfig",
      "from alembic.config import Config",
      "from sqlalchemy.orm import Session",
      "from fastapi.security import HTTPBearer",
      "```",
      "Keep settings in app.core.config.",
    ];
    expect(infer(libraries).conventions.packageRoot.value).toBeNull();
  });
});

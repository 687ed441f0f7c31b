/**
 * The database pool settings a spec states (src/conventions/pool.ts): they become the defaults of
 * the generated settings, each with the line that decided it; values that are not the database's,
 * or not plausible, do not.
 */
import { describe, expect, it } from "vitest";
import { POOL_FIELDS, type PoolField } from "../../src/conventions/vocabulary.js";
import { bodyLine, infer } from "./helpers.js";

const pool = (body: string[]) => {
  const { conventions, warnings } = infer(body);
  const values = Object.fromEntries(POOL_FIELDS.map((f) => [f, conventions[f].value]));
  const messages = warnings.map((w) => w.message);
  return {
    conventions,
    values,
    warnings: messages.filter((m) => /^\w+=\S+ from the spec/.test(m)),
  };
};

const DEFAULTS = {
  databasePoolSize: 20,
  databaseMaxOverflow: 0,
  databasePoolPrePing: null,
  databasePoolRecycle: 1800,
};

describe("pool settings stated by the spec", () => {
  it("are read from the engine call, each with its line", () => {
    const body = [
      "**SQLAlchemy Async Setup**:",
      "```python",
      "from sqlalchemy.ext.asyncio import create_async_engine",
      "",
      "engine = create_async_engine(",
      "    DATABASE_URL,",
      "    echo=DEBUG,",
      "    pool_size=25,",
      "    max_overflow=5,",
      "    pool_pre_ping=True,",
      "    pool_recycle=3600,  # one hour",
      ")",
      "```",
    ];
    const { conventions, values, warnings } = pool(body);
    expect(values).toEqual({
      databasePoolSize: 25,
      databaseMaxOverflow: 5,
      databasePoolPrePing: true,
      databasePoolRecycle: 3600,
    });
    const decided: [PoolField, string][] = [
      ["databasePoolSize", "pool_size=25"],
      ["databaseMaxOverflow", "max_overflow=5"],
      ["databasePoolPrePing", "pool_pre_ping=True"],
      ["databasePoolRecycle", "pool_recycle=3600"],
    ];
    for (const [field, needle] of decided) {
      expect(conventions[field]).toMatchObject({
        source: "spec",
        line: bodyLine(body, needle),
        evidence: expect.stringContaining(needle) as string,
      });
    }
    expect(warnings).toEqual([]);
  });

  it("are read from engine options, a settings class and an environment file", () => {
    expect(
      pool([
        "```python",
        'ENGINE_OPTIONS = {"pool_size": 15, "max_overflow": 5, "pool_pre_ping": False}',
        "engine = create_async_engine(settings.database_url, **ENGINE_OPTIONS)",
        "```",
      ]).values,
    ).toMatchObject({ databasePoolSize: 15, databaseMaxOverflow: 5, databasePoolPrePing: false });
    expect(
      pool([
        "```python",
        "class Settings(BaseSettings):",
        "    database_url: str",
        '    database_pool_size: int = Field(20, env="DATABASE_POOL_SIZE")',
        "    database_max_overflow: int = 30",
        "    db_pool_recycle_seconds: int = Field(default=900, ge=0)",
        "```",
      ]).values,
    ).toMatchObject({ databasePoolSize: 20, databaseMaxOverflow: 30, databasePoolRecycle: 900 });
    expect(
      pool(["```bash", "DATABASE_URL=postgresql://app@db/app", "DATABASE_POOL_SIZE=25", "```"])
        .values,
    ).toMatchObject({ databasePoolSize: 25 });
    expect(
      pool(["```yaml", "database:", "  url: postgresql://app@db/app", "  pool_size: 12", "```"])
        .values,
    ).toMatchObject({ databasePoolSize: 12 });
  });

  it("are read from a sentence about the database's connections", () => {
    const body = [
      "- **Connection pool sized for 2 uvicorn workers.** Default `pool_size=5, max_overflow=5` per worker is safe against `max_connections=50`.",
    ];
    expect(pool(body).values).toMatchObject({ databasePoolSize: 5, databaseMaxOverflow: 5 });
  });

  it("prefer the engine call to a sentence, and say which one is not applied", () => {
    const body = [
      "The database pool uses pool_size=8.",
      "```python",
      "engine = create_engine(url, pool_size=20)",
      "```",
    ];
    const { conventions, warnings } = pool(body);
    expect(conventions.databasePoolSize).toMatchObject({
      value: 20,
      line: bodyLine(body, "create_engine"),
    });
    expect(warnings).toEqual([
      `pool_size=8 from the spec is not applied: line ${bodyLine(body, "create_engine")} states pool_size=20, which applies`,
    ]);
  });

  it("take SQLAlchemy's -1 (never recycle) as the setting's 0", () => {
    expect(
      pool(["```python", "engine = create_async_engine(url, pool_recycle=-1)", "```"]).values
        .databasePoolRecycle,
    ).toBe(0);
  });
});

describe("pool settings that are not the database's, or not plausible", () => {
  it("ignore another client's pool", () => {
    const redis = pool([
      "```python",
      "redis_pool = redis.asyncio.ConnectionPool.from_url(",
      "    REDIS_URL,",
      "    pool_size=50,",
      ")",
      "cache = aioredis.from_url(REDIS_URL, max_overflow=3)",
      "```",
      "Redis keeps a pool_size=100 connection pool for the cache.",
      "```python",
      "REDIS_POOL_SIZE = 40",
      "redis_pool_size: int = 40",
      "```",
    ]);
    expect(redis.values).toEqual(DEFAULTS);
    expect(redis.warnings).toEqual([]);
  });

  it("ignore examples, questions, hedges and values that are expressions or references", () => {
    const { values } = pool([
      "<example>",
      "user: set create_engine(url, pool_size=99)",
      "</example>",
      "Should the database use pool_size=30?",
      "Consider a database pool_size=40 if needed.",
      "```python",
      "engine = create_async_engine(",
      "    url,",
      "    pool_size=settings.database_pool_size,",
      "    pool_recycle=60 * 60,",
      ")",
      "```",
    ]);
    expect(values).toEqual(DEFAULTS);
  });

  it("do not apply implausible values, and say so", () => {
    const body = [
      "```python",
      "engine = create_async_engine(",
      "    url,",
      "    pool_size=0,",
      "    max_overflow=-1,",
      "    pool_recycle=0,",
      "    pool_pre_ping=1,",
      ")",
      "```",
    ];
    const { values, warnings } = pool(body);
    expect(values).toEqual(DEFAULTS);
    expect(warnings).toEqual([
      "pool_size=0 from the spec is not applied (a pool holds 1 to 500 connections); DATABASE_POOL_SIZE defaults to 20",
      "max_overflow=-1 from the spec is not applied (the overflow is 0 to 500 connections; an unlimited one is not offered); DATABASE_MAX_OVERFLOW defaults to 0",
      "pool_recycle=0 from the spec is not applied (connections are recycled after 1 to 604800 seconds, or never (-1)); DATABASE_POOL_RECYCLE_SECONDS defaults to 1800",
      "pool_pre_ping=1 from the spec is not applied (pre-ping is true or false); DATABASE_POOL_PRE_PING defaults to unset (a ping with every driver but asyncpg)",
    ]);
  });

  it("do not apply a value nothing ties to the database, and say so", () => {
    const body = ["```python", "POOL_SIZE = 20", "pool = Pool(pool_size=20)", "```"];
    const { values, warnings } = pool(body);
    expect(values).toEqual(DEFAULTS);
    expect(warnings).toEqual([
      "POOL_SIZE=20 from the spec is not applied: nothing on its line ties it to the database's engine; DATABASE_POOL_SIZE defaults to 20",
      "pool_size=20 from the spec is not applied: nothing on its line ties it to the database's engine; DATABASE_POOL_SIZE defaults to 20",
    ]);
  });
});

/**
 * The database pool's settings a spec states: `pool_size=20` and `pool_pre_ping=True` in a
 * `create_async_engine(...)` call, `"pool_size": 20` in engine options, `database_pool_size: int =
 * 20` in a settings class, `DATABASE_POOL_SIZE=20` in an environment file, or `pool_size=5` in a
 * sentence about the database's connections. They become the defaults of the generated settings.
 *
 * A value counts only where it is about the database: the engine call (or options named for it),
 * a setting named for the database, a line that talks about the database. A pool of something else
 * (a Redis client, an HTTP client) is ignored; a value nothing ties to the database, or out of
 * bounds (a pool of 0), is not applied and says so in a warning.
 */
import type { SpecWarning } from "../agent-file/types.js";
import type { Segment } from "./context.js";
import {
  defaultValue,
  type ConventionValues,
  type Evidence,
  type PoolField,
} from "./vocabulary.js";

/** The spec's keyword (without a `database_` prefix) for each field, and the setting it is the default of. */
const KEYS: Readonly<Record<string, { field: PoolField; setting: string }>> = {
  pool_size: { field: "databasePoolSize", setting: "DATABASE_POOL_SIZE" },
  max_overflow: { field: "databaseMaxOverflow", setting: "DATABASE_MAX_OVERFLOW" },
  pool_pre_ping: { field: "databasePoolPrePing", setting: "DATABASE_POOL_PRE_PING" },
  pool_recycle: { field: "databasePoolRecycle", setting: "DATABASE_POOL_RECYCLE_SECONDS" },
};

/**
 * `pool_size=20`, `"pool_size": 20`, `database_pool_size: int = Field(default=20, …)`,
 * `DB_POOL_RECYCLE_SECONDS=3600`; not `redis_pool_size`, `max_pool_size`, `settings.pool_size`, nor a
 * value that is part of an expression (`60 * 60`).
 */
const MENTION =
  /(?<![\w.])(["']?)((?:database_|db_|sqlalchemy_)?)(pool_size|max_overflow|pool_pre_ping|pool_recycle)(?:_seconds)?\1\s*(?::\s*(?:int|bool|float)\s*)?[=:]\s*(?:(?:Field|field)\(\s*(?:default\s*=\s*)?)?(-?\d+|true|false)(?!\w|\.\d|\s*[-+*/%]\s*\w)/gi;

/** The functions that make a SQLAlchemy engine. */
const ENGINE_FACTORY =
  /^(?:[\w.]*\.)?(?:create_async_engine|create_engine|(?:async_)?engine_from_config)$/;

/** Words that tie a line or a code context to the database (`_` and `.` read as spaces). */
const DATABASE_WORDS =
  /\b(?:databases?|db|postgres(?:ql)?|mysql|mariadb|sqlite|sqlalchemy|sqlmodel|asyncpg|aiomysql|psycopg\d?|sessionmaker|orm)\b/i;

/** Words for a pool of connections in general: the database's unless another client is named. */
const POOL_WORDS = /\b(?:engines?|connection pools?|max connections)\b/i;

/** Words that say the pool belongs to something else: a cache, a broker, an HTTP client. */
const OTHER_POOLS =
  /\b(?:redis|aioredis|valkey|celery|kafka|rabbitmq|amqp|aio pika|pika|mongo(?:db)?|memcached?|elasticsearch|httpx|aiohttp|urllib3)\b/i;

/** `SQLALCHEMY_ENGINE_OPTIONS`, `max_connections` → words. */
const words = (text: string): string => text.replace(/[_.]/g, " ");

/** Where a mention stands: how surely it is the database's pool. */
type Tie = { kind: "database"; strength: number } | { kind: "other" } | { kind: "unclear" };

interface Found extends Evidence {
  field: PoolField;
  value: number | boolean;
  strength: number;
  index: number;
  named: string;
}

export interface PoolReading {
  /** The value each field takes from the spec, with the line that decided it. */
  decided: Partial<Record<PoolField, Evidence & { value: number | boolean }>>;
  warnings: SpecWarning[];
}

/** Read the pool settings a spec states (examples, questions and hedges do not count). */
export function readPoolSettings(segments: readonly Segment[]): PoolReading {
  const found: Found[] = [];
  const warnings: SpecWarning[] = [];
  const warned = new Set<string>();
  const warn = (segment: Segment, named: string, message: string): void => {
    const key = `${segment.line}|${named}`;
    if (warned.has(key)) return;
    warned.add(key);
    warnings.push({ line: segment.line, message });
  };
  for (const segment of segments) {
    if (segment.example !== null || segment.question || segment.hedge) continue;
    if (segment.region !== "body") continue;
    for (const match of segment.text.matchAll(MENTION)) {
      const prefix = (match[2] ?? "").toLowerCase();
      const key = (match[3] ?? "").toLowerCase();
      const raw = match[4] ?? "";
      const spec = KEYS[key];
      if (spec === undefined) continue;
      const named = `${match[2] ?? ""}${match[3] ?? ""}`;
      const tie: Tie =
        prefix !== "" ? { kind: "database", strength: 3 } : tieOf(segment, match.index);
      if (tie.kind === "other") continue;
      const shown = `${named}=${raw}`;
      const fallback = defaultShown(spec.field);
      if (tie.kind === "unclear") {
        warn(
          segment,
          named,
          `${shown} from the spec is not applied: nothing on its line ties it to the database's engine; ${spec.setting} defaults to ${fallback}`,
        );
        continue;
      }
      const value = parseValue(spec.field, raw);
      if (typeof value === "string") {
        warn(
          segment,
          named,
          `${shown} from the spec is not applied (${value}); ${spec.setting} defaults to ${fallback}`,
        );
        continue;
      }
      found.push({
        field: spec.field,
        value,
        strength: tie.strength,
        index: segment.index,
        line: segment.line,
        evidence: segment.evidence,
        named: shown,
      });
    }
  }
  const decided: PoolReading["decided"] = {};
  for (const field of Object.values(KEYS).map((k) => k.field)) {
    const own = found.filter((f) => f.field === field);
    const best = [...own].sort((a, b) => b.strength - a.strength || a.index - b.index)[0];
    if (best === undefined) continue;
    decided[field] = { value: best.value, line: best.line, evidence: best.evidence };
    for (const other of own) {
      if (other.value === best.value) continue;
      warnings.push({
        line: other.line,
        message: `${other.named} from the spec is not applied: line ${best.line} states ${best.named}, which applies`,
      });
    }
  }
  return { decided, warnings: warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** The field's value, or why it is refused. */
function parseValue(field: PoolField, raw: string): number | boolean | string {
  const lower = raw.toLowerCase();
  if (field === "databasePoolPrePing") {
    return lower === "true" ? true : lower === "false" ? false : "pre-ping is true or false";
  }
  if (lower === "true" || lower === "false") return "a number of connections or seconds";
  const n = Number(raw);
  if (field === "databasePoolSize") {
    return n >= 1 && n <= MAX_CONNECTIONS ? n : `a pool holds 1 to ${MAX_CONNECTIONS} connections`;
  }
  if (field === "databaseMaxOverflow") {
    return n >= 0 && n <= MAX_CONNECTIONS
      ? n
      : `the overflow is 0 to ${MAX_CONNECTIONS} connections; an unlimited one is not offered`;
  }
  // SQLAlchemy's -1 is "never", the setting's 0; its 0 would replace every connection at checkout
  if (n === -1) return 0;
  return n >= 1 && n <= MAX_RECYCLE_SECONDS
    ? n
    : `connections are recycled after 1 to ${MAX_RECYCLE_SECONDS} seconds, or never (-1)`;
}

/** More connections per worker than any database server allows by default is a mistake. */
const MAX_CONNECTIONS = 500;
/** A week. */
const MAX_RECYCLE_SECONDS = 604_800;

function defaultShown(field: PoolField): string {
  const value = defaultValue(field, {} as Partial<ConventionValues>);
  return value === null ? "unset (a ping with every driver but asyncpg)" : String(value);
}

/** How a mention without a `database_` prefix is tied to the database. */
function tieOf(segment: Segment, index: number): Tie {
  if (segment.kind !== "code") {
    const text = words(segment.evidence);
    const other = OTHER_POOLS.test(text);
    const database = DATABASE_WORDS.test(text);
    if (other) return database ? { kind: "unclear" } : { kind: "other" };
    return database || POOL_WORDS.test(text)
      ? { kind: "database", strength: 1 }
      : { kind: "unclear" };
  }
  const { callees, names } = codeContext(segment, index);
  if (callees.some((name) => ENGINE_FACTORY.test(name))) return { kind: "database", strength: 3 };
  const context = words([...callees, ...names].join(" "));
  if (OTHER_POOLS.test(context)) return { kind: "other" };
  if (DATABASE_WORDS.test(context) || POOL_WORDS.test(context)) {
    return { kind: "database", strength: 2 };
  }
  return { kind: "unclear" };
}

/**
 * What encloses a position in a code block: the functions whose call it is an argument of
 * (innermost first), and the names the enclosing statement is assigned to or, outside any bracket,
 * the keys it is nested under (`database:` in YAML).
 */
function codeContext(segment: Segment, index: number): { callees: string[]; names: string[] } {
  const block = segment.block ?? [segment.text];
  const at = segment.block === null ? 0 : segment.blockLine;
  // (bounded: a call or a YAML section spans a few lines; a huge block costs each mention little)
  const lines = [
    ...block.slice(Math.max(0, at - CONTEXT_LINES), at).map(withoutComment),
    segment.text.slice(Math.max(0, index - CONTEXT_CHARS), index),
  ];
  const callees: string[] = [];
  const names: string[] = [];
  let depth = 0;
  let outermost: { line: number; column: number } | null = null;
  for (let l = lines.length - 1; l >= 0; l--) {
    const text = lines[l] ?? "";
    for (let i = text.length - 1; i >= 0; i--) {
      const ch = text[i];
      if (ch === ")" || ch === "]" || ch === "}") depth++;
      else if (ch === "(" || ch === "[" || ch === "{") {
        if (depth > 0) {
          depth--;
          continue;
        }
        const before = text.slice(Math.max(0, i - CONTEXT_CHARS), i);
        const callee = /([A-Za-z_][\w.]*)\s*$/.exec(before)?.[1];
        if (callee !== undefined && ch === "(") callees.push(callee);
        outermost = { line: l, column: i };
      }
    }
  }
  if (outermost !== null) {
    const head = (lines[outermost.line] ?? "").slice(
      Math.max(0, outermost.column - CONTEXT_CHARS),
      outermost.column,
    );
    const target = /([A-Za-z_][\w.]*)\s*(?::\s*[\w.[\], ]+)?\s*=\s*(?:[\w.]+\s*)?$/.exec(head)?.[1];
    if (target !== undefined) names.push(target);
    const key = /["']?([\w-]+)["']?\s*:\s*(?:[\w.]+\s*)?$/.exec(head)?.[1];
    if (key !== undefined) names.push(key);
    return { callees, names };
  }
  // outside brackets: the keys of the lines it is nested under (YAML, TOML tables)
  let indent = indentOf(segment.text);
  for (let l = lines.length - 2; l >= 0 && indent > 0; l--) {
    const text = lines[l] ?? "";
    if (text.trim() === "" || indentOf(text) >= indent) continue;
    indent = indentOf(text);
    const key = /^\s*["']?([\w.-]+)["']?\s*:/.exec(text)?.[1];
    if (key !== undefined) names.push(key);
  }
  const table = lines
    .slice(0, -1)
    .reverse()
    .find((text) => /^\s*\[[\w.-]+\]\s*$/.test(text));
  if (table !== undefined) names.push(table.trim());
  return { callees, names };
}

/** How far back a mention's code context is read: lines of its block, characters of a line. */
const CONTEXT_LINES = 200;
const CONTEXT_CHARS = 200;

function withoutComment(text: string): string {
  const line = text.slice(0, CONTEXT_CHARS * 10);
  const match = /(?:^|\s)#/.exec(line);
  return match === null ? line : line.slice(0, match.index);
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/**
 * Python dependencies of a generated project, as data: each row says when it is needed.
 * Lower bounds are the oldest releases the generated code is tested against.
 */
import type { ConventionValues } from "../conventions/vocabulary.js";

export interface Dependencies {
  runtime: string[];
  dev: string[];
  /** The image the Dockerfile copies uv from. */
  uvImage: string;
}

interface Row {
  requirement: string;
  group: "runtime" | "dev";
  when?: (c: ConventionValues) => boolean;
}

const ROWS: Row[] = [
  { requirement: "fastapi[standard]>=0.115.4", group: "runtime" },
  { requirement: "pydantic>=2.7", group: "runtime" },
  { requirement: "pydantic-settings>=2.3", group: "runtime" },
  { requirement: "sqlalchemy[asyncio]>=2.0.50", group: "runtime" },
  { requirement: "sqlmodel>=0.0.25", group: "runtime", when: (c) => c.orm === "sqlmodel" },
  { requirement: "alembic>=1.16.3", group: "runtime", when: (c) => c.migrations === "alembic" },
  { requirement: "aiosqlite>=0.20", group: "runtime" },
  { requirement: "asyncpg>=0.29", group: "runtime", when: (c) => c.database === "postgresql" },
  { requirement: "aiomysql>=0.2", group: "runtime", when: (c) => c.database === "mysql" },
  { requirement: "pyjwt>=2.8", group: "runtime", when: (c) => c.auth === "jwt" },
  // Public keys (RS*, ES*) need `cryptography`; the JWKS is fetched with httpx.
  { requirement: "pyjwt[crypto]>=2.10", group: "runtime", when: (c) => c.auth === "jwt-verify" },
  { requirement: "httpx>=0.28.1", group: "runtime", when: (c) => c.auth === "jwt-verify" },
  {
    requirement: "bcrypt>=4.1",
    group: "runtime",
    when: (c) => c.auth === "jwt" && c.passwordHashing === "bcrypt",
  },
  {
    requirement: "argon2-cffi>=23.1",
    group: "runtime",
    when: (c) => c.auth === "jwt" && c.passwordHashing === "argon2",
  },
  { requirement: "email-validator>=2.1", group: "runtime", when: (c) => c.auth === "jwt" },
  // 5.0.1: the asyncio client's aclose()
  { requirement: "redis>=5.0.1", group: "runtime", when: (c) => c.redis },
  { requirement: "pytest>=8.4", group: "dev" },
  { requirement: "pytest-asyncio>=1.0", group: "dev" },
  { requirement: "pytest-cov>=5.0", group: "dev" },
  { requirement: "httpx>=0.28.1", group: "dev", when: (c) => c.auth !== "jwt-verify" },
  { requirement: "mypy>=1.11", group: "dev" },
  { requirement: "ruff>=0.12", group: "dev" },
  // Writes uv.lock, from which the image installs exactly the tested versions.
  { requirement: "uv>=0.13", group: "dev" },
];

/** The uv the Dockerfile's build stage copies in (its minor version; the lock format is stable). */
const UV_IMAGE = "ghcr.io/astral-sh/uv:0.13";

export function dependencies(c: ConventionValues): Dependencies {
  const pick = (group: Row["group"]) =>
    ROWS.filter((r) => r.group === group && (r.when?.(c) ?? true)).map((r) => r.requirement);
  return { runtime: pick("runtime"), dev: pick("dev"), uvImage: UV_IMAGE };
}

/**
 * The database pool settings of a generated project: their defaults follow what the spec states
 * for its engine (conventions → plan → templates), and are the usual ones otherwise.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inferConventions } from "../../src/conventions/infer.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { inferFromFile, type Inferred } from "../../src/pipeline.js";
import { buildPlan } from "../../src/plan/plan.js";
import { renderProject } from "../../src/render/render.js";
import { specOf } from "../conventions/helpers.js";
import { EXAMPLES } from "../helpers/paths.js";

async function render(inferred: Inferred): Promise<Map<string, string>> {
  const answers = resolveAnswers({
    conventions: inferred.conventions,
    explicit: { projectName: "shop" },
  }).answers;
  const files = await renderProject(buildPlan(inferred, answers));
  return new Map(files.map((f) => [f.path, f.contents]));
}

function fromBody(body: string[]): Inferred {
  const spec = specOf(body);
  const { conventions, warnings } = inferConventions(spec);
  return { spec, conventions, warnings };
}

describe("database pool settings", { timeout: 60_000 }, () => {
  it("default to what the spec's engine states", async () => {
    const files = await render(
      fromBody([
        "Build an orders API on PostgreSQL with SQLAlchemy.",
        "```python",
        "engine = create_async_engine(",
        "    DATABASE_URL,",
        "    pool_size=25,",
        "    max_overflow=5,",
        "    pool_pre_ping=True,",
        "    pool_recycle=3600,",
        ")",
        "```",
      ]),
    );
    const config = files.get("shop/core/config.py")!;
    expect(config).toContain("database_pool_size: int = Field(default=25, ge=1)");
    expect(config).toContain("database_max_overflow: int = Field(default=5, ge=0)");
    expect(config).toContain("database_pool_recycle_seconds: int = Field(default=3600, ge=0)");
    expect(config).toContain("database_pool_pre_ping: bool | None = True");
    const env = files.get(".env.example")!;
    expect(env).toMatch(/^DATABASE_POOL_SIZE=25$/m);
    expect(env).toMatch(/^DATABASE_MAX_OVERFLOW=5$/m);
    expect(env).toMatch(/^DATABASE_POOL_RECYCLE_SECONDS=3600$/m);
    expect(env).toMatch(/^DATABASE_POOL_PRE_PING=true$/m);
    const readme = files.get("README.md")!;
    expect(readme).toContain("`DATABASE_POOL_SIZE` (25)");
    expect(readme).toContain("`DATABASE_POOL_RECYCLE_SECONDS` (3600");
    expect(readme).toContain("`DATABASE_POOL_PRE_PING` (true)");
    const main = files.get("shop/main.py")!;
    expect(main).toContain("pool_recycle=settings.database_pool_recycle_seconds");
    expect(main).toContain("pre_ping=settings.database_pool_pre_ping");
  });

  it("are the usual ones when the spec states none", async () => {
    const files = await render(inferFromFile(path.join(EXAMPLES, "todo-api-engineer.md")));
    const config = files.get("shop/core/config.py")!;
    expect(config).toContain("database_pool_size: int = Field(default=20, ge=1)");
    expect(config).toContain("database_max_overflow: int = Field(default=0, ge=0)");
    expect(config).toContain("database_pool_recycle_seconds: int = Field(default=1800, ge=0)");
    expect(config).toContain("database_pool_pre_ping: bool | None = None");
    const env = files.get(".env.example")!;
    expect(env).toMatch(/^DATABASE_POOL_RECYCLE_SECONDS=1800$/m);
    expect(env).toMatch(/^# DATABASE_POOL_PRE_PING=true$/m);
    expect(env).not.toMatch(/^DATABASE_POOL_PRE_PING=/m);
    expect(files.get("README.md")).toContain("`DATABASE_POOL_PRE_PING=true` pings with");
  });
});

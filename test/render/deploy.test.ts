/**
 * What a deployed app meets: one ServiceUnavailableError (database, identity provider, Redis all
 * answer through it, with Retry-After), one builder of the rate limiters that main.py uses with
 * and without --redis, a pool timeout answered 503, and a readiness probe that checks Redis.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Answers } from "../../src/options/answers.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { inferFromFile } from "../../src/pipeline.js";
import { buildPlan } from "../../src/plan/plan.js";
import { renderProject } from "../../src/render/render.js";
import { EXAMPLES } from "../helpers/paths.js";

async function render(example: string, explicit: Partial<Answers>): Promise<Map<string, string>> {
  const inferred = inferFromFile(path.join(EXAMPLES, `${example}.md`));
  const answers = resolveAnswers({ conventions: inferred.conventions, explicit }).answers;
  const files = await renderProject(buildPlan(inferred, answers));
  return new Map(files.map((f) => [f.path, f.contents.toString()]));
}

const find = (files: Map<string, string>, suffix: string): string => {
  const hit = [...files].find(([file]) => file.endsWith(suffix) && !file.startsWith("tests/"));
  expect(hit, suffix).toBeDefined();
  return hit![1];
};

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe("503s and rate limiters in the generated app", { timeout: 60_000 }, () => {
  const variants: [string, string, Partial<Answers>][] = [
    ["redis", "todo-api-engineer", { rateLimiting: true, redis: true }],
    ["in-process limits", "todo-api-engineer", { rateLimiting: true, redis: false }],
    ["no limits", "todo-api-engineer", { rateLimiting: false }],
    ["jwt-verify", "notes-flat-sqlmodel", {}],
    ["detail errors", "todo-api-engineer", { errorFormat: "detail", redis: true }],
  ];

  for (const [label, example, explicit] of variants) {
    it(`${label}: one ServiceUnavailableError, which every 503 goes through`, async () => {
      const files = await render(example, explicit);
      const errors = find(files, "errors.py");
      expect(count(errors, /^class ServiceUnavailableError\(/gm)).toBe(1);
      expect(errors).toContain('headers={"Retry-After": RETRY_AFTER_SECONDS}');
      // the database handler builds no 503 of its own
      expect(errors).toContain("ServiceUnavailableError(");
      expect(count(errors, /HTTP_503_SERVICE_UNAVAILABLE/g)).toBe(1);
      expect(errors).not.toMatch(/error_response\(\s*503/);
      // every API route documents the 503 it can answer
      expect(errors).toMatch(/^ERROR_RESPONSES = error_responses\([\d, ]*\b503\)$/m);
    });
  }

  it("main.py builds the rate limiters with rate_limit.py's builder, with and without Redis", async () => {
    for (const redis of [true, false]) {
      const files = await render("todo-api-engineer", { rateLimiting: true, redis });
      const main = find(files, "main.py");
      expect(main, `redis ${redis}`).toContain(
        "from todo_api.core.rate_limit import build_rate_limiters",
      );
      expect(count(main, /build_rate_limiters\(settings/g)).toBe(1);
      expect(main).not.toMatch(/FixedWindowRateLimiter|parse_rate_limit|rate_limit_login/);
      expect(find(files, "core/rate_limit.py")).toMatch(/^def build_rate_limiters\(/m);
    }
  });

  it("the pool timeout is a setting; a pool that times out is a 503, not a 500", async () => {
    const files = await render("todo-api-engineer", {});
    expect(find(files, "config.py")).toContain(
      "database_pool_timeout_seconds: float = Field(default=10, gt=0)",
    );
    expect(find(files, "main.py")).toContain("pool_timeout=settings.database_pool_timeout_seconds");
    expect(files.get(".env.example")).toMatch(/^DATABASE_POOL_TIMEOUT_SECONDS=10$/m);
    const errors = find(files, "errors.py");
    expect(errors).toContain("from sqlalchemy.exc import TimeoutError as PoolTimeoutError");
    expect(errors).toMatch(/^DATABASE_ERRORS = \(DBAPIError, PoolTimeoutError, /m);
    expect(files.get("tests/test_errors.py")).toContain(
      "async def test_an_exhausted_pool_is_a_prompt_503_logged_as_a_warning(",
    );
  });

  it("with --redis, /health/ready pings Redis and names it in its 503; without, it does not", async () => {
    const withRedis = await render("todo-api-engineer", { rateLimiting: true, redis: true });
    const health = find(withRedis, "routers/health.py");
    expect(health).toContain(
      "async def redis_answers(redis: Redis | None, timeout: float) -> bool:",
    );
    expect(health).toContain('return {"status": "redis unavailable"}');
    expect(find(withRedis, "main.py")).toContain("application.state.redis = redis");
    expect(withRedis.get("tests/test_health.py")).toContain(
      "async def test_readiness_checks_redis(",
    );
    expect(withRedis.get("README.md")).toContain('`{"status": "redis unavailable"}`');
    const without = await render("todo-api-engineer", { rateLimiting: true, redis: false });
    expect(find(without, "routers/health.py")).not.toMatch(/redis/i);
  });

  it("the start command checks the settings before uvicorn starts its workers", async () => {
    const alembic = await render("todo-api-engineer", {});
    expect(alembic.get("Dockerfile")).toContain(
      '"alembic upgrade head && exec uvicorn todo_api.main:app --host 0.0.0.0',
    );
    expect(alembic.get("README.md")).toContain(
      "export ENVIRONMENT=production\nalembic upgrade head && uvicorn todo_api.main:app",
    );
    expect(find(alembic, "config.py")).not.toContain('if __name__ == "__main__":');
    const none = await render("notes-flat-sqlmodel", { migrations: "none" });
    expect(none.get("Dockerfile")).toContain(
      '"python -m note_api.config && exec uvicorn note_api.main:app --host 0.0.0.0',
    );
    expect(none.get("README.md")).toContain(
      "export ENVIRONMENT=production\npython -m note_api.config && uvicorn note_api.main:app",
    );
    expect(find(none, "config.py")).toMatch(
      /^if __name__ == "__main__":\n(?: {4}#.*\n)* {4}get_settings\(\)$/m,
    );
    expect(none.get("tests/test_settings.py")).toContain(
      "def test_the_start_commands_check_stops_on_invalid_settings(",
    );
  });
});

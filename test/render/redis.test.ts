/**
 * `--redis`: what it adds to a rate-limited project (the Redis limiter, its dependency, its
 * settings, a compose service, docs), and that a project without it carries none of it.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Answers } from "../../src/options/answers.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { inferFromFile } from "../../src/pipeline.js";
import { buildPlan } from "../../src/plan/plan.js";
import { renderProject } from "../../src/render/render.js";
import { EXAMPLES } from "../helpers/paths.js";

async function render(explicit: Partial<Answers>): Promise<Map<string, string>> {
  const inferred = inferFromFile(path.join(EXAMPLES, "todo-api-engineer.md"));
  const answers = resolveAnswers({ conventions: inferred.conventions, explicit }).answers;
  const files = await renderProject(buildPlan(inferred, answers));
  return new Map(files.map((f) => [f.path, f.contents]));
}

describe("--redis", { timeout: 60_000 }, () => {
  it("adds the Redis limiter, its dependency, settings, compose service and docs", async () => {
    const files = await render({ rateLimiting: true, redis: true });
    expect(files.get("pyproject.toml")).toContain('"redis>=5.0.1"');
    const limiter = files.get("todo_api/core/rate_limit.py")!;
    expect(limiter).toContain("class RedisFixedWindowRateLimiter");
    expect(limiter).toContain("from redis.asyncio import Redis");
    expect(files.get("todo_api/core/config.py")).toContain("redis_url: str | None = None");
    expect(files.get("todo_api/core/config.py")).toContain("REDIS_URL is required in production");
    expect(files.get("todo_api/main.py")).toContain("await redis.aclose()");
    expect(files.get(".env.example")).toMatch(/^# REDIS_URL=redis:\/\//m);
    const compose = files.get("compose.yaml")!;
    expect(compose).toContain("REDIS_URL: redis://redis:6379/0");
    expect(compose).toMatch(/^ {2}redis:\n {4}image: redis:/m);
    expect(compose).toContain('test: ["CMD", "redis-cli", "ping"]');
    const readme = files.get("README.md")!;
    expect(readme).toContain("## Rate limiting");
    expect(readme).toContain("counters live in Redis");
    expect(readme).toContain("fail\nclosed");
    expect(readme).toContain("TEST_REDIS_URL");
    expect(files.get("CLAUDE.md")).toContain("- rate limiting: `todo_api/core/rate_limit.py`");
    expect(files.get("tests/test_rate_limit.py")).toContain("TEST_REDIS_URL");
  });

  it("leaves a rate-limited project without it free of Redis", async () => {
    const files = await render({ rateLimiting: true, redis: false });
    for (const [file, text] of files) {
      if (file.startsWith(".claude/")) continue;
      expect(text, file).not.toMatch(/\bfrom redis\b|\bimport redis\b|REDIS_URL|"redis>=|\bredis:/);
    }
    expect(files.get("README.md")).toContain("The counters live in each worker process");
    expect(files.get("todo_api/core/rate_limit.py")).toContain("async def hit(");
  });

  it("is off, with nothing of it generated, when rate limiting is off", async () => {
    const files = await render({ rateLimiting: false });
    expect(files.has("todo_api/core/rate_limit.py")).toBe(false);
    expect(files.get("README.md")).not.toContain("## Rate limiting");
    expect(files.get("compose.yaml")).not.toContain("redis");
  });
});

/**
 * `redis`: on only where the spec chooses Redis for this service (rate-limit counters shared by
 * every worker), not where it merely names it. It needs rate limiting: without it, it is ignored
 * with a warning.
 */
import { describe, expect, it } from "vitest";
import { bodyLine, infer } from "./helpers.js";

const LIMITED = "Rate limit the login endpoint.";

describe("redis: chosen", () => {
  const chosen: [string, string[]][] = [
    [
      "prose: Redis for rate limiting",
      ["Use Redis for rate limiting so every worker shares one counter."],
    ],
    ["prose: Redis-backed", ["Login attempts go through a Redis-backed limiter."]],
    ["prose: counters in Redis", ["Keep the throttling counters in Redis."]],
    ["prose: Redis for sessions", ["We use Redis for caching and sessions."]],
    ["a dependency list", ["```toml", 'dependencies = ["fastapi>=0.115", "redis>=5.0"]', "```"]],
    ["pip install", ["```bash", "pip install fastapi sqlalchemy redis", "```"]],
    ["redis.asyncio in code", ["```python", "import redis.asyncio as redis", "```"]],
    ["aioredis in code", ["```python", "pool = aioredis.from_url(url)", "```"]],
    [
      "REDIS_URL in an env block",
      ["```env", "DATABASE_URL=postgresql://db/app", "REDIS_URL=redis://cache:6379/0", "```"],
    ],
  ];
  for (const [name, lines] of chosen) {
    it(name, () => {
      const body = [LIMITED, "", ...lines];
      const { conventions, warnings } = infer(body);
      const evidence = lines.find((l) => /redis/i.test(l))!;
      expect(conventions.redis).toMatchObject({
        value: true,
        source: "spec",
        line: bodyLine(body, evidence),
        evidence: evidence.trim(),
      });
      expect(warnings).toEqual([]);
    });
  }
});

describe("redis: mentioned, not chosen", () => {
  const mentioned: [string, string[]][] = [
    ["avoid Redis", ["Avoid Redis: the service must run on the database alone."]],
    ["no Redis", ["No Redis and no message broker."]],
    ["don't use Redis for rate limiting", ["Don't use Redis for rate limiting."]],
    ["Redis if needed later", ["Redis if needed later."]],
    ["we could use Redis later", ["We could use Redis for caching later."]],
    [
      "a list of known technologies",
      ["You are an expert in FastAPI, PostgreSQL, Redis, Docker and Kubernetes."],
    ],
    ["experience using Redis", ["You have experience using Redis and Celery."]],
    [
      "a catalogue of alternatives",
      ["You build background task systems using Redis, Celery, or FastAPI background tasks."],
    ],
    ["a question", ["Should we use Redis for rate limiting?"]],
    ["a consideration", ["Consider Redis for caching if needed."]],
  ];
  for (const [name, lines] of mentioned) {
    it(name, () => {
      const { conventions } = infer([LIMITED, "", ...lines]);
      expect(conventions.redis.value).toBe(false);
      expect(conventions.rateLimiting.value).toBe(true);
    });
  }

  it("a negated choice is evidence for false", () => {
    const { conventions } = infer([LIMITED, "Never use Redis for rate limiting."]);
    expect(conventions.redis).toMatchObject({ value: false, source: "spec" });
  });
});

describe("redis without rate limiting", () => {
  it("is ignored with a warning naming the line", () => {
    const body = ["Use Redis for caching."];
    const { conventions, warnings } = infer(body);
    expect(conventions.rateLimiting.value).toBe(false);
    expect(conventions.redis).toMatchObject({ value: false, source: "default" });
    expect(warnings).toEqual([
      {
        line: bodyLine(body, "Redis"),
        message: "redis (true) is ignored: the project has no rate limiting",
      },
    ]);
  });
});

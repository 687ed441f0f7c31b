import { describe, expect, it } from "vitest";
import {
  defaultConventions,
  POOL_FIELDS,
  type Conventions,
  type Decided,
} from "../../src/conventions/vocabulary.js";
import { OPTIONS } from "../../src/options/definitions.js";
import { conventionValues } from "../../src/options/overrides.js";
import { AnswersError, resolveAnswers } from "../../src/options/resolve.js";

function fromSpec<T>(value: T, line: number, evidence: string): Decided<T> {
  return { value, source: "spec", line, evidence };
}

function conventions(overrides: Partial<Conventions> = {}): Conventions {
  return { ...defaultConventions(), ...overrides };
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof AnswersError) return error.problems;
    throw error;
  }
  throw new Error("expected an AnswersError");
}

describe("resolveAnswers", () => {
  it("takes inferred values when nothing else is given, with the line as the reason", () => {
    const c = conventions({ orm: fromSpec("sqlmodel", 12, "We use SQLModel everywhere") });
    const { answers, origin, reasons } = resolveAnswers({ conventions: c });
    expect(answers.orm).toBe("sqlmodel");
    expect(origin.orm).toBe("default");
    expect(reasons.orm).toBe("from line 12: We use SQLModel everywhere");
  });

  it("prefers explicit over prompted over stored over inferred", () => {
    const c = conventions({ orm: fromSpec("sqlmodel", 3, "SQLModel") });
    expect(resolveAnswers({ conventions: c, stored: { orm: "sqlalchemy" } }).answers.orm).toBe(
      "sqlalchemy",
    );
    expect(
      resolveAnswers({
        conventions: c,
        stored: { database: "mysql" },
        prompted: { database: "sqlite" },
      }).answers.database,
    ).toBe("sqlite");
    expect(
      resolveAnswers({
        conventions: c,
        prompted: { database: "sqlite" },
        explicit: { database: "mysql" },
      }).answers.database,
    ).toBe("mysql");
  });

  it("rejects refresh tokens without jwt, naming both options", () => {
    const problems = problemsOf(() =>
      resolveAnswers({
        conventions: conventions(),
        explicit: { auth: "jwt-verify", refreshTokens: true },
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("--refresh-tokens");
    expect(problems[0]).toContain("--auth jwt");
    expect(problems[0]).toContain("jwt-verify");
  });

  it("turns inferred dependent features off quietly when an explicit choice rules them out", () => {
    const c = conventions({
      refreshTokens: fromSpec(true, 40, "rotate refresh tokens"),
      rbac: fromSpec(true, 41, "admins only"),
    });
    const { answers, origin } = resolveAnswers({ conventions: c, explicit: { auth: "none" } });
    expect(answers.refreshTokens).toBe(false);
    expect(answers.rbac).toBe(false);
    expect(answers.userIsolation).toBe(false);
    expect(origin.refreshTokens).toBe("off");
  });

  it("rejects --redis without rate limiting, naming both options", () => {
    const problems = problemsOf(() =>
      resolveAnswers({ conventions: conventions(), explicit: { redis: true } }),
    );
    expect(problems).toEqual(["--redis clashes: --redis needs --rate-limiting"]);
    const on = resolveAnswers({
      conventions: conventions(),
      explicit: { rateLimiting: true, redis: true },
    });
    expect(on.answers.redis).toBe(true);
  });

  it("turns an inferred or stored redis off when rate limiting is off", () => {
    const c = conventions({
      rateLimiting: fromSpec(true, 30, "rate limit logins"),
      redis: fromSpec(true, 31, "Use Redis for rate limiting"),
    });
    expect(resolveAnswers({ conventions: c }).answers.redis).toBe(true);
    const off = resolveAnswers({ conventions: c, explicit: { rateLimiting: false } });
    expect(off.answers.redis).toBe(false);
    expect(off.origin.redis).toBe("off");
    const stored = resolveAnswers({
      conventions: conventions(),
      stored: { rateLimiting: false, redis: true },
    });
    expect(stored.answers.redis).toBe(false);
  });

  it("never generates Redis without rate limiting, whatever the answers say", () => {
    const { answers } = resolveAnswers({ conventions: conventions() });
    const c = conventions();
    expect(conventionValues(c, { ...answers, rateLimiting: false, redis: true }).redis).toBe(false);
    expect(conventionValues(c, { ...answers, rateLimiting: true, redis: true }).redis).toBe(true);
  });

  it("derives the layer set from the chosen layout unless it is the one the spec described", () => {
    const c = conventions({
      layout: fromSpec("flat", 5, "models.py, schemas.py"),
      layers: fromSpec(
        { routers: "routes", services: false, dataAccess: "none" as const },
        6,
        "routes/",
      ),
    });
    expect(resolveAnswers({ conventions: c }).answers.routersDir).toBe("routes");
    const versioned = resolveAnswers({ conventions: c, explicit: { layout: "versioned" } }).answers;
    expect(versioned.routersDir).toBe("api/v1/endpoints");
    expect(versioned.dataAccess).toBe("crud");
  });

  it("recomputes the list envelope when the pagination changes to one the envelope cannot describe", () => {
    const c = conventions({
      pagination: fromSpec("skip-limit" as const, 8, "?skip=0&limit=10"),
      paginationEnvelope: fromSpec(
        ["items", "total", "skip", "limit", "has_more"],
        9,
        "class Page",
      ),
    });
    expect(resolveAnswers({ conventions: c }).answers.paginationEnvelope).toEqual([
      "items",
      "total",
      "skip",
      "limit",
      "has_more",
    ]);
    expect(
      resolveAnswers({ conventions: c, explicit: { pagination: "cursor" } }).answers
        .paginationEnvelope,
    ).toEqual(["items", "next_cursor"]);
  });

  it("rejects an explicit envelope that does not fit the pagination", () => {
    const problems = problemsOf(() =>
      resolveAnswers({
        conventions: conventions(),
        explicit: { pagination: "cursor", paginationEnvelope: ["items", "total", "offset"] },
      }),
    );
    expect(problems.join("\n")).toMatch(
      /--pagination-envelope .*offset.*clashes with --pagination cursor/,
    );
  });

  it("refuses package names that are keywords or shadow modules, and reserved resource names", () => {
    expect(
      problemsOf(() =>
        resolveAnswers({ conventions: conventions(), explicit: { packageName: "class" } }),
      )[0],
    ).toMatch(/keyword/);
    expect(
      problemsOf(() =>
        resolveAnswers({ conventions: conventions(), explicit: { packageName: "typing" } }),
      )[0],
    ).toMatch(/shadow/);
    expect(
      problemsOf(() =>
        resolveAnswers({ conventions: conventions(), explicit: { sampleResource: "users" } }),
      )[0],
    ).toMatch(/used by the generated project/);
  });

  it("names the project after the sample resource and the package after the project", () => {
    const c = conventions({ sampleResource: fromSpec("todo", 2, "todo list") });
    const { answers } = resolveAnswers({ conventions: c });
    expect(answers.sampleResource).toBe("todos");
    expect(answers.projectName).toBe("todo-api");
    expect(answers.packageName).toBe("todo_api");
    expect(
      resolveAnswers({ conventions: c, explicit: { projectName: "shop-backend" } }).answers
        .packageName,
    ).toBe("shop_backend");
  });

  it("takes the package the spec's code imports from, unless it cannot be a package here", () => {
    const app = conventions({
      packageRoot: fromSpec("app", 40, "from app.core.config import settings"),
    });
    const resolved = resolveAnswers({ conventions: app });
    expect(resolved.answers.packageName).toBe("app");
    expect(resolved.reasons.packageName).toMatch(/imports from: from line 40: from app\.core/);
    expect(
      resolveAnswers({ conventions: app, explicit: { packageName: "shop" } }).answers.packageName,
    ).toBe("shop");
    for (const unusable of ["class", "typing"]) {
      const c = conventions({
        packageRoot: fromSpec(unusable, 3, `from ${unusable}.api import x`),
      });
      expect(resolveAnswers({ conventions: c }).answers.packageName).toBe("item_api");
    }
  });

  it("reports every problem at once, stored ones named as coming from .yo-rc.json", () => {
    const problems = problemsOf(() =>
      resolveAnswers({
        conventions: conventions(),
        stored: { orm: "django" as never },
        explicit: { apiPrefix: "api/v1/" },
      }),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^\.yo-rc\.json: --orm must be one of sqlalchemy, sqlmodel/);
    expect(problems[1]).toMatch(/--api-prefix "api\/v1\/" is not valid/);
  });
});

describe("option definitions", () => {
  it("have unique keys and kebab-case flags", () => {
    const keys = OPTIONS.map((o) => o.key);
    const flags = OPTIONS.map((o) => o.flag);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(flags).size).toBe(flags.length);
    for (const flag of flags) expect(flag).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it("cover every vocabulary field a user can choose", () => {
    const covered = new Set(OPTIONS.flatMap((o) => ("field" in o ? [o.field] : [])));
    // jwtLibrary: reported by explain, but projects always use PyJWT (plan/substitutions.ts).
    // packageRoot: the default of packageName, which is the option.
    // the pool fields: defaults of the generated settings, which the environment overrides.
    const fromSpecOnly = new Set([
      "name",
      "agentMemory",
      "jwtLibrary",
      "packageRoot",
      ...POOL_FIELDS,
    ]);
    for (const field of Object.keys(defaultConventions())) {
      if (!fromSpecOnly.has(field)) expect(covered, field).toContain(field);
    }
  });
});

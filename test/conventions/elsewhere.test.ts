/**
 * What belongs to another system (issue 13): tokens another service issues (`jwt-verify`), a
 * schema another service migrates (`migrations: none`), and trees whose packages sit beside
 * single modules. Each phrasing as prose and as a list item, with the line that decides it, and
 * its negation.
 */
import { describe, expect, it } from "vitest";
import { bodyLine, infer } from "./helpers.js";

/** The auth decided from these body lines, with the line that decided it. */
function authOf(body: string[]): { value: string; line: number | null } {
  const { value, line } = infer(body).conventions.auth;
  return { value, line };
}

describe("tokens issued elsewhere", () => {
  const phrasings: [string, string][] = [
    ["a named identity provider", "Users sign in through Better Auth in the Next.js app."],
    ["a shared secret", "Check every request against the shared `BETTER_AUTH_SECRET`."],
    ["a shared JWT secret", "Tokens are HS256, signed with a shared JWT secret."],
    ["a service that issues them", "JWTs are issued by the Spring Boot service."],
    ["tokens compatible with another service", "Accept JWTs compatible with the gateway."],
    ["tokens issued elsewhere", "Access tokens are minted elsewhere; this API only reads them."],
    ["Auth0", "Authentication is handled by Auth0."],
    ["Keycloak", "Keycloak is the identity provider."],
    ["Cognito", "Users live in an AWS Cognito user pool."],
    ["Clerk", "The front end uses Clerk for sessions."],
    ["Supabase Auth", "Sign-in goes through Supabase Auth."],
    ["a JWKS", "Fetch the signing keys from the issuer's JWKS."],
    ["a gateway in front", "The service runs behind an API gateway that authenticates callers."],
  ];

  it.each(phrasings)("reads %s as prose", (_, sentence) => {
    const body = ["# Auth", "", sentence];
    expect(authOf(body)).toEqual({ value: "jwt-verify", line: bodyLine(body, sentence) });
  });

  it.each(phrasings)("reads %s as a list item", (_, sentence) => {
    const body = ["## Security", "", "- Python 3.12", `- ${sentence}`];
    expect(authOf(body)).toEqual({ value: "jwt-verify", line: bodyLine(body, sentence) });
  });

  it("does not take a provider the spec rules out", () => {
    expect(infer(["We do not use Auth0."]).conventions.auth.source).toBe("default");
    expect(infer(["Never use Keycloak here."]).conventions.auth.source).toBe("default");
  });

  it("does not take a provider named in an example or an e.g. aside", () => {
    const body = [
      "<example>",
      "user: wire up Clerk",
      "</example>",
      "Pick an identity layer (e.g. Auth0 or Keycloak) with the team.",
    ];
    expect(infer(body).conventions.auth.source).toBe("default");
  });

  it("reads 'no login or register endpoints' as tokens from elsewhere", () => {
    const body = ["- There are no login or register endpoints in this service."];
    expect(authOf(body)).toEqual({ value: "jwt-verify", line: bodyLine(body, "login") });
  });

  describe("weak evidence: the project checks tokens", () => {
    const checks: [string, string][] = [
      ["verify the JWT", "Verify the JWT on every protected route."],
      ["JWT validation", "JWT token validation happens in a dependency."],
      ["JWT middleware", "Middleware for JWT verification guards the routes."],
      ["the user id from the token", "Never accept user_id from the body; take it from the token."],
      ["issuer and audience checks", "Always check the issuer and the audience."],
    ];

    it.each(checks)("reads %s as jwt-verify when nothing issues tokens", (_, sentence) => {
      for (const body of [[sentence], [`- ${sentence}`]]) {
        expect(authOf(body)).toEqual({ value: "jwt-verify", line: bodyLine(body, sentence) });
      }
    });

    it.each(checks)("gives way to %s in a project that issues its own tokens", (_, sentence) => {
      const body = [sentence, "Passwords are hashed with bcrypt before they are stored."];
      expect(authOf(body)).toEqual({ value: "jwt", line: bodyLine(body, "Passwords") });
    });

    it("reads jwt.decode and HTTPBearer in code with no encode", () => {
      const code = [
        "```python",
        "bearer = HTTPBearer()",
        "claims = jwt.decode(token, key, algorithms=['RS256'], audience='api')",
        "```",
      ];
      expect(authOf(code)).toEqual({ value: "jwt-verify", line: bodyLine(code, "HTTPBearer") });
      const issuing = [...code.slice(0, -1), "token = jwt.encode(claims, key)", "```"];
      expect(authOf(issuing)).toEqual({ value: "jwt", line: bodyLine(issuing, "encode") });
    });

    it("reads a users table that stores password hashes as tokens issued here", () => {
      const code = ["```python", "bearer = HTTPBearer()", "password_hash: str", "```"];
      expect(authOf(code)).toEqual({ value: "jwt", line: bodyLine(code, "password_hash") });
    });

    it("does not take a negated check", () => {
      expect(infer(["Do not verify the JWT here."]).conventions.auth.source).toBe("default");
    });
  });

  it("does not read 'never implement custom auth' as no authentication", () => {
    const body = ["- Use the existing authentication dependencies; never implement custom auth"];
    expect(infer(body).conventions.auth.source).toBe("default");
    expect(infer(["- No authentication at all."]).conventions.auth.value).toBe("none");
  });
});

describe("a schema another system migrates", () => {
  const phrasings: [string, string][] = [
    ["migrations applied from another app", "Migrations are applied from the Next.js app."],
    ["a schema owned by another service", "The schema is owned by another service."],
    ["a schema that belongs elsewhere", "The database belongs to the billing service."],
    ["a system that migrates it", "Another service migrates the schema; we only query it."],
    ["existing tables", "The API reads and writes existing tables."],
    ["a schema defined with Drizzle", "The schema is defined in Drizzle on the TypeScript side."],
    ["French", "Les migrations appliquées depuis Next.js ; FastAPI lit les tables existantes."],
  ];

  it.each(phrasings)("reads %s as prose", (_, sentence) => {
    const body = ["# Data", "", sentence];
    expect(infer(body).conventions.migrations).toMatchObject({
      value: "none",
      line: bodyLine(body, sentence),
    });
  });

  it.each(phrasings)("reads %s as a list item", (_, sentence) => {
    const body = ["- PostgreSQL", `- ${sentence}`];
    expect(infer(body).conventions.migrations).toMatchObject({
      value: "none",
      line: bodyLine(body, sentence),
    });
  });

  it("does not take a negated statement", () => {
    const body = ["The schema is not owned by another service: we migrate it ourselves."];
    expect(infer(body).conventions.migrations.source).toBe("default");
  });

  it("keeps Alembic when the project migrates its own schema", () => {
    const body = ["Migrations are managed by Alembic in this repository."];
    expect(infer(body).conventions.migrations.value).toBe("alembic");
  });
});

describe("layouts from trees and lists of paths", () => {
  it("reads packages beside single modules as layered", () => {
    const body = [
      "```",
      "backend/",
      "├── main.py",
      "├── config.py",
      "├── db.py",
      "├── models/",
      "├── schemas/",
      "├── routers/",
      "└── services/",
      "```",
    ];
    expect(infer(body).conventions.layout).toMatchObject({
      value: "layered",
      line: bodyLine(body, "services/"),
    });
  });

  it("reads a list of package paths beside one module as layered", () => {
    const body = [
      "- schemas.py: the shared Pydantic models",
      "- services/claude.py: streaming analysis",
      "- services/streaming.py: SSE delivery",
      "- routers/plan.py: POST /api/plan",
      "- main.py: the app and CORS",
    ];
    expect(infer(body).conventions.layout.value).toBe("layered");
  });

  it("does not read one module named in passing as a layout", () => {
    for (const line of [
      "- Use existing enums (like UserRole from models.py) instead of strings",
      "Models live in `app/src/gateway/db/models.py`.",
    ]) {
      expect(infer([line]).conventions.layout.source, line).toBe("default");
    }
  });

  it("still reads modules named together as flat", () => {
    const body = ["Keep `models.py` and `schemas.py` at the package root."];
    expect(infer(body).conventions.layout).toMatchObject({
      value: "flat",
      line: bodyLine(body, "models"),
    });
  });
});

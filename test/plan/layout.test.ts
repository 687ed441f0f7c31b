import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConventions } from "../../src/conventions/vocabulary.js";
import { modulePaths, packageInits } from "../../src/plan/layout.js";
import { substitutions } from "../../src/plan/substitutions.js";
import { buildPlan } from "../../src/plan/plan.js";
import { inferFromFile } from "../../src/pipeline.js";
import { renderProject } from "../../src/render/render.js";
import { EXAMPLES } from "../helpers/paths.js";
import { conventionValues } from "../../src/options/overrides.js";
import { resolveAnswers } from "../../src/options/resolve.js";

describe("module placement", () => {
  it("gives every layer its own package in the layered layout", () => {
    const paths = modulePaths("shop", "layered", {
      routers: "routes",
      services: true,
      dataAccess: "repositories",
    });
    expect(paths.entityFile("router", "order")).toBe("shop/routes/order.py");
    expect(paths.entityFile("service", "order")).toBe("shop/services/order.py");
    expect(paths.entityFile("dataAccess", "order")).toBe("shop/repositories/order.py");
    expect(paths.importOf("authRouter")).toBe("shop.routes.auth");
    expect(paths.importOf("models")).toBe("shop.models");
  });

  it("collapses a missing layer into the next one up", () => {
    const noServices = modulePaths("shop", "layered", {
      routers: "routers",
      services: false,
      dataAccess: "crud",
    });
    expect(noServices.entityFile("service", "order")).toBe("shop/routers/order.py");
    expect(noServices.entityFile("dataAccess", "order")).toBe("shop/crud/order.py");
    expect(noServices.file("authService")).toBe("shop/routers/auth.py");

    const noDataAccess = modulePaths("shop", "versioned", {
      routers: "api/v1/endpoints",
      services: true,
      dataAccess: "none",
    });
    expect(noDataAccess.entityFile("dataAccess", "order")).toBe("shop/services/order.py");
    expect(noDataAccess.entityFile("dataAccess", "user")).toBe("shop/services/auth.py");

    const neither = modulePaths("shop", "flat", {
      routers: "routes",
      services: false,
      dataAccess: "none",
    });
    expect(neither.entityFile("dataAccess", "order")).toBe("shop/routes/order.py");
    expect(neither.entityFile("dataAccess", "user")).toBe("shop/routes/auth.py");
    expect(neither.entityFile("dataAccess", "refresh_token")).toBe("shop/routes/auth.py");
  });

  it("gathers models, schemas and dependencies in single modules in the flat layout", () => {
    const flat = modulePaths("shop", "flat", {
      routers: "routers",
      services: true,
      dataAccess: "crud",
    });
    expect(flat.entityFile("model", "order")).toBe(flat.entityFile("model", "user"));
    expect(flat.file("modelBase")).toBe("shop/models.py");
    expect(flat.file("depsAuth")).toBe(flat.file("depsDatabase"));
    expect(flat.entityFile("service", "order")).toBe("shop/services.py");
    expect(flat.file("authService")).toBe("shop/services.py");
    expect(flat.entityFile("dataAccess", "order")).toBe("shop/crud.py");
  });

  it("places the JWKS client next to security in every layout", () => {
    const layers = { routers: "routers", services: true, dataAccess: "none" } as const;
    expect(modulePaths("shop", "layered", layers).file("jwks")).toBe("shop/core/jwks.py");
    expect(modulePaths("shop", "versioned", layers).importOf("jwks")).toBe("shop.core.jwks");
    expect(modulePaths("shop", "flat", layers).file("jwks")).toBe("shop/jwks.py");
  });

  it("adds an __init__.py to every package folder", () => {
    expect(
      packageInits(["shop/api/v1/endpoints/x.py", "shop/main.py", "README.md"], "shop"),
    ).toEqual([
      "shop/__init__.py",
      "shop/api/__init__.py",
      "shop/api/v1/__init__.py",
      "shop/api/v1/endpoints/__init__.py",
    ]);
  });
});

describe("token verification files", () => {
  it("renders the JWKS client, its tests and the runtime httpx only for jwt-verify", async () => {
    const inferred = inferFromFile(path.join(EXAMPLES, "notes-flat-sqlmodel.md"));
    for (const auth of ["jwt", "jwt-verify", "none"] as const) {
      const explicit = { auth };
      const resolved = resolveAnswers({ conventions: inferred.conventions, explicit });
      const files = await renderProject(buildPlan(inferred, resolved.answers));
      const paths = files.map((f) => f.path);
      const verify = auth === "jwt-verify";
      expect(
        paths.some((p) => p.endsWith("/jwks.py")),
        auth,
      ).toBe(verify);
      expect(paths.includes("tests/test_jwks.py"), auth).toBe(verify);
      const pyproject = files.find((f) => f.path === "pyproject.toml")!.contents;
      const runtime = pyproject.slice(0, pyproject.indexOf("[project.optional-dependencies]"));
      expect(runtime.includes('"httpx>='), auth).toBe(verify);
      expect(runtime.includes('"pyjwt[crypto]>='), auth).toBe(verify);
    }
  });
});

describe("substitutions", () => {
  const values = (explicit: Record<string, unknown>) => {
    const conventions = defaultConventions();
    return conventionValues(conventions, resolveAnswers({ conventions, explicit }).answers);
  };

  it("explains why a library the spec names is not used, when it would have been", () => {
    const notes = substitutions("Hash with passlib's CryptContext.", values({ auth: "jwt" }));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/passlib is unmaintained/);
    expect(substitutions("Hash with passlib.", values({ auth: "jwt-verify" }))).toEqual([]);
    expect(substitutions("Hash with bcrypt.", values({ auth: "jwt" }))).toEqual([]);
  });

  it("replaces python-jose (whose ecdsa dependency has an unfixed advisory) with PyJWT", async () => {
    const inferred = inferFromFile(path.join(EXAMPLES, "tasks-argon2-jose.md"));
    expect(inferred.conventions.jwtLibrary.value).toBe("python-jose");
    const answers = resolveAnswers({ conventions: inferred.conventions, explicit: {} }).answers;
    const files = await renderProject(buildPlan(inferred, answers));
    const text = (name: string) => files.find((f) => f.path === name)?.contents ?? "";
    expect(text("README.md")).toMatch(/names python-jose[\s\S]*CVE-2024-23342/);
    expect(text("pyproject.toml")).toMatch(/"pyjwt>=/);
    expect(text("pyproject.toml")).not.toMatch(/jose/);
    const python = files.filter((f) => f.path.endsWith(".py"));
    expect(python.filter((f) => /^\s*(from|import) jose\b/m.test(f.contents))).toEqual([]);
    expect(python.some((f) => /^import jwt$/m.test(f.contents))).toBe(true);
  });
});

describe("where things live, as CLAUDE.md says", () => {
  const layers = [
    { services: true, dataAccess: "repositories" },
    { services: true, dataAccess: "none" },
    { services: false, dataAccess: "crud" },
    { services: false, dataAccess: "none" },
  ] as const;

  it.each(layers)(
    "names a file that exists, and what a collapsed layer became there (%o)",
    async (explicit) => {
      const inferred = inferFromFile(path.join(EXAMPLES, "todo-api-engineer.md"));
      const answers = resolveAnswers({ conventions: inferred.conventions, explicit }).answers;
      const plan = buildPlan(inferred, answers);
      const files = await renderProject(plan);
      const text = (name: string) => files.find((f) => f.path === name)?.contents;
      const claude = (text("CLAUDE.md") ?? "").split("## Where things live")[1] ?? "";
      const rows = [...claude.matchAll(/^- (.+): `([^`]+)`$/gm)].map((m) => ({
        label: m[1]!,
        where: m[2]!,
      }));
      const placed = rows.filter((r) => /^(services|data access)\b/.test(r.label));
      expect(placed).toHaveLength(2);
      for (const row of rows.filter((r) => r.where !== "tests/")) {
        expect(text(row.where), row.where).toBeDefined();
        const named = /`(\w+)` in the (router|service) module/.exec(row.label);
        if (named) {
          expect(text(row.where)).toMatch(new RegExp(`^(class|async def) ${named[1]}\\b`, "m"));
        }
      }
      const collapsed = placed.filter((r) => /\(none: /.test(r.label));
      expect(collapsed.length).toBe(
        (explicit.services ? 0 : 1) + (explicit.dataAccess === "none" ? 1 : 0),
      );
      // without a service layer the handlers do the work: no service class, no service dependency
      const router = text(plan.paths.entityFile("router", plan.resource.name)) ?? "";
      expect(/^class \w+Service\b|ServiceDep/m.test(router)).toBe(explicit.services);
      // without a data-access layer below them either, the router module holds query functions
      const queryFunctions = !explicit.services && explicit.dataAccess === "none";
      expect(router).not.toMatch(/^class (\w+Repository|CRUD\w+)\b/m);
      expect(/^async def find_\w+\(\n?\s*session: AsyncSession/m.test(router)).toBe(queryFunctions);
    },
  );
});

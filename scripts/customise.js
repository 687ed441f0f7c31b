// The worked example of docs/templates.md, as data: override the resource router template to add a
// Cache-Control header to list responses, and add a template of our own (a test of that header).
// The end-to-end harness applies it to a generated project, re-generates and runs the project's own
// checks; a unit test keeps docs/templates.md showing exactly these edits.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROUTER_TEMPLATE = "routers/resource.py.ejs";
/** The resource router of a project without a service layer: its handlers do the work. */
export const DIRECT_ROUTER_TEMPLATE = "routers/resource_direct.py.ejs";

/** The resource router template of a project with or without a service layer. */
export function routerTemplateFor(services) {
  return services ? ROUTER_TEMPLATE : DIRECT_ROUTER_TEMPLATE;
}

/** The resource router template a generated project renders, from its stored answers. */
export function routerTemplateOf(dir) {
  const stored = JSON.parse(readFileSync(path.join(dir, ".yo-rc.json"), "utf8"));
  return routerTemplateFor(stored["generator-fastapi-agent"].answers.services !== false);
}

/**
 * Edits to the ejected router template: [text in the built-in template, what it becomes]. Both
 * resource routers (with and without a service layer) contain every `from` text.
 */
export const ROUTER_EDITS = [
  [
    "from fastapi import APIRouter, Path, Query, status",
    "from fastapi import APIRouter, Path, Query, Response, status",
  ],
  [
    "async def list_<%- P %>(\n    <%- who %>",
    "async def list_<%- P %>(\n    response: Response, <%- who %>",
  ],
  [
    ") -> Page[<%- R %>Read]:\n",
    ') -> Page[<%- R %>Read]:\n    response.headers["Cache-Control"] = "private, max-age=60"\n',
  ],
];

/** A template with no built-in twin: rendered to tests/test_cache_header.py. */
export const EXTRA_TEMPLATE = "tests/test_cache_header.py.ejs";
export const EXTRA_TEMPLATE_TEXT = `from httpx import AsyncClient


async def test_lists_are_privately_cacheable(client: AsyncClient, alice: dict[str, str]) -> None:
    response = await client.get(<%- h.quote(\`\${f.prefix}/\${resource.plural}\`) %>, headers=alice)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, max-age=60"
`;

/** Apply one [from, to] edit; refuses when the built-in template no longer has `from`. */
export function applyEdit(text, [from, to], file) {
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/**
 * Eject the project's resource router template into `dir`, edit it, add the extra template, and
 * re-generate in place (no --force: files untouched since generation are updated). Returns the
 * re-run's output.
 */
export function customise(dir, bin) {
  const node = (args) => {
    const result = spawnSync(process.execPath, [bin, ...args], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (result.status !== 0) {
      throw new Error(`fastapi-agent ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
    }
    return result.stdout + result.stderr;
  };
  const template = routerTemplateOf(dir);
  node(["eject", template]);
  const templates = path.join(dir, ".fastapi-agent", "templates");
  const router = path.join(templates, template);
  let text = readFileSync(router, "utf8");
  for (const edit of ROUTER_EDITS) text = applyEdit(text, edit, router);
  writeFileSync(router, text);
  const extra = path.join(templates, EXTRA_TEMPLATE);
  mkdirSync(path.dirname(extra), { recursive: true });
  writeFileSync(extra, EXTRA_TEMPLATE_TEXT);
  return node(["new", "--skip-install"]);
}

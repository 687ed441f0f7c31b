// The worked example of docs/templates.md, as data: override the resource router template to add a
// Cache-Control header to list responses, and add a template of our own (a test of that header).
// The end-to-end harness applies it to a generated project, re-generates and runs the project's own
// checks; a unit test keeps docs/templates.md showing exactly these edits.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROUTER_TEMPLATE = "routers/resource.py.ejs";

/** Edits to the ejected router template: [text in the built-in template, what it becomes]. */
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
 * Eject the router template into `dir`, edit it, add the extra template, and re-generate in place
 * (no --force: files untouched since generation are updated). Returns the re-run's output.
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
  node(["eject", ROUTER_TEMPLATE]);
  const templates = path.join(dir, ".fastapi-agent", "templates");
  const router = path.join(templates, ROUTER_TEMPLATE);
  let text = readFileSync(router, "utf8");
  for (const edit of ROUTER_EDITS) text = applyEdit(text, edit, router);
  writeFileSync(router, text);
  const extra = path.join(templates, EXTRA_TEMPLATE);
  mkdirSync(path.dirname(extra), { recursive: true });
  writeFileSync(extra, EXTRA_TEMPLATE_TEXT);
  return node(["new", "--skip-install"]);
}

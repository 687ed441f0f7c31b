// The projects the end-to-end harness generates. Each: a spec and extra flags for `new --defaults`.
import { readdirSync } from "node:fs";
import path from "node:path";

/** The project's own example specs, each with --defaults. */
function examples(root) {
  const dir = path.join(root, "examples");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => ({
      name: `example-${path.basename(f, ".md")}`,
      spec: path.join(dir, f),
      flags: [],
      describe: "defaults",
    }));
}

export function e2eProjects(root) {
  return examples(root);
}

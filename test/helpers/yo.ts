/**
 * `yo fastapi-agent` as a person installs it: the generator found through Yeoman's lookup of
 * node_modules, run as a non-root user (as root, yo drops privileges: see the README).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO } from "./paths.js";

export const IS_ROOT = process.getuid?.() === 0;
/** nobody:nogroup on Debian. */
const NOBODY = 65534;
const AS_NOBODY = ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups"];

/** What yo needs of the package: its manifest, the generator, templates, schema, dependencies. */
const PACKAGE_PARTS = ["package.json", "generators", "dist", "templates", "schema", "node_modules"];

let readableRepo: string | undefined;

/**
 * The package as the user yo runs as can read it: the repository itself, or (when tests run as
 * root in a clone under a private folder, such as a `mktemp -d`) a copy of what yo needs in a
 * world-readable temporary folder, hard-linked where the file system allows.
 */
function packageForYo(): string {
  if (readableRepo !== undefined) return readableRepo;
  const probe = IS_ROOT
    ? spawnSync(AS_NOBODY[0]!, [
        ...AS_NOBODY.slice(1),
        "test",
        "-r",
        path.join(REPO, "package.json"),
      ])
    : { status: 0 };
  if (probe.status === 0) return (readableRepo = REPO);
  const copy = mkdtempSync(path.join(tmpdir(), "fa-yo-package-"));
  chmodSync(copy, 0o755);
  for (const part of PACKAGE_PARTS) {
    const from = path.join(REPO, part);
    const linked = spawnSync("cp", ["-al", from, copy]);
    if (linked.status !== 0 && spawnSync("cp", ["-a", from, copy]).status !== 0) {
      throw new Error(`cannot copy ${from} for yo`);
    }
  }
  return (readableRepo = copy);
}

export interface YoWorkspace {
  /** Where yo runs (owned by the user yo runs as). */
  cwd: string;
  /** The spec, where the user yo runs as can read it. */
  spec: string;
  /** The command line: yo, as nobody when the tests run as root. */
  command: (args: string[]) => string[];
  /** Another generator of the package (`fastapi-agent:resource`), with only `args`. */
  commandFor: (generator: string, args: string[]) => string[];
  env: NodeJS.ProcessEnv;
}

export function yoWorkspace(spec: string, flags: string[] = ["--skip-install"]): YoWorkspace {
  const pkg = packageForYo();
  const root = mkdtempSync(path.join(tmpdir(), "fa-yo-"));
  chmodSync(root, 0o755);
  mkdirSync(path.join(root, "node_modules"));
  symlinkSync(pkg, path.join(root, "node_modules", "generator-fastapi-agent"));
  const cwd = path.join(root, "work");
  const home = path.join(root, "home");
  const specs = path.join(root, "spec");
  mkdirSync(cwd);
  mkdirSync(home);
  mkdirSync(specs);
  // The same file name: a spec without a name in its frontmatter is named after its file.
  const readableSpec = path.join(specs, path.basename(spec));
  copyFileSync(spec, readableSpec);
  chmodSync(specs, 0o755);
  chmodSync(readableSpec, 0o644);
  const yo = [
    path.join(pkg, "node_modules", ".bin", "yo"),
    "fastapi-agent",
    readableSpec,
    ...flags,
    "--no-insight",
  ];
  if (IS_ROOT) {
    chownSync(cwd, NOBODY, NOBODY);
    chownSync(home, NOBODY, NOBODY);
  }
  return {
    cwd,
    spec: readableSpec,
    env: { HOME: home, NO_UPDATE_NOTIFIER: "1" },
    command: (args) => (IS_ROOT ? [...AS_NOBODY, ...yo, ...args] : [...yo, ...args]),
    commandFor: (generator, args) => {
      const other = [yo[0]!, generator, ...args, "--no-insight"];
      return IS_ROOT ? [...AS_NOBODY, ...other] : other;
    },
  };
}

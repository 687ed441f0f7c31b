/**
 * Every generated file must parse as what its name says: Python with python3's compile(), TOML
 * with tomllib, INI with configparser, JSON with JSON.parse, YAML (and the frontmatter of Markdown
 * files) with js-yaml. One python3 process checks a whole folder.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import yaml from "js-yaml";

const PYTHON_CHECK = String.raw`
import configparser, json, sys, tomllib
problems = []
for name in json.load(sys.stdin):
    try:
        with open(name, "rb") as handle:
            data = handle.read()
        if name.endswith(".py"):
            compile(data, name, "exec")
        elif name.endswith(".toml"):
            tomllib.loads(data.decode("utf-8"))
        elif name.endswith(".ini"):
            configparser.ConfigParser(interpolation=None).read_string(data.decode("utf-8"))
    except Exception as error:
        problems.append(f"{name}: {type(error).__name__}: {error}")
print(json.dumps(problems))
`;

/** Every file under `dir`, as paths relative to it (POSIX separators). */
export function walkFiles(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walkFiles(dir, rel) : [rel];
  });
}

/** The YAML between the opening and closing `---` of a Markdown file, or null when it has none. */
export function frontmatterOf(markdown: string): string | null {
  const match = /^---\n([\s\S]*?\n)?---(?:\n|$)/.exec(markdown);
  return match === null ? null : (match[1] ?? "");
}

/** Problems with the files under `dir` (empty when every file parses). */
export function checkGeneratedDir(dir: string): string[] {
  const files = walkFiles(dir);
  const problems: string[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    try {
      if (file.endsWith(".json")) JSON.parse(readFileSync(full, "utf8"));
      else if (file.endsWith(".yaml") || file.endsWith(".yml")) {
        yaml.load(readFileSync(full, "utf8"));
      } else if (file.endsWith(".md")) {
        const front = frontmatterOf(readFileSync(full, "utf8"));
        if (front !== null) yaml.load(front);
      }
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  const forPython = files.filter((f) => /\.(py|toml|ini)$/.test(f)).map((f) => path.join(dir, f));
  const result = spawnSync("python3", ["-c", PYTHON_CHECK], {
    input: JSON.stringify(forPython),
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  if (result.status !== 0) return [...problems, `python3 failed: ${result.stderr}`];
  return [...problems, ...(JSON.parse(result.stdout) as string[])];
}

/** Write in-memory files to a fresh temporary folder, check them, and remove the folder. */
export function checkGeneratedFiles(
  files: ReadonlyArray<{ path: string; contents: string }>,
): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "fuzz-render-"));
  try {
    for (const file of files) {
      const full = path.join(dir, file.path);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, file.contents);
    }
    return checkGeneratedDir(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

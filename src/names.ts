/**
 * Names that become paths and Python identifiers: projects, packages and resources.
 */

export const PYTHON_KEYWORDS = new Set([
  "false",
  "none",
  "true",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
  "match",
  "case",
  "type",
]);

/**
 * Top-level modules a generated package must not shadow: the standard library modules a FastAPI
 * project imports (directly or through its dependencies), the dependencies themselves, and the
 * project's own top-level folders.
 */
export const SHADOWED_MODULES = new Set([
  // standard library
  "abc",
  "argparse",
  "array",
  "ast",
  "asyncio",
  "base64",
  "binascii",
  "bisect",
  "builtins",
  "calendar",
  "code",
  "codecs",
  "collections",
  "concurrent",
  "contextlib",
  "contextvars",
  "copy",
  "csv",
  "ctypes",
  "dataclasses",
  "datetime",
  "decimal",
  "difflib",
  "dis",
  "email",
  "encodings",
  "enum",
  "errno",
  "functools",
  "gc",
  "glob",
  "gzip",
  "hashlib",
  "heapq",
  "hmac",
  "html",
  "http",
  "importlib",
  "inspect",
  "io",
  "ipaddress",
  "itertools",
  "json",
  "keyword",
  "linecache",
  "locale",
  "logging",
  "math",
  "mimetypes",
  "multiprocessing",
  "numbers",
  "operator",
  "os",
  "pathlib",
  "pickle",
  "platform",
  "pprint",
  "queue",
  "random",
  "re",
  "secrets",
  "select",
  "selectors",
  "shlex",
  "shutil",
  "signal",
  "site",
  "socket",
  "sqlite3",
  "ssl",
  "stat",
  "string",
  "struct",
  "subprocess",
  "sys",
  "sysconfig",
  "tempfile",
  "test",
  "textwrap",
  "threading",
  "time",
  "token",
  "tokenize",
  "traceback",
  "types",
  "typing",
  "unittest",
  "urllib",
  "uuid",
  "warnings",
  "weakref",
  "xml",
  "zipfile",
  "zlib",
  "zoneinfo",
  // dependencies of generated projects
  "alembic",
  "anyio",
  "argon2",
  "asyncmy",
  "aiomysql",
  "aiosqlite",
  "asyncpg",
  "bcrypt",
  "coverage",
  "email_validator",
  "fastapi",
  "h11",
  "httpx",
  "jose",
  "jwt",
  "mypy",
  "pydantic",
  "pydantic_settings",
  "pymysql",
  "pytest",
  "ruff",
  "slowapi",
  "sqlalchemy",
  "sqlmodel",
  "starlette",
  "typing_extensions",
  "uvicorn",
  // the project's own top-level folders
  "tests",
  "alembic",
  "migrations",
  "docs",
  "scripts",
]);

/** Resource names that collide with the modules every project already has. */
export const RESERVED_RESOURCES = new Set([
  "rate_limit",
  "rate_limits",
  "users",
  "user",
  "auth",
  "health",
  "tokens",
  "token",
  "refresh_tokens",
  "refresh_token",
  "errors",
  "security",
  "config",
  "database",
  "models",
  "schemas",
  "base",
  "main",
  "deps",
  "dependencies",
  "pagination",
  "services",
  "repositories",
  "crud",
  "routers",
  "routes",
  "api",
]);

/** lowercase-hyphen form of any string: "FastAPI Specialist" → "fastapi-specialist". */
export function toKebab(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Names Windows reserves for devices, whatever the extension (`nul.md`, `aux.txt`): a file or
 * folder of that name cannot be created or checked out there.
 */
const WINDOWS_DEVICE =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)$/i;

/** Whether `name` (a file or folder name) is a Windows device name. */
export function isWindowsDeviceName(name: string): boolean {
  return WINDOWS_DEVICE.test(name.split(".")[0]!.trim());
}

/** Why a file or folder name is unusable on some system, or null. */
export function fileNameProblem(name: string): string | null {
  if (isWindowsDeviceName(name)) return `"${name}" is a reserved device name on Windows`;
  return null;
}

/** Longest agent name kept: it names the agent's file and its memory folder. */
export const MAX_AGENT_NAME = 64;

/**
 * The agent's name, which becomes `.claude/agents/<name>.md`: lowercase-hyphen, at most
 * MAX_AGENT_NAME characters, and never a Windows device name (`con` → `con-agent`).
 * Empty when the text has no letters or digits.
 */
export function toAgentName(text: string): string {
  const name = toKebab(text).slice(0, MAX_AGENT_NAME).replace(/-+$/, "");
  return isWindowsDeviceName(name) ? `${name}-agent` : name;
}

export function toProjectName(text: string): string {
  const kebab = toKebab(text).replace(/^[^a-z]+/, "");
  const name = (kebab || "fastapi-app").slice(0, 40).replace(/-+$/, "");
  return isWindowsDeviceName(name) ? `${name}-app` : name;
}

export function toPackageName(text: string): string {
  const snake = toProjectName(text).replace(/-/g, "_");
  return packageNameProblem(snake) === null ? snake : `${snake.slice(0, 36)}_app`;
}

/** Why a package name cannot be used, or null. */
export function packageNameProblem(name: string): string | null {
  if (PYTHON_KEYWORDS.has(name)) return `"${name}" is a Python keyword`;
  if (SHADOWED_MODULES.has(name)) return `"${name}" would shadow the Python module of that name`;
  return fileNameProblem(name);
}

/** Maps, not objects: a word such as "constructor" must not find Object.prototype's. */
const IRREGULAR = new Map([
  ["person", "people"],
  ["child", "children"],
  ["man", "men"],
  ["woman", "women"],
  ["mouse", "mice"],
  ["goose", "geese"],
  ["shelf", "shelves"],
  ["leaf", "leaves"],
  ["half", "halves"],
  ["knife", "knives"],
  ["wife", "wives"],
  ["life", "lives"],
  ["wolf", "wolves"],
  ["thief", "thieves"],
  ["calf", "calves"],
  ["loaf", "loaves"],
  ["movie", "movies"],
  ["cookie", "cookies"],
  ["hero", "heroes"],
  ["potato", "potatoes"],
  ["tomato", "tomatoes"],
  ["echo", "echoes"],
  ["quiz", "quizzes"],
  ["alias", "aliases"],
  ["analysis", "analyses"],
  ["diagnosis", "diagnoses"],
  ["crisis", "crises"],
  ["thesis", "theses"],
  ["criterion", "criteria"],
]);
const IRREGULAR_SINGULAR = new Map([...IRREGULAR].map(([s, p]) => [p, s]));
const UNCOUNTABLE = new Set(["news", "data", "info", "series", "species", "feedback", "media"]);

/** A compound's last word decides its number: "sales_people" → ["sales_", "people"]. */
function splitCompound(word: string): [head: string, last: string] {
  const w = word.toLowerCase();
  const cut = w.lastIndexOf("_") + 1;
  return [w.slice(0, cut), w.slice(cut)];
}

export function pluralize(word: string): string {
  const [head, last] = splitCompound(word);
  if (UNCOUNTABLE.has(last) || IRREGULAR_SINGULAR.has(last)) return head + last;
  const irregular = IRREGULAR.get(last);
  if (irregular !== undefined) return head + irregular;
  if (/(s|x|z|ch|sh)$/.test(last)) {
    return /ies$|es$/.test(last) || isLikelyPlural(last) ? head + last : `${head}${last}es`;
  }
  if (/[^aeiou]y$/.test(last)) return `${head}${last.slice(0, -1)}ies`;
  return `${head}${last}s`;
}

export function singularize(word: string): string {
  const [head, last] = splitCompound(word);
  if (UNCOUNTABLE.has(last)) return head + last;
  const irregular = IRREGULAR_SINGULAR.get(last);
  if (irregular !== undefined) return head + irregular;
  if (/[^aeiou]ies$/.test(last)) return `${head}${last.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh|[^aeiou]us)es$/.test(last)) return head + last.slice(0, -2);
  if (/(us|ss|is)$/.test(last)) return head + last;
  if (/s$/.test(last)) return head + last.slice(0, -1);
  return head + last;
}

/** "statuses", "addresses", "tasks" look plural already; "status", "address" do not. */
function isLikelyPlural(word: string): boolean {
  return /[^su]s$/.test(word) && !/(ss|us|is)$/.test(word);
}

/**
 * Distributions a generated project may depend on (normalised: lowercase, `-` for `_` and `.`).
 * A project of the same name cannot depend on them: pip would take the project for the dependency.
 */
export const DEPENDENCY_DISTRIBUTIONS = new Set([
  "aiomysql",
  "aiosqlite",
  "alembic",
  "argon2-cffi",
  "asyncpg",
  "bcrypt",
  "email-validator",
  "fastapi",
  "greenlet",
  "httpx",
  "mypy",
  "pydantic",
  "pydantic-settings",
  "pyjwt",
  "pytest",
  "pytest-asyncio",
  "pytest-cov",
  "python-jose",
  "ruff",
  "sqlalchemy",
  "sqlmodel",
  "types-python-jose",
  "uvicorn",
]);

/** Why a project (distribution) name cannot be used, or null. */
export function projectNameProblem(name: string): string | null {
  if (DEPENDENCY_DISTRIBUTIONS.has(name.toLowerCase().replace(/[._]/g, "-"))) {
    return `"${name}" is the name of a package the project depends on`;
  }
  return fileNameProblem(name);
}

/** Folders of the package that hold one module per entity: routers there would overwrite them. */
const ENTITY_FOLDERS = new Set(["models", "schemas", "services", "repositories", "crud"]);

/** Why a routers folder (a `/`-separated package path inside the package) cannot be used, or null. */
export function routersDirProblem(dir: string): string | null {
  const [first] = dir.split("/");
  if (first !== undefined && ENTITY_FOLDERS.has(first)) {
    return `"${first}/" holds the project's ${first}: routers there would overwrite them`;
  }
  for (const part of dir.split("/")) {
    if (PYTHON_KEYWORDS.has(part)) return `"${part}" is a Python keyword`;
    const file = fileNameProblem(part);
    if (file !== null) return file;
  }
  return null;
}

/** The shape of a resource (plural) name: a snake_case word that fits a table name. */
export const RESOURCE_PATTERN = /^[a-z][a-z0-9_]{1,30}$/;

/** Why a resource (plural) name cannot be used, or null. */
export function resourceNameProblem(plural: string): string | null {
  const singular = singularize(plural);
  if (singular === plural)
    return `"${plural}" has no distinct singular form; use a countable plural noun`;
  for (const name of [plural, singular]) {
    if (PYTHON_KEYWORDS.has(name)) return `"${name}" is a Python keyword`;
    if (RESERVED_RESOURCES.has(name)) return `"${name}" is used by the generated project itself`;
    if (SHADOWED_MODULES.has(name)) return `"${name}" would shadow the Python module of that name`;
    const file = fileNameProblem(name);
    if (file !== null) return file;
  }
  return null;
}

/** PascalCase class name from a snake_case singular: "todo_item" → "TodoItem". */
export function toClassName(snake: string): string {
  return snake
    .split(/[_-]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
}

/**
 * The inference rules, as data. Every row says: a mention matching `pattern` is evidence of
 * `weight` that `field` has `value`. The engine (engine.ts) finds the mentions, weighs them by the
 * context they appear in (code, prose, example block, question, negation, …) and infer.ts picks
 * the best-scored value per field. Adding a convention is adding rows here, not code.
 *
 * Patterns are matched against one segment at a time (a sentence of prose, a table row, a line of
 * code, or a directory-tree entry rewritten as its full path, e.g. `api/v1/endpoints/  # handlers`).
 */
import type { AuthMode, ConventionValues, DataAccess, PoolField } from "./vocabulary.js";

/** Fields decided without the rule table: from the frontmatter, or by their own readers. */
type NotRuled = "name" | "layers" | "agentMemory" | "resources" | PoolField;

/** The sub-fields of `layers`, decided one by one. */
export type LayerField = "layers.routers" | "layers.services" | "layers.dataAccess";

/**
 * Everything a row can vote on: the vocabulary fields decided from text, the layer sub-fields, and
 * `structure` — a neutral project part (`models/`, `main.py`) that only helps recognise a listing
 * of the project's parts.
 */
export type RuleField = Exclude<keyof ConventionValues, NotRuled> | LayerField | "structure";

export type RuleValues = Omit<ConventionValues, NotRuled> & {
  "layers.routers": string;
  "layers.services": boolean;
  "layers.dataAccess": DataAccess;
  structure: true;
};

/** What kind of text a segment is. `tree` is an entry of a directory tree inside a code block. */
export type SegmentKind = "prose" | "list" | "heading" | "table" | "code" | "tree";

interface RowOptions {
  pattern: RegExp;
  weight: number;
  /** Only in these kinds of text (default: any). */
  in?: readonly SegmentKind[];
  /** Only inside example blocks (`<example>`, "Example interactions"); for fields that read examples. */
  examplesOnly?: boolean;
  /** Ignore the mention when its segment also matches this (e.g. SQLite "for tests"). */
  unless?: RegExp;
  /**
   * A stated choice ("MySQL in production"): the mention stands beside other values of its field in
   * the same segment, which otherwise make a catalogue and cancel out ("PostgreSQL, MySQL, SQLite").
   * Only another stated choice of a different value in that segment cancels it.
   */
  chosen?: true;
  /**
   * A name of a project part. Three or more distinct parts in one segment, list or code block make
   * it a listing of the project's structure. `listed` terms (bare words such as "services") only
   * count inside such a listing; `paired` terms (`models.py`) count where their segment, list or
   * code block names another part too (a module named alone, "the enum in models.py", is a file
   * being talked about, not a layout); `term`s (`services/`) count anywhere.
   */
  structure?: "term" | "paired" | "listed";
  /**
   * Weak evidence, counted only when no other row votes for another value of the field: "verify
   * the JWT" says the project checks tokens, which a project that issues its own does too.
   */
  fallback?: true;
}

export interface ValueRow<F extends RuleField> extends RowOptions {
  field: F;
  /** The value voted for (unless `capture` or `extract` reads it from the text). */
  value?: RuleValues[F];
  /** Read the value from this capture group of the match (0 = the whole match). */
  capture?: number;
  /** Read the value from the code around the match: the fields of a class, the keys of a JSON object. */
  extract?: "class-fields" | "json-keys";
  /** `negated`: the row only fires on a negated mention ("no comments", "never use migrations"). */
  polarity?: "negated";
  /** What a negated mention votes for ("never use Alembic" → `none`); without it, it is skipped. */
  negatedValue?: RuleValues[F];
}

/** A stack the generator does not offer. When the spec chooses it, inference warns and falls back. */
export interface UnsupportedRow extends RowOptions {
  field: "orm" | "database";
  /** How the warning names it, e.g. "MongoDB", "Tortoise ORM". */
  unsupported: string;
}

export type Rule = { [F in RuleField]: ValueRow<F> }[RuleField] | UnsupportedRow;

const PROSE: readonly SegmentKind[] = ["prose", "list", "heading", "table"];
const CODE: readonly SegmentKind[] = ["code"];

/**
 * A folder named in prose, a path or a tree: `services/`, `app/services/`, `services/users.py`
 * (not "dependencies/middleware", which is a pair of words).
 */
const FOLDER_END = String.raw`/(?=$|[^\w]|[\w.-]+(?:/|\.\w))`;
function folder(name: string): RegExp {
  return new RegExp(String.raw`(?<![\w-])(?:${name})` + FOLDER_END);
}

/**
 * A Python module: `models.py`, `app/models.py` (not `test_models.py`). `atRoot`: not inside the
 * package of another part (`db/models.py`, `core/database.py`).
 */
function pyModule(name: string, atRoot = false): RegExp {
  const notInPart = atRoot ? String.raw`(?<!\b(?:${PART_PACKAGES})/)` : "";
  return new RegExp(`${notInPart}(?<![\\w-])(?:${name})\\.py\\b`);
}

/** Packages that hold one part of a project (a module inside them is not at the package root). */
const PART_PACKAGES =
  "db|database|core|models|schemas|services|repositories|routers|routes|api|endpoints|crud|domain|infrastructure|persistence|common|shared|utils";

/**
 * A bare word that is a whole item of an enumeration: "(routes, models, services, schemas)" — not
 * "Pydantic schemas" or "backend services", and not `x.py` or `x/`.
 */
function bare(name: string): RegExp {
  const itemStart = String.raw`(?<=(?:^|[,;:(\[]|\band|\bor|&)\s*[\`*_]*)`;
  const itemEnd = String.raw`(?![/.]\w)(?=[\`*_]*\s*(?:$|[,;:)\].]|and\b|or\b|&))`;
  return new RegExp(String.raw`${itemStart}\b(?:${name})\b${itemEnd}`);
}

/**
 * A database named as the production choice: "MySQL in production", "Postgres (asyncpg) for prod",
 * "production database: PostgreSQL", "production runs on MySQL", "deploy on MariaDB".
 */
function inProduction(names: string): RegExp {
  const db = String.raw`(?<![\w-])[\`*_]*(?:${names})\b[\`*_]*`;
  const prod = String.raw`\bprod(?:uction)?\b`;
  return new RegExp(
    [
      String.raw`${db}(?:\s*\([^)]*\))?\s+(?:is\s+)?(?:used\s+)?(?:in|for|on)\s+(?:the\s+)?${prod}`,
      String.raw`${prod}(?:\s+(?:database|db|data ?store))?\s*(?:[:=|]|\bis\b|\buses\b|\bruns\s+on\b|\bon\b)\s*(?:an?\s+)?(?:managed\s+)?${db}`,
      String.raw`\bin\s+${prod},?\s+(?:we\s+|it\s+)?(?:use|uses|run|runs)\s+(?:on\s+)?(?:an?\s+)?(?:managed\s+)?${db}`,
      String.raw`\bdeploy(?:s|ed|ing|ments?)?\s+(?:on|to|with|against)\s+(?:an?\s+)?(?:managed\s+)?${db}`,
    ].join("|"),
    "i",
  );
}

// prettier-ignore
export const RULES: readonly Rule[] = [
  // ── orm ──────────────────────────────────────────────────────────────────────────────────────
  { field: "orm", value: "sqlmodel", pattern: /\bSQLModel\b/, weight: 2 },
  { field: "orm", value: "sqlmodel", pattern: /\b(?:from|import) sqlmodel\b/, weight: 2, in: CODE },
  { field: "orm", value: "sqlalchemy", pattern: /\bSQLAlchemy\b/, weight: 2 },
  // declarative SQLAlchemy code (SQLModel projects import sqlalchemy too, but not these)
  { field: "orm", value: "sqlalchemy", pattern: /\b(?:declarative_base|DeclarativeBase|mapped_column)\b|\bColumn\(\s*(?:Integer|String|Boolean|DateTime|UUID)\b/, weight: 2, in: CODE },
  { field: "orm", unsupported: "Tortoise ORM", pattern: /\bTortoise(?:[- ]?ORM)?\b|\bfrom tortoise\b/i, weight: 2 },
  { field: "orm", unsupported: "the Django ORM", pattern: /\bDjango(?:'s)? ORM\b/i, weight: 2 },
  { field: "orm", unsupported: "Peewee", pattern: /\bpeewee\b/i, weight: 2 },
  { field: "orm", unsupported: "Pony ORM", pattern: /\bPony ?ORM\b|\bfrom pony\b/i, weight: 2 },
  { field: "orm", unsupported: "Piccolo", pattern: /\bPiccolo\b/, weight: 2 },
  { field: "orm", unsupported: "ormar", pattern: /\bormar\b/i, weight: 2 },
  { field: "orm", unsupported: "ODMantic", pattern: /\bODMantic\b/i, weight: 2 },
  { field: "orm", unsupported: "Beanie", pattern: /\bBeanie\b|\bfrom beanie\b/, weight: 2 },
  { field: "orm", unsupported: "Motor", pattern: /\bMotor\b|\bimport motor\b|\bfrom motor\b/, weight: 2 },
  { field: "orm", unsupported: "MongoEngine", pattern: /\bMongoEngine\b/i, weight: 2 },
  { field: "orm", unsupported: "Prisma", pattern: /\bPrisma\b/, weight: 2 },

  // ── database (the production target) ───────────────────────────────────────────────────────
  // the production choice, stated: "MySQL in production", "Production database: PostgreSQL", "deploy on MariaDB"
  { field: "database", value: "postgresql", pattern: inProduction(String.raw`Postgre(?:SQL|s)|Neon|Supabase|asyncpg`), weight: 3, chosen: true },
  { field: "database", value: "mysql", pattern: inProduction(String.raw`MySQL|MariaDB|aiomysql|asyncmy`), weight: 3, chosen: true },
  { field: "database", value: "sqlite", pattern: inProduction(String.raw`SQLite`), weight: 3, chosen: true },
  { field: "database", value: "postgresql", pattern: /\bPostgre(?:SQL|s)\b/i, weight: 2 },
  // Neon and Supabase are hosted PostgreSQL; asyncpg/psycopg are its drivers
  { field: "database", value: "postgresql", pattern: /\bNeon\b|\bSupabase\b|\basyncpg\b|\bpsycopg\d?\b/, weight: 1 },
  { field: "database", value: "mysql", pattern: /\bMySQL\b|\bMariaDB\b/i, weight: 2 },
  { field: "database", value: "mysql", pattern: /\b(?:aiomysql|pymysql|asyncmy)\b/i, weight: 1 },
  // every project runs on SQLite anyway: SQLite for tests or local work says nothing about production
  { field: "database", value: "sqlite", pattern: /\bSQLite\b|\baiosqlite\b/i, weight: 2, unless: /\btest(?:s|ing)?\b|:memory:|\bin[- ]memory\b|\bdev(?:elop\w*)?\b|\blocal(?:ly|host)?\b|\blaptops?\b|\bprototyp|\bCI\b/i },
  { field: "database", unsupported: "MongoDB", pattern: /\bMongo(?:DB)?\b/, weight: 2 },
  { field: "database", unsupported: "DynamoDB", pattern: /\bDynamoDB\b/i, weight: 2 },
  { field: "database", unsupported: "Cassandra", pattern: /\bCassandra\b/, weight: 2 },
  { field: "database", unsupported: "Firestore", pattern: /\bFirestore\b/i, weight: 2 },
  { field: "database", unsupported: "CouchDB", pattern: /\bCouchDB\b/i, weight: 2 },
  { field: "database", unsupported: "SQL Server", pattern: /\bSQL Server\b|\bMSSQL\b/i, weight: 2 },

  // ── migrations ─────────────────────────────────────────────────────────────────────────────
  { field: "migrations", value: "alembic", negatedValue: "none", pattern: /\balembic\b/i, weight: 2 },
  { field: "migrations", value: "none", polarity: "negated", pattern: /\bmigrations?\b/i, weight: 2 },
  // the schema belongs to another system that migrates it: "migrations are applied from the Next.js app",
  // "the schema is owned by another service", "it only reads and writes existing tables"
  { field: "migrations", value: "none", pattern: /\b(?:schema|tables?|migrations?)\b(?:(?!\b(?:not|never|no)\b)[^.;]){0,50}?\b(?:owned|managed|defined|migrated|created|applied|handled|maintained|run)\s+(?:by|in|from|through)\s+(?:another\b|an?\s+(?:other|separate|external|different)\b|the\s+(?:other\s+)?[\w.-]+\s+(?:service|system|team|repo(?:sitory)?)\b|(?:the\s+)?(?:Drizzle|Prisma|Django|Rails|Laravel|Supabase|Flyway|Liquibase|Next\.?js|TypeORM|Sequelize|Knex|Atlas)\b)/i, weight: 3 },
  { field: "migrations", value: "none", pattern: /\b(?:schema|database|tables?)\s+(?:belongs?|belonging)\s+to\s+(?:another|an?\s+(?:other|separate|external|different)|the\s+[\w.-]+\s+(?:service|system|team|app))\b|\b(?:another|other|a separate|an external)\s+(?:service|system|team|app(?:lication)?)\s+(?:owns|migrates|manages|maintains)\s+(?:the\s+|its\s+|that\s+)?(?:schema|database|tables|migrations)\b|\b(?:reads?|writes?|uses?|queries)\s+(?:(?:and|or|\/)\s*writes?\s+)?(?:(?:to|from)\s+)?(?:the\s+)?existing\s+(?:tables|schema)\b/i, weight: 3 },
  // …in French and Spanish: "migrations appliquées depuis Next.js", "les tables existantes", "tablas existentes"
  { field: "migrations", value: "none", pattern: /\bmigrations?\s+appliqu[ée]es?\s+(?:depuis|par|dans|c[ôo]t[ée])\b|\bsch[ée]ma\s+(?:est\s+)?(?:d[ée]fini|g[ée]r[ée])\s+(?:c[ôo]t[ée]|par|dans)\b|\btables\s+existantes\b|\btablas\s+existentes\b|\bmigraciones\s+(?:aplicadas|gestionadas)\s+(?:desde|por|en)\b/i, weight: 3 },

  // ── auth ───────────────────────────────────────────────────────────────────────────────────
  // `jwt`: the project issues tokens itself, so it has users with passwords and a login
  { field: "auth", value: "jwt", pattern: /\bhash(?:es|ed|ing)?\s+(?:the\s+|user\s+)?passwords?\b|\bpasswords?\s+(?:are|is)\s+(?:stored\s+)?hashed\b|\bpassword hashing\b|\bhashed_password\b|\b(?:bcrypt|argon2)\s+for\s+passwords\b/i, weight: 2 },
  { field: "auth", value: "jwt", pattern: /\bpasslib\b|\bCryptContext\b/, weight: 1 },
  // a users table that stores password hashes: `password_hash`, `bcrypt.hashpw(...)`
  { field: "auth", value: "jwt", pattern: /\bpassword_hash\b|\bhashpw\b/, weight: 2, in: CODE },
  { field: "auth", value: "jwt", pattern: /\bOAuth2Password(?:Bearer|RequestForm)\b|\bpassword (?:flow|grant)\b/i, weight: 2 },
  // "no login or register endpoints": the users sign in somewhere else
  { field: "auth", value: "jwt", negatedValue: "jwt-verify", pattern: /\b(?:login|log-in|sign[- ]?in|register|registration|sign[- ]?up)\s+(?:(?:or|and|\/)\s+(?:login|log-in|sign[- ]?in|register|registration|sign[- ]?up)\s+)?endpoints?\b|(?<![\w/])\/(?:api\/)?(?:v\d+\/)?(?:auth\/)?(?:login|register|signup)\b/i, weight: 2 },
  { field: "auth", value: "jwt", negatedValue: "jwt-verify", pattern: /\bcreate_access_token\b|\bjwt\.encode\b|\b(?:issue|issues|issuing|generate|generating|mint|minting)\s+(?:short-lived\s+|new\s+)?(?:access\s+|JWT\s+)?tokens?\b|\btoken (?:generation|issuing|issuance)\b/i, weight: 2 },
  // `jwt-verify`: tokens come from elsewhere; the project only checks them
  { field: "auth", value: "jwt-verify", pattern: /\b(?:verification|verify|verifying|validation|validate)\s+only\b|\bonly\s+(?:verif(?:y|ies|ication)|validat(?:e|es|ion))\b/i, weight: 4 },
  { field: "auth", value: "jwt-verify", pattern: /\bnot\s+(?:token\s+)?(?:generation|issu(?:e|ing|ance)|minting)\b/i, weight: 3 },
  { field: "auth", value: "jwt-verify", pattern: /\btokens?\s+(?:are\s+)?(?:issued|minted|signed|generated)\s+by\s+(?:an?\s+|the\s+)?(?:external|another|separate|upstream|identity|auth)\b|\bexternal (?:identity|auth(?:entication)?) (?:provider|service)\b/i, weight: 3 },
  // …by a named service: "JWTs issued by the Spring Boot service", "tokens compatible with the gateway", "issued elsewhere"
  { field: "auth", value: "jwt-verify", pattern: /\b(?:JWTs?|tokens?)\b(?:(?!\b(?:not|never|no)\b)[^.;:]){0,40}?\b(?:issued|minted|signed|generated|created)\s+(?:elsewhere|externally|upstream|outside)\b|\b(?:JWTs?|tokens?)\s+(?:(?:are|were)\s+)?(?:issued|minted|signed|generated)\s+by\s+(?:an?\s+|the\s+|our\s+)?(?:[\w.-]+\s+){0,3}(?:service|server|backend|gateway|provider|IdP|app|application)\b|\b(?:JWTs?|tokens?)\s+(?:(?:are|is)\s+)?compatible\s+with\b/i, weight: 3 },
  // an identity provider that signs the users in: Better Auth, Auth0, Clerk, Supabase Auth, Keycloak, Cognito…
  { field: "auth", value: "jwt-verify", pattern: /\bBetter[-_ ]?Auth\b|\bAuth0\b|\bClerk\b|\bSupabase[- ]Auth\b|\bsupabase\.auth\b|\bKeycloak\b|\bCognito\b|\bFirebase[- ]Auth(?:entication)?\b|\bOkta\b|\bNextAuth\b|\bAuth\.js\b|\bAzure AD\b|\bEntra ID\b|\bWorkOS\b|\bStytch\b/i, weight: 3 },
  // a secret or key shared with the issuer: "the shared `BETTER_AUTH_SECRET`", "a shared JWT secret"
  { field: "auth", value: "jwt-verify", pattern: /\bshared\s+(?:JWT\s+|signing\s+|HS256\s+|service\s+)?(?:secret|key)\b|\bshared\s+[`*_"']*[A-Z][A-Z0-9]*_(?:[A-Z0-9]+_)*(?:SECRET|KEY)\b/, weight: 3 },
  // public keys fetched from the issuer; a gateway in front that authenticates
  { field: "auth", value: "jwt-verify", pattern: /\bJWKS\b|\bjwks_uri\b|\bPyJWKClient\b|\.well-known\/(?:jwks|openid)/i, weight: 3 },
  { field: "auth", value: "jwt-verify", pattern: /\bbehind\s+(?:an?\s+|the\s+|our\s+)?(?:API\s+)?gateway\b|\bgateway\s+(?:verifies|validates|authenticates|issues|handles\s+auth)/i, weight: 2 },
  // weak: the project checks tokens ("verify the JWT", "JWT middleware", `jwt.decode`, HTTPBearer, audience
  // checks, the user id taken from the token), which counts only when nothing says it issues them
  { field: "auth", value: "jwt-verify", fallback: true, pattern: /\b(?:verif(?:y|ies|ying|ication)|validat(?:e|es|ing|ion)|decod(?:e|es|ing))\s+(?:of\s+)?(?:the\s+|an?\s+|incoming\s+|bearer\s+|access\s+|their\s+)*(?:JWTs?|tokens?)\b|\b(?:JWTs?|(?:bearer|access)\s+tokens?)\s+(?:token\s+)?(?:verification|validation|decoding)\b|\bJWT\s+(?:auth(?:entication)?\s+)?middleware\b|\bmiddleware\s+(?:for|to)\s+(?:\w+\s+){0,2}(?:JWTs?|tokens?)\b/i, weight: 1 },
  { field: "auth", value: "jwt-verify", fallback: true, pattern: /\bjwt\.decode\(|\bHTTPBearer\b|\b(?:audience|issuer)\s*=|\bverify_(?:aud|iss)\b/, weight: 1, in: CODE },
  { field: "auth", value: "jwt-verify", fallback: true, pattern: /\bHTTPBearer\b|\b(?:check|checks|checking|verif(?:y|ies|ying)|validat(?:e|es|ing))\s+(?:the\s+)?(?:token'?s?\s+)?(?:issuer|audience|iss|aud)\b|\baudience\s*=\s*["'`]/i, weight: 1, in: PROSE },
  { field: "auth", value: "jwt-verify", fallback: true, pattern: /\b(?:take|takes|taking|read|reads|reading|get|gets|getting|extract|extracts|extracting|extraction\s+of|derive|derives|derived|comes?)\s+(?:the\s+|its\s+)?(?:user(?:[ _-]?id)?|user ID|sub(?:ject)?|it)\s+(?:\w+\s+)?from\s+(?:the\s+|a\s+)?(?:verified\s+)?(?:JWT|token|claims?|bearer)\b|\buser[ _-]?ID\s+extraction\s+from\b/i, weight: 1 },
  // `none`: "no authentication", "without auth"
  // (not "never implement custom auth", "don't roll your own authentication": the project has auth)
  { field: "auth", value: "none", polarity: "negated", pattern: /\bauth(?:entication)?\b/i, weight: 2, unless: /\b(?:custom|own|home-?grown|hand-?rolled)\s+auth(?:entication)?\b/i },
  // a stated setting: `auth: none`, "Authentication | None"
  { field: "auth", value: "none", pattern: /\bauth(?:entication)?`?\s*[:=|]\s*`?(?:none|aucune|ninguna|keine)\b/i, weight: 3 },

  // ── refresh tokens (with `jwt`) ────────────────────────────────────────────────────────────
  { field: "refreshTokens", value: true, negatedValue: false, pattern: /\brefresh[- ]?tokens?\b|\btoken refresh\b|\brefresh (?:mechanisms?|flow|endpoint)\b|\baccess\s*\+\s*refresh\b/i, weight: 2 },
  { field: "refreshTokenStorage", value: "database", pattern: /\brefresh tokens?\b.*\b(?:in|to) (?:the |a )?(?:database|db|table)\b|\b(?:store|persist|save)\w*\s+(?:the\s+)?refresh tokens?\b|\brevoc(?:ation|able|ke|ed)\b|\b(?:blacklist|denylist|blocklist)\b/i, weight: 2 },
  { field: "refreshTokenStorage", value: "stateless", pattern: /\bstateless\b.*\brefresh\b|\brefresh\b.*\bstateless\b/i, weight: 2 },

  // ── password hashing, JWT library ──────────────────────────────────────────────────────────
  { field: "passwordHashing", value: "bcrypt", pattern: /\bbcrypt\b/i, weight: 2 },
  { field: "passwordHashing", value: "argon2", pattern: /\bargon2(?:id)?\b/i, weight: 2 },
  { field: "jwtLibrary", value: "pyjwt", pattern: /\bPyJWT\b|(?:^|`)\s*import jwt\b/i, weight: 2 },
  { field: "jwtLibrary", value: "python-jose", pattern: /\bpython-jose\b|\bfrom jose import\b|\bjose\.jwt\b/i, weight: 2 },

  // ── layout and layers: folders and modules (in trees, paths, lists, prose) ─────────────────
  // routers folder: the value is the folder itself, with an api/vN prefix when there is one
  { field: "layers.routers", capture: 1, pattern: new RegExp(String.raw`(?<![\w-])((?:api/(?:v\d+/)?)?(?:routers|routes|endpoints))` + FOLDER_END), weight: 2, structure: "term" },
  { field: "layout", value: "versioned", pattern: new RegExp(String.raw`(?<![\w-])api/v\d+/(?:endpoints|routers|routes)` + FOLDER_END), weight: 3, structure: "term" },
  { field: "layout", value: "versioned", pattern: folder("endpoints"), weight: 1, structure: "term" },
  { field: "layout", value: "versioned", pattern: folder("crud"), weight: 1, structure: "term" },
  { field: "layers.dataAccess", value: "crud", pattern: folder("crud"), weight: 2, structure: "term" },
  { field: "layout", value: "layered", pattern: folder("services"), weight: 2, structure: "term" },
  { field: "layers.services", value: true, pattern: folder("services"), weight: 2, structure: "term" },
  { field: "layout", value: "layered", pattern: folder("repositor(?:y|ies)"), weight: 2, structure: "term" },
  { field: "layers.dataAccess", value: "repositories", pattern: folder("repositor(?:y|ies)"), weight: 2, structure: "term" },
  // flat: one module per concern
  // (a module inside a part's package, `db/models.py`, is not a flat layout)
  { field: "layout", value: "flat", pattern: pyModule("models|schemas", true), weight: 2, structure: "paired" },
  { field: "layout", value: "flat", pattern: pyModule("db|database|crud|routes|routers|endpoints|services", true), weight: 1, structure: "paired" },
  { field: "layers.dataAccess", value: "crud", pattern: pyModule("crud"), weight: 1, structure: "term" },
  { field: "layers.services", value: true, pattern: pyModule("services"), weight: 1, structure: "term" },
  // parts every layout has: they only help recognise a structure listing
  { field: "structure", value: true, pattern: folder("models|schemas|core|db|utils|dependencies|deps|middleware|api|config"), weight: 0, structure: "term" },
  { field: "structure", value: true, pattern: pyModule("main|config|settings|dependencies|deps|security|app"), weight: 0, structure: "term" },
  // bare words, only inside a listing: "separation of concerns (routes, models, services, schemas)"
  { field: "layers.routers", value: "routes", pattern: bare("routes"), weight: 2, structure: "listed" },
  { field: "layers.routers", value: "routers", pattern: bare("routers"), weight: 2, structure: "listed" },
  { field: "layers.services", value: true, pattern: bare("services"), weight: 2, structure: "listed" },
  { field: "layout", value: "layered", pattern: bare("services"), weight: 1, structure: "listed" },
  { field: "layers.dataAccess", value: "repositories", pattern: bare("repositor(?:y|ies)"), weight: 2, structure: "listed" },
  { field: "layout", value: "layered", pattern: bare("repositor(?:y|ies)"), weight: 1, structure: "listed" },
  { field: "layers.dataAccess", value: "crud", pattern: bare("crud"), weight: 2, structure: "listed" },
  // (not "dependencies", "middleware"…: as bare words those are concepts more often than parts)
  { field: "structure", value: true, pattern: bare("models|schemas"), weight: 0, structure: "listed" },
  // named patterns
  { field: "layers.services", value: true, pattern: /\bservice[- ]layers?\b|\bservice (?:classes|modules)\b/i, weight: 1 },
  { field: "layout", value: "layered", pattern: /\bservice[- ]layers?\b/i, weight: 1 },
  { field: "layers.dataAccess", value: "repositories", pattern: /\brepository (?:pattern|layer|classes)\b/i, weight: 1 },

  // ── ids, timestamps, soft delete ───────────────────────────────────────────────────────────
  { field: "idType", value: "uuid", pattern: /\bUUIDs?\b/, weight: 2 },
  { field: "idType", value: "uuid", pattern: /\buuid4\b|\buuid\.UUID\b|\bUUID\(as_uuid/, weight: 2, in: CODE },
  { field: "idType", value: "int", pattern: /\bid\s*:\s*(?:Optional\[\s*int\s*\]|int\b|Mapped\[int\])|\bColumn\(\s*Integer\s*,\s*primary_key\b/, weight: 2, in: CODE },
  { field: "idType", value: "int", pattern: /\b(?:integer|serial|auto-?increment(?:ing)?)\s+(?:primary\s+)?(?:keys?|ids?)\b|\bsequential integers?\b/i, weight: 2 },
  { field: "timestamps", value: true, negatedValue: false, pattern: /\bcreated_at\b|\bupdated_at\b/, weight: 2 },
  // the plural: a single "timestamp" is usually a field of a log line or a response
  { field: "timestamps", value: true, negatedValue: false, pattern: /\btimestamps\b/i, weight: 1 },
  { field: "softDelete", value: true, negatedValue: false, pattern: /\bsoft[- ]?delet(?:e|es|ed|ion|ing)\b|\bdeleted_at\b|\bis_deleted\b/i, weight: 2 },

  // ── pagination ─────────────────────────────────────────────────────────────────────────────
  { field: "pagination", value: "limit-offset", pattern: /\blimit\b[^.\n]{0,12}\boffset\b|\boffset\b[^.\n]{0,12}\blimit\b|\boffset[- ]based\b|[?&]offset=/i, weight: 2 },
  { field: "pagination", value: "skip-limit", pattern: /\bskip\b[^.\n]{0,12}\blimit\b|[?&]skip=|\bskip\s*:\s*int\b/i, weight: 2 },
  { field: "pagination", value: "cursor", pattern: /\bcursor[- ]based\b|\bcursor pagination\b|\bnext_cursor\b|\bkeyset pagination\b|[?&]cursor=/i, weight: 2 },
  // the list envelope: the fields of a `class PaginatedResponse(BaseModel)`, or a JSON list body
  { field: "paginationEnvelope", extract: "class-fields", pattern: /^\s*class\s+\w*(?:Paginated\w*|Page|PageResponse|ListResponse)\s*[(:[]/, weight: 3, in: CODE },
  { field: "paginationEnvelope", extract: "json-keys", pattern: /\{\s*"items"\s*:/, weight: 2 },

  // ── filtering ──────────────────────────────────────────────────────────────────────────────
  // a capability ("support filtering and sorting"), not where parameters go ("query parameters for filtering")
  { field: "filtering", value: true, negatedValue: false, pattern: /\b(?:support|supports|implement|implements|add|adds|provide|provides|enable|enables|advanced)\s+(?:\w+\s+){0,2}filtering\b|\bfiltering\s+(?:and|&)\s+sorting\b|\bfiltering (?:capabilit(?:y|ies)|support|options)\b|\bfilter(?:ing)? by (?!user_id|owner|the current user)\w+/i, weight: 2 },

  // ── API prefix ─────────────────────────────────────────────────────────────────────────────
  // `/api/v1/users` → "/api/v1"; `APIRouter(prefix="/api/todos")` → "/api"
  { field: "apiPrefix", capture: 0, pattern: /(?<![\w/.:])\/api(?:\/v\d+)?(?=[/"'`\s),?\]]|$)/, weight: 2 },
  { field: "apiPrefix", value: "/api/v1", pattern: /\bAPI versioning\b|\bversion(?:ed)?\s+(?:the\s+|your\s+|all\s+)?APIs?\b/i, weight: 1 },
  { field: "apiPrefix", value: "", polarity: "negated", pattern: /\b(?:api |url |route )?prefix\b/i, weight: 2 },

  // ── users, permissions, protection ─────────────────────────────────────────────────────────
  { field: "userIsolation", value: true, negatedValue: false, pattern: /\b(?:user[- ]level|per[- ]user|row[- ]level|tenant)\s+(?:data\s+)?isolation\b|\bdata isolation\b|\buser isolation\b|\bfilter(?:ed|s|ing)?\s+(?:\w+\s+){0,2}by\s+(?:the\s+)?(?:current\s+)?(?:user_id|owner_id|owner)\b|\bonly\s+(?:see|access|read|modify|edit)\s+(?:their|his|her)\s+own\b|\bownership checks?\b/i, weight: 2 },
  // "each user only sees their own rows", "users see only their own orders"
  { field: "userIsolation", value: true, negatedValue: false, pattern: /\bonly\s+(?:ever\s+)?(?:sees?|access(?:es)?|reads?|modif(?:y|ies)|edits?|views?|gets?|lists?|touch(?:es)?|manages?|deletes?|updates?)\s+(?:their|his|her|its)\s+own\b|\b(?:sees?|access(?:es)?|reads?|modif(?:y|ies)|edits?|views?|gets?|lists?|touch(?:es)?|manages?)\s+only\s+(?:their|his|her|its)\s+own\b/i, weight: 2 },
  // "data is owner-scoped", "per-user scoping", "scope every query to the current user", "enforce ownership"
  { field: "userIsolation", value: true, negatedValue: false, pattern: /\b(?:owner|user)[- ]scop(?:ed|ing)\b|\bper[- ]user\s+(?:scop(?:e|ed|ing)|ownership|filtering|data)\b|\bscop(?:e|es|ed|ing)\s+(?:\w+\s+){0,3}to\s+(?:the\s+|its\s+|their\s+)?(?:current|authenticated|logged[- ]in|requesting|owning)?\s*(?:user|owner)\b|\benforc(?:e|es|ed|ing)\s+(?:row\s+|resource\s+)?ownership\b/i, weight: 2 },
  // "rows belong to a user", "every record belongs to its owner"
  { field: "userIsolation", value: true, negatedValue: false, pattern: /\b(?:rows?|records?|data|resources?|objects?|entities|entries)\s+(?:each\s+)?belongs?\s+to\s+(?:a|the|one|its|their|exactly one)\s+(?:single\s+)?(?:user|owner)\b/i, weight: 2 },
  // "queries are always scoped by owner", "filtered and scoped by user_id"; "todos belong to the user who created them"
  { field: "userIsolation", value: true, negatedValue: false, pattern: /\bscop(?:e|es|ed|ing)\s+(?:\w+\s+){0,2}by\s+(?:the\s+)?(?:owner|user|owner_id|user_id|current user)\b|\bbelongs?\s+to\s+the\s+(?:user|account)\s+(?:who|that)\s+(?:created|owns)\b/i, weight: 2 },
  // "never expose other users' data", "no cross-user access", "a user must never see another user's rows"
  { field: "userIsolation", value: true, polarity: "negated", pattern: /\bcross[- ]user\b|\bother users'? data\b|\banother user'?s\s+(?:data|rows?|records?|resources?|items?|objects?)\b/i, weight: 2 },
  { field: "rbac", value: true, negatedValue: false, pattern: /\brole[- ]based\b|\bRBAC\b|\bpermission[- ]based\b|superuser|\badmin(?:-only)?\s+(?:endpoints?|routes?|role|users?)\b|\broles? (?:and|&) permissions?\b/i, weight: 2 },
  { field: "rateLimiting", value: true, negatedValue: false, pattern: /\brate[- ]?limit(?:s|ing|er|ed)?\b|\bslowapi\b|\bthrottl(?:e|ing)\b/i, weight: 2 },
  // Redis chosen for this service: "use Redis for rate limiting", "Redis-backed sessions", "counters in Redis";
  // not a mention ("avoid Redis", "Redis if needed later", "experienced with PostgreSQL, Redis and Docker",
  // "using Redis, Celery or background tasks")
  { field: "redis", value: true, negatedValue: false, pattern: /\bRedis[- ](?:backed|based)\b|\bRedis\b[^.;:]{0,40}?\b(?:for|to hold|to store|as)\s+(?:the\s+|a\s+|our\s+|its\s+)?(?:(?:shared|distributed|global)\s+)?(?:rate[- ]?limit\w*|caching|cache|sessions?|counters?|throttl\w*|locks?|queues?|pub\/?sub|brute[- ]force\b|token\s+(?:storage|blacklist|denylist|revocation))|\b(?:use|uses|using|backed by|stored?|kept|keep|persist(?:s|ed)?|cached?|counted|count(?:er|ers)?)\s+(?:\w+\s+){0,3}?(?:in|with|on|via|through|to)\s+(?:a\s+|the\s+|an?\s+)?(?:shared\s+|central\s+|external\s+|managed\s+)?Redis\b(?!\s*(?:,|\/|\bor\b))|\b(?:use|uses|using)\s+Redis\b(?!\s*(?:,|\/|\bor\b))/i, weight: 2, unless: /\b(?:later|future|eventually|someday|might|may|could|would|experien\w*|expert\w*|familiar|knowledge|proficien\w*|skilled)\b/i },
  // the client in code or a dependency list: `redis.asyncio`, `aioredis`, `redis>=5`, `REDIS_URL=…`, `pip install redis`
  { field: "redis", value: true, negatedValue: false, pattern: /\baioredis\b|\bredis\.asyncio\b|\b(?:from|import)\s+redis\b|\bREDIS_URL\b|(?<![\w.-])redis(?:\[[\w,]+\])?\s*(?:>=|==|~=|\^|>)\s*\d|\b(?:pip|uv|poetry)\s+(?:install|add)\b[^\n]*?(?<![\w.-])redis\b/, weight: 2 },
  { field: "cors", value: true, negatedValue: false, pattern: /\bCORS\b|\bCORSMiddleware\b|\ballow(?:ed)?_origins\b|\bcross-origin\b/i, weight: 2 },
  { field: "accountLockout", value: true, negatedValue: false, pattern: /\baccount lock(?:out|ing)\b|\block(?:s|ed)?\s+(?:the\s+)?(?:account|user)s?\b|\bfailed[_ ]login[_ ](?:attempts|count)\b|\blocked_until\b|\blockout\b/i, weight: 2 },
  { field: "healthCheck", value: true, negatedValue: false, pattern: /\bhealth[- ]?checks?\b|\bhealth (?:endpoints?|routes?|probes?)\b|["'`/]health(?:z|check)?\b|\bliveness\b|\breadiness (?:probes?|checks?|endpoints?)\b/i, weight: 2 },

  // ── errors ─────────────────────────────────────────────────────────────────────────────────
  { field: "errorFormat", value: "envelope", pattern: /\berror[_ ]codes?\b|\berror envelopes?\b|\b(?:structured|consistent|standardi[sz]ed|uniform|machine-readable)\s+error\s+(?:responses?|bod(?:y|ies)|formats?|payloads?|shapes?)\b|\berror response formats?\b/i, weight: 2 },
  { field: "errorFormat", value: "envelope", pattern: /^\s*class\s+\w*Error\w*\s*\(\s*BaseModel\b/, weight: 2, in: CODE },
  // FastAPI's own {"detail": …}; raising HTTPException in sample code is too common to tell
  { field: "errorFormat", value: "detail", pattern: /\bHTTPException\b/, weight: 1, in: PROSE },
  { field: "errorFormat", value: "detail", pattern: /\{\s*"detail"\s*:/, weight: 1 },

  // ── code style ─────────────────────────────────────────────────────────────────────────────
  { field: "comments", value: "none", polarity: "negated", pattern: /\bcomments\b/i, weight: 3 },

  // ── sample resource: the domain noun the spec talks about ─────────────────────────────────
  // a route path (`/todos`, `/api/v1/books/{id}`), a model class, a table name
  { field: "sampleResource", capture: 1, pattern: /(?<![\w/.:-])\/(?:api\/)?(?:v\d+\/)?([a-z][a-z_-]{2,})(?=[/\s`"'?{),\]]|$)/, weight: 1.5 },
  { field: "sampleResource", capture: 1, pattern: /^\s*class\s+([A-Z][a-z]+)\s*\((?=[^)]*(?:\bBase\b|\bSQLModel\b|table\s*=\s*True|\bDocument\b))/, weight: 2, in: CODE },
  { field: "sampleResource", capture: 1, pattern: /__tablename__\s*=\s*["']([a-z_]+)["']/, weight: 2, in: CODE },
  // a router module in a tree or path: `api/v1/endpoints/products.py`, `routers/books.py`
  { field: "sampleResource", capture: 1, pattern: /(?:endpoints|routers|routes)\/([a-z][a-z_]{2,})\.py\b/, weight: 2 },
  // prose that names the domain: "Tasks are the main resource", "the main entity is `orders`",
  // "Todos belong to the user who created them"
  { field: "sampleResource", capture: 1, pattern: /\b([A-Za-z]{3,})\s+(?:are|is)\s+the\s+(?:main|primary|core|central)\s+(?:resource|entity)\b/, weight: 3 },
  { field: "sampleResource", capture: 1, pattern: /\b(?:main|primary|core|central)\s+(?:resource|entity)\s*(?:is|:)\s*(?:the\s+)?`?([a-z]{3,})`?/i, weight: 3 },
  { field: "sampleResource", capture: 1, pattern: /\b([A-Za-z]{3,})\s+belongs?\s+to\s+(?:the\s+|a\s+)?(?:user|owner|account)\b/, weight: 3 },
  // inside examples only: "the todo list", "todo endpoints", "deleting todos with …", "their own todos"
  { field: "sampleResource", capture: 1, pattern: /\b([a-z]{3,})\s+(?:list|lists|endpoints?|items|tables?|records|crud|app|application|feature|management|tracking|resources?)\b/, weight: 1, examplesOnly: true },
  { field: "sampleResource", capture: 1, pattern: /\b(?:list|listing|create|creating|delete|deleting|update|updating|manage|managing|fetch|fetching|track|tracking|own)\s+(?:all\s+|the\s+|their\s+|new\s+)?([a-z]{3,})(?=\s*(?:[,.;:!?)"']|$)|\s+(?:with|for|and|or|in|from|by|that|which|to)\b)/, weight: 1, examplesOnly: true },
  // the spec's own package: code that imports the project's modules from it (`from app.core.config import settings`)
  { field: "packageRoot", capture: 1, pattern: /^\s*(?:from|import)\s+(?!(?:alembic|fastapi|sqlalchemy|sqlmodel|pydantic|pydantic_settings|starlette|tests?|passlib|jose|jwt|celery|redis|httpx|pytest|typing|collections|logging|os|sys|datetime|uuid|src)\.)([a-z_][a-z0-9_]{0,30})\.(?:core|api|models?|schemas?|routers?|routes|endpoints|services?|db|database|config|settings|crud|repositories|repository|dependencies|deps|security|main)\b/, weight: 2, in: CODE },
];

/**
 * A listing of the project's parts that names no service layer or no data-access layer says the
 * project has none ("routes, models, services, schemas" → no repositories).
 */
export const ABSENT_FROM_LISTING: readonly {
  field: "layers.services" | "layers.dataAccess";
  value: false | "none";
  weight: number;
}[] = [
  { field: "layers.services", value: false, weight: 1 },
  { field: "layers.dataAccess", value: "none", weight: 1 },
];

/** A listing needs this many distinct parts. */
export const MIN_LISTING_PARTS = 3;

/** A `paired` term counts where its unit names this many distinct parts (itself included). */
export const MIN_PAIRED_PARTS = 2;

// ── context ────────────────────────────────────────────────────────────────────────────────────

/** Weight of a mention by the kind of text it is in: code is the strongest evidence. */
export const KIND_WEIGHTS: Readonly<Record<SegmentKind, number>> = {
  prose: 1,
  list: 1,
  heading: 1,
  table: 1,
  code: 1.5,
  tree: 1.5,
};

/** The description says when to use the agent; the body says how it works. */
export const REGION_WEIGHTS: Readonly<Record<"body" | "description" | "frontmatter", number>> = {
  body: 1,
  description: 0.5,
  frontmatter: 0,
};

/**
 * Negation cues, looked for in the clause before a mention ("never use Alembic", "NOT python-jose",
 * "no explanatory text, comments, or markdown", "prefer UUIDs over integers"). Includes a few other
 * languages' words for prose written in them.
 */
export const NEGATION_CUES: readonly RegExp[] = [
  /\b(?:never|not|no|don'?t|do not|does not|doesn'?t|must not|should not|shouldn'?t|avoid(?:ing)?|without|instead of|rather than|nor|forbid(?:den)?|ban(?:ned)?)\b(?![-'])/i,
  /\bprefer\b.*\bover\b/i,
  /\b(?:nicht|kein(?:e|en|er|em)?|nie(?:mals)?|ohne|nunca|jamais|sans|sin|sem|não|nao|senza|mai|non)\b(?!-)/i,
];

/** Negation after a mention, within its clause: "Alembic is not used". */
export const POST_NEGATION_CUES: readonly RegExp[] = [
  /^\W{0,3}(?:is|are|was|were|will be|should be|must be)?\s*(?:not|never)\s+(?:be\s+)?(?:used|allowed|supported|needed|required|wanted|recommended|an option)\b/i,
  /^\W{0,3}(?:is|are)\s+(?:forbidden|banned|deprecated|discouraged|out of scope)\b/i,
];

/** Where a clause ends, for the reach of a negation. */
export const CLAUSE_BREAK =
  /[.;:!?()[\]{}—–→]|\s-\s|\bbut\b|\bthen\b|,\s*(?=(?:use|always|prefer|instead|and use|so)\b)/i;

/** A segment that is a question, or asks one. */
export const QUESTION_CUES: readonly RegExp[] = [
  /\?[\s*_`'")\]]*$/,
  /\bask (?:\w+ )?(?:clarifying )?questions?\b/i,
  /^\W*(?:ask|clarify) (?:about|whether|if|which)\b/i,
];

/** Hedges: the spec muses about something rather than asking for it. */
export const HEDGE_CUES: readonly RegExp[] = [
  /\bconsider(?:s|ed|ing|ations?)?\b/i,
  /\bif (?:applicable|needed|necessary|required)\b/i,
  /\bwhen (?:\w+ )?warrant(?:s|ed)?\b/i,
  /\bif (?:the |your )?(?:repo|repository|codebase|project|team) (?:already )?(?:uses?|has|needs)\b/i,
];

/**
 * "e.g." asides are examples of something else, not choices: `(e.g., "JWT with RS256, refresh
 * tokens stored in Redis")`. They are blanked out before matching.
 */
export const ASIDE_PATTERNS: readonly RegExp[] = [
  /\((?:e\.g\.|eg\.|e\.g,|for example|for instance)[^)]*\)/gi,
  /\b(?:e\.g\.|for example|for instance),?\s[^.;)]*/gi,
];

/** An unsupported stack only counts as chosen with one of these (or in code). */
export const CHOICE_CUES: readonly RegExp[] = [
  /\b(?:use|uses|using|used|built (?:on|with)|backed by|based on|powered by|stored? in|persist(?:s|ed)? (?:in|to)|runs? on|our|we)\b/i,
  /^\W*(?:database|db|orm|odm|data ?store|persistence|storage|(?:tech(?:nology)? )?stack)\W*[:|]/i,
  /\|\s*\W*(?:database|db|orm|odm|data ?store|persistence|storage)\W*\s*\|/i,
];

/** Example blocks in the text: `<example>` … `</example>`, `<commentary>` … `</commentary>`. */
export const EXAMPLE_TAG = /<\/?(?:example|examples|commentary)\b[^>]*>/gi;

/** Headings whose section is made of examples of use, not instructions. */
export const EXAMPLE_HEADINGS: readonly RegExp[] = [
  /^\W*(?:example|sample) (?:interactions|prompts|requests|invocations|usage|conversations)\b/i,
  /^\W*usage examples\b/i,
];

/** Headings whose section asks questions rather than stating conventions. */
export const QUESTION_HEADINGS: readonly RegExp[] = [/\bquestions?\b/i, /\bclarif(?:y|ication)\b/i];

/** A line introducing a list of examples ("Examples of what to record:"). */
export const EXAMPLE_LEAD_INS: readonly RegExp[] = [
  /\bexamples? of what to (?:record|remember|save|store|note|capture)\b/i,
  /^\W*examples?\W*:\W*$/i,
  // a sample of what the agent reports when done: "Delivery notification:"
  /^\W*(?:delivery|completion|status|progress) (?:notification|message|update)s?\W*:\W*$/i,
];

/** A line introducing a list of questions or escalation triggers ("Before building, ask:"). */
export const QUESTION_LEAD_INS: readonly RegExp[] = [
  /\b(?:ask|clarify|escalate|invoke the user|check with the user)\b[^:]*:[\s*_]*$/i,
];

// ── per-field policy ───────────────────────────────────────────────────────────────────────────

export interface FieldPolicy {
  /** The winning value needs at least this score. */
  minScore: number;
  /** Example blocks count for this field (they never do otherwise). */
  readsExamples: boolean;
  /** …and a value named in this many distinct example blocks wins even below `minScore`. */
  minExampleBlocks: number | null;
  /** Several values of the field in one segment are a catalogue ("PostgreSQL, MySQL, SQLite"): they cancel out. */
  alternativesCancel: boolean;
  /** The field only applies when the auth mode is one of these (e.g. RBAC needs the project's own users). */
  needsAuth: readonly AuthMode[] | null;
  /** …and when refresh tokens are on. */
  needsRefreshTokens: boolean;
  /** …and when rate limiting is on (Redis only holds the limiter's counters). */
  needsRateLimiting: boolean;
  /** How a captured value is read: as written, or as a domain noun (lowercase plural, generic nouns dropped). */
  capturedAs: "text" | "noun";
}

const POLICY: FieldPolicy = {
  minScore: 1,
  readsExamples: false,
  minExampleBlocks: null,
  alternativesCancel: true,
  needsAuth: null,
  needsRefreshTokens: false,
  needsRateLimiting: false,
  capturedAs: "text",
};

/** Fields that only exist when the project issues its own tokens (it has a users table). */
const OWN_USERS: Partial<FieldPolicy> = { needsAuth: ["jwt"] };

export const FIELD_POLICIES: Readonly<Record<RuleField, FieldPolicy>> = {
  orm: POLICY,
  database: POLICY,
  migrations: POLICY,
  auth: POLICY,
  refreshTokens: { ...POLICY, ...OWN_USERS },
  refreshTokenStorage: { ...POLICY, ...OWN_USERS, needsRefreshTokens: true },
  passwordHashing: { ...POLICY, ...OWN_USERS },
  jwtLibrary: { ...POLICY, needsAuth: ["jwt", "jwt-verify"] },
  layout: POLICY,
  "layers.routers": POLICY,
  "layers.services": POLICY,
  "layers.dataAccess": POLICY,
  structure: POLICY,
  idType: POLICY,
  timestamps: POLICY,
  softDelete: POLICY,
  pagination: POLICY,
  paginationEnvelope: POLICY,
  filtering: POLICY,
  apiPrefix: POLICY,
  userIsolation: { ...POLICY, needsAuth: ["jwt", "jwt-verify"] },
  rbac: { ...POLICY, ...OWN_USERS },
  rateLimiting: POLICY,
  redis: { ...POLICY, needsRateLimiting: true },
  cors: POLICY,
  errorFormat: POLICY,
  healthCheck: POLICY,
  accountLockout: { ...POLICY, ...OWN_USERS },
  comments: POLICY,
  // the domain noun may come from examples when it recurs (≥3 mentions or in ≥2 examples)
  sampleResource: {
    ...POLICY,
    minScore: 3,
    readsExamples: true,
    minExampleBlocks: 2,
    alternativesCancel: false,
    capturedAs: "noun",
  },
  packageRoot: POLICY,
};

/**
 * Nouns that never make a sample resource: generic, auth or infrastructure nouns, and words the
 * example patterns catch that are not nouns of a domain. Singular, lowercase.
 */
// prettier-ignore
export const GENERIC_NOUNS: ReadonlySet<string> = new Set([
  // generic and auth nouns
  "user", "resource", "item", "record", "endpoint", "data", "api", "auth", "login", "logout",
  "register", "registration", "signup", "token", "session", "role", "permission", "account",
  "profile", "me", "admin", "password", "email", "entity", "object", "thing", "tenant", "row",
  // infrastructure paths and parts
  "health", "healthz", "docs", "redoc", "openapi", "status", "metric", "file", "upload",
  "internal", "public", "private", "static", "media", "test", "example", "sample", "backend",
  "frontend", "fastapi", "rest", "restful", "http", "https", "crud", "json", "sql", "database",
  "main", "core", "management", "service", "system", "app", "application", "project", "model",
  "schema", "route", "router", "query", "request", "response", "error", "security", "jwt",
  "oauth", "feature", "operation", "middleware", "websocket", "microservice", "dependency",
  "config", "setting", "log", "event", "webhook", "graphql", "version", "protected",
  // words that are not domain nouns
  "new", "existing", "all", "the", "this", "that", "these", "those", "other", "my", "your", "our",
  "their", "its", "async", "sync", "list", "get", "post", "put", "patch", "delete", "create",
  "update", "read", "full", "complete", "proper", "specific", "relevant", "multiple", "several",
  "each", "every", "some", "any", "more", "large", "small", "basic", "simple", "same", "own",
]);

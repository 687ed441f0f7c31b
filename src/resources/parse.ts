/**
 * Resource definitions: `"<plural> name:type[:modifier…] …"`, parsed and validated into typed data.
 * No Yeoman, no templates: the plan turns these into what templates need (src/plan/resources.ts).
 */
import { UserError } from "../errors.js";
import { PYTHON_KEYWORDS, RESOURCE_PATTERN, resourceNameProblem, singularize } from "../names.js";
import type { ResourceChange, ResourceMigration } from "./migration.js";

export const FIELD_TYPES = [
  "str",
  "text",
  "int",
  "bigint",
  "float",
  "decimal",
  "bool",
  "date",
  "datetime",
  "uuid",
  "json",
  "email",
  "url",
  "enum",
  "ref",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const MODIFIERS = ["optional", "unique", "index", "default=<value>"] as const;

/** One field as declared. */
export interface FieldDef {
  /** The declared name (`author` for `author:ref:authors`). */
  name: string;
  type: FieldType;
  /** `str`: the column length. */
  length?: number;
  /** `decimal`: digits in all, and after the point. */
  precision?: number;
  scale?: number;
  /** `enum`: the allowed values, in order. */
  choices?: string[];
  /** `ref`: the plural name of the referenced resource (`users` for the user table). */
  target?: string;
  optional: boolean;
  unique: boolean;
  index: boolean;
  /** `default=<value>`, as written (already checked against the type). */
  default?: string;
}

/** One resource as declared: its plural name and its fields, in order. */
export interface ResourceDef {
  plural: string;
  fields: FieldDef[];
}

/** How a resource is given in the answers file and stored in `.yo-rc.json`. */
export interface ResourceAnswer {
  name: string;
  fields: string[];
  /**
   * Set on a resource added to an existing project (`fastapi-agent resource`): its table is
   * created by its own Alembic revision, not by the initial one.
   */
  migration?: ResourceMigration;
  /**
   * Set on a resource whose fields were changed later (`fastapi-agent resource … --change`): one
   * entry per change, oldest first, each with its Alembic revision and the fields it replaced.
   */
  changes?: ResourceChange[];
}

/** Default length of a `str` column: what MySQL indexes in full with utf8mb4 is 768 at most. */
export const DEFAULT_STR_LENGTH = 255;
/** Longest `str`: beyond it, use `text`. */
export const MAX_STR_LENGTH = 1000;
/** Longest `str` (and `email`) that can be unique or indexed on MySQL (3072 bytes of utf8mb4). */
export const MAX_INDEXED_LENGTH = 768;
export const DEFAULT_DECIMAL = { precision: 10, scale: 2 } as const;
export const MAX_DECIMAL_PRECISION = 38;
/** Constraint and index names must fit PostgreSQL's identifiers (63 bytes). */
export const MAX_IDENTIFIER = 63;

/**
 * Names a field cannot take: the generated columns, attributes of the ORM and pydantic base
 * classes, and the list endpoint's query parameters.
 */
export const RESERVED_FIELDS = new Set([
  "id",
  "owner",
  "owner_id",
  "created_at",
  "updated_at",
  "deleted_at",
  "metadata",
  "registry",
  "self",
  "q",
  "sort",
  "limit",
  "offset",
  "skip",
  "cursor",
]);

/**
 * Names the generated modules use for types, modules and helpers: a class attribute of that name
 * would hide them from the annotations that follow it (`date: date` breaks a pydantic model).
 */
export const SHADOWING_FIELDS = new Set([
  "any",
  "bool",
  "bytes",
  "col",
  "date",
  "datetime",
  "decimal",
  "dict",
  "enum",
  "field",
  "float",
  "func",
  "int",
  "json",
  "list",
  "literal",
  "object",
  "sa",
  "select",
  "str",
  "uuid",
]);

const FIELD_NAME = /^[a-z][a-z0-9_]*$/;
const MAX_FIELD_NAME = 40;
const ENUM_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

/**
 * A problem with a definition: a UserError of one line that names the resource and the field.
 * (Not a subclass: errors.ts reaches this module through the options, so it may not be loaded yet.)
 */
function fail(where: string, problem: string): never {
  throw new UserError(`${where}: ${problem}`);
}

function positiveInt(text: string): number | null {
  return /^[0-9]{1,6}$/.test(text) ? Number(text) : null;
}

/** Why `value` is not a valid default for the field, or null. */
export function defaultProblem(field: FieldDef, value: string): string | null {
  const range = (bounds: readonly [bigint, bigint]) => {
    if (!/^-?[0-9]+$/.test(value)) return `default "${value}" is not an integer`;
    const n = BigInt(value);
    return n < bounds[0] || n > bounds[1]
      ? `default ${value} is out of range (${bounds[0]} to ${bounds[1]})`
      : null;
  };
  switch (field.type) {
    case "str":
    case "text":
      if (value === "") return "default= needs a value";
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
      if (/[\u0000-\u001f\u007f"\\]/.test(value))
        return "default text cannot hold quotes, backslashes or control characters";
      if (field.type === "str" && value.length > (field.length ?? DEFAULT_STR_LENGTH))
        return `default "${value}" is longer than ${field.length ?? DEFAULT_STR_LENGTH} characters`;
      return null;
    case "int":
      return range(INT32);
    case "bigint":
      return range(INT64);
    case "float":
      return /^-?[0-9]+(\.[0-9]+)?$/.test(value) ? null : `default "${value}" is not a number`;
    case "decimal": {
      const m = /^-?([0-9]+)(?:\.([0-9]+))?$/.exec(value);
      if (!m) return `default "${value}" is not a decimal number`;
      const scale = field.scale ?? DEFAULT_DECIMAL.scale;
      const precision = field.precision ?? DEFAULT_DECIMAL.precision;
      const whole = m[1]!.replace(/^0+(?=.)/, "");
      const fraction = m[2] ?? "";
      if (fraction.length > scale) return `default ${value} has more than ${scale} decimal places`;
      if (whole !== "0" && whole.length > precision - scale)
        return `default ${value} has more than ${precision - scale} digits before the point`;
      return null;
    }
    case "bool":
      return value === "true" || value === "false" ? null : `default must be true or false`;
    case "date": {
      const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
      const d = m ? new Date(`${value}T00:00:00Z`) : null;
      return d && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value)
        ? null
        : `default "${value}" is not a date (YYYY-MM-DD)`;
    }
    case "enum":
      return field.choices?.includes(value)
        ? null
        : `default "${value}" is not one of ${field.choices?.join(", ")}`;
    case "email":
      return /^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(value)
        ? null
        : `default "${value}" is not an email address`;
    case "url":
      return /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~%/-]*)?$/.test(value)
        ? null
        : `default "${value}" is not an http(s) URL`;
    case "datetime":
    case "uuid":
    case "json":
    case "ref":
      return `${field.type} fields take no default`;
  }
}

/** Parse one `name:type[:argument…][:modifier…]` field of `resource`. */
export function parseField(resource: string, text: string): FieldDef {
  const [rawName = "", ...rest] = text.split(":");
  const name = rawName.trim();
  const where = `${resource}.${name || "(no name)"}`;
  if (!FIELD_NAME.test(name)) {
    fail(where, `"${name}" is not a field name: lowercase letters, digits and _, from a letter`);
  }
  if (name.length > MAX_FIELD_NAME) fail(where, `name longer than ${MAX_FIELD_NAME} characters`);
  if (PYTHON_KEYWORDS.has(name)) fail(where, `"${name}" is a Python keyword`);
  if (RESERVED_FIELDS.has(name) || name.startsWith("model_")) {
    fail(where, `"${name}" is used by the generated code (id, owner, timestamps, list parameters)`);
  }
  if (SHADOWING_FIELDS.has(name)) {
    fail(where, `"${name}" would hide the Python name ${name} in the generated models`);
  }
  const type = rest.shift();
  if (type === undefined || type === "") fail(where, `no type (types: ${FIELD_TYPES.join(", ")})`);
  if (!(FIELD_TYPES as readonly string[]).includes(type)) {
    fail(where, `unknown type "${type}" (types: ${FIELD_TYPES.join(", ")})`);
  }
  const field: FieldDef = {
    name,
    type: type as FieldType,
    optional: false,
    unique: false,
    index: false,
  };
  // Type arguments: what follows the type until the first modifier.
  const next = () => rest[0];
  switch (field.type) {
    case "str": {
      const arg = next();
      if (arg !== undefined && /^[0-9]/.test(arg)) {
        rest.shift();
        const length = positiveInt(arg);
        if (length === null || length < 1 || length > MAX_STR_LENGTH) {
          fail(where, `str length "${arg}" must be 1 to ${MAX_STR_LENGTH} (longer: use text)`);
        }
        field.length = length;
      }
      break;
    }
    case "decimal": {
      const arg = next();
      if (arg !== undefined && /^[0-9]/.test(arg)) {
        rest.shift();
        const precision = positiveInt(arg);
        if (precision === null || precision < 1 || precision > MAX_DECIMAL_PRECISION) {
          fail(where, `decimal precision "${arg}" must be 1 to ${MAX_DECIMAL_PRECISION}`);
        }
        const scaleArg = next();
        let scale: number = DEFAULT_DECIMAL.scale;
        if (scaleArg !== undefined && /^[0-9]/.test(scaleArg)) {
          rest.shift();
          const parsed = positiveInt(scaleArg);
          if (parsed === null || parsed > precision) {
            fail(where, `decimal scale "${scaleArg}" must be 0 to the precision (${precision})`);
          }
          scale = parsed;
        } else if (scale > precision) {
          scale = 0;
        }
        field.precision = precision;
        field.scale = scale;
      }
      break;
    }
    case "enum": {
      const arg = rest.shift();
      if (arg === undefined || arg.trim() === "") fail(where, "enum needs its values: enum:a,b,c");
      const choices = arg.split(",").map((v) => v.trim());
      const bad = choices.find((v) => !ENUM_VALUE.test(v) || v.length > 50);
      if (bad !== undefined) {
        fail(where, `enum value "${bad}" must be letters, digits, _ . or -, at most 50 long`);
      }
      const dup = choices.find((v, i) => choices.indexOf(v) !== i);
      if (dup !== undefined) fail(where, `enum value "${dup}" is given twice`);
      field.choices = choices;
      break;
    }
    case "ref": {
      const arg = rest.shift();
      if (arg === undefined || arg.trim() === "") {
        fail(where, "ref needs the referenced resource: ref:<plural>");
      }
      field.target = arg.trim();
      break;
    }
    default:
      break;
  }
  const seen = new Set<string>();
  while (rest.length > 0) {
    const token = rest.shift()!;
    if (token.startsWith("default=")) {
      // The value may itself hold colons (a URL): it runs to the end.
      const value = [token.slice("default=".length), ...rest.splice(0)].join(":");
      if (seen.has("default")) fail(where, "default= is given twice");
      seen.add("default");
      const problem = defaultProblem(field, value);
      if (problem) fail(where, problem);
      field.default = value;
      continue;
    }
    if (token !== "optional" && token !== "unique" && token !== "index") {
      fail(where, `unknown modifier "${token}" (modifiers: ${MODIFIERS.join(", ")})`);
    }
    if (seen.has(token)) fail(where, `${token} is given twice`);
    seen.add(token);
    field[token] = true;
  }
  if (field.unique || field.index) {
    const modifier = field.unique ? "unique" : "index";
    if (["text", "json"].includes(field.type)) {
      fail(
        where,
        `${field.type} fields cannot be ${modifier} (no index on them on every database)`,
      );
    }
    if (field.type === "url") {
      fail(
        where,
        `url fields cannot be ${modifier}: MySQL indexes at most ${MAX_INDEXED_LENGTH} characters`,
      );
    }
    if ((field.length ?? DEFAULT_STR_LENGTH) > MAX_INDEXED_LENGTH) {
      fail(where, `str longer than ${MAX_INDEXED_LENGTH} cannot be ${modifier} on MySQL`);
    }
    if (field.unique && ["bool", "enum"].includes(field.type)) {
      fail(where, `${field.type} fields cannot be unique (a handful of rows at most)`);
    }
  }
  return field;
}

/** The column of a field: `author` → `author_id` for a reference. */
export function columnName(field: FieldDef): string {
  return field.type === "ref" ? `${field.name}_id` : field.name;
}

/** Parse `"<plural> field field …"` (syntax only: references are checked with the others). */
export function parseResource(text: string): ResourceDef {
  const [plural = "", ...fields] = text.trim().split(/\s+/);
  return parseResourceAnswer({ name: plural, fields });
}

/** The answers-file form of a resource: `{ name, fields }`. */
export function parseResourceAnswer(answer: ResourceAnswer): ResourceDef {
  const plural = answer.name.trim();
  if (plural === "") fail("(no name)", "a resource definition needs a name: <plural> field:type …");
  if (!RESOURCE_PATTERN.test(plural)) {
    fail(
      plural,
      "not a resource name: a plural noun in lowercase, e.g. books (letters, digits, _)",
    );
  }
  const nameProblem = resourceNameProblem(plural);
  if (nameProblem) fail(plural, nameProblem);
  if (answer.fields.length === 0) fail(plural, "give at least one field: name:type");
  const fields = answer.fields.map((f) => parseField(plural, f.trim()));
  const columns = new Map<string, string>();
  for (const field of fields) {
    const column = columnName(field);
    const clash = columns.get(column);
    if (clash !== undefined) {
      fail(
        `${plural}.${field.name}`,
        clash === field.name ? "duplicate field" : `its column ${column} clashes with ${clash}`,
      );
    }
    if (RESERVED_FIELDS.has(column) || PYTHON_KEYWORDS.has(column)) {
      fail(`${plural}.${field.name}`, `its column "${column}" is used by the generated code`);
    }
    columns.set(column, field.name);
    const names = [
      `fk_${plural}_${column}_${field.target ?? ""}`,
      `ix_${plural}_${column}`,
      `uq_${plural}_${column}`,
      `ck_${plural}_${column}`,
    ];
    const long = names.find((n) => n.length > MAX_IDENTIFIER);
    if (
      long !== undefined &&
      (field.type === "ref" || field.unique || field.index || field.choices)
    ) {
      fail(
        `${plural}.${field.name}`,
        `the name ${long} is longer than ${MAX_IDENTIFIER} characters: use shorter names`,
      );
    }
  }
  return { plural, fields };
}

export interface ResourceContext {
  /** The project has a users table (`ref:users` is allowed). */
  users: boolean;
}

/**
 * Check the definitions together (names, references, cycles) and order them so that every
 * resource comes after those it references. Throws a UserError naming the resource and field.
 */
export function validateResources(defs: ResourceDef[], ctx: ResourceContext): ResourceDef[] {
  const byName = new Map<string, ResourceDef>();
  const singulars = new Map<string, string>();
  for (const def of defs) {
    if (byName.has(def.plural)) fail(def.plural, "the resource is defined twice");
    const singular = singularize(def.plural);
    const other = singulars.get(singular);
    if (other !== undefined) fail(def.plural, `same singular (${singular}) as ${other}`);
    byName.set(def.plural, def);
    singulars.set(singular, def.plural);
  }
  for (const def of defs) {
    for (const field of def.fields) {
      if (field.type !== "ref") continue;
      const where = `${def.plural}.${field.name}`;
      if (field.target === "users") {
        if (!ctx.users) fail(where, "ref:users needs a users table (--auth jwt)");
        continue;
      }
      if (!byName.has(field.target!)) {
        const known = [...byName.keys(), ...(ctx.users ? ["users"] : [])].join(", ");
        fail(where, `references "${field.target}", which is not a resource (resources: ${known})`);
      }
    }
  }
  // Depth-first, in the given order: a stable topological order, and the cycle named when found.
  const ordered: ResourceDef[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (def: ResourceDef, path: string[]) => {
    const now = state.get(def.plural);
    if (now === "done") return;
    if (now === "visiting") {
      const cycle = [...path.slice(path.indexOf(def.plural)), def.plural];
      fail(
        def.plural,
        `reference cycle ${cycle.join(" → ")}: rows that need each other cannot be created`,
      );
    }
    state.set(def.plural, "visiting");
    for (const field of def.fields) {
      if (field.type === "ref" && field.target !== "users") {
        visit(byName.get(field.target!)!, [...path, def.plural]);
      }
    }
    state.set(def.plural, "done");
    ordered.push(def);
  };
  for (const def of defs) visit(def, []);
  return ordered;
}

/** Definitions in the answers' form, parsed and validated: the plan's input. */
export function resolveResources(answers: ResourceAnswer[], ctx: ResourceContext): ResourceDef[] {
  return validateResources(answers.map(parseResourceAnswer), ctx);
}

/** `"books title:str pages:int"` → `{ name: "books", fields: ["title:str", "pages:int"] }`. */
export function answerOf(text: string): ResourceAnswer {
  const [name = "", ...fields] = text.trim().split(/\s+/);
  return { name, fields };
}

/** The fields of the sample resource, in the definition syntax. */
export const SAMPLE_FIELDS = [
  "title:str:200",
  "description:text:optional",
  "archived:bool:default=false",
] as const;

/** The default resources: the sample one, named `plural`. */
export function sampleResource(plural: string): ResourceAnswer {
  return { name: plural, fields: [...SAMPLE_FIELDS] };
}

/** A resource in the one-line syntax. */
export function definitionText(answer: ResourceAnswer): string {
  return [answer.name, ...answer.fields].join(" ");
}

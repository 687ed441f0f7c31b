/**
 * Resource definitions → what templates need per field, decided here so templates only loop:
 * Python annotations, column types per ORM, the migration's column, pydantic constraints, and
 * sample valid and invalid values for the generated tests.
 */
import { quote } from "../render/helpers.js";
import {
  columnName,
  DEFAULT_DECIMAL,
  DEFAULT_STR_LENGTH,
  type FieldDef,
  type FieldType,
  type ResourceDef,
} from "../resources/parse.js";
import { singularize, toClassName } from "../names.js";
import type { ResourceMigration } from "../resources/migration.js";
import type { PlannedChange } from "./changes.js";

/** The longest text a `text` field accepts: what a MySQL TEXT column holds in utf8mb4. */
export const TEXT_MAX_LENGTH = 10_000;
export const EMAIL_LENGTH = 320;
/** pydantic's limit for an http(s) URL. */
export const URL_LENGTH = 2083;

/** The entity a reference points to. */
export interface RefTarget {
  plural: string;
  name: string;
  className: string;
  /** The user table (no owner scoping, no data-access class of a resource). */
  users: boolean;
}

export interface Field {
  /** The declared name (`author`). */
  name: string;
  /** Column, attribute and body field (`author_id`). */
  column: string;
  type: FieldType;
  optional: boolean;
  unique: boolean;
  /** A plain (non-unique) index: `index`, and every reference that is not unique. */
  index: boolean;
  ref: RefTarget | null;
  choices: string[] | null;
  /** `default=` as a Python literal, or null. */
  defaultPy: string | null;
  /** The Python type of the model attribute and the Read field, without `| None`. */
  pyType: string;
  /** SQLAlchemy model: the column's type expression (null where `Mapped[...]` decides it). */
  saType: string | null;
  /** Keyword arguments of `mapped_column(...)` after the type and foreign key. */
  saKwargs: string[];
  /** `ForeignKey(...)` of a reference, or null. */
  foreignKey: string | null;
  /** SQLModel: the arguments of `Field(...)`. */
  smArgs: string[];
  /** The migration's column type (`sa.String(length=200)`). */
  migrationType: string;
  /** The migration's server default expression, or null. */
  serverDefault: string | null;
  /** What the database does with this row when the referenced row goes. */
  ondelete: "RESTRICT" | "SET NULL" | null;
  /** A named constrained type shared by Create and Update (`BookTitle = Annotated[...]`), or null. */
  alias: { name: string; expr: string } | null;
  /** The request body annotation (the alias, or a plain type), without `| None`. */
  bodyType: string;
  /** Filter on the list endpoint (when filtering is on): equality on bool, enum and references. */
  filter: boolean;
  /** The query parameter's type of that filter (query values are text, parsed leniently). */
  filterType: string;
  /** Tests: a valid JSON value (Python literal, may use `n`, a per-row number, for unique fields). */
  sample: string;
  /** Tests: what the API returns for `sample`. */
  sampleOut: string;
  /** Tests: a second valid value, for updates (null for references). */
  other: string | null;
  otherOut: string | null;
  /** Tests: JSON values that must be refused with 422. */
  invalid: string[];
}

export interface Resource {
  kind: "resource";
  name: string;
  plural: string;
  className: string;
  fields: Field[];
  /** References to other resources (not users). */
  refs: Field[];
  /** Resources with a reference to this one: deleting a row they use is a 409. */
  referencedBy: Array<{
    resource: { name: string; plural: string; className: string };
    field: Field;
  }>;
  /** Fields with a unique constraint: a clash is a 409. */
  uniques: Field[];
  /** The text field `q` searches and the list sorts by (first `str`), or null. */
  search: Field | null;
  /** Resources (and their reference fields) a test creates first, parents before children. */
  chain: string[];
  /**
   * The index the list endpoint reads in order: the owner, then the list's default sort
   * (`created_at`, or `id` with keyset pagination), then `id` as the tie-breaker. Null where the
   * primary key already serves (no owner, ordered by id).
   */
  listIndex: TableIndex | null;
  /** Every index the table's migration creates: the list index, then single-column ones. */
  indexes: TableIndex[];
  /**
   * A resource added to the project later (`fastapi-agent resource`): the revision that creates its
   * table and that revision's file. Null when the initial revision creates it.
   */
  migration: (ResourceMigration & { file: string }) | null;
  /**
   * The table as the revision that creates it makes it (the initial one, or `migration`): the
   * resource's first definition, before any change of its fields.
   */
  created: TableShape;
  /** The revisions that changed its fields since (`fastapi-agent resource … --change`), oldest first. */
  changes: PlannedChange[];
}

/** A table as a revision creates it: its columns and indexes. */
export interface TableShape {
  plural: string;
  fields: Field[];
  indexes: TableIndex[];
}

/** A (non-unique) index: its name, as the project's naming convention writes it, and columns. */
export interface TableIndex {
  name: string;
  columns: string[];
}

const pyString = (text: string) => quote(text);

interface TypeInfo {
  pyType: string;
  saType: string | null;
  smArgs: string[];
  migrationType: string;
  bodyType: string;
  /** The alias expression when the body type needs constraints. */
  aliasExpr: string | null;
  sample: string;
  sampleOut?: string;
  other: string;
  otherOut?: string;
  invalid: string[];
  /** Sample of a unique field: distinct per row (`n`). */
  uniqueSample?: string;
}

function typeInfo(field: FieldDef, idType: "uuid.UUID" | "int"): TypeInfo {
  switch (field.type) {
    case "str": {
      const length = field.length ?? DEFAULT_STR_LENGTH;
      const word = field.name.replace(/_/g, " ");
      const sample = `${word[0]!.toUpperCase()}${word.slice(1)}`.slice(0, length);
      const other = `New ${word}`.slice(0, length);
      return {
        pyType: "str",
        saType: `String(${length})`,
        smArgs: [`max_length=${length}`],
        migrationType: `sa.String(length=${length})`,
        bodyType: "",
        aliasExpr: `Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=${length})]`,
        sample: pyString(sample),
        other: pyString(other === sample ? "x" : other),
        invalid: ['""', `"x" * ${length + 1}`, "123"],
        uniqueSample:
          length >= 12 ? `f${pyString(`${sample.slice(0, length - 11)} {n}`)}` : "str(n)",
      };
    }
    case "text":
      return {
        pyType: "str",
        saType: "Text",
        smArgs: ["sa_type=Text"],
        migrationType: "sa.Text()",
        bodyType: "",
        aliasExpr: `Annotated[str, Field(max_length=${TEXT_MAX_LENGTH.toLocaleString("en").replace(/,/g, "_")})]`,
        sample: pyString(`Some ${field.name.replace(/_/g, " ")}`),
        other: pyString("Rewritten"),
        invalid: [`"x" * ${TEXT_MAX_LENGTH + 1}`, "42"],
      };
    case "int":
      return {
        pyType: "int",
        saType: null,
        smArgs: [],
        migrationType: "sa.Integer()",
        bodyType: "",
        aliasExpr: "Annotated[int, Field(ge=-(2**31), le=2**31 - 1), whole_number]",
        sample: "320",
        other: "-7",
        invalid: ["2**31", '"320"', "1.5"],
        uniqueSample: "n",
      };
    case "bigint":
      return {
        pyType: "int",
        saType: "BigInteger",
        smArgs: ["sa_type=BigInteger"],
        migrationType: "sa.BigInteger()",
        bodyType: "",
        // A 64-bit column; the API takes the integers every JSON reader keeps exact (I-JSON).
        aliasExpr: "Annotated[int, Field(ge=-(2**53 - 1), le=2**53 - 1), whole_number]",
        sample: "9_007_199_254_740_991",
        other: "-1",
        invalid: ["2**53", '"1"'],
        uniqueSample: "2**40 + n",
      };
    case "float":
      return {
        pyType: "float",
        saType: "Double",
        smArgs: ["sa_type=Double"],
        migrationType: "sa.Double()",
        bodyType: "",
        aliasExpr: "Annotated[float, Field(allow_inf_nan=False)]",
        sample: "2.5",
        other: "-0.25",
        invalid: ['"2.5"', "True"],
        uniqueSample: "n + 0.5",
      };
    case "decimal": {
      const precision = field.precision ?? DEFAULT_DECIMAL.precision;
      const scale = field.scale ?? DEFAULT_DECIMAL.scale;
      const whole = precision - scale;
      const num = (w: string, f: string) =>
        scale > 0 ? `${w}.${f.padEnd(scale, "0").slice(0, scale)}` : w;
      const sampleWhole = "12".slice(0, Math.max(whole, 0)) || "0";
      return {
        pyType: "Decimal",
        saType: `Numeric(${precision}, ${scale})`,
        smArgs: [`max_digits=${precision}`, `decimal_places=${scale}`],
        migrationType: `sa.Numeric(precision=${precision}, scale=${scale})`,
        bodyType: "",
        aliasExpr: `Annotated[Decimal, Field(strict=False), decimal_text(${whole}, ${scale}), decimal_schema(${whole}, ${scale})]`,
        sample: pyString(num(sampleWhole, "5")),
        other: pyString(num("1".slice(0, Math.max(whole, 0)) || "0", "25")),
        invalid: [
          pyString(`${"9".repeat(whole + 1)}`),
          pyString(`0.${"1".repeat(scale + 1)}`),
          '"many"',
        ],
        uniqueSample: whole >= 3 ? `f"{n}${scale > 0 ? `.${"0".repeat(scale)}` : ""}"` : undefined,
      };
    }
    case "bool":
      return {
        pyType: "bool",
        saType: null,
        smArgs: [],
        migrationType: "sa.Boolean()",
        bodyType: "bool",
        aliasExpr: null,
        sample: "True",
        other: "False",
        invalid: ['"yes"', "0"],
      };
    case "date":
      return {
        pyType: "date",
        saType: null,
        smArgs: [],
        migrationType: "sa.Date()",
        bodyType: "DateText",
        aliasExpr: null,
        sample: '"2024-05-01"',
        other: '"1999-12-31"',
        invalid: ['"2024-02-30"', '"yesterday"', "20240501"],
        uniqueSample: "(date(2000, 1, 1) + timedelta(days=n)).isoformat()",
      };
    case "datetime":
      return {
        pyType: "datetime",
        saType: "UTCDateTime",
        smArgs: ["sa_type=UTCDateTime"],
        migrationType: "UTC_DATETIME",
        bodyType: "DatetimeText",
        aliasExpr: null,
        sample: '"2024-05-01T10:30:00+02:00"',
        sampleOut: '"2024-05-01T08:30:00Z"',
        other: '"2025-01-01T00:00:00Z"',
        invalid: ['"2024-05-01T10:30:00"', '"0001-01-01T00:00:00+01:00"', '"soon"'],
        uniqueSample:
          '(datetime(2000, 1, 1, tzinfo=timezone.utc) + timedelta(hours=n)).isoformat().replace("+00:00", "Z")',
      };
    case "uuid":
      return {
        pyType: "uuid.UUID",
        saType: null,
        smArgs: [],
        migrationType: "sa.Uuid()",
        bodyType: "UUIDText",
        aliasExpr: null,
        sample: '"6f1c2a43-35f1-4a3e-9d2b-6c1c1b7f0e11"',
        other: '"0d8f5f0e-8a4e-4a53-b1f4-2a9f4e3c7d20"',
        invalid: ['"not-a-uuid"', "7"],
        uniqueSample: "str(uuid.uuid4())",
      };
    case "json":
      return {
        pyType: "dict[str, Any]",
        saType: "JSON",
        smArgs: ["sa_type=JSON"],
        migrationType: "sa.JSON()",
        bodyType: "dict[str, Any]",
        aliasExpr: null,
        sample: '{"tags": ["a", "b"], "size": 3}',
        other: "{}",
        invalid: ["[1, 2]", '"text"'],
      };
    case "email":
      return {
        pyType: "str",
        saType: `String(${EMAIL_LENGTH})`,
        smArgs: [`max_length=${EMAIL_LENGTH}`],
        migrationType: `sa.String(length=${EMAIL_LENGTH})`,
        bodyType: "EmailText",
        aliasExpr: null,
        sample: '"ada@example.com"',
        other: '"grace@example.org"',
        invalid: ['"not-an-email"', '"a@"'],
        uniqueSample: 'f"person{n}@example.com"',
      };
    case "url":
      return {
        pyType: "str",
        saType: `String(${URL_LENGTH})`,
        smArgs: [`max_length=${URL_LENGTH}`],
        migrationType: `sa.String(length=${URL_LENGTH})`,
        bodyType: "",
        aliasExpr: "Annotated[AnyHttpUrl, PlainSerializer(str, return_type=str)]",
        sample: '"https://example.com/docs"',
        other: '"http://example.org/a?b=c"',
        invalid: ['"ftp://example.com"', '"example"'],
      };
    case "enum": {
      const choices = field.choices!;
      const enumType = `Enum(${choices.map(pyString).join(", ")}, name=${pyString(columnName(field))}, native_enum=False, create_constraint=True)`;
      return {
        pyType: "str",
        saType: enumType,
        smArgs: [],
        migrationType: `sa.Enum(${choices.map(pyString).join(", ")}, name=${pyString(columnName(field))}, native_enum=False, create_constraint=True)`,
        bodyType: `Literal[${choices.map(pyString).join(", ")}]`,
        aliasExpr: null,
        sample: pyString(choices[0]!),
        other: pyString(choices[choices.length - 1]!),
        invalid: [pyString(`not-${choices[0]}`), "1"],
      };
    }
    case "ref":
      return {
        pyType: idType,
        saType: null,
        smArgs: [],
        migrationType: idType === "int" ? "sa.Integer()" : "sa.Uuid()",
        bodyType: idType === "int" ? "" : "UUIDText",
        aliasExpr:
          idType === "int" ? "Annotated[int, Field(ge=1, le=MAX_INT), whole_number]" : null,
        sample: "",
        other: "",
        invalid: idType === "int" ? ["0", '"1"'] : ['"not-a-uuid"'],
      };
  }
}

/** `default=` as a Python value of the field's type, and as the migration's server default. */
function defaults(field: FieldDef): { py: string; server: string; json: string } | null {
  const value = field.default;
  if (value === undefined) return null;
  switch (field.type) {
    case "bool":
      return value === "true"
        ? { py: "True", server: "sa.true()", json: "True" }
        : { py: "False", server: "sa.false()", json: "False" };
    case "int":
    case "bigint":
    case "float":
      return { py: value, server: `sa.text(${pyString(value)})`, json: value };
    case "decimal": {
      // As the column stores it ("0" → "0.00"): a create answers what a later read gets on every
      // database. The migration keeps the value as written.
      const stored = atScale(value, field.scale ?? DEFAULT_DECIMAL.scale);
      return {
        py: `Decimal(${pyString(stored)})`,
        server: `sa.text(${pyString(value)})`,
        json: pyString(stored),
      };
    }
    case "date":
      return {
        py: `date.fromisoformat(${pyString(value)})`,
        server: pyString(value),
        json: pyString(value),
      };
    default:
      return { py: pyString(value), server: pyString(value), json: pyString(value) };
  }
}

/** A decimal literal with exactly `scale` digits after the point (it has at most that many). */
function atScale(value: string, scale: number): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (m === null) return value;
  const sign = m[1] === "-" ? "-" : "";
  const whole = m[2] || "0";
  return scale > 0 ? `${sign}${whole}.${(m[3] ?? "").padEnd(scale, "0")}` : `${sign}${whole}`;
}

/** The server default as the models write it (`server_default=...`). */
function modelServerDefault(field: FieldDef, server: string): string {
  return server.replace(/^sa\./, "");
}

export interface ResourceContext {
  idType: "uuid.UUID" | "int";
  /** Rows belong to an owner (`owner_id`), which every list query filters on. */
  owned: boolean;
  /** The list's default order before the `id` tie-breaker: `created_at`, or none (by `id`). */
  listOrder: "created_at" | null;
  softDelete: boolean;
}

function tableIndexes(
  plural: string,
  fields: Field[],
  ctx: ResourceContext,
): { listIndex: TableIndex | null; indexes: TableIndex[] } {
  const listColumns = [
    ...(ctx.owned ? ["owner_id"] : []),
    ...(ctx.listOrder ? [ctx.listOrder] : []),
  ];
  const listIndex =
    listColumns.length === 0
      ? null
      : { name: `ix_${plural}_${listColumns.join("_")}`, columns: [...listColumns, "id"] };
  const single = [
    ...fields.filter((f) => f.index).map((f) => f.column),
    ...(ctx.softDelete ? ["deleted_at"] : []),
  ].map((column) => ({ name: `ix_${plural}_${column}`, columns: [column] }));
  return { listIndex, indexes: [...(listIndex ? [listIndex] : []), ...single] };
}

/** The table of one definition of a resource (its columns and indexes). */
export function planTable(def: ResourceDef, ctx: ResourceContext): TableShape {
  const className = toClassName(singularize(def.plural));
  const fields = def.fields.map((f) => planField(f, def.plural, className, ctx));
  return { plural: def.plural, fields, indexes: tableIndexes(def.plural, fields, ctx).indexes };
}

export function planResources(defs: ResourceDef[], ctx: ResourceContext): Resource[] {
  const resources: Resource[] = defs.map((def) => {
    const name = singularize(def.plural);
    const className = toClassName(name);
    const fields = def.fields.map((f) => planField(f, def.plural, className, ctx));
    const search = fields.find((f) => f.type === "str") ?? null;
    const table = tableIndexes(def.plural, fields, ctx);
    return {
      kind: "resource" as const,
      name,
      plural: def.plural,
      className,
      fields,
      refs: fields.filter((f) => f.ref !== null && !f.ref.users),
      referencedBy: [],
      uniques: fields.filter((f) => f.unique),
      search,
      chain: [],
      ...table,
      migration: null,
      created: { plural: def.plural, fields, indexes: table.indexes },
      changes: [],
    };
  });
  const byPlural = new Map(resources.map((r) => [r.plural, r]));
  for (const r of resources) {
    for (const field of r.refs) {
      byPlural.get(field.ref!.plural)!.referencedBy.push({
        resource: { name: r.name, plural: r.plural, className: r.className },
        field,
      });
    }
  }
  // The rows a test creates before one of this resource: every ancestor once, parents first.
  const chainOf = (r: Resource): string[] => {
    const out: string[] = [];
    for (const field of r.refs) {
      for (const p of [...chainOf(byPlural.get(field.ref!.plural)!), field.ref!.plural]) {
        if (!out.includes(p)) out.push(p);
      }
    }
    return out;
  };
  for (const r of resources) r.chain = chainOf(r);
  return resources;
}

function planField(def: FieldDef, plural: string, className: string, ctx: ResourceContext): Field {
  const info = typeInfo(def, ctx.idType);
  const column = columnName(def);
  const ref: RefTarget | null =
    def.type === "ref"
      ? {
          plural: def.target!,
          name: singularize(def.target!),
          className: toClassName(singularize(def.target!)),
          users: def.target === "users",
        }
      : null;
  const dflt = defaults(def);
  const index = (def.index || ref !== null) && !def.unique;
  const ondelete = ref ? (def.optional ? "SET NULL" : "RESTRICT") : null;
  const saKwargs: string[] = [];
  const smArgs: string[] = [];
  if (def.optional && dflt === null) smArgs.push("default=None");
  if (dflt) {
    saKwargs.push(`default=${dflt.py}`, `server_default=${modelServerDefault(def, dflt.server)}`);
    smArgs.push(`default=${dflt.py}`);
  }
  if (ref)
    smArgs.push(`foreign_key=${pyString(`${ref.plural}.id`)}`, `ondelete=${pyString(ondelete!)}`);
  smArgs.push(...info.smArgs);
  if (def.unique) {
    saKwargs.push("unique=True");
    smArgs.push("unique=True");
  }
  if (index) {
    saKwargs.push("index=True");
    smArgs.push("index=True");
  }
  if (dflt)
    smArgs.push(`sa_column_kwargs={"server_default": ${modelServerDefault(def, dflt.server)}}`);
  const aliasName = `${className}${toClassName(column)}`;
  const alias = info.aliasExpr ? { name: aliasName, expr: info.aliasExpr } : null;
  const sample = def.unique && info.uniqueSample ? info.uniqueSample : info.sample;
  return {
    name: def.name,
    column,
    type: def.type,
    optional: def.optional,
    unique: def.unique,
    index,
    ref,
    choices: def.choices ?? null,
    defaultPy: dflt?.py ?? null,
    pyType: info.pyType,
    saType: info.saType,
    saKwargs,
    foreignKey: ref
      ? `ForeignKey(${pyString(`${ref.plural}.id`)}, ondelete=${pyString(ondelete!)})`
      : null,
    smArgs,
    migrationType: info.migrationType,
    serverDefault: dflt?.server ?? null,
    ondelete,
    alias,
    bodyType: alias ? alias.name : info.bodyType,
    filter: def.type === "bool" || def.type === "enum" || ref !== null,
    filterType:
      ref && ctx.idType === "int"
        ? "Annotated[int, Field(ge=1, le=MAX_INT)]"
        : ref
          ? "uuid.UUID"
          : alias
            ? alias.name
            : info.bodyType,
    sample,
    sampleOut: def.unique && info.uniqueSample ? sample : (info.sampleOut ?? info.sample),
    other: ref ? null : info.other,
    otherOut: ref ? null : (info.otherOut ?? info.other),
    invalid: info.invalid,
  };
}

/** Whether the resources' schemas need the shared field types (`fieldTypes`). */
export function needsFieldTypes(resources: Resource[]): boolean {
  return resources.some((r) =>
    r.fields.some((x) =>
      ["date", "datetime", "uuid", "decimal", "email", "int", "bigint", "ref"].includes(x.type),
    ),
  );
}

/** The default value a test can expect when the body leaves a field out, as a Python literal. */
export function omittedValue(field: Field): string | null {
  if (field.defaultPy === null) return field.optional ? "None" : null;
  if (field.type === "decimal" || field.type === "date") {
    const m = /\("(.*)"\)$/.exec(field.defaultPy);
    return m ? pyString(m[1]!) : field.defaultPy;
  }
  return field.defaultPy;
}

/**
 * A valid request body of `resource` as a Python dict literal: every field given, references from
 * `refValue` (an expression for the referenced row's id).
 */
export function bodyLiteral(resource: Resource, refValue: (field: Field) => string): string {
  const items = resource.fields.map((x) => `${quote(x.column)}: ${x.ref ? refValue(x) : x.sample}`);
  return `{${items.join(", ")}}`;
}

/** Whether the test data of these resources uses the per-row number `n` (unique fields). */
export function usesRowNumber(resources: Resource[]): boolean {
  return resources.some((r) => r.fields.some((x) => !x.ref && /\bn\b/.test(x.sample)));
}

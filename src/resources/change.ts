/**
 * Changing the fields of an existing resource (`fastapi-agent resource <plural> … --change`): the
 * old and new definitions compared field by field (by name), and what a table that may hold rows
 * cannot take refused with one line. The plan turns the result into the revision's column
 * operations (src/plan/changes.ts).
 */
import { UserError } from "../errors.js";
import { DEFAULT_DECIMAL, DEFAULT_STR_LENGTH, type FieldDef } from "./parse.js";

/** One field's change: added, dropped, or altered (same name, same type). */
export type FieldChange =
  | { kind: "add"; field: FieldDef }
  | { kind: "drop"; field: FieldDef }
  | { kind: "alter"; before: FieldDef; after: FieldDef };

/** The field's type as written (`str:200`, `decimal:10:2`, `enum:a,b`, `ref:authors`). */
function typeText(field: FieldDef): string {
  switch (field.type) {
    case "str":
      return `str:${field.length ?? DEFAULT_STR_LENGTH}`;
    case "decimal":
      return `decimal:${field.precision ?? DEFAULT_DECIMAL.precision}:${field.scale ?? DEFAULT_DECIMAL.scale}`;
    case "enum":
      return `enum:${field.choices!.join(",")}`;
    case "ref":
      return `ref:${field.target}`;
    default:
      return field.type;
  }
}

const SAME_TYPE_HINT =
  "add a field under a new name and drop this one (its values are not carried over)";

/** Why the table cannot take the change of `before` into `after`, or null. */
function alterProblem(before: FieldDef, after: FieldDef): string | null {
  if (before.type === "str" && after.type === "str") {
    const from = before.length ?? DEFAULT_STR_LENGTH;
    const to = after.length ?? DEFAULT_STR_LENGTH;
    if (to < from) {
      return `shortening str:${from} to str:${to} is not supported (rows may hold longer text): keep str:${from} or longer`;
    }
  } else if (typeText(before) !== typeText(after)) {
    return `changing a field's type (${typeText(before)} → ${typeText(after)}) is not supported: ${SAME_TYPE_HINT}`;
  }
  if (before.optional && !after.optional && after.unique) {
    return "a unique field made required would give every row without a value the same default=: keep :optional";
  }
  if (before.optional && !after.optional && after.default === undefined) {
    return ["ref", "datetime", "uuid", "json"].includes(after.type)
      ? `a ${after.type} field cannot be made required (it takes no default=, and rows may hold no value): keep :optional`
      : "making an optional field required needs default=<value>, which rows holding no value take: give it one, or keep :optional";
  }
  return null;
}

/** Why a table that may hold rows cannot take the new field, or null. */
function addProblem(field: FieldDef): string | null {
  if (field.optional) return null;
  if (field.default === undefined) {
    return field.type === "ref"
      ? "a required reference cannot be added to a table that may hold rows: make it :optional"
      : "a required field added to a table that may hold rows needs a value for them: give it default=<value>, or make it :optional";
  }
  if (field.unique) {
    return "a unique field with default= would give every existing row the same value: make it :optional, without default=";
  }
  return null;
}

/** Whether the two definitions of a field make the same column (every modifier included). */
function sameField(a: FieldDef, b: FieldDef): boolean {
  return (
    typeText(a) === typeText(b) &&
    a.optional === b.optional &&
    a.unique === b.unique &&
    a.index === b.index &&
    a.default === b.default
  );
}

/**
 * The changes from `before` to `after` (fields matched by name), in the order of the new
 * definition, then the dropped fields. A change the table cannot take, or no change at all, is a
 * one-line UserError naming the resource and field.
 */
export function fieldChanges(plural: string, before: FieldDef[], after: FieldDef[]): FieldChange[] {
  const old = new Map(before.map((f) => [f.name, f]));
  const kept = new Set(after.map((f) => f.name));
  const changes: FieldChange[] = [];
  for (const field of after) {
    const previous = old.get(field.name);
    const problem = previous ? alterProblem(previous, field) : addProblem(field);
    if (problem !== null) throw new UserError(`${plural}.${field.name}: ${problem}`);
    if (!previous) changes.push({ kind: "add", field });
    else if (!sameField(previous, field))
      changes.push({ kind: "alter", before: previous, after: field });
  }
  for (const field of before) {
    if (!kept.has(field.name)) changes.push({ kind: "drop", field });
  }
  if (changes.length === 0) {
    throw new UserError(
      `${plural}: the new fields make the same columns as the stored ones: nothing to change`,
    );
  }
  return changes;
}

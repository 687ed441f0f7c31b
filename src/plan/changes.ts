/**
 * The revision of a change of a resource's fields: the field changes (src/resources/change.ts)
 * turned into the column operations of `op.batch_alter_table` (batch mode: SQLite copies the
 * table, the other backends alter it in place). Every step carries its own reverse, so the
 * downgrade is the steps reversed, each undone.
 */
import { fieldChanges } from "../resources/change.js";
import type { ResourceChange } from "../resources/migration.js";
import type { FieldDef, ResourceDef } from "../resources/parse.js";
import { quote } from "../render/helpers.js";
import { planTable, type Field, type ResourceContext } from "./resources.js";

/** One statement of the batch (`batch_op.<op>(…)`). */
export type Statement =
  | { op: "add_column"; field: Field }
  | { op: "drop_column"; column: string }
  | { op: "create_index"; name: string; column: string }
  | { op: "drop_index"; name: string }
  | { op: "create_unique_constraint"; name: string; column: string }
  | { op: "create_foreign_key"; name: string; column: string; target: string; ondelete: string }
  | { op: "drop_constraint"; name: string; type: "unique" | "foreignkey" | "check" }
  | {
      op: "alter_column";
      column: string;
      existingType: string;
      existingNullable: boolean;
      existingServerDefault: string | null;
      /** What changes: the new nullability, type, server default (null drops it). */
      nullable?: boolean;
      type?: string;
      serverDefault?: string | null;
    };

/** A step of the upgrade and what undoes it (either may be nothing: implied by another step). */
interface Step {
  up: Statement | null;
  down: Statement | null;
}

export interface PlannedChange {
  plural: string;
  revision: string;
  downRevision: string;
  date: string;
  file: string;
  /** What the revision does, in words (its docstring). */
  summary: string;
  upgrade: Statement[];
  downgrade: Statement[];
  /** Columns the downgrade adds back as nullable: their values are gone with the upgrade. */
  restoredNullable: string[];
  /**
   * Columns made required: rows holding no value take the default first (before the batch, as
   * SQLite's copy of the table would refuse them), as an SQL expression.
   */
  fills: Array<{ column: string; value: string }>;
  /** A statement uses the frozen UTCDateTime type (`UTC_DATETIME`). */
  usesUtcDatetime: boolean;
}

const fkName = (plural: string, x: Field) => `fk_${plural}_${x.column}_${x.ref!.plural}`;
const ixName = (plural: string, x: Field) => `ix_${plural}_${x.column}`;
const uqName = (plural: string, x: Field) => `uq_${plural}_${x.column}`;
const ckName = (plural: string, x: Field) => `ck_${plural}_${x.column}`;

function createFk(plural: string, x: Field): Statement {
  const target = x.ref!.plural;
  return {
    op: "create_foreign_key",
    name: fkName(plural, x),
    column: x.column,
    target,
    ondelete: x.ondelete!,
  };
}

const dropFk = (plural: string, x: Field): Statement => ({
  op: "drop_constraint",
  name: fkName(plural, x),
  type: "foreignkey",
});

/** Steps that create a column's constraints and index (after the column), in the order MySQL needs. */
function constraintSteps(plural: string, x: Field): Step[] {
  const steps: Step[] = [];
  // A check constraint comes with the column (sa.Enum); it must go before the column does.
  if (x.choices)
    steps.push({
      up: null,
      down: { op: "drop_constraint", name: ckName(plural, x), type: "check" },
    });
  if (x.unique) {
    steps.push({
      up: { op: "create_unique_constraint", name: uqName(plural, x), column: x.column },
      down: { op: "drop_constraint", name: uqName(plural, x), type: "unique" },
    });
  }
  if (x.index) {
    steps.push({
      up: { op: "create_index", name: ixName(plural, x), column: x.column },
      down: { op: "drop_index", name: ixName(plural, x) },
    });
  }
  // The foreign key last: MySQL keeps the index a foreign key uses until the key is gone.
  if (x.ref) steps.push({ up: createFk(plural, x), down: dropFk(plural, x) });
  return steps;
}

/** The reverse of a list of steps: what undoes them, in reverse order. */
const reversed = (steps: Step[]): Step[] =>
  [...steps].reverse().map((s) => ({ up: s.down, down: s.up }));

function alterSteps(plural: string, a: Field, b: Field): Step[] {
  const steps: Step[] = [];
  const fkChanges = a.ref !== null && a.ondelete !== b.ondelete;
  if (fkChanges) steps.push({ up: dropFk(plural, a), down: createFk(plural, a) });
  if (a.index && !b.index) {
    steps.push({
      up: { op: "drop_index", name: ixName(plural, a) },
      down: { op: "create_index", name: ixName(plural, a), column: a.column },
    });
  }
  if (a.unique && !b.unique) {
    steps.push({
      up: { op: "drop_constraint", name: uqName(plural, a), type: "unique" },
      down: { op: "create_unique_constraint", name: uqName(plural, a), column: a.column },
    });
  }
  const alter = (from: Field, to: Field): Statement => ({
    op: "alter_column",
    column: from.column,
    existingType: from.migrationType,
    existingNullable: from.optional,
    existingServerDefault: from.serverDefault,
    ...(from.optional !== to.optional ? { nullable: to.optional } : {}),
    ...(from.migrationType !== to.migrationType ? { type: to.migrationType } : {}),
    ...(from.serverDefault !== to.serverDefault ? { serverDefault: to.serverDefault } : {}),
  });
  if (
    a.optional !== b.optional ||
    a.migrationType !== b.migrationType ||
    a.serverDefault !== b.serverDefault
  ) {
    steps.push({ up: alter(a, b), down: alter(b, a) });
  }
  if (!a.unique && b.unique) {
    steps.push({
      up: { op: "create_unique_constraint", name: uqName(plural, b), column: b.column },
      down: { op: "drop_constraint", name: uqName(plural, b), type: "unique" },
    });
  }
  if (!a.index && b.index) {
    steps.push({
      up: { op: "create_index", name: ixName(plural, b), column: b.column },
      down: { op: "drop_index", name: ixName(plural, b) },
    });
  }
  if (fkChanges) steps.push({ up: createFk(plural, b), down: dropFk(plural, b) });
  return steps;
}

/** Whether a statement writes a column type of UTCDateTime (`UTC_DATETIME`). */
function touchesDatetime(s: Statement | null): boolean {
  if (s?.op === "add_column") return s.field.migrationType === "UTC_DATETIME";
  if (s?.op === "alter_column") return [s.existingType, s.type].includes("UTC_DATETIME");
  return false;
}

/**
 * A field's `default=` as an SQL expression every backend reads as the column's type (the value
 * was checked by the parser: no quotes in it).
 */
function sqlValue(field: FieldDef): string {
  const value = field.default!;
  switch (field.type) {
    case "bool":
      return value === "true" ? "sa.true()" : "sa.false()";
    case "int":
    case "bigint":
    case "float":
    case "decimal":
      return `sa.text(${quote(value)})`;
    default:
      return `sa.text(${quote(`'${value}'`)})`;
  }
}

/** `a, b and c`. */
function listed(names: string[]): string {
  return names.length <= 1
    ? names.join("")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The revision of one change, from the definition before it to the one after. */
export function planChange(
  before: ResourceDef,
  after: ResourceDef,
  change: ResourceChange & { file: string },
  ctx: ResourceContext,
): PlannedChange {
  const plural = after.plural;
  const changes = fieldChanges(plural, before.fields, after.fields);
  const old = new Map(planTable(before, ctx).fields.map((x) => [x.name, x]));
  const now = new Map(planTable(after, ctx).fields.map((x) => [x.name, x]));
  const steps: Step[] = [];
  const restoredNullable: string[] = [];
  const fills: PlannedChange["fills"] = [];
  const words = { add: [] as string[], drop: [] as string[], alter: [] as string[] };
  for (const c of changes) {
    if (c.kind === "add") {
      const x = now.get(c.field.name)!;
      steps.push({
        up: { op: "add_column", field: x },
        down: { op: "drop_column", column: x.column },
      });
      steps.push(...constraintSteps(plural, x));
      words.add.push(x.column);
    } else if (c.kind === "drop") {
      const x = old.get(c.field.name)!;
      // Added back by the downgrade without its values: a required column comes back nullable.
      const back = !x.optional && x.serverDefault === null ? { ...x, optional: true } : x;
      if (back !== x) restoredNullable.push(x.column);
      steps.push(
        ...reversed([
          { up: { op: "add_column", field: back }, down: { op: "drop_column", column: x.column } },
          ...constraintSteps(plural, back),
        ]),
      );
      words.drop.push(x.column);
    } else {
      const a = old.get(c.before.name)!;
      if (c.before.optional && !c.after.optional) {
        fills.push({ column: a.column, value: sqlValue(c.after) });
      }
      steps.push(...alterSteps(plural, a, now.get(c.after.name)!));
      words.alter.push(a.column);
    }
  }
  const summary = [
    words.add.length > 0 ? `adds ${listed(words.add)}` : "",
    words.drop.length > 0 ? `drops ${listed(words.drop)}` : "",
    words.alter.length > 0 ? `changes ${listed(words.alter)}` : "",
  ].filter((s) => s !== "");
  return {
    plural,
    revision: change.revision,
    downRevision: change.downRevision,
    date: change.date,
    file: change.file,
    summary: `${summary.join("; ")}.`,
    upgrade: steps.flatMap((s) => (s.up ? [s.up] : [])),
    downgrade: reversed(steps).flatMap((s) => (s.up ? [s.up] : [])),
    restoredNullable,
    fills,
    usesUtcDatetime: steps.some((s) => [s.up, s.down].some(touchesDatetime)),
  };
}

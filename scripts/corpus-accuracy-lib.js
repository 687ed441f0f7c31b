// Scoring inference against the labelled agent corpus (test/corpus-labels.json): shared by
// test/conventions/corpus-accuracy.test.ts (on src/) and scripts/corpus-accuracy.js (on dist/).
// It imports nothing from the generator: the caller passes the conventions it inferred.
import { createHash } from "node:crypto";

/**
 * The held-apart third, fixed before any rule was tuned: a file is held apart when the first
 * eight hex digits of sha1(file name), read as an integer, are divisible by 3. Rules are tuned on
 * the other files only; accuracy on the held-apart ones is reported separately.
 */
export function isHeldOut(file) {
  const digest = createHash("sha1").update(file).digest("hex");
  return Number.parseInt(digest.slice(0, 8), 16) % 3 === 0;
}

/** The labelled files (keys not starting with `_`) and their labelled fields. */
export function labelledFiles(labels) {
  return Object.entries(labels)
    .filter(([file]) => !file.startsWith("_"))
    .map(([file, fields]) => ({
      file,
      fields: Object.fromEntries(Object.entries(fields).filter(([key]) => !key.startsWith("_"))),
    }));
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a decided field agrees with its label: `"default"` means inference must not decide
 * the field (source default, no evidence); any other label must equal the value; a list accepts
 * any of its members.
 */
export function agrees(label, decided) {
  const options = Array.isArray(label) ? label : [label];
  return options.some((option) =>
    option === "default"
      ? decided.source === "default" && decided.line === null && decided.evidence === null
      : same(option, decided.value),
  );
}

/** How a decided field reads in a confusion matrix: its value, or `default` when not decided. */
export function inferredName(decided) {
  return decided.source === "default" ? "default" : String(decided.value);
}

/** How a label reads in a confusion matrix: `jwt`, `jwt-verify|jwt`. */
export function labelName(label) {
  return Array.isArray(label) ? label.join("|") : String(label);
}

/**
 * Score every labelled field of every file. `infer(file)` returns the conventions inferred for it.
 * Returns the per-file results, so callers can split, tabulate and list the misses.
 */
export function score(labels, infer) {
  return labelledFiles(labels).map(({ file, fields }) => {
    const conventions = infer(file);
    const results = Object.entries(fields).map(([field, label]) => {
      const decided = conventions[field];
      if (decided === undefined) throw new Error(`${file}: ${field} is not a convention`);
      return { field, label, decided, ok: agrees(label, decided) };
    });
    return { file, heldOut: isHeldOut(file), results };
  });
}

/** Per-field and overall accuracy over some scored files. */
export function accuracy(scored) {
  const fields = new Map();
  let ok = 0;
  let total = 0;
  for (const { results } of scored) {
    for (const result of results) {
      const entry = fields.get(result.field) ?? { ok: 0, total: 0 };
      entry.total++;
      total++;
      if (result.ok) {
        entry.ok++;
        ok++;
      }
      fields.set(result.field, entry);
    }
  }
  return { fields, ok, total, rate: total === 0 ? 1 : ok / total };
}

/** Rows: the label; columns: what inference decided (`default` when it decided nothing). */
export function confusion(scored, field) {
  const matrix = new Map();
  for (const { results } of scored) {
    for (const result of results) {
      if (result.field !== field) continue;
      const row = labelName(result.label);
      const cells = matrix.get(row) ?? new Map();
      const column = inferredName(result.decided);
      cells.set(column, (cells.get(column) ?? 0) + 1);
      matrix.set(row, cells);
    }
  }
  return matrix;
}

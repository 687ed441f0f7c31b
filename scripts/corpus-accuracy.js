// Accuracy of inference on the labelled agent corpus (test/corpus-labels.json against
// ../shared/agent-corpus), using the built generator in dist/ (run `npm run build` first).
//
//   node scripts/corpus-accuracy.js            per-field accuracy on the tuned and held-apart
//                                              parts, and the auth and layout confusion
//   node scripts/corpus-accuracy.js --misses   also each miss on the tuned part (never the
//                                              held-apart one: rules are tuned without seeing it)
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSpec } from "../dist/agent-file/read.js";
import { inferConventions } from "../dist/conventions/infer.js";
import { accuracy, confusion, inferredName, labelName, score } from "./corpus-accuracy-lib.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const corpus = join(root, "..", "shared", "agent-corpus");
if (!existsSync(corpus)) {
  console.log(`corpus-accuracy: ${corpus} is absent; nothing to measure`);
  process.exit(0);
}
const labels = JSON.parse(readFileSync(join(root, "test", "corpus-labels.json"), "utf8"));
const scored = score(labels, (file) => inferConventions(readSpec(join(corpus, file))).conventions);
const tuned = scored.filter((s) => !s.heldOut);
const heldOut = scored.filter((s) => s.heldOut);

const pct = (ok, total) =>
  total === 0 ? "    -" : `${((100 * ok) / total).toFixed(1)}%`.padStart(6);
const parts = [
  ["tuned", accuracy(tuned)],
  ["held apart", accuracy(heldOut)],
  ["all", accuracy(scored)],
];
const fields = [...parts[2][1].fields.keys()];
console.log(
  `files: ${tuned.length} tuned, ${heldOut.length} held apart (sha1(name)[0:8] % 3 === 0)\n`,
);
console.log(["field".padEnd(18), ...parts.map(([name]) => name.padStart(20))].join(""));
for (const field of fields) {
  const cells = parts.map(([, acc]) => {
    const entry = acc.fields.get(field) ?? { ok: 0, total: 0 };
    return `${entry.ok}/${entry.total} ${pct(entry.ok, entry.total)}`.padStart(20);
  });
  console.log([field.padEnd(18), ...cells].join(""));
}
console.log(
  [
    "overall".padEnd(18),
    ...parts.map(([, a]) => `${a.ok}/${a.total} ${pct(a.ok, a.total)}`.padStart(20)),
  ].join(""),
);

for (const field of ["auth", "layout"]) {
  for (const [name, set] of [
    ["tuned", tuned],
    ["held apart", heldOut],
  ]) {
    const matrix = confusion(set, field);
    const columns = [...new Set([...matrix.values()].flatMap((cells) => [...cells.keys()]))].sort();
    console.log(`\n${field} (${name}): rows = label, columns = inferred`);
    console.log(["".padEnd(28), ...columns.map((c) => c.padStart(12))].join(""));
    for (const [row, cells] of [...matrix].sort((a, b) => a[0].localeCompare(b[0]))) {
      console.log(
        [row.padEnd(28), ...columns.map((c) => String(cells.get(c) ?? "").padStart(12))].join(""),
      );
    }
  }
}

if (process.argv.includes("--misses")) {
  console.log("\nmisses on the tuned part:");
  for (const { file, results } of tuned) {
    for (const r of results.filter((x) => !x.ok)) {
      const where =
        r.decided.line === null ? "" : ` (line ${r.decided.line}: ${r.decided.evidence})`;
      console.log(
        `  ${file} ${r.field}: label ${labelName(r.label)}, inferred ${inferredName(r.decided)}${where}`,
      );
    }
  }
}

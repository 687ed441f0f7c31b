#!/usr/bin/env node
// Benchmark, not a test: how the cost of `fastapi-agent new` grows with the number of resources.
// Generates the same example spec with 1, 10, 50 and 200 resources (every field type, a reference
// to the previous resource in every third one), a warm-up then N measured runs each, and prints
// median wall time, CPU time, peak memory, files written, and the cost per added resource (CPU
// time is the steadier figure on a busy machine).
//
//   npm run bench:scale -- [--runs N] [--sizes 1,10,50,200] [--keep DIR]
//
// --keep DIR leaves the largest project in DIR (to run its gates: see scripts/e2e-matrix.js).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measure } from "./bench/measure.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "fastapi-agent.js");
const SPEC = path.join(ROOT, "examples", "todo-api-engineer.md");

/** Field definitions cycled through, so every type and modifier appears from 10 resources on. */
const FIELDS = [
  "title:str:120",
  "body:text:optional",
  "pages:int:index",
  "views:bigint:default=0",
  "ratio:float:optional",
  "price:decimal:10:2",
  "active:bool:default=true",
  "published_on:date:optional",
  "starts_at:datetime:optional",
  "token:uuid:unique",
  "meta:json:optional",
  "contact:email:optional",
  "site:url:optional",
  "status:enum:draft,live:default=draft",
];

/** `count` resource definitions, `r001_books …`; every third references the one before it. */
export function scaleResources(count) {
  const plural = (i) => `r${String(i).padStart(3, "0")}_books`;
  return Array.from({ length: count }, (_, i) => {
    const fields = [FIELDS[i % FIELDS.length], FIELDS[(i + 5) % FIELDS.length]];
    if (i > 0 && i % 3 === 0) fields.push(`parent:ref:${plural(i - 1)}:optional`);
    return `${plural(i + 1)} ${fields.join(" ")}`;
  });
}

function countFiles(dir) {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    n += entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : 1;
  return n;
}

function parseArgs(argv) {
  const opts = { runs: 3, sizes: [1, 10, 50, 200], keep: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") opts.runs = Number(argv[++i]);
    else if (argv[i] === "--sizes") opts.sizes = argv[++i].split(",").map(Number);
    else if (argv[i] === "--keep") opts.keep = path.resolve(argv[++i]);
    else {
      console.error(`bench-scale: unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1 || opts.sizes.some((n) => !(n >= 1))) {
    console.error("bench-scale: --runs and --sizes take positive whole numbers");
    process.exit(2);
  }
  return opts;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const rows = [];
  for (const size of opts.sizes) {
    const flags = scaleResources(size).flatMap((d) => ["--resource", d]);
    const runs = [];
    let files = 0;
    for (let run = 0; run <= opts.runs; run++) {
      const cwd = mkdtempSync(path.join(tmpdir(), "bench-scale-"));
      const cmd = [process.execPath, BIN, "new", SPEC, "p", "--defaults", "--skip-install"];
      const m = measure([...cmd, ...flags], cwd);
      files = countFiles(path.join(cwd, "p"));
      if (run > 0) runs.push(m); // run 0 warms the file cache
      const keep = opts.keep && size === Math.max(...opts.sizes) && run === opts.runs;
      if (keep) {
        rmSync(opts.keep, { recursive: true, force: true });
        measure(["cp", "-r", path.join(cwd, "p"), opts.keep], cwd);
      }
      rmSync(cwd, { recursive: true, force: true });
      process.stderr.write(".");
    }
    rows.push({
      size,
      files,
      wall: median(runs.map((r) => r.wall)),
      cpu: median(runs.map((r) => r.cpu)),
      rss: Math.max(...runs.map((r) => r.rssMiB)),
    });
  }
  process.stderr.write("\n");
  const base = rows[0];
  console.log(
    "resources | files | wall s (median) | CPU s | peak MiB | per added resource: wall ms, CPU ms",
  );
  console.log("---|---|---|---|---|---");
  for (const r of rows) {
    const added = (key) => (((r[key] - base[key]) / (r.size - base.size)) * 1000).toFixed(0);
    const per = r === base ? "-" : `${added("wall")}, ${added("cpu")}`;
    console.log(
      `${r.size} | ${r.files} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.rss.toFixed(0)} | ${per}`,
    );
  }
  if (opts.keep)
    console.log(`\nthe ${Math.max(...opts.sizes)}-resource project is in ${opts.keep}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

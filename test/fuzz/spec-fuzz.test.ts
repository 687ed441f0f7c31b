/**
 * Property-based fuzzing of the whole generator with spec files of every shape: random and broken
 * frontmatter, YAML at its strangest, Unicode, control characters, lone surrogates, binary, and
 * files on both sides of the size limit. Every run either succeeds or fails with one line that
 * names the problem: never a stack trace, an internal error, a generated file that does not parse,
 * or a half-written project.
 *
 * Most cases run in-process; fewer run through the real bin, which costs a process (and for `new`
 * a Yeoman run) each. Seeds are fixed, so every run is reproducible. Environment:
 *   FUZZ_SCALE   multiply every run count (default 1; e.g. 0.2 for a smoke run, 10 for a long one)
 *   FUZZ_SEED    base seed (default 20260515; each property adds its own offset)
 *   FUZZ_RUNS_PIPELINE, FUZZ_RUNS_RENDER, FUZZ_RUNS_EXPLAIN, FUZZ_RUNS_NEW   a count each
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import yaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { inferConventions } from "../../src/conventions/infer.js";
import { toUserError, UserError } from "../../src/errors.js";
import { answersFromFlags, resolveAnswers } from "../../src/options/resolve.js";
import { formatWarning, type Inferred } from "../../src/pipeline.js";
import { entryEntities, MANIFEST } from "../../src/plan/manifest.js";
import { buildPlan, type Plan } from "../../src/plan/plan.js";
import { renderProject, type GeneratedFile } from "../../src/render/render.js";
import { MAX_SPEC_BYTES } from "../../src/agent-file/decode.js";
import { parseSpecText, readSpec } from "../../src/agent-file/read.js";
import { SpecError } from "../../src/agent-file/types.js";
import { cli, STACK_LINE } from "../helpers/cli.js";
import { checkGeneratedDir, checkGeneratedFiles, frontmatterOf } from "../helpers/check-files.js";
import { snapshotTree } from "../helpers/fs-snapshot.js";
import {
  describeInput,
  NASTY,
  specDocument,
  specInput,
  text,
  type SpecInput,
} from "./arbitraries.js";

const SCALE = Number(process.env["FUZZ_SCALE"] ?? "1");
const BASE_SEED = Number(process.env["FUZZ_SEED"] ?? "20260515");

function runs(name: string, fallback: number): number {
  const given = process.env[`FUZZ_RUNS_${name}`];
  return Math.max(1, Math.round(given === undefined ? fallback * SCALE : Number(given)));
}

const RUNS = {
  pipeline: runs("PIPELINE", 1000),
  options: runs("OPTIONS", 3000),
  render: runs("RENDER", 40),
  explain: runs("EXPLAIN", 100),
  new: runs("NEW", 10),
};
const SEEDS = {
  pipeline: BASE_SEED,
  options: BASE_SEED + 5,
  render: BASE_SEED + 1,
  explain: BASE_SEED + 2,
  new: BASE_SEED + 3,
  large: BASE_SEED + 4,
};

/** Cases actually run (shrinking included), reported at the end. */
const ran: Record<string, number> = {};
/** How cases ended: a spec read (in-process), or the bin's exit code. */
const outcomes: Record<string, number> = {};
const ended = (how: string) => {
  outcomes[how] = (outcomes[how] ?? 0) + 1;
};
const count = (what: string) => {
  ran[what] = (ran[what] ?? 0) + 1;
};

afterAll(() => {
  const total = Object.values(ran).reduce((a, b) => a + b, 0);
  console.log(
    `fuzz cases run (seed ${BASE_SEED}, scale ${SCALE}): ${Object.entries(ran)
      .map(([what, n]) => `${what} ${n}`)
      .join(", ")}; total ${total}; outcomes: ${Object.entries(outcomes)
      .map(([how, n]) => `${how} ${n}`)
      .join(", ")}`,
  );
});

const FILE = "agents/fuzz-agent.md";

/** A printable line: no line break, no control character, no bidi override a terminal would obey. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectPrintableLine(line: string, context: string): void {
  expect(line, context).not.toBe("");
  expect(UNPRINTABLE.test(line), `${context}: ${JSON.stringify(line)}`).toBe(false);
}

/** A failure the user can act on: exactly one printable line. Anything else is rethrown. */
function expectOneLineError(error: unknown, context: string): void {
  const known = toUserError(error);
  if (!(known instanceof UserError)) {
    throw new Error(`${context}: not a user error: ${(error as Error)?.stack ?? String(error)}`);
  }
  expect(known.lines, context).toHaveLength(1);
  expectPrintableLine(known.lines[0]!, context);
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** Every generated path stays inside the project and is a valid file name on every system. */
function expectSafePath(file: string, context: string): void {
  expect(file, context).not.toMatch(/^\/|^[a-zA-Z]:|\\/);
  for (const part of file.split("/")) {
    expect(part, `${context}: ${file}`).not.toMatch(/^\.{0,2}$/);
    expect(part, `${context}: ${file}`).not.toMatch(/[<>:"|?*]|[. ]$/);
    expect(UNPRINTABLE.test(part), `${context}: ${file}`).toBe(false);
    expect(WINDOWS_DEVICE.test(part.split(".")[0]!), `${context}: ${file}`).toBe(false);
    expect(Buffer.byteLength(part), `${context}: ${file}`).toBeLessThanOrEqual(255);
  }
}

interface PipelineResult {
  inferred: Inferred;
  files: GeneratedFile[] | null;
}

/**
 * spec → conventions → answers (all defaults, as `--defaults`) → plan (→ files). Only reading may
 * fail, with one line for the user (null is returned then): whatever a readable spec says, the
 * values inferred from it are usable, so the rest of the pipeline must always succeed.
 */
async function pipeline(
  input: SpecInput,
  render: boolean,
  read: () => ReturnType<typeof parseSpecText> = () => parseSpecText(input, FILE),
): Promise<PipelineResult | null> {
  const context = describeInput(input);
  let spec;
  try {
    spec = read();
  } catch (error) {
    expect(error, context).toBeInstanceOf(SpecError);
    expectOneLineError(error, context);
    return null;
  }
  ended("in-process spec read");
  const { conventions, warnings } = inferConventions(spec);
  const inferred: Inferred = { spec, conventions, warnings: [...spec.warnings, ...warnings] };
  for (const warning of inferred.warnings) {
    expectPrintableLine(formatWarning(FILE, warning), `warning of ${context}`);
  }
  const { answers } = resolveAnswers({ conventions });
  const plan = buildPlan(inferred, answers);
  return { inferred, files: render ? await renderProject(plan) : null };
}

/** What a rendered project must satisfy whatever the spec said. */
function expectSoundProject(result: PipelineResult, context: string): void {
  const files = result.files!;
  for (const file of files) expectSafePath(file.path, context);
  const spec = result.inferred.spec;
  const agents = files.filter((f) => f.path.startsWith(".claude/agents/"));
  expect(agents.map((f) => f.path)).toEqual([`.claude/agents/${spec.name}.md`]);
  const copy = agents[0]!.contents;
  // The body is copied as written; the frontmatter is valid YAML holding the name and description.
  expect(copy.endsWith(`${spec.body.replace(/^\n+/, "")}\n`), context).toBe(true);
  const front = frontmatterOf(copy);
  expect(front, context).not.toBeNull();
  const fields = yaml.load(front!) as Record<string, unknown>;
  expect(fields["name"], context).toBe(spec.name);
  expect(fields["description"], context).toBe(spec.description);
  expect(checkGeneratedFiles(files), context).toEqual([]);
}

describe("fuzzing in-process", () => {
  it(`reads, infers and plans any spec (${RUNS.pipeline} runs, seed ${SEEDS.pipeline})`, async () => {
    await fc.assert(
      fc.asyncProperty(specInput, async (input) => {
        count("in-process pipeline");
        await pipeline(input, false);
      }),
      { numRuns: RUNS.pipeline, seed: SEEDS.pipeline },
    );
  }, 120_000);

  it(`renders a project whose every file parses (${RUNS.render} runs, seed ${SEEDS.render})`, async () => {
    await fc.assert(
      fc.asyncProperty(specInput, async (input) => {
        count("in-process render");
        const result = await pipeline(input, true);
        if (result !== null) expectSoundProject(result, describeInput(input));
      }),
      { numRuns: RUNS.render, seed: SEEDS.render },
    );
  }, 300_000);

  it("reads files on both sides of the size limit", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fuzz-large-"));
    try {
      // ~5 MB of fuzzed lines (long ones: inference costs per line), as a string and as a file.
      const [lines] = fc.sample(fc.array(text, { minLength: 200, maxLength: 200 }), {
        seed: SEEDS.large,
        numRuns: 1,
      });
      const chunk = lines!.join(" ").replaceAll("\u0000", "") + "\n";
      const head = "---\nname: large-agent\ndescription: A large spec.\n---\n";
      let big = head;
      while (Buffer.byteLength(big) < 5 * 1024 * 1024) big += chunk.repeat(50);
      count("in-process large");
      const fromString = await pipeline(big, false);
      expect(fromString?.inferred.spec.name).toBe("large-agent");
      const file = path.join(dir, "large.md");
      writeFileSync(file, big);
      count("in-process large");
      const fromFile = await pipeline(big, true, () => readSpec(file));
      expect(fromFile).not.toBeNull();
      expectSoundProject(fromFile!, "5 MB file");

      // Exactly at the limit is read; one byte over is refused with one line, before reading.
      const atLimit = head + "y".repeat(MAX_SPEC_BYTES - Buffer.byteLength(head));
      writeFileSync(file, atLimit);
      count("in-process large");
      expect(readSpec(file).name).toBe("large-agent");
      for (const over of [atLimit + "z", Buffer.from(atLimit + "z")]) {
        count("in-process large");
        expect(await pipeline(over, false)).toBeNull();
      }
      writeFileSync(file, atLimit + "z");
      count("in-process large");
      expect(() => readSpec(file)).toThrow(/too large \(8\.0 MB; the limit is 8 MB\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const FILE_NAMES = [
  "agent.md",
  "CON.md",
  "nul",
  "aux.txt",
  "class.md",
  "a b.md",
  "💥.md",
  ".md",
  "spec",
  "x".repeat(200) + ".md",
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Write one input as a spec file in a fresh folder. */
function writeSpec(dir: string, input: SpecInput, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, input);
  return file;
}

/** stderr lines: warnings (one line each), then at most one error line. */
function stderrLines(stderr: string): { errors: string[]; others: string[] } {
  const lines = stderr.split("\n").filter((l) => l !== "");
  for (const line of lines) expectPrintableLine(line, `stderr ${JSON.stringify(stderr)}`);
  return {
    errors: lines.filter((l) => l.startsWith("fastapi-agent: ")),
    others: lines.filter((l) => !l.startsWith("fastapi-agent: ") && !l.startsWith("warning: ")),
  };
}

/** Every path the manifest gives for a plan, without rendering. */
function plannedPaths(plan: Plan): string[] {
  return MANIFEST.filter((entry) => !entry.when || entry.when(plan)).flatMap((entry) =>
    entry.forEach
      ? entryEntities(plan, entry).map((e) => entry.to(plan, e))
      : [entry.to(plan, undefined)],
  );
}

const NAME_LIKE = [
  ...NASTY,
  "..",
  ".",
  "a/../../b",
  "api/v1/con",
  "api/../x",
  "todos",
  "nuls",
  "classes",
  "rate_limits",
  "my-app",
  "my_app",
  "x".repeat(41),
];

describe("fuzzing option values in-process", () => {
  const value = fc.oneof(
    fc.constantFrom(...NAME_LIKE),
    text,
    fc.stringMatching(/^[a-z][a-z0-9_/-]{0,45}$/),
  );
  it(`accepts a name only when every path it makes is safe (${RUNS.options} runs, seed ${SEEDS.options})`, () => {
    const conventions = inferConventions(
      parseSpecText("---\nname: a\ndescription: d\n---\nBody.\n", FILE),
    ).conventions;
    fc.assert(
      fc.property(
        fc.record(
          {
            "project-name": value,
            "package-name": value,
            "sample-resource": value,
            "routers-dir": value,
            layout: fc.constantFrom("layered", "flat", "versioned"),
          },
          { requiredKeys: [] },
        ),
        (flags) => {
          count("in-process option values");
          const context = JSON.stringify(flags);
          let plan: Plan;
          try {
            const answers = resolveAnswers({
              conventions,
              explicit: answersFromFlags(flags),
            }).answers;
            const spec = parseSpecText("---\nname: a\ndescription: d\n---\nBody.\n", FILE);
            plan = buildPlan({ spec, conventions, warnings: [] }, answers);
          } catch (error) {
            const known = toUserError(error);
            if (!(known instanceof UserError)) throw error;
            // One line per refused option, each naming its flag.
            for (const line of known.lines) {
              expectPrintableLine(line, context);
              expect(line, context).toMatch(/^--[a-z-]+[ :]/);
            }
            return;
          }
          for (const file of plannedPaths(plan)) expectSafePath(file, context);
          for (const name of [plan.project.packageName, plan.resource.name, plan.resource.plural]) {
            expect(name, context).toMatch(/^[a-z][a-z0-9_]*$/);
          }
        },
      ),
      { numRuns: RUNS.options, seed: SEEDS.options },
    );
  });
});

describe("fuzzing through the bin", () => {
  it(`explain: exit 0, or 2 with one line (${RUNS.explain} runs, seed ${SEEDS.explain})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fuzz-explain-"));
    try {
      fc.assert(
        fc.property(
          specInput,
          fc.constantFrom(...FILE_NAMES),
          fc.boolean(),
          (input, name, json) => {
            count("bin explain");
            const context = describeInput(input);
            const file = writeSpec(dir, input, name);
            const result = cli(["explain", file, ...(json ? ["--json"] : [])], dir);
            rmSync(file, { force: true });
            ended(`explain exit ${result.status}`);
            expect(STACK_LINE.test(result.stdout + result.stderr), context).toBe(false);
            expect([0, 2], `${context}\n${result.stderr}`).toContain(result.status);
            const { errors, others } = stderrLines(result.stderr);
            expect(others, context).toEqual([]);
            if (result.status === 2) {
              expect(errors, context).toHaveLength(1);
              expect(result.stdout, context).toBe("");
            } else {
              expect(errors, context).toEqual([]);
              if (json) expect(() => JSON.parse(result.stdout) as unknown, context).not.toThrow();
              else expect(result.stdout, context).toMatch(/^Agent: [a-z0-9-]+\n/);
            }
          },
        ),
        { numRuns: RUNS.explain, seed: SEEDS.explain, endOnFailure: true },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it("explain: a 5 MB file is read, an 8 MB + 1 byte file is refused in one line", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fuzz-explain-large-"));
    try {
      const head = "---\nname: large-agent\ndescription: A large spec.\n---\n";
      const line = "Use SQLModel with PostgreSQL; todos are the main resource. ".repeat(20) + "\n";
      const big = writeSpec(
        dir,
        head + line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)),
        "big.md",
      );
      count("bin explain large");
      const ok = cli(["explain", big, "--json"], dir);
      expect(ok.status).toBe(0);
      expect((JSON.parse(ok.stdout) as { name: string }).name).toBe("large-agent");
      const over = writeSpec(dir, "x".repeat(MAX_SPEC_BYTES + 1), "over.md");
      count("bin explain large");
      const refused = cli(["explain", over], dir);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toBe(
        `fastapi-agent: ${over}: file is too large (8.0 MB; the limit is 8 MB)\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it(`new: a sound project, or exit 2 with one line and no folder (${RUNS.new} runs, seed ${SEEDS.new})`, () => {
    const parent = mkdtempSync(path.join(tmpdir(), "fuzz-new-"));
    try {
      fc.assert(
        fc.property(
          fc.oneof({ weight: 5, arbitrary: specDocument }, { weight: 3, arbitrary: specInput }),
          fc.constantFrom(...FILE_NAMES),
          (input, name) => {
            count("bin new");
            const context = describeInput(input);
            const work = path.join(parent, "work");
            rmSync(work, { recursive: true, force: true });
            mkdirSync(work);
            const file = writeSpec(work, input, name);
            const before = snapshotTree(work, ["out"]);
            const target = path.join(work, "out");
            const result = cli(["new", file, target, "--defaults", "--skip-install"], work);
            ended(`new exit ${result.status}`);
            expect(STACK_LINE.test(result.stdout + result.stderr), context).toBe(false);
            expect([0, 2], `${context}\n${result.stderr}`).toContain(result.status);
            // On success stderr also holds Yeoman's log ("create …"); on failure, nothing is written.
            const { errors, others } = stderrLines(result.stderr);
            const after = snapshotTree(work, ["out"]);
            expect(after, `${context}: only the target may change`).toEqual(before);
            if (result.status === 2) {
              // Only reading may fail: what a readable spec says always generates.
              expect(errors, context).toHaveLength(1);
              expect(errors[0], context).toMatch(
                new RegExp(`^fastapi-agent: ${escapeRegExp(file)}: `),
              );
              expect(others, context).toEqual([]);
              expect(existsSync(target), `${context}: a failed run left ${target}`).toBe(false);
            } else {
              expect(errors, context).toEqual([]);
              expect(checkGeneratedDir(target), context).toEqual([]);
            }
          },
        ),
        // No shrinking through the bin (a `new` takes seconds): the seed reproduces a failure.
        { numRuns: RUNS.new, seed: SEEDS.new, endOnFailure: true },
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 600_000);

  it("new: generates from a 5 MB spec, copying it whole", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fuzz-new-large-"));
    try {
      const head = "---\nname: large-agent\ndescription: A large spec.\n---\n";
      const line = "Notes on the domain: 𝄞 مرحبا \u200b ".repeat(40) + "\n";
      const text = head + line.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(line)));
      const spec = writeSpec(dir, text, "big.md");
      count("bin new large");
      const result = cli(["new", spec, "out", "--defaults", "--skip-install"], dir);
      expect(result.status, result.stderr).toBe(0);
      const copy = path.join(dir, "out", ".claude", "agents", "large-agent.md");
      expect(existsSync(copy)).toBe(true);
      expect(checkGeneratedDir(path.join(dir, "out"))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

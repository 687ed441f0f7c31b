/**
 * Runs the generator through yeoman-environment for the `fastapi-agent` bin (no global `yo`).
 * Loaded lazily: importing yeoman-environment is the slowest part of start-up.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createEnv } from "yeoman-environment";
import type { Answers } from "../options/answers.js";
import { OPTIONS, type OptionDef } from "../options/definitions.js";
import type { Inferred } from "../pipeline.js";
import { writeError } from "../generate/target.js";

export interface RunOptions {
  spec: string | undefined;
  inferred: Inferred | undefined;
  explicit: Partial<Answers>;
  defaults: boolean;
  answersFile: string | undefined;
  templates?: string | undefined;
  force: boolean;
  skipInstall: boolean;
  /** List what would be created, changed or kept; write nothing. */
  dryRun?: boolean;
  cwd?: string;
}

const GENERATOR = path.join(path.dirname(fileURLToPath(import.meta.url)), "app.js");
export const NAMESPACE = "fastapi-agent:app";

export async function run(options: RunOptions): Promise<void> {
  // The environment never runs npm: the generator installs the Python project itself (unless
  // --skip-install).
  const env = createEnv({
    cwd: options.cwd ?? process.cwd(),
    skipInstall: true,
    force: options.force,
    dryRun: options.dryRun ?? false,
  });
  env.register(GENERATOR, { namespace: NAMESPACE });
  // Options are passed already parsed and typed, keyed by their flag as the generator declares them.
  const generatorOptions: Record<string, unknown> = {};
  for (const opt of OPTIONS as readonly OptionDef[]) {
    const value = options.explicit[opt.key];
    if (value !== undefined)
      generatorOptions[opt.flag] =
        opt.kind === "list" && Array.isArray(value) ? value.join(",") : value;
  }
  const runOptions: Record<string, unknown> = {
    ...generatorOptions,
    defaults: options.defaults,
    ...(options.answersFile ? { answers: options.answersFile } : {}),
    ...(options.templates ? { templates: options.templates } : {}),
    force: options.force,
    skipInstall: options.skipInstall || options.dryRun === true,
    "dry-run": options.dryRun === true,
    ...(options.inferred ? { inferred: options.inferred } : {}),
    bin: true,
  };
  const generator = await env.create(NAMESPACE, {
    generatorArgs: options.spec ? [options.spec] : [],
    generatorOptions: runOptions,
  });
  try {
    await env.runGenerator(generator);
  } catch (error) {
    // Nothing half-written is left: the folder this run created goes.
    (generator as { removeCreatedTarget?: () => void }).removeCreatedTarget?.();
    throw writeError(error) ?? error;
  }
}

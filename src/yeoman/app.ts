/**
 * The Yeoman generator: thin glue. Every decision is made by the plain modules it calls:
 * spec → conventions (pipeline), answers (options), plan, files (render).
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { commitSharedFsTask } from "yeoman-environment";
import Generator, { type BaseOptions } from "yeoman-generator";
import type { Answers } from "../options/answers.js";
import { readAnswersFile } from "../options/answers-file.js";
import { OPTIONS, type OptionDef } from "../options/definitions.js";
import { buildQuestions, missingAnswers } from "../options/prompts.js";
import { answersFromFlags, resolveAnswers, type Resolved } from "../options/resolve.js";
import { formatWarning, inferFromFile, type Inferred } from "../pipeline.js";
import { buildPlan } from "../plan/plan.js";
import { renderProject, type GeneratedFile } from "../render/render.js";
import { configToStore, type Session } from "../generate/session.js";
import { PROJECT_TEMPLATES } from "../render/templates.js";
import { staleFiles, type Fingerprints, untouchedButChanged } from "../regenerate/previous.js";
import { keepEditedFiles } from "./keep-edited.js";
import { createTarget, removeCreated, targetProblem } from "./target.js";
import { installProject } from "../generate/install.js";
import { reportConfigAs, type CommitEnvironment } from "./commit.js";
import { CANCELLED, CANCELLED_EXIT, isCancelled, UserError, toUserError } from "../errors.js";

interface StoredConfig {
  spec?: string;
  answers?: Partial<Answers>;
  /** The user's template folder (`--templates`), remembered for re-runs. */
  templates?: string;
  /** What the last run generated (path → fingerprint), to find files a changed answer drops. */
  files?: Fingerprints;
}

type Options = BaseOptions & {
  spec?: string;
  defaults?: boolean;
  answers?: string;
  templates?: string;
  "dry-run"?: boolean;
  force?: boolean;
  skipInstall?: boolean;
  /** Set by the `fastapi-agent` bin, which has already read the spec. */
  inferred?: Inferred;
  /** Set by the `fastapi-agent` bin, which reports errors and a cancel itself. */
  bin?: boolean;
} & Record<string, unknown>;

/** The real terminal adapter (or a subclass of it), as opposed to yeoman-test's. */
function isTerminal(adapter: unknown): boolean {
  let proto: unknown = (adapter as { actualAdapter?: unknown }).actualAdapter ?? adapter;
  while (proto !== null && typeof proto === "object") {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === "TerminalAdapter")
      return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}

/**
 * Yeoman logs "An error occured while running <task>" before rethrowing a task's error. Our
 * failures are already one clear line each, so that extra line is dropped.
 */
function quietTaskFailures<L extends { error: (...args: unknown[]) => unknown }>(log: L): L {
  return new Proxy(log, {
    get(target, property, receiver) {
      if (property !== "error") return Reflect.get(target, property, receiver) as unknown;
      return (...args: unknown[]) =>
        typeof args[0] === "string" && args[0].startsWith("An error occured while running")
          ? receiver
          : target.error(...args);
    },
  });
}

export default class FastapiAgentGenerator extends Generator<Record<string, unknown>, Options> {
  private inferred!: Inferred;
  private explicit: Partial<Answers> = {};
  private stored: Partial<Answers> = {};
  private prompted: Partial<Answers> = {};
  private resolution!: Resolved;
  private files: GeneratedFile[] = [];
  /** The agent's name as the plan made it a file name (`.claude/agents/<name>.md`). */
  private agentName = "";
  /** The topmost folder this run created for the target, removed if the run fails. */
  private createdTarget: string | null = null;
  private target = "";
  private templates: string | undefined;
  private regenerating = false;
  private previous: Fingerprints = {};

  constructor(args: string[], options: Options) {
    // The project is Python: the environment's npm install step (and its "No change to
    // package.json" line) does not apply. Committing is ours to report .yo-rc.json truthfully.
    super(args, options, { customInstallTask: true });
    this.setFeatures({ customCommitTask: () => this.#commit() });
    this.argument("spec", {
      type: String,
      required: false,
      description: "Agent spec (Markdown with YAML frontmatter); on a re-run, the stored one",
    });
    for (const opt of OPTIONS as readonly OptionDef[]) {
      this.option(opt.flag, {
        type: opt.kind === "boolean" ? Boolean : String,
        description: opt.description,
      });
    }
    this.option("defaults", {
      type: Boolean,
      description: "Accept every inferred or default value; ask nothing",
    });
    this.option("dry-run", {
      type: Boolean,
      description: "List what would be created, changed or kept; write nothing",
    });
    this.option("templates", {
      type: String,
      description: "Folder of templates that override or add to the built-in ones (remembered)",
    });
    this.option("answers", {
      type: String,
      description: "Answers file (JSON, validated against the schema)",
    });
    Object.defineProperty(this, "log", { value: quietTaskFailures(this.log), writable: true });
  }

  /** Run a task, turning known failures into one-line user errors. */
  async #guard<T>(task: () => T | Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      throw toUserError(error);
    }
  }

  async initializing(): Promise<void> {
    await this.#guard(async () => {
      const config = this.config.getAll() as StoredConfig;
      this.regenerating = Boolean(config.answers);
      this.stored = config.answers ?? {};
      this.previous = typeof config.files === "object" && config.files !== null ? config.files : {};
      // Without a terminal nobody can answer Yeoman's "Overwrite?": a file the user changed is kept.
      if (!this.options.force && !process.stdin.isTTY && isTerminal(this.env.adapter)) {
        keepEditedFiles(this.env.adapter, (file) =>
          this.log.info(`kept ${file} (changed since it was generated; --force overwrites it)`),
        );
      }
      this.templates = this.options.templates
        ? path.resolve(this.options.templates)
        : config.templates
          ? this.destinationPath(config.templates)
          : undefined;
      let specPath = this.options.spec;
      if (this.options.answers) {
        const file = await readAnswersFile(this.options.answers);
        this.explicit = { ...file.answers };
        if (!specPath && file.spec)
          specPath = path.resolve(path.dirname(this.options.answers), file.spec);
      }
      this.explicit = { ...this.explicit, ...answersFromFlags(this.options) };
      if (!specPath && config.spec) specPath = this.destinationPath(config.spec);
      if (this.options.inferred) {
        this.inferred = this.options.inferred;
      } else {
        if (!specPath) throw new UserError("no agent spec given: yo fastapi-agent <spec.md>");
        this.inferred = inferFromFile(specPath);
        for (const warning of this.inferred.warnings) {
          this.log.info(formatWarning(specPath, warning));
        }
      }
    });
  }

  async prompting(): Promise<void> {
    await this.#guard(async () => {
      const input = {
        conventions: this.inferred.conventions,
        explicit: this.explicit,
        stored: this.stored,
      };
      if (this.options.defaults) return;
      const missing = missingAnswers(input);
      if (missing.length === 0) return;
      if (isTerminal(this.env.adapter) && !process.stdin.isTTY) {
        throw new UserError(
          `stdin is not a terminal and ${missing.length} answers are missing (${missing.join(", ")}): ` +
            "pass --defaults to accept the inferred values, or give them as flags or with --answers FILE",
        );
      }
      // One prompt() call and no `store: true`: answers are stored by this generator in .yo-rc.json.
      try {
        this.prompted = (await this.prompt(buildQuestions(input) as never)) as Partial<Answers>;
      } catch (error) {
        // Ctrl-C at a question under `yo`: nothing is written yet; say so in one line, as the bin does.
        if (isCancelled(error) && !this.options.bin) {
          process.stderr.write(`${CANCELLED}\n`);
          process.exit(CANCELLED_EXIT);
        }
        throw error;
      }
    });
  }

  async configuring(): Promise<void> {
    await this.#guard(async () => {
      const conventions = this.inferred.conventions;
      this.resolution = resolveAnswers({
        conventions,
        explicit: this.explicit,
        prompted: this.prompted,
        stored: this.stored,
      });
      const answers = this.resolution.answers;
      const explicitDir = this.explicit.outputDir;
      this.target =
        this.regenerating && !explicitDir
          ? this.destinationRoot()
          : path.resolve(this.destinationRoot(), answers.outputDir);
      this.#refuseNonEmpty(this.target);
      const roots = [this.templates, path.join(this.target, PROJECT_TEMPLATES)].filter(
        (root): root is string => root !== undefined && existsSync(root),
      );
      const plan = buildPlan(this.inferred, answers);
      this.agentName = plan.spec.name;
      this.files = await renderProject(plan, { roots });
    });
  }

  #refuseNonEmpty(target: string): void {
    const problem = targetProblem(target);
    if (problem !== null) throw new UserError(problem);
    if (this.options.force || !existsSync(target)) return;
    const entries = readdirSync(target);
    if (entries.length === 0) return;
    if (entries.includes(".yo-rc.json") && this.regenerating) return;
    throw new UserError(`${target} is not empty: choose another folder or pass --force`);
  }

  writing(): void {
    const dryRun = this.options["dry-run"] === true;
    // A dry run must not call destinationRoot(target): that would create the folder.
    if (!dryRun) {
      this.createdTarget = createTarget(this.target);
      this.destinationRoot(this.target);
    }
    for (const file of this.files) {
      const destination = path.join(this.target, file.path);
      this.fs.write(destination, file.contents);
      // Unchanged on disk since we generated it: an update (Yeoman's `force`), not a conflict
      // with the user's work. Files the user edited stay conflicts: asked, or kept and reported.
      if (untouchedButChanged(this.previous, file, this.#readTarget)) {
        (this.fs.store.get(destination) as { conflicter?: string }).conflicter = "force";
      }
    }
    if (dryRun) return;
    const stored = configToStore(
      this.#session(),
      this.resolution,
      { files: this.files, agentName: this.agentName },
      this.target,
    );
    for (const [key, value] of Object.entries(stored)) this.config.set(key, value);
  }

  /** This run as the plain session steps see it (the same record as the bin's direct path). */
  #session(): Session {
    return {
      inferred: this.inferred,
      specPath: this.options.spec,
      explicit: this.explicit,
      stored: this.stored,
      previous: this.previous,
      regenerating: this.regenerating,
      templates: this.templates,
    };
  }

  /**
   * After a failed run: remove the folder this run created, so that no half-written project is
   * left behind (the bin calls this; a folder that existed before is left as it is).
   */
  removeCreatedTarget(): void {
    if (this.createdTarget !== null) removeCreated(this.createdTarget);
    this.createdTarget = null;
  }

  /** Delete a file, then folders it leaves empty (or holding only `__pycache__`). */
  #remove(file: string): void {
    rmSync(path.join(this.target, file), { force: true });
    let dir = path.dirname(path.join(this.target, file));
    while (dir.startsWith(this.target + path.sep)) {
      const left = readdirSync(dir);
      if (left.some((name) => name !== "__pycache__")) break;
      rmSync(path.join(dir, "__pycache__"), { recursive: true, force: true });
      rmdirSync(dir);
      dir = path.dirname(dir);
    }
  }

  /**
   * Write the files to disk as Yeoman does, but report .yo-rc.json as what happens to it (create,
   * identical, or force when it changes) rather than Yeoman's unconditional `force`.
   */
  async #commit(): Promise<void> {
    const env = this.env as unknown as CommitEnvironment;
    await commitSharedFsTask({
      conflicterOptions: env.conflicterOptions,
      sharedFs: env.sharedFs,
      adapter: reportConfigAs(env, this.config.path),
    });
  }

  async install(): Promise<void> {
    if (this.options.skipInstall || this.options["dry-run"]) return;
    // The files are on disk: from here on a failure keeps the project (and says how to finish).
    this.createdTarget = null;
    const root = this.destinationRoot();
    await installProject(root, {
      log: (line) => this.log.info(line),
      run: (command, args) => this.spawn(command, args, { cwd: root }),
    });
  }

  /** A file of the project as it is on disk now, or undefined when there is none. */
  #readTarget = (file: string): Buffer | undefined => {
    try {
      return readFileSync(path.join(this.target, file));
    } catch {
      return undefined;
    }
  };

  /** Files an earlier run generated that these answers no longer produce. */
  #stale() {
    const current = new Set(this.files.map((f) => f.path));
    return staleFiles(this.previous, current, this.#readTarget);
  }

  end(): void {
    const stale = this.regenerating ? this.#stale() : { remove: [], keep: [] };
    const dryRun = this.options["dry-run"] === true;
    for (const file of stale.remove) {
      this.log.info(`${dryRun ? "would remove" : "removed"} ${file} (no longer generated)`);
      if (!dryRun) this.#remove(file);
    }
    for (const file of stale.keep) {
      this.log.info(`kept ${file} (no longer generated, but changed since; delete it if unused)`);
    }
    if (dryRun) {
      this.log.ok(`Dry run: nothing was written (${this.files.length} files planned)`);
      return;
    }
    const rel = path.relative(process.cwd(), this.destinationRoot()) || ".";
    this.log.ok(
      `Generated ${this.resolution.answers.projectName} in ${rel} (${this.files.length} files)`,
    );
  }
}

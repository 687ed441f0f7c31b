/**
 * The Yeoman generator: thin glue. Every decision is made by the plain modules it calls:
 * spec → conventions (pipeline), answers (options), plan, files (render).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { commitSharedFsTask } from "yeoman-environment";
import Generator, { type BaseOptions } from "yeoman-generator";
import type { Answers } from "../options/answers.js";
import { OPTIONS, type OptionDef } from "../options/definitions.js";
import { askResources, buildQuestions, missingAnswers } from "../options/prompts.js";
import { answersFromFlags, resolveAnswers, type Resolved } from "../options/resolve.js";
import { formatWarning, type Inferred } from "../pipeline.js";
import {
  configToStore,
  missingAnswersError,
  openSession,
  refuseTarget,
  renderFor,
  targetFolder,
  type Rendered,
  type Session,
  type StoredConfig,
} from "../generate/session.js";
import { staleFiles, untouchedButChanged } from "../regenerate/previous.js";
import { keepEditedFiles } from "./keep-edited.js";
import { createTarget, removeCreated } from "../generate/target.js";
import { installProject } from "../generate/install.js";
import { startPythonFormatter } from "../render/python-formatter.js";
import { reportConfigAs, type CommitEnvironment } from "./commit.js";
import { CANCELLED, CANCELLED_EXIT, isCancelled, toUserError } from "../errors.js";
import { removeGenerated } from "../generate/direct.js";

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

const keep = (value: unknown): unknown => value;

export default class FastapiAgentGenerator extends Generator<Record<string, unknown>, Options> {
  private session!: Session;
  private prompted: Partial<Answers> = {};
  private resolution!: Resolved;
  private rendered: Rendered = { files: [], agentName: "" };
  /** The topmost folder this run created for the target, removed if the run fails. */
  private createdTarget: string | null = null;
  private target = "";

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
        // Resources keep what they are given: a repeated flag is a list, the bin passes objects.
        type: opt.kind === "boolean" ? Boolean : opt.kind === "resources" ? keep : String,
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
      // The Python formatter warms up while the spec is read and the questions are answered.
      startPythonFormatter();
      const config = this.config.getAll() as StoredConfig;
      // Without a terminal nobody can answer Yeoman's "Overwrite?": a file the user changed is kept.
      if (!this.options.force && !process.stdin.isTTY && isTerminal(this.env.adapter)) {
        keepEditedFiles(this.env.adapter, (file) =>
          this.log.info(`kept ${file} (changed since it was generated; --force overwrites it)`),
        );
      }
      this.session = await openSession(
        {
          cwd: this.destinationRoot(),
          spec: this.options.spec,
          inferred: this.options.inferred,
          flags: answersFromFlags(this.options),
          answersFile: this.options.answers,
          templates: this.options.templates,
        },
        config,
        (specPath, inferred) => {
          for (const warning of inferred.warnings) this.log.info(formatWarning(specPath, warning));
        },
      );
    });
  }

  async prompting(): Promise<void> {
    await this.#guard(async () => {
      const input = {
        conventions: this.session.inferred.conventions,
        explicit: this.session.explicit,
        stored: this.session.stored,
      };
      if (this.options.defaults) return;
      const missing = missingAnswers(input);
      if (missing.length === 0) return;
      if (isTerminal(this.env.adapter) && !process.stdin.isTTY) throw missingAnswersError(missing);
      // No `store: true` (yeoman-generator 8 loses stored answers of a prompt() call that also has
      // unstored ones): every answer, from every prompt() call below, ends up in this.prompted,
      // which resolves the answers that this generator stores in .yo-rc.json itself.
      try {
        const ask = (questions: unknown[]) =>
          this.prompt(questions as never) as Promise<Record<string, unknown>>;
        const prompted = (await ask(buildQuestions(input))) as Partial<Answers> & {
          resources?: unknown;
        };
        // The resources question opens a loop of its own questions (name, fields, another?).
        const { resources: choice, ...rest } = prompted;
        const resources = await askResources(ask, input, rest, choice);
        this.prompted = resources === undefined ? rest : { ...rest, resources };
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
      this.resolution = resolveAnswers({
        conventions: this.session.inferred.conventions,
        explicit: this.session.explicit,
        prompted: this.prompted,
        stored: this.session.stored,
      });
      this.target = targetFolder(this.session, this.resolution.answers, this.destinationRoot());
      refuseTarget(this.target, this.session, this.options.force === true);
      this.rendered = await renderFor(this.session, this.resolution.answers, this.target);
    });
  }

  writing(): void {
    const dryRun = this.options["dry-run"] === true;
    // A dry run must not call destinationRoot(target): that would create the folder.
    if (!dryRun) {
      this.createdTarget = createTarget(this.target);
      this.destinationRoot(this.target);
    }
    for (const file of this.rendered.files) {
      const destination = path.join(this.target, file.path);
      this.fs.write(destination, file.contents);
      // Unchanged on disk since we generated it: an update (Yeoman's `force`), not a conflict
      // with the user's work. Files the user edited stay conflicts: asked, or kept and reported.
      if (untouchedButChanged(this.session.previous, file, this.#readTarget)) {
        (this.fs.store.get(destination) as { conflicter?: string }).conflicter = "force";
      }
    }
    if (dryRun) return;
    const stored = configToStore(this.session, this.resolution, this.rendered, this.target);
    for (const [key, value] of Object.entries(stored)) this.config.set(key, value);
  }

  /**
   * After a failed run: remove the folder this run created, so that no half-written project is
   * left behind (the bin calls this; a folder that existed before is left as it is).
   */
  removeCreatedTarget(): void {
    if (this.createdTarget !== null) removeCreated(this.createdTarget);
    this.createdTarget = null;
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
    const current = new Set(this.rendered.files.map((f) => f.path));
    return staleFiles(this.session.previous, current, this.#readTarget);
  }

  end(): void {
    const stale = this.session.regenerating ? this.#stale() : { remove: [], keep: [] };
    const dryRun = this.options["dry-run"] === true;
    for (const file of stale.remove) {
      this.log.info(`${dryRun ? "would remove" : "removed"} ${file} (no longer generated)`);
      if (!dryRun) removeGenerated(this.target, file);
    }
    for (const file of stale.keep) {
      this.log.info(`kept ${file} (no longer generated, but changed since; delete it if unused)`);
    }
    if (dryRun) {
      this.log.ok(`Dry run: nothing was written (${this.rendered.files.length} files planned)`);
      return;
    }
    const rel = path.relative(process.cwd(), this.destinationRoot()) || ".";
    this.log.ok(
      `Generated ${this.resolution.answers.projectName} in ${rel} (${this.rendered.files.length} files)`,
    );
  }
}

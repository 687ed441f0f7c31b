import type { ConventionValues, DataAccess, PoolField } from "../conventions/vocabulary.js";
import type { ResourceAnswer } from "../resources/parse.js";

/**
 * Every answer the generator needs: the keys of the answers file and of `.yo-rc.json`. The
 * convention answers are the vocabulary's own values (the layer set split into its three parts),
 * plus the project's names, Python version and output folder. The pool defaults are no answers:
 * they follow the spec (src/conventions/pool.ts), and the generated settings override them.
 */
export type Answers = Omit<
  ConventionValues,
  "name" | "layers" | "agentMemory" | "resources" | PoolField
> & {
  projectName: string;
  packageName: string;
  pythonVersion: string;
  outputDir: string;
  routersDir: string;
  services: boolean;
  dataAccess: DataAccess;
  /** The project's resources, in the answers-file form; the sample resource by default. */
  resources: ResourceAnswer[];
};

export type AnswerValue = Answers[keyof Answers];

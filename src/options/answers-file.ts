/**
 * Reading and validating an answers file against the shipped JSON schema.
 */
import { readFileSync } from "node:fs";
import type { Answers } from "./answers.js";
import { findOption } from "./definitions.js";
import { AnswersError, parseOptionValue } from "./resolve.js";
import { answersSchema } from "./schema.js";

export interface AnswersFile {
  answers: Partial<Answers>;
  /** The `spec` key, resolved relative to the answers file's folder by the caller. */
  spec?: string;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a folder" : "cannot be read";
    throw new AnswersError([`${file}: ${problem}`]);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new AnswersError([`${file}: not valid JSON (${(error as Error).message})`]);
  }
}

/** Load an answers file: one problem per line, naming the file and the key. */
export async function readAnswersFile(file: string): Promise<AnswersFile> {
  const data = readJson(file);
  const { Ajv } = await import("ajv");
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(answersSchema());
  if (!validate(data)) {
    // One problem per key: a wrong type also fails the key's enum or pattern; say it once.
    const seen = new Set<string>();
    const errors = (validate.errors ?? []).filter((e) => {
      const key =
        e.keyword === "additionalProperties"
          ? `+${String(e.params["additionalProperty"])}`
          : e.instancePath;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const problems = errors.map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "(top level)";
      if (e.keyword === "additionalProperties") {
        return `${file}: unknown key "${String(e.params["additionalProperty"])}"`;
      }
      if (e.keyword === "enum") {
        return `${file}: ${where} must be one of ${(e.params["allowedValues"] as unknown[]).join(", ")}`;
      }
      return `${file}: ${where} ${e.message ?? "is invalid"}`;
    });
    throw new AnswersError(problems);
  }
  const record = data as Record<string, unknown>;
  const answers: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(record)) {
    const opt = findOption(key);
    if (!opt) continue;
    const parsed = parseOptionValue(opt, raw);
    if ("problem" in parsed) problems.push(`${file}: ${key}: ${parsed.problem}`);
    else answers[key] = parsed.value;
  }
  if (problems.length > 0) throw new AnswersError(problems);
  const spec = typeof record["spec"] === "string" ? record["spec"] : undefined;
  return { answers: answers as Partial<Answers>, ...(spec ? { spec } : {}) };
}

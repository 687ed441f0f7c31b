/**
 * A small argument parser driven by the option definitions (and a few command flags), so the CLI,
 * its `--help` and the generator agree on every flag.
 */
import { OPTIONS, type OptionDef } from "../options/definitions.js";

export interface CommandFlag {
  flag: string;
  kind: "boolean" | "string";
  description: string;
  /** Placeholder shown in help for string flags. */
  value?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** Convention and project options, keyed by flag, with raw values (strings or booleans). */
  options: Record<string, string | boolean>;
  /** Command flags, keyed by flag. */
  flags: Record<string, string | boolean>;
}

export class ArgsError extends Error {}

export function parseArgs(
  argv: string[],
  commandFlags: CommandFlag[],
  withOptions: boolean,
): ParsedArgs {
  const result: ParsedArgs = { positionals: [], options: {}, flags: {} };
  const optionDefs = withOptions ? (OPTIONS as readonly OptionDef[]) : [];
  const kindOf = (
    flag: string,
  ): { kind: "boolean" | "string"; bucket: "options" | "flags" } | undefined => {
    const cmd = commandFlags.find((f) => f.flag === flag);
    if (cmd) return { kind: cmd.kind, bucket: "flags" };
    const opt = optionDefs.find((o) => o.flag === flag);
    if (opt) return { kind: opt.kind === "boolean" ? "boolean" : "string", bucket: "options" };
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "--") {
      if (arg.startsWith("-") && arg.length > 1) {
        if (arg === "-h") {
          result.flags["help"] = true;
          continue;
        }
        throw new ArgsError(`unknown option ${arg}`);
      }
      result.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | boolean | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    let spec = kindOf(name);
    if (!spec && name.startsWith("no-") && value === undefined) {
      const positive = kindOf(name.slice(3));
      if (positive?.kind === "boolean") {
        name = name.slice(3);
        spec = positive;
        value = false;
      }
    }
    if (!spec) throw new ArgsError(`unknown option --${name}`);
    if (value === undefined) {
      if (spec.kind === "boolean") value = true;
      else {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith("--"))
          throw new ArgsError(`--${name} needs a value`);
        value = next;
        i++;
      }
    }
    result[spec.bucket][name] = value;
  }
  return result;
}

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
  /**
   * Convention and project options, keyed by flag, with raw values (strings or booleans; a
   * repeatable option, `--resource`, gives the list of its values).
   */
  options: Record<string, string | boolean | string[]>;
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
  ):
    | { kind: "boolean" | "string"; bucket: "options" | "flags"; repeatable?: boolean }
    | undefined => {
    const cmd = commandFlags.find((f) => f.flag === flag);
    if (cmd) return { kind: cmd.kind, bucket: "flags" };
    const opt = optionDefs.find((o) => o.flag === flag);
    if (opt) {
      return {
        kind: opt.kind === "boolean" ? "boolean" : "string",
        bucket: "options",
        repeatable: opt.kind === "resources",
      };
    }
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
    if (!spec) {
      const known = [...commandFlags.map((f) => f.flag), ...optionDefs.map((o) => o.flag)];
      const nearest = nearestFlag(name, known);
      throw new ArgsError(
        `unknown option --${name}${nearest ? `: did you mean --${nearest}?` : ""}`,
      );
    }
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
    if (spec.repeatable && typeof value === "string") {
      const earlier = result.options[name];
      result.options[name] = [...(Array.isArray(earlier) ? earlier : []), value];
    } else {
      result[spec.bucket][name] = value;
    }
  }
  return result;
}

/** Edit distance (insert, delete, substitute, swap two neighbours): `defualts` is 1 from `defaults`. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known flag closest to a mistyped one, when it is close enough to be what was meant. */
export function nearestFlag(typed: string, known: readonly string[]): string | undefined {
  const bare = typed.startsWith("no-") ? typed.slice(3) : typed;
  let best: { flag: string; cost: number } | undefined;
  for (const flag of known) {
    const cost = Math.min(distance(typed, flag), distance(bare, flag));
    if (!best || cost < best.cost) best = { flag, cost };
  }
  if (!best) return undefined;
  const limit = Math.max(1, Math.floor(best.flag.length / 3));
  if (best.cost > limit) return undefined;
  return typed.startsWith("no-") && bare !== typed && distance(bare, best.flag) <= limit
    ? `no-${best.flag}`
    : best.flag;
}

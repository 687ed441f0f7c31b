/**
 * Yeoman's commit marks `.yo-rc.json` as `force` whatever happens to it (it is never asked
 * about), so a brand-new project reported `force .yo-rc.json` and an untouched re-run did too.
 * The commit here is Yeoman's, with that one line reported as what it is: create, identical, or
 * force when the stored answers change.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { commitSharedFsTask } from "yeoman-environment";

type Logger = ((...args: unknown[]) => unknown) & Record<string, unknown>;

/** What the environment hands to yeoman-environment's commitSharedFsTask. */
export type CommitEnvironment = Parameters<typeof commitSharedFsTask>[0];

export type ConfigStatus = "create" | "identical" | "force";

/** What writing `contents` to `file` does: create it, change nothing, or overwrite it. */
export function configStatus(file: string, contents: Buffer | null | undefined): ConfigStatus {
  let onDisk: Buffer;
  try {
    onDisk = readFileSync(file);
  } catch {
    return "create";
  }
  return contents && onDisk.equals(contents) ? "identical" : "force";
}

/** Methods bound to the object they come from (the adapter keeps private fields). */
function bound<T extends object>(target: T, overrides: Record<PropertyKey, unknown>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property];
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === "function" ? (value as () => unknown).bind(object) : value;
    },
  });
}

/** The environment's adapter, with `force <config>` logged as the config file's real status. */
export function reportConfigAs(
  env: CommitEnvironment,
  config: string,
): CommitEnvironment["adapter"] {
  const { adapter } = env;
  const status = configStatus(config, env.sharedFs.get(config)?.contents);
  if (status === "force") return adapter;
  const cwd = env.conflicterOptions?.cwd ?? process.cwd();
  const log = adapter.log as unknown as Logger;
  const force = (file: unknown, ...rest: unknown[]) =>
    typeof file === "string" && path.resolve(cwd, file) === config
      ? (log[status] as Logger)(file)
      : (log["force"] as Logger)(file, ...rest);
  return bound(adapter, { log: bound(log, { force }) });
}

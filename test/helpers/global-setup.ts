import { execFileSync } from "node:child_process";

/** Generator and CLI tests run the compiled JavaScript, as users do: build it once. */
export default function setup(): void {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
}

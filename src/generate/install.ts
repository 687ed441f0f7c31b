/**
 * Installing the generated project into its own `.venv` (python3 -m venv, pip install -e .[dev]).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { UserError } from "../errors.js";

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new UserError(`${command} exited with ${code}`)),
    );
  });
}

export async function installProject(root: string, log: (line: string) => void): Promise<void> {
  const venv = path.join(root, ".venv");
  log("Installing the project into .venv (skip with --skip-install)");
  await run("python3", ["-m", "venv", venv], root);
  await run(path.join(venv, "bin", "pip"), ["install", "--quiet", "-e", ".[dev]"], root);
}

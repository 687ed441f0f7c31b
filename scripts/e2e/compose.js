// The validator of a generated compose.yaml for the e2e stage `deploy files`: the compose client
// parses the file and interpolates its variables; no Docker engine is needed.
import { spawnSync } from "node:child_process";

const system = {
  works: (cmd, argv) => spawnSync(cmd, argv, { stdio: "ignore" }).status === 0,
  root: () => process.getuid?.() === 0,
  aptInstall: (name) => {
    const install = () => spawnSync("apt-get", ["install", "-y", "-q", name], { stdio: "ignore" });
    if (install().status === 0) return;
    spawnSync("apt-get", ["update", "-q"], { stdio: "ignore" });
    install();
  },
  log: (line) => console.log(line),
};

/**
 * `docker compose` when the plugin is there, else docker-compose, installed with apt-get when it
 * is missing and we run as root (Debian bookworm's 1.29 reads the Compose Specification). Returns
 * the command and its leading arguments (`config -q` follows), or undefined when there is none.
 * `probe` replaces the system in tests.
 */
export function findComposeValidator(probe = system) {
  let found;
  if (probe.works("docker", ["compose", "version"])) found = ["docker", ["compose"]];
  else {
    if (!probe.works("docker-compose", ["version"]) && probe.root()) {
      probe.log("installing docker-compose (apt-get install -y docker-compose)…");
      probe.aptInstall("docker-compose");
    }
    if (probe.works("docker-compose", ["version"])) found = ["docker-compose", []];
  }
  probe.log(
    found
      ? `compose.yaml validator: ${found.flat().join(" ")} -f compose.yaml config -q`
      : "compose.yaml validator: none (no docker compose plugin, no docker-compose)",
  );
  return found;
}

// One command's wall time, CPU time and peak memory, for the benchmark scripts (not a test).
import { spawnSync } from "node:child_process";

// getrusage(RUSAGE_CHILDREN) after the command: ru_maxrss is the peak RSS of the largest single
// process in its tree (processes that ran one after another are not added up).
const MEASURE_PY = `
import json, resource, subprocess, sys, time
cwd, cmd = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
done = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
wall = time.perf_counter() - started
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrssKiB": ru.ru_maxrss,
                  "status": done.returncode, "output": done.stdout.decode(errors="replace")[-3000:]}))
`;

/** Runs cmd in cwd through a python3 wrapper: wall s, user+sys CPU s, peak RSS MiB. */
export function measure(cmd, cwd, env = process.env) {
  const result = spawnSync("python3", ["-c", MEASURE_PY, cwd, ...cmd], {
    env,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`measuring wrapper failed: ${result.stderr || result.error}`);
  }
  const m = JSON.parse(result.stdout);
  if (m.status !== 0) {
    throw new Error(`${cmd.join(" ")} exited ${m.status} in ${cwd}:\n${m.output}`);
  }
  return { wall: m.wall, cpu: m.cpu, rssMiB: m.maxrssKiB / 1024, output: m.output };
}

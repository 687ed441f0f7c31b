/**
 * Ruff's WebAssembly module is compiled with V8's baseline compiler (Liftoff) only. By default V8
 * also re-compiles its hot functions with the optimising compiler on background threads; for
 * ruff's few huge functions that takes seconds and hundreds of MB, and the process cannot exit
 * before it ends. A generator run formats some 60 small files: the baseline code is fast enough,
 * and the output is the same byte for byte. Called before ruff's module is loaded, so the flag is
 * set before the module is compiled (V8's flags are the process's: the worker thread that formats
 * Python shares them).
 */
import { setFlagsFromString } from "node:v8";

let set = false;

export function baselineWasmOnly(): void {
  if (set) return;
  setFlagsFromString("--liftoff-only");
  set = true;
}

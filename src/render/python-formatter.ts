/**
 * Generated Python is normalised by ruff (python.ts) in a worker thread that a run starts as soon
 * as it knows it will render: loading ruff's WebAssembly and compiling what its first checks run
 * (about a third of a second) then overlaps reading the spec, inferring, planning and rendering the
 * templates on the main thread. Where the worker cannot run (its script is missing, as when the
 * sources run untranspiled, or it fails), the same function runs in this thread: the output is the
 * same byte for byte.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { normalisePython, PythonSyntaxError } from "./python.js";

/** What the worker is asked: the arguments of normalisePython. */
export interface FormatRequest {
  id: number;
  source: string;
  packageName: string;
  file: string;
}

/** Its answer: the text, or the message of the error normalisePython threw. */
export type FormatReply =
  { id: number; text: string } | { id: number; error: string; syntaxError: boolean };

interface Pending {
  request: FormatRequest;
  resolve: (text: string) => void;
  reject: (error: Error) => void;
}

const WORKER_SCRIPT = new URL("./python-worker.js", import.meta.url);

let worker: Worker | undefined;
let unavailable = false;
let nextId = 0;
const pending = new Map<number, Pending>();

/** Formats here, in this thread: what the worker would have answered. */
function formatHere({ request, resolve, reject }: Pending): void {
  try {
    resolve(normalisePython(request.source, request.packageName, request.file));
  } catch (error) {
    reject(error as Error);
  }
}

/** The worker is gone: what it was still asked is done here. */
function giveUp(): void {
  unavailable = true;
  worker = undefined;
  const left = [...pending.values()];
  pending.clear();
  for (const item of left) formatHere(item);
}

/** Start the worker (once per process), so that it is warm when the first file arrives. */
export function startPythonFormatter(): void {
  if (worker || unavailable) return;
  if (!existsSync(fileURLToPath(WORKER_SCRIPT))) {
    unavailable = true;
    return;
  }
  const started = new Worker(WORKER_SCRIPT);
  started.on("message", (reply: FormatReply) => {
    const item = pending.get(reply.id);
    if (!item) return;
    pending.delete(reply.id);
    if ("text" in reply) item.resolve(reply.text);
    else item.reject(new (reply.syntaxError ? PythonSyntaxError : Error)(reply.error));
  });
  started.on("error", giveUp);
  started.on("exit", giveUp);
  // An idle worker never keeps the process alive: a run that renders nothing exits at once.
  // (After the listeners: adding a "message" listener refs the worker again.)
  started.unref();
  worker = started;
}

/** Where formatPython runs now: in the worker thread, or here (not started, or unavailable). */
export function pythonFormatterThread(): "worker" | "here" {
  return worker ? "worker" : "here";
}

/** normalisePython, in the worker when it runs. Throws (rejects with) what normalisePython throws. */
export async function formatPython(
  source: string,
  packageName: string,
  file: string,
): Promise<string> {
  const formatted = new Promise<string>((resolve, reject) => {
    const item: Pending = { request: { id: nextId++, source, packageName, file }, resolve, reject };
    if (!worker) {
      formatHere(item);
      return;
    }
    pending.set(item.request.id, item);
    worker.ref(); // awaited: the process waits for the answer
    worker.postMessage(item.request);
  });
  try {
    return await formatted;
  } finally {
    if (pending.size === 0) worker?.unref();
  }
}

/**
 * The worker thread of python-formatter.ts: it loads ruff and warms it up at once, then answers
 * each request with normalisePython's result or error message.
 */
import { parentPort } from "node:worker_threads";
import type { FormatReply, FormatRequest } from "./python-formatter.js";
import { normalisePython, PythonSyntaxError } from "./python.js";

// What a generated module looks like: its first check and format compile the code paths (V8
// compiles WebAssembly functions on first call) before the real files arrive.
const WARM_UP = `"""Warm-up."""

import sys
from collections.abc import Sequence
import os


class Example:
    def run(self, items: Sequence[int], *, limit: int = 10) -> dict[str, int]:
        """Doc."""
        if not items:
            raise ValueError("empty")  # comment
        return {"total": sum(items[:limit]), "argv": len(sys.argv)}
`;

normalisePython(WARM_UP, "warm_up", "warm_up/example.py");

parentPort?.on("message", (request: FormatRequest) => {
  let reply: FormatReply;
  try {
    reply = {
      id: request.id,
      text: normalisePython(request.source, request.packageName, request.file),
    };
  } catch (error) {
    reply = {
      id: request.id,
      error: (error as Error).message,
      syntaxError: error instanceof PythonSyntaxError,
    };
  }
  parentPort?.postMessage(reply);
});

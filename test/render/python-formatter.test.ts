/**
 * The built formatter (dist/): generated Python normalised in the worker thread must come out as
 * normalisePython makes it in this thread, every answer to its own request, and errors must keep
 * their kind and message.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { normalisePython } from "../../src/render/python.js";
import { REPO } from "../helpers/paths.js";

type Formatter = typeof import("../../src/render/python-formatter.js");
type Python = typeof import("../../src/render/python.js");
const BUILT = path.join(REPO, "dist", "render", "python-formatter.js");

let built: Formatter;
let builtPython: Python;

// A different module per index: unused and unsorted imports, a first-party one, code to format.
function source(i: number): string {
  return [
    `"""Module ${i}."""`,
    "import sys",
    "import os",
    `from shop.models.m${i} import Thing${i}`,
    "import json",
    "",
    `def f${i}( x:int )->str :`,
    `    return os.sep*x+str(Thing${i})  # ${i}`,
    "",
  ].join("\n");
}

describe("the Python formatter's worker thread", () => {
  beforeAll(async () => {
    expect(existsSync(BUILT), `${BUILT} is missing: npm run build`).toBe(true);
    built = (await import(pathToFileURL(BUILT).href)) as Formatter;
    builtPython = (await import(
      pathToFileURL(BUILT.replace(/-formatter\.js$/, ".js")).href
    )) as Python;
    built.startPythonFormatter();
  });

  it("runs, and formats as normalisePython does here, each answer to its own request", async () => {
    expect(built.pythonFormatterThread()).toBe("worker");
    const sources = Array.from({ length: 24 }, (_, i) => source(i));
    const results = await Promise.all(
      sources.map((text, i) => built.formatPython(text, "shop", `shop/m${i}.py`)),
    );
    expect(results).toEqual(
      sources.map((text, i) => normalisePython(text, "shop", `shop/m${i}.py`)),
    );
    expect(results[3]).toContain("from shop.models.m3 import Thing3");
    expect(results[3]).not.toContain("import json");
    expect(built.pythonFormatterThread()).toBe("worker");
  });

  it("rejects code that does not parse with the file and line, as a PythonSyntaxError", async () => {
    const broken = built.formatPython("x = 1\ndef broken(:\n    pass\n", "shop", "shop/bad.py");
    await expect(broken).rejects.toThrow(/^shop\/bad\.py:2: generated Python does not parse/);
    await expect(broken).rejects.toBeInstanceOf(builtPython.PythonSyntaxError);
    // the worker is still there for the next file
    await expect(built.formatPython("import os\n", "shop", "shop/ok.py")).resolves.toBe("");
    expect(built.pythonFormatterThread()).toBe("worker");
  });
});

import { describe, expect, it } from "vitest";
import { wrap } from "../../src/render/helpers.js";
import { hoistImports, normalisePython, stripComments } from "../../src/render/python.js";

describe("generated Python normalisation", () => {
  it("hoists imports written next to the code that uses them, after the docstring", () => {
    const source =
      '"""Doc."""\nx = 1\nfrom os import path\n\n\ndef f() -> str:\n    return path.sep\n';
    const out = hoistImports(source);
    expect(out.indexOf("from os import path")).toBeGreaterThan(out.indexOf('"""Doc."""'));
    expect(out.indexOf("from os import path")).toBeLessThan(out.indexOf("x = 1"));
  });

  it("moves parenthesised imports whole and drops a module's import of itself", () => {
    const source =
      "from a.b import (\n    c,\n    d,\n)\nfrom pkg.mod import thing\nvalue = c, d\n";
    const out = hoistImports(source, "pkg.mod");
    expect(out).toContain("from a.b import (\n    c,\n    d,\n)");
    expect(out).not.toContain("from pkg.mod import thing");
  });

  it("sorts, de-duplicates and prunes imports, then formats", () => {
    const source = "import sys\nimport os\nfrom shop.x import y\nimport os\nprint( os.sep,y )\n";
    expect(normalisePython(source, "shop", "shop/z.py")).toBe(
      "import os\n\nfrom shop.x import y\n\nprint(os.sep, y)\n",
    );
  });

  it("removes adjacent and grouped unused imports and sorts every import block, to a fixed point", () => {
    // adjacent unused lines, two unused names of one statement, and an unsorted import block
    // inside a function (a second block that the hoisting leaves where it is)
    const source = [
      "import sys",
      "import json",
      "import os",
      "from typing import Any, Callable, Optional",
      "",
      "value: Optional[int] = None",
      "",
      "",
      "def f() -> str:",
      "    import textwrap",
      "    import string",
      "    return string.digits + textwrap.dedent(os.sep)",
      "",
    ].join("\n");
    const out = normalisePython(source, "shop", "shop/z.py");
    for (const gone of ["import sys", "import json", "Any", "Callable"]) {
      expect(out).not.toContain(gone);
    }
    expect(out).toContain("from typing import Optional");
    expect(out.indexOf("import string")).toBeLessThan(out.indexOf("import textwrap"));
    expect(normalisePython(out, "shop", "shop/z.py")).toBe(out);
  });

  it("refuses code that does not parse, naming the file and line", () => {
    expect(() => normalisePython("def f(:\n    pass\n", "shop", "shop/bad.py")).toThrow(
      /^shop\/bad\.py:1: /,
    );
  });

  it("keeps tool pragmas when comments are stripped", () => {
    const out = stripComments(
      "# a note\nx = 1  # trailing stays\n# noqa: E501\n    # indented note\ny = 2\n",
    );
    expect(out).toBe("x = 1  # trailing stays\n# noqa: E501\ny = 2\n");
  });

  it("wraps text to the width, keeping paragraphs", () => {
    expect(wrap("one two three four", 9)).toEqual(["one two", "three", "four"]);
    expect(wrap("a\n\nb", 10)).toEqual(["a", "", "b"]);
  });
});

import { describe, expect, it } from "vitest";
import {
  fingerprint,
  fingerprints,
  staleFiles,
  untouchedButChanged,
} from "../../src/regenerate/previous.js";

describe("staleFiles", () => {
  const previous = fingerprints([
    { path: "app/a.py", contents: "a = 1\n" },
    { path: "app/b.py", contents: "b = 1\n" },
    { path: "app/c.py", contents: "c = 1\n" },
    { path: "app/gone.py", contents: "" },
  ]);
  const disk: Record<string, string> = {
    "app/a.py": "a = 1\n",
    "app/b.py": "b = 2\n",
    "app/c.py": "c = 1\n",
  };
  const read = (file: string) => (file in disk ? Buffer.from(disk[file]!) : undefined);

  it("removes untouched files no longer generated, keeps edited ones, ignores the current and the missing", () => {
    expect(staleFiles(previous, new Set(["app/c.py"]), read)).toEqual({
      remove: ["app/a.py"],
      keep: ["app/b.py"],
    });
  });

  it("never names a path outside the project, whatever .yo-rc.json says", () => {
    const print = fingerprint("x");
    const hostile = {
      "../x": print,
      "/etc/passwd": print,
      "a/../../x": print,
      "C:/x": print,
      "a\\..\\x": print,
      "./a": print,
      "": print,
    };
    const everything = () => Buffer.from("x");
    expect(staleFiles(hostile, new Set(), everything)).toEqual({ remove: [], keep: [] });
    expect(staleFiles({ "a/x": print }, new Set(), everything).remove).toEqual(["a/x"]);
  });

  it("calls a file an update only when it is on disk as generated and now changes", () => {
    const changed = { path: "app/a.py", contents: "a = 2\n" };
    expect(untouchedButChanged(previous, changed, read)).toBe(true);
    expect(untouchedButChanged(previous, { path: "app/a.py", contents: "a = 1\n" }, read)).toBe(
      false,
    );
    expect(untouchedButChanged(previous, { path: "app/b.py", contents: "b = 3\n" }, read)).toBe(
      false,
    );
    expect(untouchedButChanged(previous, { path: "app/gone.py", contents: "x" }, read)).toBe(false);
    expect(untouchedButChanged(previous, { path: "app/new.py", contents: "x" }, read)).toBe(false);
  });
});

/**
 * The escaping helpers, against the parsers of their target formats: whatever the text, the
 * output parses, and reads back as the text (less what the format cannot hold).
 */
import { spawnSync } from "node:child_process";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  codeSpan,
  docText,
  markdownText,
  oneLine,
  quote,
  wellFormed,
  wrap,
} from "../../src/render/helpers.js";
import { NASTY } from "../fuzz/arbitraries.js";

const TEXTS = [
  ...NASTY,
  'ends with a quote "',
  'ends with quotes ""',
  '""""',
  "\u0000\u0001\u0008\u000b\u000c\u000e\u001f\u007f\u0080\u009f",
  "a\r\nb\rc\nd",
  "\ud800 lone \udc00",
  "tab\there",
  NASTY.join(" "),
];

/** Run python3 on `source` (given the texts as JSON on stdin); its stdout is JSON. */
function python(source: string): unknown {
  const result = spawnSync("python3", ["-c", source], {
    input: JSON.stringify(TEXTS),
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe("quote", () => {
  const literals = TEXTS.map(quote);
  const expected = TEXTS.map(wellFormed);

  it("is a Python string literal of the text", () => {
    const module = literals.map((l, i) => `x${i} = ${l}`).join("\n");
    const values = python(
      `import json\nsource = ${JSON.stringify(module)}\nscope = {}\nexec(compile(source, "m.py", "exec"), scope)\n` +
        `print(json.dumps([scope[f"x{i}"] for i in range(${TEXTS.length})]))`,
    );
    expect(values).toEqual(expected);
  });

  it("is a TOML basic string of the text", () => {
    const toml = literals.map((l, i) => `x${i} = ${l}`).join("\n");
    const values = python(
      `import json, tomllib\ndata = tomllib.loads(${JSON.stringify(toml)})\n` +
        `print(json.dumps([data[f"x{i}"] for i in range(${TEXTS.length})]))`,
    );
    expect(values).toEqual(expected);
  });

  it("is a YAML and a JSON string of the text", () => {
    for (const [i, literal] of literals.entries()) {
      expect(yaml.load(`x: ${literal}`), literal).toEqual({ x: expected[i] });
      expect(JSON.parse(literal), literal).toBe(expected[i]);
    }
  });
});

describe("docText", () => {
  it("makes docstrings Python compiles back to the text (carriage returns dropped)", () => {
    const module = TEXTS.map(
      (t, i) =>
        `def f${i}():\n    """${docText(t)}"""\n\n\ndef g${i}():\n    """${wrap(docText(t), 70).join("\n")}\n    """\n`,
    ).join("\n");
    const docs = python(
      `import json\nsource = ${JSON.stringify(module)}\nscope = {}\nexec(compile(source, "m.py", "exec"), scope)\n` +
        `print(json.dumps([scope[f"f{i}"].__doc__ for i in range(${TEXTS.length})]))`,
    );
    expect(docs).toEqual(TEXTS.map((t) => wellFormed(t).replace(/\r/g, "")));
  });
});

describe("Markdown helpers", () => {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it("markdownText leaves no HTML tag, control character or lone surrogate", () => {
    for (const text of TEXTS) {
      const md = markdownText(text);
      expect(md, text).not.toMatch(/(?<!\\)<[a-z!/]/i);
      expect(CONTROLS.test(md), text).toBe(false);
      expect(md, text).toBe(wellFormed(md));
    }
  });

  it("codeSpan holds the text on one line, fenced by more backticks than it contains", () => {
    for (const text of [...TEXTS, "a `b` c", "``x``", "`"]) {
      const span = codeSpan(text);
      expect(span, text).not.toMatch(/[\n\r\u2028\u2029]/);
      const fence = /^`+/.exec(span)![0];
      const inner = span.slice(fence.length, span.length - fence.length);
      expect(inner.includes(fence), text).toBe(false);
      expect(inner.trim(), text).toBe(oneLine(text).trim());
    }
  });
});

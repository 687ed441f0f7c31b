import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { repairMojibake } from "../../src/agent-file/repair.js";
import { parse, specText, warningAt } from "./helpers.js";

/** What a UTF-8 → Windows-1252 → UTF-8 round trip does to text. */
function doubleEncode(text: string): string {
  const cp1252 = new Map<number, string>([
    [0x80, "€"],
    [0x82, "‚"],
    [0x83, "ƒ"],
    [0x84, "„"],
    [0x85, "…"],
    [0x86, "†"],
    [0x87, "‡"],
    [0x88, "ˆ"],
    [0x89, "‰"],
    [0x8a, "Š"],
    [0x8b, "‹"],
    [0x8c, "Œ"],
    [0x8e, "Ž"],
    [0x91, "‘"],
    [0x92, "’"],
    [0x93, "“"],
    [0x94, "”"],
    [0x95, "•"],
    [0x96, "–"],
    [0x97, "—"],
    [0x98, "˜"],
    [0x99, "™"],
    [0x9a, "š"],
    [0x9b, "›"],
    [0x9c, "œ"],
    [0x9e, "ž"],
    [0x9f, "Ÿ"],
  ]);
  return [...Buffer.from(text, "utf8")]
    .map((byte) => cp1252.get(byte) ?? String.fromCharCode(byte))
    .join("");
}

describe("byte-order mark and line endings", () => {
  it("strips a UTF-8 BOM before looking for the frontmatter", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(specText(["name: bom-agent", "description: Has a BOM."])),
    ]);
    const spec = parse(bytes);
    expect(spec.name).toBe("bom-agent");
    expect(spec.repairedText.startsWith("---\n")).toBe(true);
    expect(spec.warnings).toEqual([]);
  });

  it("normalises CRLF and keeps the file's line numbers", () => {
    const text = [
      "---",
      "name: crlf-agent",
      "description: Written on Windows.",
      "---",
      "",
      "# Rules",
      "Use Alembic.",
    ].join("\r\n");
    const spec = parse(text);
    expect(spec.repairedText).not.toContain("\r");
    expect(spec.bodyStartLine).toBe(5);
    expect(spec.lines).toContainEqual({ line: 7, text: "Use Alembic.", region: "body" });
    expect(spec.lines.find((line) => line.region === "description")).toEqual({
      line: 3,
      text: "Written on Windows.",
      region: "description",
    });
  });

  it("reads lone CR line endings as line breaks, with a warning", () => {
    const text = [
      "---",
      "name: mac-agent",
      "description: Old Mac file.",
      "---",
      "Use SQLite.",
    ].join("\r");
    const spec = parse(text);
    expect(spec.name).toBe("mac-agent");
    expect(spec.body).toBe("Use SQLite.");
    expect(spec.lines).toContainEqual({ line: 5, text: "Use SQLite.", region: "body" });
    expect(warningAt(spec, 1, /lone CR/)).toBeDefined();
  });
});

describe("mojibake repair", () => {
  it("repairs dashes, arrows, check marks and emoji", () => {
    expect(repairMojibake("routers/ â€” endpoints")).toBe("routers/ — endpoints");
    expect(repairMojibake("ðŸ”´ Critical")).toBe("🔴 Critical");
    expect(repairMojibake("âœ… Done")).toBe("✅ Done");
    expect(repairMojibake("routes â†’ services")).toBe("routes → services");
    expect(repairMojibake("itâ€™s â€œquotedâ€\u009d")).toBe("it’s “quoted”");
  });

  it("leaves legitimate non-ASCII text alone", () => {
    const legit = [
      "Créer une requête, déjà validée — naïve façade",
      "Größe prüfen: „Fuß“ über Straße",
      "使用 FastAPI 构建接口",
      "app/\n├── main.py\n└── routers/",
      "Requisitos Técnicos · ½ · © 2024 · ±5%",
    ];
    for (const text of legit) expect(repairMojibake(text)).toBe(text);
  });

  it("undoes a UTF-8 → Windows-1252 → UTF-8 round trip of any text", () => {
    const alphabet = [..."aZ09 -:é—–→✅🔴🟡“”’…€ñüßçÍ中文├─└│"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect(repairMojibake(doubleEncode(text))).toBe(text);
      }),
    );
  });

  it("repairs the whole file and warns once, on the first repaired line", () => {
    const text = specText(
      ["name: moji-agent", "description: Plain."],
      "Intro.\nLayers â€” routers, services.\nSeverity: ðŸ”´ high, Ã© accent.",
    );
    const spec = parse(text);
    expect(spec.body).toContain("Layers — routers, services.");
    expect(spec.body).toContain("🔴 high, é accent");
    expect(spec.repairedText).not.toContain("â€");
    const repairs = spec.warnings.filter((warning) => /mojibake/.test(warning.message));
    expect(repairs).toHaveLength(1);
    expect(repairs[0]?.line).toBe(7);
  });

  it("reads a file that is not UTF-8 as Windows-1252", () => {
    const head = Buffer.from("---\nname: legacy-agent\ndescription: Old encoding.\n---\n\nCaf");
    const spec = parse(Buffer.concat([head, Buffer.from([0xe9, 0x0a])]));
    expect(spec.body).toBe("\nCafé");
    expect(warningAt(spec, 6, /not valid UTF-8/)).toBeDefined();
  });
});

describe("escaped newlines in the description", () => {
  it("expands literal \\n escapes and maps every sub-line to the description's line", () => {
    const spec = parse(
      specText([
        "name: esc-agent",
        "description: First line.\\n\\n<example>\\nuser: hi\\n</example>",
        "model: sonnet",
      ]),
    );
    expect(spec.description).toBe("First line.\n\n<example>\nuser: hi\n</example>");
    const description = spec.lines.filter((line) => line.region === "description");
    expect(description.map((line) => line.text)).toEqual([
      "First line.",
      "",
      "<example>",
      "user: hi",
      "</example>",
    ]);
    expect(description.every((line) => line.line === 3)).toBe(true);
    expect(warningAt(spec, 3, /literal "\\n" escapes/)).toBeDefined();
  });

  it('expands double-escaped \\\\n and unescapes \\" inside them', () => {
    const quoted = String.raw`description: "Use it.\\n\\nuser: \"Add login\"\\nassistant: \"Sure\""`;
    const spec = parse(specText(["name: esc-agent", quoted]));
    expect(spec.description).toBe('Use it.\n\nuser: "Add login"\nassistant: "Sure"');
  });

  it("leaves a description without escapes untouched and silent", () => {
    const spec = parse(specText(["name: plain-agent", "description: Just one line."]));
    expect(spec.description).toBe("Just one line.");
    expect(spec.warnings).toEqual([]);
  });
});

describe("body", () => {
  it("lists description lines first, then every body line with its file line", () => {
    const spec = parse(specText(["name: order-agent", "description: Orders."], "Line A\n\nLine B"));
    expect(spec.lines).toEqual([
      { line: 3, text: "Orders.", region: "description" },
      { line: 5, text: "", region: "body" },
      { line: 6, text: "Line A", region: "body" },
      { line: 7, text: "", region: "body" },
      { line: 8, text: "Line B", region: "body" },
    ]);
    expect(spec.bodyStartLine).toBe(5);
  });

  it("warns when there is no body", () => {
    const spec = parse("---\nname: empty-body\ndescription: Nothing below.\n---\n");
    expect(spec.body).toBe("");
    expect(spec.warnings.some((warning) => /no body/.test(warning.message))).toBe(true);
  });
});

/**
 * Reading a spec as a careful human does before weighing any word: which lines are code, which are
 * a directory tree, a list, a table or a heading; which text sits in an example block, an "e.g."
 * aside, a question or a hedge. The result is a list of segments (sentences, table rows, code
 * lines, tree entries) that the rules are matched against. The cue lists are data in rules.ts.
 */
import type { AgentSpec, SourceLine, SpecRegion } from "../agent-file/types.js";
import {
  ASIDE_PATTERNS,
  EXAMPLE_HEADINGS,
  EXAMPLE_LEAD_INS,
  EXAMPLE_TAG,
  HEDGE_CUES,
  QUESTION_CUES,
  QUESTION_HEADINGS,
  QUESTION_LEAD_INS,
  type SegmentKind,
} from "./rules.js";

export interface Segment {
  /** Position in reading order (description lines can share one file line). */
  index: number;
  /** 1-based line of the file. */
  line: number;
  region: SpecRegion;
  kind: SegmentKind;
  /** The text rules match: asides blanked out; a tree entry rewritten as its full path. */
  text: string;
  /** The source line, trimmed: the evidence explain shows. */
  evidence: string;
  /** In code, where the comment starts (negations only count inside comments); -1: no comment. */
  commentStart: number;
  /** The example block the segment is in, if any (each block has its own number). */
  example: number | null;
  question: boolean;
  hedge: boolean;
  /** Segments of one unit are read together as a possible listing of the project's parts. */
  unit: number;
  /** For code and tree lines: the whole block, and this line's index in it. */
  block: readonly string[] | null;
  blockLine: number;
}

interface Counters {
  segment: number;
  unit: number;
  example: number;
}

/** Split the spec's lines into classified segments, description first, then body. */
export function segmentSpec(spec: AgentSpec): Segment[] {
  const counters: Counters = { segment: 0, unit: 0, example: 0 };
  const segments: Segment[] = [];
  let run: SourceLine[] = [];
  const flush = (): void => {
    // A loop, not push(...): a run can hold more lines than a call takes arguments.
    if (run.length > 0)
      for (const segment of new RegionReader(counters).read(run)) segments.push(segment);
    run = [];
  };
  for (const line of spec.lines) {
    if (line.region === "frontmatter") continue;
    if (run.length > 0 && run[0]?.region !== line.region) flush();
    run.push(line);
  }
  flush();
  return segments;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*)$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/;
const TABLE_ROW = /^\s*\|/;
const TABLE_RULE = /^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/;
/** A list item that starts with a folder or module: "- `routers/` — endpoints". */
const PATH_ITEM = /^[`*_]*[\w.-]+(?:\/[\w.-]+)*(?:\/|\.py)[`*_]*(?=\s|$|[:,—–-])/;
const SENTENCE_BREAK = /(?<=[.!?])\s+(?=[A-Z`*"'([#])/;

/** A section whose lines are examples or questions: up to a heading of this level, or a list. */
interface Section {
  kind: "example" | "question";
  /** Heading level that ends it; null: it is what follows a lead-in line. */
  level: number | null;
  /** After a lead-in: a paragraph (ends at a blank line) rather than a list. */
  paragraph: boolean;
}

interface Piece {
  text: string;
  example: number | null;
}

/** Reads one region (the description, or the body) with its own Markdown state. */
class RegionReader {
  private readonly out: Segment[] = [];
  private fence: { marker: string; lang: string; lines: SourceLine[] } | null = null;
  private example: number | null = null;
  /** A `<commentary>` outside any `<example>` opened its own block. */
  private commentaryBlock = false;
  private sections: Section[] = [];
  private pendingSection: Section | null = null;
  private pathListUnit: number | null = null;

  constructor(private readonly counters: Counters) {}

  read(lines: readonly SourceLine[]): Segment[] {
    for (const line of lines) this.readLine(line);
    if (this.fence !== null) this.flushBlock();
    return this.out;
  }

  private readLine(line: SourceLine): void {
    if (this.fence !== null) {
      const close = FENCE.exec(line.text);
      if (close?.[1]?.startsWith(this.fence.marker) === true && close[2] === "") {
        this.flushBlock();
      } else {
        this.fence.lines.push(line);
      }
      return;
    }
    const open = FENCE.exec(line.text);
    if (open !== null) {
      this.pathListUnit = null;
      this.fence = { marker: open[1] ?? "```", lang: open[2] ?? "", lines: [] };
      return;
    }
    this.readTextLine(line);
  }

  private readTextLine(line: SourceLine): void {
    const text = line.text;
    const blank = text.trim() === "";
    const heading = HEADING.exec(text);
    const listItem = LIST_ITEM.test(text);
    if (heading !== null) this.enterHeading((heading[1] ?? "#").length, heading[2] ?? "");
    else this.followLeadIn(blank, listItem || /^\s/.test(text));

    const kind: SegmentKind =
      heading !== null ? "heading" : TABLE_ROW.test(text) ? "table" : listItem ? "list" : "prose";
    const unit = this.unitFor(kind, text, blank);
    if (!blank && !(kind === "table" && TABLE_RULE.test(text))) {
      const sectionExample = this.sectionExample();
      const question = this.sections.some((s) => s.kind === "question");
      for (const piece of this.pieces(text)) {
        const example = piece.example ?? sectionExample;
        const body = kind === "heading" ? piece.text.replace(/^\s*#+\s*/, "") : piece.text;
        const parts = kind === "table" ? [body] : splitSentences(stripAsides(body));
        for (const part of parts) {
          if (part.trim() === "") continue;
          this.push(line, kind, part, { example, question, unit: unit ?? this.newUnit() });
        }
      }
    }
    if (EXAMPLE_LEAD_INS.some((cue) => cue.test(text))) {
      this.pendingSection = { kind: "example", level: null, paragraph: false };
    } else if (QUESTION_LEAD_INS.some((cue) => cue.test(text))) {
      this.pendingSection = { kind: "question", level: null, paragraph: false };
    }
  }

  /**
   * A lead-in ("Examples of what to record:") covers what follows it: a list (up to the first line
   * that is not part of it) or a paragraph (up to the next blank line).
   */
  private followLeadIn(blank: boolean, listLike: boolean): void {
    this.sections = this.sections.filter(
      (s) => s.level !== null || (s.paragraph ? !blank : blank || listLike),
    );
    if (this.pendingSection !== null && !blank) {
      this.sections.push({ ...this.pendingSection, paragraph: !listLike });
      this.pendingSection = null;
    }
  }

  private enterHeading(level: number, title: string): void {
    // a heading ends list sections, sections of its level or deeper, and an unclosed body example
    this.sections = this.sections.filter((s) => s.level !== null && s.level < level);
    this.pendingSection = null;
    this.example = null;
    this.commentaryBlock = false;
    if (EXAMPLE_HEADINGS.some((cue) => cue.test(title))) {
      this.sections.push({ kind: "example", level, paragraph: false });
    } else if (QUESTION_HEADINGS.some((cue) => cue.test(title))) {
      this.sections.push({ kind: "question", level, paragraph: false });
    }
  }

  /** Each line of an example section is an example of its own. */
  private sectionExample(): number | null {
    return this.sections.some((s) => s.kind === "example") ? ++this.counters.example : null;
  }

  /** Consecutive list items that each start with a path form one unit (a listing of parts). */
  private unitFor(kind: SegmentKind, text: string, blank: boolean): number | null {
    if (!blank && kind === "list" && PATH_ITEM.test(text.replace(LIST_ITEM, ""))) {
      this.pathListUnit ??= this.newUnit();
      return this.pathListUnit;
    }
    this.pathListUnit = null;
    return null;
  }

  /** Split a line at example tags, tracking which block each piece is in. */
  private pieces(text: string): Piece[] {
    const pieces: Piece[] = [];
    let from = 0;
    for (const tag of text.matchAll(EXAMPLE_TAG)) {
      pieces.push({ text: text.slice(from, tag.index), example: this.example });
      from = tag.index + tag[0].length;
      this.applyTag(tag[0].toLowerCase());
    }
    pieces.push({ text: text.slice(from), example: this.example });
    return pieces.filter((piece) => piece.text.trim() !== "");
  }

  private applyTag(tag: string): void {
    const closing = tag.startsWith("</");
    if (tag.includes("commentary")) {
      if (!closing && this.example === null) {
        this.example = ++this.counters.example;
        this.commentaryBlock = true;
      } else if (closing && this.commentaryBlock) {
        this.example = null;
        this.commentaryBlock = false;
      }
      return;
    }
    this.commentaryBlock = false;
    this.example = closing ? null : ++this.counters.example;
  }

  private flushBlock(): void {
    const fence = this.fence;
    this.fence = null;
    if (fence === null || fence.lines.length === 0) return;
    const texts = fence.lines.map((l) => l.text);
    const unit = this.newUnit();
    const example = this.example ?? this.sectionExample();
    const tree = isTree(texts, fence.lang) ? treeTexts(texts) : null;
    fence.lines.forEach((line, i) => {
      if (line.text.trim() === "") return;
      const virtual = tree?.[i];
      if (tree !== null && virtual === undefined) return;
      this.push(line, tree !== null ? "tree" : "code", virtual ?? line.text, {
        example,
        question: false,
        unit,
        block: texts,
        blockLine: i,
      });
    });
  }

  private push(
    line: SourceLine,
    kind: SegmentKind,
    text: string,
    at: {
      example: number | null;
      question: boolean;
      unit: number;
      block?: readonly string[];
      blockLine?: number;
    },
  ): void {
    const commentStart = kind === "code" ? codeCommentStart(text) : 0;
    const prose = commentStart < 0 ? "" : text.slice(commentStart);
    this.out.push({
      index: this.counters.segment++,
      line: line.line,
      region: line.region,
      kind,
      text,
      evidence: line.text.trim(),
      commentStart,
      example: at.example,
      question: at.question || (kind !== "code" && QUESTION_CUES.some((cue) => cue.test(prose))),
      hedge: HEDGE_CUES.some((cue) => cue.test(prose)),
      unit: at.unit,
      block: at.block ?? null,
      blockLine: at.blockLine ?? -1,
    });
  }

  private newUnit(): number {
    return ++this.counters.unit;
  }
}

/** Blank out "e.g." asides (keeping the text's length is not needed: evidence is the whole line). */
export function stripAsides(text: string): string {
  return ASIDE_PATTERNS.reduce((acc, pattern) => acc.replace(pattern, " "), text);
}

export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_BREAK);
}

/** Where a code line's comment starts (`#` or `//` after a blank or at the start); -1 if none. */
function codeCommentStart(text: string): number {
  const match = /(?:^|\s)(#|\/\/)/.exec(text);
  return match === null ? -1 : match.index + match[0].length - (match[1] ?? "").length;
}

// ── directory trees ────────────────────────────────────────────────────────────────────────────

const TREE_GLYPH = /[├└│]|^\s*(?:\||`|\+)--/;
const TREE_ENTRY = /^([\s│├└─|`+\\-]*)([\w.@-][\w./@-]*)(.*)$/;
const PLAIN_ENTRY = /^\s*[\w.@-][\w./@-]*\s*(?:(?:#|—|--|\/\/).*)?$/;
const PLAIN_DIR = /\/\s*(?:(?:#|—|--|\/\/).*)?$/;

/** A code block drawn as a directory tree (with glyphs, or as indented `name/` lines). */
function isTree(lines: readonly string[], lang: string): boolean {
  const entries = lines.filter((line) => line.trim() !== "");
  if (entries.filter((line) => TREE_GLYPH.test(line)).length >= 2) return true;
  if (lang !== "" && !/^(?:text|txt|plain|plaintext|tree)$/i.test(lang)) return false;
  return (
    entries.length >= 3 &&
    entries.every((line) => PLAIN_ENTRY.test(line)) &&
    entries.filter((line) => PLAIN_DIR.test(line)).length >= 2
  );
}

/**
 * Each tree line as the full path of its entry (relative to a single root folder, which is
 * dropped) followed by its comment: `│       └── endpoints/  # handlers` → `api/v1/endpoints/  # handlers`.
 * Lines that are not entries (`│` spacers) are left out.
 */
function treeTexts(lines: readonly string[]): (string | undefined)[] {
  const entries = lines.map((line) => {
    const match = TREE_ENTRY.exec(line);
    return match === null
      ? null
      : { column: (match[1] ?? "").length, name: match[2] ?? "", rest: match[3] ?? "" };
  });
  const stack: { column: number; name: string }[] = [];
  const paths = entries.map((entry) => {
    if (entry === null) return null;
    while ((stack.at(-1)?.column ?? -1) >= entry.column) stack.pop();
    const parent = stack.map((s) => s.name.replace(/\/$/, "")).join("/");
    stack.push({ column: entry.column, name: entry.name });
    return parent === "" ? entry.name : `${parent}/${entry.name}`;
  });
  const present = entries.filter((entry) => entry !== null);
  const first = present[0];
  const root =
    first !== undefined &&
    first.name.endsWith("/") &&
    present.slice(1).every((entry) => entry.column > first.column)
      ? first.name
      : null;
  return entries.map((entry, i) => {
    const path = paths[i];
    if (entry === null || path === null || path === undefined) return undefined;
    if (root !== null && path === root) return `${path}${entry.rest}`;
    const relative = root !== null && path.startsWith(root) ? path.slice(root.length) : path;
    return `${relative}${entry.rest}`;
  });
}

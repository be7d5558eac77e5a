/**
 * Stage 1, Markdown: one draft per block of prose in a Markdown reply script.
 *
 * Reply scripts written in Markdown mix prose (what the customer reads, and what the rules must
 * check) with things that are not prose (front matter, code, HTML, URLs, markup characters). This
 * module parses the file with mdast-util-from-markdown (CommonMark + YAML/TOML front matter + GFM)
 * and turns it into drafts the core can lint without ever seeing the markup:
 *
 * - One draft per paragraph, per heading and per GFM table cell. Lists, list items, blockquotes
 *   and footnote definitions contribute the paragraphs (and headings, tables) they contain.
 *   Code blocks (fenced and indented), front matter, HTML blocks, thematic breaks and link
 *   definitions never produce a draft.
 * - `Draft.text` is the exact original slice of the block's content, `Draft.offset` its start.
 *   The slice runs from the first to the last inline child of the block, so a heading starts at
 *   its first content character (not at `#`, and its closing `##` sequence is left out) and a
 *   table cell leaves out its `|` and padding.
 * - `Draft.hidden` lists what a reader does not see as prose, relative to `Draft.text`:
 *     - markup that disappears when rendered (`**`, `_`, `~~`, `[`, `](url "title")`, the
 *       backslash of an escape, `> ` and indentation on continuation lines, trailing spaces of a
 *       hard break, `[^1]` footnote references) → replacement `''`;
 *     - opaque content (inline code with its backticks, inline HTML, images, autolinks, GFM
 *       autolink literals, bare `http(s)://` / `www.` URLs, links whose label is their URL) →
 *       replacement `' '` (one neutral separator in the sentence);
 *     - character references (`&amp;`, `&#20013;`) → the decoded character(s); a NUL character
 *       → U+FFFD, as Markdown reads it.
 *   Replacing every hidden range of `Draft.text` by its replacement gives what a reader sees:
 *   the text-node values of the block, in order, with the opaque parts as single spaces.
 *   Line endings are kept as they are in the file (a CRLF file has "\r\n" in the visible text).
 *   `hidden` is omitted when nothing is hidden (like plain-text drafts); when present it is
 *   sorted by start, its ranges do not overlap, adjacent `''` runs are merged, and a `' '` range
 *   is never merged with a neighbour.
 * - Blocks whose visible text is empty or only white space (e.g. a paragraph that is just an
 *   image) produce no draft.
 *
 * How `hidden` is computed: every UTF-16 unit of the block's slice starts out as hidden markup.
 * The inline tree is walked in order; each text node's value is aligned against its original
 * slice (escapes, character references, continuation prefixes and stripped white space are the
 * only ways they differ), and the units that the value matches are marked visible. Opaque nodes
 * are marked as one `' '` group each. Units nobody claimed stay hidden markup.
 *
 * Choices made for Chinese text:
 * - Single-tilde strikethrough is off (`1~2天` is a range, not markup); `~~删除~~` still is one.
 * - A URL ends at the first non-ASCII character or white space (GFM would run a literal URL on
 *   through `，谢谢` up to the next space); trailing ASCII punctuation is left to the sentence.
 *
 * Suppression comments (see suppress.ts) are HTML comments, found in HTML nodes only (so never in
 * code): `<!-- huashu-disable-line [ids] -->` covers the line it starts on,
 * `<!-- huashu-disable-next-line [ids] -->` the next line after the one it ends on that is not
 * blank and not made only of suppression comments (so they can be stacked). HTML is never
 * linted, so the comments themselves are not either.
 *
 * Units: every offset and range is a 0-based UTF-16 offset (JavaScript string index); ranges are
 * half-open. `Draft.offset` points into `SourceFile.text`; `Hidden.range` into `Draft.text`.
 * Pure function, no I/O; it never throws (if the parser ever did, the file falls back to the
 * plain-text reading, one draft per line).
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { directiveKind, lineRange, nextLineRange, parseRuleList } from '../suppress.js';
import type { Directive, Draft, Hidden, SourceFile } from '../types.js';
import { applyHidden } from './structured.js';
import { parseText } from './text.js';

/**
 * The few fields of an mdast node this module reads. Declared locally (structurally) so the
 * module does not depend on the `mdast` type package directly.
 */
interface MdNode {
  type: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: MdNode[];
  value?: string;
  url?: string;
}

/** Blocks that become one draft each. */
const PROSE_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
/** Blocks that never become a draft, nor are looked into. */
const SKIPPED_BLOCKS = new Set(['code', 'html', 'yaml', 'toml', 'thematicBreak', 'definition']);
/** Inline nodes that are opaque as a whole: hidden behind one space. */
const OPAQUE_INLINE = new Set(['inlineCode', 'html', 'image', 'imageReference']);
/** Inline nodes that are pure markers: hidden entirely (`''`). */
const MARKER_INLINE = new Set(['footnoteReference']);

const PARSE_OPTIONS = {
  extensions: [frontmatter(['yaml', 'toml']), gfm({ singleTilde: false })],
  mdastExtensions: [frontmatterFromMarkdown(['yaml', 'toml']), gfmFromMarkdown()],
};

/** Split a Markdown file into prose drafts. `text` is returned unchanged as `SourceFile.text`. */
export function parseMarkdown(path: string, text: string): SourceFile {
  let root: MdNode;
  try {
    root = fromMarkdown(text, PARSE_OPTIONS) as unknown as MdNode;
  } catch {
    // micromark accepts any string; this is only a safety net.
    return parseText(path, text);
  }
  const drafts: Draft[] = [];
  collectBlocks(root, text, drafts);
  const directives: Directive[] = [];
  collectDirectives(root, text, directives);
  return directives.length ? { path, text, drafts, directives } : { path, text, drafts };
}

/** A suppression comment. Group 1: the kind's tail; group 2: the rule list. */
const DIRECTIVE_COMMENT = /<!--\s*huashu-disable-(next-line|line)(?![\w-])([\s\S]*?)-->/g;
/** A line made only of suppression comments (skipped when looking for the next line). */
const DIRECTIVES_ONLY = /^\s*(?:<!--\s*huashu-disable-[\s\S]*?-->\s*)+$/;

/** Walk every node in document order and read the suppression comments of HTML nodes. */
function collectDirectives(node: MdNode, text: string, directives: Directive[]): void {
  for (const child of node.children ?? []) {
    const s = child.type === 'html' ? span(child) : undefined;
    if (s) {
      // Scan the original slice (not `value`, which may lack blockquote prefixes) to keep offsets.
      const slice = text.slice(s[0], s[1]);
      for (const m of slice.matchAll(DIRECTIVE_COMMENT)) {
        const start = s[0] + m.index;
        const end = start + m[0].length;
        const kind = directiveKind(m[1]!);
        const bodyStart = end - 3 - m[2]!.length;
        const target = kind === 'disable-line' ? lineRange(text, start) : nextLineRange(text, end, (line) => DIRECTIVES_ONLY.test(line));
        directives.push({ kind, range: [start, end], rules: parseRuleList(m[2]!, bodyStart), target });
      }
    }
    if (child.children) collectDirectives(child, text, directives);
  }
}

/** Walk the block tree in document order, pushing one draft per prose block. */
function collectBlocks(node: MdNode, text: string, drafts: Draft[]): void {
  for (const child of node.children ?? []) {
    if (SKIPPED_BLOCKS.has(child.type)) continue;
    if (PROSE_BLOCKS.has(child.type)) {
      const draft = buildDraft(child, text);
      if (draft) drafts.push(draft);
      continue;
    }
    // root, blockquote, list, listItem, table, tableRow, footnoteDefinition, and any unknown
    // container: look inside.
    if (child.children) collectBlocks(child, text, drafts);
  }
}

/** Start and end offsets of a node, or undefined when the parser gave none. */
function span(node: MdNode): [number, number] | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

/** Visible unit (prose, kept as is). */
const VISIBLE = 0;
/** Hidden markup unit (replacement `''`); the default of every unit of a block. */
const MARKUP = -1;

/**
 * Per-unit classification of one block's slice: `kinds[k]` is VISIBLE, MARKUP, or a group id
 * (> 0) whose units are hidden together behind `replacements[id]`.
 */
class Classification {
  readonly kinds: Int32Array;
  private readonly replacements: string[] = [''];

  constructor(
    /** Offset of the block's slice in the file text. */
    readonly base: number,
    length: number,
  ) {
    this.kinds = new Int32Array(length).fill(MARKUP);
  }

  /** Mark file offsets [start, end) visible. */
  visible(start: number, end: number): void {
    this.set(start, end, VISIBLE);
  }

  /** Hide file offsets [start, end) as one range replaced by `replacement`. */
  group(start: number, end: number, replacement: string): void {
    if (end <= start) return;
    this.replacements.push(replacement);
    this.set(start, end, this.replacements.length - 1);
  }

  /** Kind of the unit at file offset `at` (MARKUP outside the block). */
  kindAt(at: number): number {
    return this.kinds[at - this.base] ?? MARKUP;
  }

  private set(start: number, end: number, kind: number): void {
    const from = Math.max(0, start - this.base);
    const to = Math.min(this.kinds.length, end - this.base);
    for (let k = from; k < to; k++) this.kinds[k] = kind;
  }

  /** The hidden ranges, relative to the block's slice, sorted and non-overlapping. */
  hidden(): Hidden[] {
    const out: Hidden[] = [];
    const { kinds } = this;
    let k = 0;
    while (k < kinds.length) {
      const kind = kinds[k]!;
      let end = k + 1;
      while (end < kinds.length && kinds[end] === kind) end++;
      if (kind !== VISIBLE) {
        out.push({ range: [k, end], replacement: kind === MARKUP ? '' : this.replacements[kind]! });
      }
      k = end;
    }
    return out;
  }
}

/** Build the draft of one prose block, or undefined when it has no visible prose. */
function buildDraft(block: MdNode, text: string): Draft | undefined {
  const children = block.children ?? [];
  const first = children[0] && span(children[0]);
  const last = children[children.length - 1] && span(children[children.length - 1]!);
  if (!first || !last || last[1] <= first[0]) return undefined;
  const start = first[0];
  const end = last[1];
  const slice = text.slice(start, end);

  let hidden: Hidden[];
  try {
    const cls = new Classification(start, end - start);
    for (const child of children) walkInline(child, text, cls);
    hidden = cls.hidden();
  } catch {
    // Never expected; keep the draft readable rather than lose it.
    hidden = [];
  }
  if (!applyHidden(slice, hidden).trim()) return undefined;
  const draft: Draft = { text: slice, offset: start };
  if (hidden.length > 0) draft.hidden = hidden;
  return draft;
}


/** Classify the units of one inline (phrasing) node and its descendants. */
function walkInline(node: MdNode, text: string, cls: Classification): void {
  const s = span(node);
  if (!s) return;
  const [start, end] = s;
  switch (node.type) {
    case 'text':
      alignText(node.value ?? '', start, end, text, cls);
      hideUrls(start, end, text, cls);
      return;
    case 'break':
      // `\` or trailing spaces, then the line ending: only the line ending is seen.
      for (let k = start; k < end; k++) {
        const c = text[k];
        if (c === '\n' || c === '\r') cls.visible(k, k + 1);
      }
      return;
    case 'link':
    case 'linkReference':
      walkLink(node, start, end, text, cls);
      return;
  }
  if (OPAQUE_INLINE.has(node.type)) {
    cls.group(start, end, ' ');
    return;
  }
  if (MARKER_INLINE.has(node.type)) return; // stays MARKUP
  if (node.children) {
    // emphasis, strong, delete, and any unknown container: the delimiters stay MARKUP.
    for (const child of node.children) walkInline(child, text, cls);
    return;
  }
  // An unknown leaf: opaque.
  cls.group(start, end, ' ');
}

/**
 * Links. `[label](url)` and `[label][ref]`: the label is prose, the rest markup — unless the
 * label is the URL itself, then the whole link is one opaque `' '`. `<https://…>` autolinks are
 * opaque. GFM autolink literals (`https://…`, `www.…`, `a@b.com`) are opaque up to the end of
 * the URL proper; what GFM swallowed past it (Chinese text, full-width punctuation) is prose.
 */
function walkLink(node: MdNode, start: number, end: number, text: string, cls: Classification) {
  const opener = text[start];
  if (opener === '<') {
    cls.group(start, end, ' ');
    return;
  }
  if (opener !== '[') {
    // GFM autolink literal: its single text child is the raw source.
    const urlEnd = Math.max(urlEndAt(text, start, end), start + 1);
    cls.group(start, urlEnd, ' ');
    if (urlEnd < end) {
      cls.visible(urlEnd, end);
      hideUrls(urlEnd, end, text, cls);
    }
    return;
  }
  if (node.url !== undefined && sameUrl(plainText(node), node.url)) {
    cls.group(start, end, ' ');
    return;
  }
  for (const child of node.children ?? []) walkInline(child, text, cls);
}

/** The text content of a node (text and inline code values, in order). */
function plainText(node: MdNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
  return (node.children ?? []).map(plainText).join('');
}

/** Whether a link label spells its own URL (ignoring scheme, case and a trailing slash). */
function sameUrl(label: string, url: string): boolean {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/^(?:https?:\/\/|mailto:)/, '')
      .replace(/\/$/, '');
  const a = norm(label);
  return a !== '' && a === norm(url);
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
/** A syntactically complete character reference, anchored (use with `lastIndex`). */
const CHARACTER_REFERENCE = /&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/y;

/**
 * Align a text node's `value` against its original slice [start, end) and mark the units it
 * matches visible. Differences the parser makes between the two, and how they are classified:
 * escapes (`\*` → `*`: the backslash stays MARKUP), character references (`&amp;` → `&`: one
 * group with the decoded text), NUL (→ U+FFFD group), and units the value lacks (continuation
 * prefixes `> ` and indentation, white space stripped around line endings: they stay MARKUP).
 * If the alignment fails (it should not), the whole slice is marked visible as a fallback.
 */
function alignText(value: string, start: number, end: number, text: string, cls: Classification) {
  let i = start;
  let j = 0;
  while (i < end) {
    const c = text[i]!;
    const next = i + 1 < end ? text[i + 1]! : '';
    if (c === '\\' && next !== '' && ASCII_PUNCTUATION.test(next) && value[j] === next) {
      cls.visible(i + 1, i + 2); // the backslash at i stays MARKUP
      i += 2;
      j += 1;
      continue;
    }
    if (c === '&') {
      CHARACTER_REFERENCE.lastIndex = i;
      const m = CHARACTER_REFERENCE.exec(text);
      if (m && i + m[0].length <= end) {
        const decoded = decodeReference(m[0]);
        if (decoded !== m[0] && value.startsWith(decoded, j)) {
          cls.group(i, i + m[0].length, decoded);
          i += m[0].length;
          j += decoded.length;
          continue;
        }
      }
    }
    if (c === '\0' && value[j] === '\uFFFD') {
      cls.group(i, i + 1, '\uFFFD');
      i += 1;
      j += 1;
      continue;
    }
    if (j < value.length && c === value[j]) {
      cls.visible(i, i + 1);
      j += 1;
    }
    // else: a unit the value lacks — stays MARKUP.
    i += 1;
  }
  if (j !== value.length) cls.visible(start, end);
}

/** Decoded character references, by reference text (bounded). */
const referenceCache = new Map<string, string>();

/**
 * Decode a character reference the way the parser does, by parsing it alone: the result is
 * exactly what the parser put in the text node. Returns the reference itself when it is not a
 * valid reference (e.g. `&foo;`).
 */
function decodeReference(reference: string): string {
  const cached = referenceCache.get(reference);
  if (cached !== undefined) return cached;
  let decoded = reference;
  try {
    const root = fromMarkdown(reference) as unknown as MdNode;
    const paragraph = root.children?.[0];
    const only = paragraph?.type === 'paragraph' ? paragraph.children : undefined;
    if (only && only.length === 1 && only[0]!.type === 'text') decoded = only[0]!.value ?? reference;
  } catch {
    // keep the reference as is
  }
  if (referenceCache.size >= 4096) referenceCache.clear();
  referenceCache.set(reference, decoded);
  return decoded;
}

/** Bare URLs: `http(s)://…` or `www.…`, not glued to a preceding ASCII letter or digit. */
const BARE_URL = /(?<![A-Za-z0-9])(?:https?:\/\/|www\.)(?=[!-~])/gi;

/**
 * Hide bare URLs found in the original slice [start, end) of prose as one `' '` group each.
 * Catches what GFM's autolink-literal rules miss in Chinese text (e.g. `访问www.x.com`).
 */
function hideUrls(start: number, end: number, text: string, cls: Classification) {
  const slice = text.slice(start, end);
  BARE_URL.lastIndex = 0;
  for (let m = BARE_URL.exec(slice); m; m = BARE_URL.exec(slice)) {
    let from = start + m.index;
    let to = urlEndAt(text, from, end);
    if (to - from <= m[0].length) continue; // a scheme with nothing after it
    // Never cut a decoded character reference in two.
    const before = cls.kindAt(from);
    while (before > VISIBLE && from > cls.base && cls.kindAt(from - 1) === before) from--;
    const after = cls.kindAt(to - 1);
    while (after > VISIBLE && to < end && cls.kindAt(to) === after) to++;
    cls.group(from, to, ' ');
    BARE_URL.lastIndex = to - start;
  }
}

/**
 * End of a URL starting at `start` (not beyond `limit`): it runs over printable ASCII except
 * `<` and `>`, and stops at white space or the first non-ASCII character (Chinese text and
 * full-width punctuation are not part of it). Trailing ASCII punctuation that ends a sentence,
 * and a `)` without its `(`, are left out, as GFM does.
 */
function urlEndAt(text: string, start: number, limit: number): number {
  let end = start;
  while (end < limit) {
    const code = text.charCodeAt(end);
    if (code < 0x21 || code > 0x7e || code === 0x3c || code === 0x3e) break;
    end++;
  }
  for (;;) {
    const c = text[end - 1];
    if (end > start && c !== undefined && '.,:;!?\'"*_~'.includes(c)) {
      end--;
    } else if (c === ')') {
      const url = text.slice(start, end);
      const opens = url.split('(').length - 1;
      const closes = url.split(')').length - 1;
      if (closes > opens) end--;
      else break;
    } else {
      break;
    }
  }
  return end;
}

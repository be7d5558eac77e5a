/**
 * Stage 1, YAML: every string scalar value of a reply script is one draft.
 *
 * - The file is parsed with the `yaml` package (`parseAllDocuments`, so `---` separated documents
 *   work); node ranges give each scalar's place in the file text. Comments, keys, anchors, tags,
 *   aliases, numbers, booleans and null are never read; nor are blank strings.
 * - `Draft.text` is the exact slice of the scalar's content in the file, `Draft.offset` its start:
 *     - plain: the scalar as written;
 *     - 'single' and "double" quoted: between the quotes;
 *     - block `|` and `>`: from the first character of the first non-blank content line to the
 *       end of the last non-blank one (the header line `|-` / `>2` and trailing blank lines are
 *       left out).
 * - `Draft.hidden` makes rules read the value YAML gives, positions staying the file's:
 *     - double-quoted escapes (`\n`, `\"`, `\u4f60`, `\x41`, `\U0001F600`, …) → the decoded
 *       character; `''` in single quotes → `'`;
 *     - line folding of plain and quoted scalars (white space around a line break, and the
 *       indentation of the next line) → `' '`, or one `\n` per blank line folded; an escaped line
 *       break in double quotes → `''` (plus the blank lines it keeps);
 *     - block scalars: the indentation of each content line → `''`; in `|` (literal) the line
 *       breaks stay visible as they are; in `>` (folded) a break between two normal lines reads
 *       `' '` (blank lines: `\n` each), around more-indented lines `\n`.
 *   Every draft is checked: its visible text must equal the parsed value (block scalars: up to
 *   leading/trailing white space, which chomping decides; CRLF read as LF). A scalar written in a
 *   way this module does not decode exactly gets no draft rather than a wrong one.
 * - `Draft.record`: `column` = key path (`售后.退货[0]`), `header` = nearest key name, `row` =
 *   1-based index in the outermost list on the path.
 * - `Draft.escape` (how a rewrite is written back; undefined = no fix, the finding is still
 *   reported with its rewrites):
 *     - double-quoted: JSON-style escaping (`"`, `\`, control characters, line breaks);
 *     - single-quoted: `'` doubled; no line breaks;
 *     - plain: only text that stays a plain string wherever it lands in the scalar: non-empty,
 *       at least one non-ASCII character (so the scalar can never turn into a number, boolean or
 *       null), no line breaks, no leading/trailing white space, no `#`, `,[]{}`, `: ` or final
 *       `:`, and no YAML indicator as first character;
 *     - block `|` and `>`: non-empty, no line breaks, no leading white space (so no line becomes
 *       blank or more indented, which would change indentation detection or folding);
 *     - quoted scalars spread over several lines: also non-empty and no leading/trailing white
 *       space (folding trims white space at line ends).
 *
 * - Opt-out: a `huashu-ignore` key in a mapping (a string of rule ids, `no-but, no-guarantee`, a
 *   list of such strings, or null) is one `ignore-field` directive (see suppress.ts) covering the
 *   whole mapping, nested mappings and lists included; its value is never a draft. Any other
 *   value is a `SourceSyntaxError`.
 *
 * Malformed YAML (any error the parser reports, duplicate keys included): `SourceSyntaxError`
 * (see structured.ts) at the first error's line and column; nothing else is thrown. Pure, no I/O.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type Scalar } from 'yaml';
import { IGNORE_FIELD, ignoreFieldDirective } from '../suppress.js';
import type { Directive, Draft, Hidden, SourceFile } from '../types.js';
import { escapeJson } from './json.js';
import { applyHidden, recordFor, SourceSyntaxError, withDirectives, type PathStep } from './structured.js';

/** Split a YAML file into one draft per string scalar value. */
export function parseYaml(path: string, text: string): SourceFile {
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text);
  } catch (error) {
    throw SourceSyntaxError.at(path, text, 0, `invalid YAML: ${(error as Error).message}`);
  }
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) throw SourceSyntaxError.at(path, text, error.pos[0], `invalid YAML: ${reason(error.message)}`);
  }
  const out: Collected = { path, text, drafts: [], directives: [] };
  for (const doc of list) walk(doc.contents, [], out);
  return withDirectives({ path, text, drafts: out.drafts }, out.directives);
}

interface Collected {
  path: string;
  text: string;
  drafts: Draft[];
  directives: Directive[];
}

/** The first line of a `yaml` error message, without its " at line 2, column 4:" tail. */
function reason(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/\s*at line \d+, column \d+:?\s*$/, '');
}

/** Walks the node tree in document order, pushing one draft per non-blank string scalar. */
function walk(node: unknown, steps: PathStep[], out: Collected): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      const name = isScalar(key) ? String(key.value) : String(key);
      if (name === IGNORE_FIELD) ignoreField(pair.value, node as Node, [...steps, name], out);
      else walk(pair.value, [...steps, name], out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => walk(item, [...steps, index], out));
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.trim()) {
    const draft = scalarDraft(node as Scalar<string>, out.text);
    if (draft) out.drafts.push({ ...draft, record: recordFor(steps) });
  }
  // Aliases (the anchored scalar is read where it is defined), null, numbers, booleans: skipped.
}

/** The `huashu-ignore` value of `map`: a directive per string, covering the whole mapping. */
function ignoreField(value: unknown, map: Node, steps: PathStep[], out: Collected): void {
  const [start, end] = map.range ?? [0, 0];
  const record = recordFor(steps);
  const items = isSeq(value) ? value.items : isScalar(value) && value.value === null ? [] : [value];
  for (const item of items) {
    if (!isScalar(item) || typeof item.value !== 'string') {
      const at = (item as Node | null)?.range?.[0] ?? start;
      throw SourceSyntaxError.at(out.path, out.text, at, `${IGNORE_FIELD} must be rule ids: a string or a list of strings`);
    }
    const [from, to] = item.range ?? [start, start];
    // The ids at their place in the file when the scalar is written as its value (plain or
    // quoted without escapes); else the whole scalar stands for each id.
    const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0;
    const raw = out.text.slice(from + quoted, to - quoted);
    const exact = raw === item.value;
    const directive = ignoreFieldDirective(item.value, exact ? from + quoted : 0, [start, end], record);
    if (!directive) continue;
    out.directives.push(exact ? directive : { ...directive, range: [from, to], rules: directive.rules.map((r) => ({ id: r.id, range: [from, to] as const })) });
  }
}

/** The draft of one string scalar, or undefined when its source cannot be decoded exactly. */
function scalarDraft(node: Scalar<string>, text: string): Draft | undefined {
  const range = node.range;
  if (!range) return undefined;
  const [start, end] = range;
  switch (node.type) {
    case 'PLAIN':
      return flowDraft(text, start, end, 'plain', node.value, escapePlain);
    case 'QUOTE_DOUBLE':
      if (text[start] !== '"' || text[end - 1] !== '"') return undefined;
      return flowDraft(text, start + 1, end - 1, 'double', node.value, escapeDouble);
    case 'QUOTE_SINGLE':
      if (text[start] !== "'" || text[end - 1] !== "'") return undefined;
      return flowDraft(text, start + 1, end - 1, 'single', node.value, escapeSingle);
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return blockDraft(text, start, end, node.type === 'BLOCK_FOLDED', node.value);
    default:
      return undefined;
  }
}

type FlowStyle = 'plain' | 'single' | 'double';

function flowDraft(text: string, start: number, end: number, style: FlowStyle, value: string, escape: (r: string) => string | undefined): Draft | undefined {
  const slice = text.slice(start, end);
  const hidden = decodeFlow(slice, style);
  if (applyHidden(slice, hidden) !== value) return undefined;
  const multiline = /[\r\n]/.test(slice);
  const draft: Draft = { text: slice, offset: start, escape: multiline ? (r) => (safeAtLineEdges(r) ? escape(r) : undefined) : escape };
  if (hidden.length) draft.hidden = hidden;
  return draft;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';
const isBreak = (c: string | undefined) => c === '\n' || c === '\r';

/** Past the line break at `at` and any blank lines after it: [end, number of blank lines]. */
function skipFold(s: string, at: number): [number, number] {
  let i = at + (s[at] === '\r' && s[at + 1] === '\n' ? 2 : 1);
  let blank = 0;
  for (;;) {
    let j = i;
    while (isSpace(s[j])) j++;
    if (!isBreak(s[j])) return [j, blank];
    blank++;
    i = j + (s[j] === '\r' && s[j + 1] === '\n' ? 2 : 1);
  }
}

const YAML_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Hidden ranges of a plain or quoted scalar's content: escapes and line folding. */
export function decodeFlow(s: string, style: FlowStyle): Hidden[] {
  const hidden: Hidden[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (style === 'double' && c === '\\') {
      const n = s[i + 1] ?? '';
      if (isBreak(n)) {
        // Escaped line break: the break and the next line's indentation are dropped.
        const [end, blank] = skipFold(s, i + 1);
        hidden.push({ range: [i, end], replacement: '\n'.repeat(blank) });
        i = end;
      } else if (n in YAML_ESCAPES) {
        hidden.push({ range: [i, i + 2], replacement: YAML_ESCAPES[n]! });
        i += 2;
      } else if (n in HEX_ESCAPES) {
        const digits = s.slice(i + 2, i + 2 + HEX_ESCAPES[n]!);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== HEX_ESCAPES[n]) return hidden;
        hidden.push({ range: [i, i + 2 + digits.length], replacement: String.fromCodePoint(parseInt(digits, 16)) });
        i += 2 + digits.length;
      } else {
        i += 1;
      }
    } else if (style === 'single' && c === "'" && s[i + 1] === "'") {
      hidden.push({ range: [i, i + 2], replacement: "'" });
      i += 2;
    } else if (isSpace(c) || isBreak(c)) {
      let j = i;
      while (isSpace(s[j])) j++;
      if (isBreak(s[j])) {
        // Line folding: trailing white space, the break, blank lines, the next indentation.
        const [end, blank] = skipFold(s, j);
        hidden.push({ range: [i, end], replacement: blank ? '\n'.repeat(blank) : ' ' });
        i = end;
      } else {
        i = j;
      }
    } else {
      i++;
    }
  }
  return hidden;
}

interface Line {
  start: number;
  /** End of the line's text (before its line break). */
  end: number;
}

/** Lines of text[from, to), each without its line break. */
function linesOf(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < to) {
    let end = start;
    while (end < to && !isBreak(text[end])) end++;
    lines.push({ start, end });
    start = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
  }
  return lines;
}

const leadingSpaces = (text: string, line: Line) => {
  let n = 0;
  while (line.start + n < line.end && text[line.start + n] === ' ') n++;
  return n;
};
const comparable = (s: string) => s.replace(/\r\n?/g, '\n').trim();

/** The draft of a `|` or `>` block scalar whose header starts at `start`. */
function blockDraft(text: string, start: number, end: number, folded: boolean, value: string): Draft | undefined {
  let headerEnd = start;
  while (headerEnd < end && !isBreak(text[headerEnd])) headerEnd++;
  const contentStart = headerEnd + (text[headerEnd] === '\r' && text[headerEnd + 1] === '\n' ? 2 : 1);
  const lines = linesOf(text, contentStart, end);
  const filled = lines.filter((l) => text.slice(l.start, l.end).trim());
  const first = filled[0];
  const last = filled[filled.length - 1];
  if (!first || !last) return undefined;
  // The content indentation: auto-detected from the first non-blank line; with an explicit
  // indentation indicator (`|2`), every smaller width is tried and checked against the value.
  const widest = Math.min(...filled.map((l) => leadingSpaces(text, l)));
  for (let indent = widest; indent >= 1; indent--) {
    const draft = blockWithIndent(text, lines, indent, folded);
    if (draft && comparable(applyHidden(draft.text, draft.hidden ?? [])) === comparable(value)) return draft;
  }
  return undefined;
}

function blockWithIndent(text: string, lines: Line[], indent: number, folded: boolean): Draft | undefined {
  const filledIndex = lines.map((l, i) => (text.slice(l.start, l.end).trim() ? i : -1)).filter((i) => i >= 0);
  const f = filledIndex[0]!;
  const l = filledIndex[filledIndex.length - 1]!;
  const base = lines[f]!.start + indent;
  const slice = text.slice(base, lines[l]!.end);
  const hidden: Hidden[] = [];
  const rel = (at: number) => at - base;
  const moreIndented = (line: Line) => isSpace(text[line.start + indent]);
  let previous = f;
  for (let i = f + 1; i <= l; i++) {
    const line = lines[i]!;
    const blank = !text.slice(line.start, line.end).trim();
    if (folded) {
      if (blank) continue;
      // A fold from the end of the previous non-blank line to this line's content.
      const gapStart = lines[previous]!.end;
      const between = i - previous - 1;
      const joined = !moreIndented(lines[previous]!) && !moreIndented(line);
      const replacement = joined ? (between ? '\n'.repeat(between) : ' ') : '\n'.repeat(between + 1);
      hidden.push({ range: [rel(gapStart), rel(line.start + indent)], replacement });
      previous = i;
    } else {
      const width = Math.min(indent, line.end - line.start);
      if (width > 0) hidden.push({ range: [rel(line.start), rel(line.start + width)], replacement: '' });
    }
  }
  const draft: Draft = { text: slice, offset: base, escape: escapeBlock };
  if (hidden.length) draft.hidden = hidden;
  return draft;
}

/** No leading or trailing white space, and not empty (folding trims white space at line ends). */
function safeAtLineEdges(replacement: string): boolean {
  return replacement !== '' && !/^\s|\s$/.test(replacement);
}

/** Double-quoted YAML takes JSON string escapes (`\"`, `\\`, `\n`, `\u0007`). */
export function escapeDouble(replacement: string): string {
  return escapeJson(replacement);
}

/** Single-quoted YAML: `'` is doubled; a line break would be folded, so none is written. */
export function escapeSingle(replacement: string): string | undefined {
  return /[\r\n]/.test(replacement) ? undefined : replacement.replace(/'/g, "''");
}

/** Plain YAML: only text that stays a plain string wherever it lands (see the header). */
export function escapePlain(replacement: string): string | undefined {
  if (!safeAtLineEdges(replacement)) return undefined;
  if (!/[^\x00-\x7f]/.test(replacement)) return undefined;
  if (/[\r\n#,[\]{}]|:(\s|$)/.test(replacement)) return undefined;
  if (/^[-?:&*!|>'"%@`]/.test(replacement)) return undefined;
  return replacement;
}

/** Block scalars: one line's worth of text that does not start with white space. */
export function escapeBlock(replacement: string): string | undefined {
  if (replacement === '' || /[\r\n]/.test(replacement) || /^\s/.test(replacement)) return undefined;
  return replacement;
}

/**
 * Stage 1, JSON and JSON Lines: every string value of a reply script is one draft.
 *
 * - The file is parsed with jsonc-parser's `parseTree` in strict mode (no comments, no trailing
 *   commas), which gives every node its offset and length in the file text.
 * - Every string VALUE is a draft: object keys, numbers, booleans and null are not read, and
 *   neither are strings that are empty or only white space.
 * - `Draft.text` is the exact slice between the quotes, escapes included; `Draft.offset` its
 *   start. Each escape (`\n`, `\"`, `\u4f60`, a `\ud83d\ude00` surrogate pair as one range) is
 *   hidden with its decoded character(s) as replacement, so rules read the value while
 *   positions stay those of the file. A finding that covers an escape gets no fix (hidden parts
 *   are opaque to the fixer).
 * - `Draft.record`: `column` = key path (`replies[3].text`), `header` = nearest key name,
 *   `row` = 1-based index in the outermost list on the path (JSON) or the line (JSONL).
 * - `Draft.escape` writes a replacement as JSON string content (`"`, `\` and control
 *   characters escaped; everything else, CJK included, as it is).
 * - Opt-out: a `huashu-ignore` key in an object (a string of rule ids, `"no-but, no-guarantee"`,
 *   a list of such strings, or null) is one `ignore-field` directive (see suppress.ts) covering
 *   the whole object, nested objects and lists included; its value is never a draft. Any other
 *   value is a `SourceSyntaxError`.
 *
 * JSON Lines (`.jsonl`): each non-blank line is one JSON document (a trailing CR is ignored).
 * A line that does not parse makes the whole file an error (`SourceSyntaxError` at that line and
 * column), like a broken `.json`: skipping it would silently leave replies unchecked, and a
 * script that does not parse is worth fixing first.
 *
 * Malformed input: `SourceSyntaxError` (see structured.ts) with the first problem's line and
 * column; nothing else is ever thrown. Pure functions, no I/O.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { IGNORE_FIELD, ignoreFieldDirective } from '../suppress.js';
import type { Directive, Draft, Hidden, SourceFile } from '../types.js';
import { applyHidden, recordFor, SourceSyntaxError, withDirectives, type PathStep } from './structured.js';

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** A `.json` file: one document. */
export function parseJson(path: string, text: string): SourceFile {
  const out: Collected = { drafts: [], directives: [] };
  const root = parseDocument(path, text, 0, text);
  if (root) collect(root, { path, file: text, doc: text, base: 0 }, [], out);
  return withDirectives({ path, text, drafts: out.drafts }, out.directives);
}

/** A `.jsonl` file: one document per non-blank line; `record.row` is the line number. */
export function parseJsonLines(path: string, text: string): SourceFile {
  const out: Collected = { drafts: [], directives: [] };
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    let content = text.slice(start, end);
    if (content.endsWith('\r')) content = content.slice(0, -1);
    if (content.trim()) {
      const root = parseDocument(path, content, start, text);
      if (root) collect(root, { path, file: text, doc: content, base: start, row: line }, [], out);
    }
    if (nl === -1) break;
    start = nl + 1;
    line++;
  }
  return withDirectives({ path, text, drafts: out.drafts }, out.directives);
}

/** Parses one document (the whole file, or one JSONL line at `base`); throws on the first error. */
function parseDocument(path: string, doc: string, base: number, file: string): Node | undefined {
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(doc, errors, STRICT);
  } catch (error) {
    throw SourceSyntaxError.at(path, file, base, `invalid JSON: ${(error as Error).message}`);
  }
  const first = errors[0];
  if (first) throw SourceSyntaxError.at(path, file, base + first.offset, `invalid JSON: ${describe(printParseErrorCode(first.error))}`);
  return root;
}

/** `PropertyNameExpected` → `property name expected`. */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** One document being walked: `doc` (the file, or one JSONL line) starts at `base` of `file`. */
interface Walk {
  path: string;
  file: string;
  doc: string;
  base: number;
  /** The JSONL line number (the row of every record in it). */
  row?: number;
}

interface Collected {
  drafts: Draft[];
  directives: Directive[];
}

/** Walks a JSON tree in document order, pushing one draft per non-blank string value. */
function collect(node: Node, walk: Walk, steps: PathStep[], out: Collected): void {
  const { doc, base, row } = walk;
  switch (node.type) {
    case 'object':
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        if (key.value === IGNORE_FIELD) ignoreField(value, node, walk, [...steps, IGNORE_FIELD], out);
        else collect(value, walk, [...steps, String(key.value)], out);
      }
      return;
    case 'array':
      (node.children ?? []).forEach((item, index) => collect(item, walk, [...steps, index], out));
      return;
    case 'string': {
      const value = typeof node.value === 'string' ? node.value : '';
      if (!value.trim()) return;
      const slice = doc.slice(node.offset + 1, node.offset + node.length - 1);
      const hidden = decodeJsonEscapes(slice);
      // Never expected to differ (the parser accepted the string); a draft must read the value.
      if (applyHidden(slice, hidden) !== value) return;
      const draft: Draft = { text: slice, offset: base + node.offset + 1, record: recordFor(steps, row), escape: escapeJson };
      if (hidden.length) draft.hidden = hidden;
      out.drafts.push(draft);
      return;
    }
    default:
      // number, boolean, null: not prose.
      return;
  }
}

/** The `huashu-ignore` value of `object`: a directive per string (ids at their places in the file). */
function ignoreField(value: Node, object: Node, walk: Walk, steps: PathStep[], out: Collected): void {
  const target = [walk.base + object.offset, walk.base + object.offset + object.length] as const;
  const record = recordFor(steps, walk.row);
  const strings = value.type === 'array' ? (value.children ?? []) : value.type === 'null' ? [] : [value];
  for (const item of strings) {
    if (item.type !== 'string') {
      throw SourceSyntaxError.at(walk.path, walk.file, walk.base + item.offset, `${IGNORE_FIELD} must be rule ids: a string or a list of strings`);
    }
    const start = walk.base + item.offset + 1;
    const directive = ignoreFieldDirective(walk.doc.slice(item.offset + 1, item.offset + item.length - 1), start, target, record);
    if (directive) out.directives.push(directive);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * The escapes of a JSON string's content (without quotes) as hidden ranges, each replaced by its
 * decoded text. A high + low surrogate pair of `\u` escapes is one range.
 */
export function decodeJsonEscapes(content: string): Hidden[] {
  const hidden: Hidden[] = [];
  for (let i = content.indexOf('\\'); i !== -1 && i < content.length; i = content.indexOf('\\', i)) {
    const c = content[i + 1] ?? '';
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(content.slice(i + 2, i + 6))) {
      const unit = parseInt(content.slice(i + 2, i + 6), 16);
      const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(content.slice(i + 6, i + 12));
      if (unit >= 0xd800 && unit <= 0xdbff && low) {
        hidden.push({ range: [i, i + 12], replacement: String.fromCharCode(unit, parseInt(low[1]!, 16)) });
        i += 12;
      } else {
        hidden.push({ range: [i, i + 6], replacement: String.fromCharCode(unit) });
        i += 6;
      }
    } else if (c in SIMPLE_ESCAPES) {
      hidden.push({ range: [i, i + 2], replacement: SIMPLE_ESCAPES[c]! });
      i += 2;
    } else {
      // Not valid JSON; the strict parser has refused the file before we get here.
      i += 1;
    }
  }
  return hidden;
}

/** A replacement written as JSON string content: `"`, `\` and control characters escaped. */
export function escapeJson(replacement: string): string {
  return JSON.stringify(replacement).slice(1, -1);
}

/**
 * Stage 1, tables: CSV / TSV quick-reply tables and chat logs exported from seller workbenches.
 *
 * - The first row is the header (row 1, as a spreadsheet shows it). The content column is found
 *   by header name (CONTENT_HEADERS, first synonym wins, then the leftmost column), or named with
 *   `--column` (a header, a column letter `C`, or a 1-based number `3`). Without one, parsing
 *   fails with a `SourceError` listing the headers (run.ts reports it; other files still run).
 * - One draft per non-blank content cell of every later row. `Draft.text` is the exact slice of
 *   the file text inside the cell (without its quotes); in a quoted cell each doubled quote `""`
 *   is read as one `"`: the first `"` of the pair is hidden with replacement `''` (the same idea
 *   as Markdown markup, see markdown.ts).
 * - `Draft.record`: `row` (1-based, header = 1; blank lines count, as in a spreadsheet),
 *   `column` (letter), `header`, and the `group` / `code` / `title` cells of the same row when the
 *   table has such columns.
 * - Chat logs: when the header has a speaker column (SPEAKER_HEADERS), only the rows said by the
 *   agent are linted (`isAgent`, with the config's `agent-speakers` or DEFAULT_AGENT_SPEAKERS);
 *   the customer's lines are not ours to fix.
 * - Opt-out: a column headed `huashu-ignore` lists rule ids (`no-but, no-guarantee`) that the
 *   row's reply is not checked for: one `ignore-field` directive per non-blank cell (see
 *   suppress.ts), targeting the row's content cell (nothing when the row has no draft). The
 *   column itself is never read as replies.
 * - `Draft.escape`: a replacement written into a quoted cell doubles its `"`; into an unquoted
 *   cell it must not contain the delimiter, a quote or a line break (else no fix: undefined).
 *
 * Parsing is csv-parse's (RFC 4180 quoting, with relaxed quotes inside unquoted cells and ragged
 * rows allowed). csv-parse gives each record's end position (`info.bytes`, UTF-8 bytes of the
 * input) but not where each cell starts and ends, and drafts need exact offsets. So a small
 * scanner (`locateCells`) splits each record's slice into cells with the same quoting rules, and
 * every cell it finds is checked against csv-parse's value for that cell: if they ever differ the
 * file is refused with an error rather than linted at wrong positions. The scanner never decides
 * values on its own.
 *
 * Units: every offset is a 0-based UTF-16 offset into the file text. Pure function, no I/O.
 */
import { parse } from 'csv-parse/sync';
import { IGNORE_FIELD, ignoreFieldDirective } from '../suppress.js';
import { isAgent } from './speakers.js';
import type { Directive, Draft, Hidden, Range, RecordInfo, SourceFile } from '../types.js';
import { SourceError } from './errors.js';

export interface TableOptions {
  /** `--column`: a header name, a column letter (C) or a 1-based number (3). */
  column?: string;
  /** Cell delimiter; default: by sniffing the header line (`,` unless it only has tabs or `;`). */
  delimiter?: string;
  /** Speaker values that are the agent (config `agent-speakers`); default DEFAULT_AGENT_SPEAKERS. */
  agentSpeakers?: readonly string[];
}

/** Header synonyms, compared after `normalizeHeader`. Earlier entries win over later ones. */
export const CONTENT_HEADERS = [
  '短语内容', '快捷短语', '快捷短语内容', '快捷回复', '快捷回复内容', '回复内容', '话术内容', '话术',
  '消息内容', '聊天内容', '发送内容', '内容', '回复', '短语', '消息', '答案',
  'content', 'reply', 'replytext', 'text', 'message', 'msg', 'answer', 'phrase',
];
export const GROUP_HEADERS = ['分组', '分组名称', '分组名', '分类', '分类名称', '类别', 'group', 'category'];
export const CODE_HEADERS = ['快捷编码', '编码', '快捷码', '快捷键', '短语编码', 'code', 'shortcut'];
export const TITLE_HEADERS = ['标题', '短语标题', '主题', 'title', 'subject'];
/** Who said the line, by name or role (values: DEFAULT_AGENT_SPEAKERS or `agent-speakers`, see speakers.ts). */
export const SPEAKER_HEADERS = ['发送者', '发送方', '发送人', '发言人', '说话人', '角色', '身份', 'sender', 'speaker', 'role', 'from'];
/** Whether the agent said the line, as a flag (values: FLAG_VALUES, see speakers.ts). */
export const AGENT_FLAG_HEADERS = ['waitersend', 'iswaiter', 'isagent', 'fromagent', '是否客服', '客服发送'];
export { DEFAULT_AGENT_SPEAKERS, FLAG_VALUES, isAgent } from './speakers.js';

/** Lowercase, without white space, `_`, `-`, `*` (required-field marks) and a trailing colon. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_\-*＊:：]/g, '');
}

/** A cell located in the file text. */
interface Cell {
  /** Offsets of the cell's content (inside the quotes for a quoted cell). */
  start: number;
  end: number;
  quoted: boolean;
  /** The value as csv-parse read it. */
  value: string;
}

interface Row {
  /** 1-based row number (header = 1). */
  row: number;
  cells: Cell[];
}

/** A CSV file (delimiter sniffed: `,` unless the header line only has tabs or semicolons). */
export function parseCsv(path: string, text: string, options: TableOptions = {}): SourceFile {
  return parseTable(path, text, options);
}

/** A TSV file (Excel "Unicode text" and workbench TSV exports). */
export function parseTsv(path: string, text: string, options: TableOptions = {}): SourceFile {
  return parseTable(path, text, { ...options, delimiter: options.delimiter ?? '\t' });
}

/** Splits a table into drafts. Throws `SourceError` when it cannot be read as a table. */
export function parseTable(path: string, text: string, options: TableOptions = {}): SourceFile {
  const delimiter = options.delimiter ?? sniffDelimiter(text);
  const rows = readRows(text, delimiter);
  const headerRow = rows.find((r) => r.cells.some((c) => c.value.trim() !== ''));
  if (!headerRow) return { path, text, drafts: [] };
  const headers = headerRow.cells.map((c) => c.value.trim());
  const { content, group, code, title, flag, speaker, ignore } = tableColumns(headers, options.column);

  const drafts: Draft[] = [];
  const directives: Directive[] = [];
  for (const { row, cells } of rows) {
    if (row <= headerRow.row) continue;
    const cell = cells[content];
    let draft: Draft | undefined;
    if (cell && cell.value.trim() && (speaker === undefined || isAgent(cells[speaker]?.value ?? '', flag !== undefined, options.agentSpeakers))) {
      const record: RecordInfo = { row, column: columnLetter(content) };
      if (headers[content]) record.header = headers[content];
      const extra = (key: 'group' | 'code' | 'title', at: number | undefined) => {
        const v = at === undefined ? '' : (cells[at]?.value.trim() ?? '');
        if (v) record[key] = v;
      };
      extra('group', group);
      extra('code', code);
      extra('title', title);
      draft = cellDraft(text, cell, delimiter, record);
      drafts.push(draft);
    }
    const opt = ignore === undefined ? undefined : cells[ignore];
    if (opt) {
      const target: Range = draft ? [draft.offset, draft.offset + draft.text.length] : [opt.start, opt.start];
      const d = ignoreFieldDirective(text.slice(opt.start, opt.end), opt.start, target, { row, column: columnLetter(ignore!), header: headers[ignore!]! });
      if (d) directives.push(d);
    }
  }
  return directives.length ? { path, text, drafts, directives } : { path, text, drafts };
}

/** The draft of one content cell: its exact slice, doubled quotes hidden, and how to escape. */
function cellDraft(text: string, cell: Cell, delimiter: string, record: RecordInfo): Draft {
  const slice = text.slice(cell.start, cell.end);
  const draft: Draft = { text: slice, offset: cell.start, record };
  if (cell.quoted) {
    const hidden: Hidden[] = [];
    for (let k = slice.indexOf('""'); k >= 0; k = slice.indexOf('""', k + 2)) hidden.push({ range: [k, k + 1], replacement: '' });
    if (hidden.length) draft.hidden = hidden;
    draft.escape = (replacement) => replacement.replaceAll('"', '""');
  } else {
    // An unquoted cell that starts with a quote is read literally (relaxed quotes); a fix could
    // turn it into a quoted cell, so it gets none.
    const literalQuote = slice.startsWith('"');
    draft.escape = (replacement) => (literalQuote || replacement.includes(delimiter) || /["\r\n]/.test(replacement) ? undefined : replacement);
  }
  return draft;
}

/** The columns a table's header row names (0-based indexes); shared by CSV/TSV and XLSX. */
export interface TableColumns {
  content: number;
  group?: number;
  code?: number;
  title?: number;
  /** An agent-flag column (AGENT_FLAG_HEADERS); when present it is also `speaker`. */
  flag?: number;
  /** The column that says who sent the line (flag or SPEAKER_HEADERS); absent: every row is linted. */
  speaker?: number;
  /** The `huashu-ignore` opt-out column. */
  ignore?: number;
}

/**
 * Chooses the content, group, code, title and speaker columns from a header row (trimmed cell
 * texts). Throws `SourceError` when there is no content column (or `--column` names none).
 */
export function tableColumns(headers: string[], column?: string): TableColumns {
  const ignore = findColumn(headers, [normalizeHeader(IGNORE_FIELD)]);
  const content = contentColumn(headers, column);
  if (content === ignore) throw new SourceError(`--column ${column}: that is the ${IGNORE_FIELD} column (rule ids to skip), not replies`);
  const find = (names: readonly string[]) => findColumn(headers, names, content);
  const flag = find(AGENT_FLAG_HEADERS);
  return { content, group: find(GROUP_HEADERS), code: find(CODE_HEADERS), title: find(TITLE_HEADERS), flag, speaker: flag ?? find(SPEAKER_HEADERS), ignore };
}

/** Index of the content column: `--column` when given, else the best header synonym. */
function contentColumn(headers: string[], column: string | undefined): number {
  const list = headers.map((h) => h || '(空)').join(', ');
  if (column !== undefined) {
    const wanted = column.trim();
    let at = headers.indexOf(wanted);
    if (at < 0) at = headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(wanted) && wanted !== '');
    if (at < 0 && /^[A-Za-z]{1,3}$/.test(wanted)) at = letterIndex(wanted);
    if (at < 0 && /^[1-9]\d*$/.test(wanted)) at = Number(wanted) - 1;
    if (at < 0 || at >= headers.length) throw new SourceError(`--column ${column}: no such column; headers: ${list}`);
    return at;
  }
  const found = findColumn(headers, CONTENT_HEADERS);
  if (found === undefined) throw new SourceError(`no content column (such as 短语内容, 快捷短语, 内容, 话术, content); headers: ${list}; name one with --column`);
  return found;
}

/** The column whose header is the earliest synonym in `names` (leftmost on ties), except `skip`. */
function findColumn(headers: string[], names: readonly string[], skip?: number): number | undefined {
  let best: { at: number; rank: number } | undefined;
  headers.forEach((h, at) => {
    const rank = names.indexOf(normalizeHeader(h));
    if (rank >= 0 && at !== skip && (!best || rank < best.rank)) best = { at, rank };
  });
  return best?.at;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A → 0, AA → 26. */
export function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** `\t` when the header line has tabs and no commas, `;` likewise, else `,`. */
function sniffDelimiter(text: string): string {
  const first = text.slice(0, firstLineBreak(text)?.index ?? text.length);
  const count = (c: string) => first.split(c).length - 1;
  if (!count(',') && count('\t')) return '\t';
  if (!count(',') && count(';')) return ';';
  return ',';
}

/** The first line break outside quotes (the header row ends there). */
function firstLineBreak(text: string): { index: number; value: string } | undefined {
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return { index: k, value: c === '\r' && text[k + 1] === '\n' ? '\r\n' : c };
  }
  return undefined;
}

/** Line breaks that end a record: exports mix them (an LF-only row appended to a CRLF file). */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

/** The line break that ends a record at `end` (exclusive), or '' for the last record without one. */
function breakBefore(text: string, end: number, start: number): string {
  return RECORD_DELIMITERS.find((d) => end - d.length >= start && text.startsWith(d, end - d.length)) ?? '';
}

interface ParsedRecord {
  record: string[];
  info: { bytes: number };
}

/** Parses with csv-parse and locates every cell of every record in the text. */
function readRows(text: string, delimiter: string): Row[] {
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      delimiter,
      record_delimiter: RECORD_DELIMITERS,
      quote: '"',
      escape: '"',
      bom: false,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new SourceError(`cannot parse the table${e.lines ? ` (line ${e.lines})` : ''}: ${e.message.replace(/\s+/g, ' ')}`);
  }
  const toUnits = byteToUnitMapper(text);
  const rows: Row[] = [];
  let start = 0;
  records.forEach(({ record, info }, k) => {
    const end = toUnits(info.bytes);
    const contentEnd = end - breakBefore(text, end, start).length;
    const row = k + 1;
    const cells = locateCells(text, start, contentEnd, delimiter);
    const same = cells.length === record.length && cells.every((c, i) => c.value === record[i]);
    if (!same) throw new SourceError(`cannot locate the cells of row ${row} exactly; the table is not linted`);
    rows.push({ row, cells });
    start = end;
  });
  return rows;
}

/**
 * Cell boundaries within one record's slice [start, end) (record delimiter excluded), with the
 * quoting rules csv-parse applies: a cell starting with `"` is quoted up to a `"` not doubled;
 * if that quote is not followed by the delimiter or the end of the record, csv-parse (relaxed
 * quotes) reads the whole cell literally, and so does this. The values are checked by the caller.
 */
function locateCells(text: string, start: number, end: number, delimiter: string): Cell[] {
  const cells: Cell[] = [];
  let k = start;
  for (;;) {
    if (k < end && text[k] === '"') {
      let q = k + 1;
      for (;;) {
        const at = text.indexOf('"', q);
        if (at < 0 || at >= end) {
          q = -1;
          break;
        }
        if (text[at + 1] === '"' && at + 1 < end) {
          q = at + 2;
          continue;
        }
        q = at;
        break;
      }
      if (q >= 0 && (q + 1 === end || text.startsWith(delimiter, q + 1))) {
        cells.push({ start: k + 1, end: q, quoted: true, value: text.slice(k + 1, q).replaceAll('""', '"') });
        if (q + 1 === end) return cells;
        k = q + 1 + delimiter.length;
        continue;
      }
    }
    const at = text.indexOf(delimiter, k);
    const cellEnd = at < 0 || at >= end ? end : at;
    cells.push({ start: k, end: cellEnd, quoted: false, value: text.slice(k, cellEnd) });
    if (cellEnd === end) return cells;
    k = cellEnd + delimiter.length;
  }
}

/**
 * csv-parse counts positions in UTF-8 bytes of the input string; this maps a byte count (always
 * at a character boundary, and increasing from call to call) to a UTF-16 offset. A lone surrogate
 * is 3 bytes (U+FFFD), as Buffer.from writes it.
 */
function byteToUnitMapper(text: string): (bytes: number) => number {
  let unit = 0;
  let byte = 0;
  return (target) => {
    while (byte < target && unit < text.length) {
      const cp = text.codePointAt(unit)!;
      byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      unit += cp >= 0x10000 ? 2 : 1;
    }
    return unit;
  };
}

/**
 * Whether plain text (a `.txt` file) is clearly a tab-separated table: its first line has at
 * least two tab-separated cells, none of them looks like a sentence (longer than 20 characters,
 * or with 。，！？), and one of them is a content header (or the `--column` header name).
 */
export function looksLikeTsv(text: string, column?: string): boolean {
  const first = text.slice(0, firstLineBreak(text)?.index ?? text.length);
  const cells = first.split('\t').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  if (cells.length < 2 || cells.some((c) => c.length > 20 || /[。，！？!?]/.test(c))) return false;
  if (column !== undefined && cells.includes(column.trim())) return true;
  return cells.some((c) => CONTENT_HEADERS.includes(normalizeHeader(c)));
}

/**
 * Stage 1, workbooks: `.xlsx` quick-reply tables and chat logs, read with exceljs.
 *
 * An XLSX file is a zip of XML parts, not text, so it has its own entry point: run.ts reads the
 * bytes and calls `parseWorkbook` (async, as exceljs is) instead of decoding text first.
 *
 * - Every worksheet, in workbook order. In each, the first row with a non-empty cell is the header;
 *   the content, group, code, title and speaker columns are chosen from it exactly as for CSV/TSV
 *   (`tableColumns` in table.ts, same synonyms and `--column`). A sheet without a content column
 *   (an instructions sheet, an empty one) is skipped; when no sheet has one, parsing fails with a
 *   `SourceError` listing each sheet's headers.
 * - A cell's text is what the spreadsheet displays (exceljs `cell.text`: rich text joined, the
 *   result of a formula, a hyperlink's text); line breaks inside a cell are kept. Empty and
 *   blank cells are skipped, and so is the hidden part of a merged content cell.
 * - Chat logs and opt-outs as in CSV/TSV: a speaker column limits the rows to the agent's
 *   (`agent-speakers`), and a `huashu-ignore` column names rules the row's reply is not checked
 *   for (an `ignore-field` directive, see suppress.ts).
 *
 * Reading is split in two so that `--fix` can lint one cell at a time (src/fix-workbook.ts):
 * `readWorkbook` gives the rows (`WorkbookRow`: reply cell and huashu-ignore cell, each with its
 * record), and `workbookSource` turns rows into a `SourceFile`.
 *
 * Positions. `SourceFile.text` is a synthetic text: the rows' cells (reply, then huashu-ignore),
 * one after another in sheet / row order, separated by `\n`. Drafts and directives point into
 * it, and each cell is a `Place` (types.ts), so reports locate a finding at the cell: line = the
 * spreadsheet row, column = 1 + the code points before it inside the cell; a line break inside
 * a cell counts as one column and does not start a new line. The sheet and column letter are in
 * the `record` (`sheet`, `row`, `column`, `header`, and the row's `group` / `code` / `title`).
 */
import type ExcelJS from 'exceljs';
import { ignoreFieldDirective } from '../suppress.js';
import type { Directive, Draft, Place, Range, RecordInfo, SourceFile } from '../types.js';
import { SourceError } from './errors.js';
import { columnLetter, isAgent, tableColumns, type TableColumns } from './table.js';

export interface WorkbookOptions {
  /** `--column`: a header name, a column letter (C) or a 1-based number (3). */
  column?: string;
  /** Speaker values of chat logs that are the agent (config `agent-speakers`). */
  agentSpeakers?: readonly string[];
}

/** A cell as the rows carry it: what the spreadsheet displays, and where it is. */
export interface WorkbookCell {
  text: string;
  /** `sheet`, `row`, `column` letter, `header` (and for a reply, the row's group/code/title). */
  record: RecordInfo & { sheet: string; row: number; column: string };
}

/** A row of a worksheet with something to read. */
export interface WorkbookRow {
  /** The reply cell, when the row has one to lint (non-blank, and the agent's in a chat log). */
  reply?: WorkbookCell;
  /** The row's non-blank `huashu-ignore` cell. */
  ignore?: WorkbookCell;
}

type Cell = ExcelJS.Cell;

/** Splits a workbook into drafts. Throws `SourceError` when it is not a readable `.xlsx`. */
export async function parseWorkbook(path: string, bytes: Uint8Array, options: WorkbookOptions = {}): Promise<SourceFile> {
  return workbookSource(path, await readWorkbook(bytes, options));
}

/**
 * The rows to read of every sheet, in sheet and row order. Throws `SourceError` when the bytes
 * are not a readable `.xlsx`, or when no sheet has a content column.
 */
export async function readWorkbook(bytes: Uint8Array, options: WorkbookOptions = {}): Promise<WorkbookRow[]> {
  const workbook = await loadWorkbook(bytes);
  const rowsOut: WorkbookRow[] = [];
  /** Sheets with a header row but no content column, with the table parser's message. */
  const noContent: { sheet: string; headers: string; message: string }[] = [];
  let anySheetRead = false;

  for (const sheet of workbook.worksheets) {
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => rows.push(row));
    const headerRow = rows.find((row) => cellsOf(row).some((cell) => cellText(cell).trim() !== ''));
    if (!headerRow) continue;
    const headers = cellsOf(headerRow).map((cell) => cellText(cell).trim());
    // Cells that display nothing at the end of the header row are not columns.
    while (headers.length && !headers[headers.length - 1]) headers.pop();
    let columns: TableColumns;
    try {
      columns = tableColumns(headers, options.column);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      noContent.push({ sheet: sheet.name, headers: headers.map((h) => h || '(空)').join(', '), message: error.message });
      continue;
    }
    anySheetRead = true;
    const { content, group, code, title, flag, speaker, ignore } = columns;
    for (const row of rows) {
      if (row.number <= headerRow.number) continue;
      const out: WorkbookRow = {};
      const cell = row.getCell(content + 1);
      const value = cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell);
      if (value.trim() && (speaker === undefined || isAgent(cellText(row.getCell(speaker + 1)), flag !== undefined, options.agentSpeakers))) {
        const record: WorkbookCell['record'] = { sheet: sheet.name, row: row.number, column: columnLetter(content) };
        if (headers[content]) record.header = headers[content];
        const extra = (key: 'group' | 'code' | 'title', at: number | undefined) => {
          const v = at === undefined ? '' : cellText(row.getCell(at + 1)).trim();
          if (v) record[key] = v;
        };
        extra('group', group);
        extra('code', code);
        extra('title', title);
        out.reply = { text: value, record };
      }
      const opt = ignore === undefined ? '' : cellText(row.getCell(ignore + 1));
      if (opt.trim()) out.ignore = { text: opt, record: { sheet: sheet.name, row: row.number, column: columnLetter(ignore!), header: headers[ignore!]! } };
      if (out.reply || out.ignore) rowsOut.push(out);
    }
  }

  if (!anySheetRead && noContent.length) {
    // One sheet: the table parser's own message (it names the synonyms or the --column problem).
    if (noContent.length === 1) throw new SourceError(`sheet ${noContent[0]!.sheet}: ${noContent[0]!.message}`);
    const what = options.column === undefined ? 'no content column (such as 短语内容, 快捷短语, 内容, 话术, content)' : `--column ${options.column}: no such column`;
    throw new SourceError(`${what} in any sheet; headers: ${noContent.map((s) => `${s.sheet}: ${s.headers}`).join('; ')}${options.column === undefined ? '; name one with --column' : ''}`);
  }
  return rowsOut;
}

/**
 * Rows → the `SourceFile` rules read: the synthetic text (see the header), one draft per reply
 * cell, one place per cell, and one directive per huashu-ignore cell (covering the row's reply).
 */
export function workbookSource(path: string, rows: readonly WorkbookRow[]): SourceFile {
  const drafts: Draft[] = [];
  const places: Place[] = [];
  const directives: Directive[] = [];
  let text = '';
  const append = (cell: WorkbookCell): Range => {
    if (places.length) text += '\n';
    const range: Range = [text.length, text.length + cell.text.length];
    text += cell.text;
    places.push({ range, line: cell.record.row, column: 1 });
    return range;
  };
  for (const { reply, ignore } of rows) {
    let target: Range | undefined;
    if (reply) {
      target = append(reply);
      drafts.push({ text: reply.text, offset: target[0], record: reply.record });
    }
    if (ignore) {
      const [start] = append(ignore);
      const directive = ignoreFieldDirective(ignore.text, start, target ?? [start, start], ignore.record);
      if (directive) directives.push(directive);
    }
  }
  const source: SourceFile = { path, text, drafts };
  if (places.length) source.places = places;
  if (directives.length) source.directives = directives;
  return source;
}

/** Loads the bytes with exceljs, or explains in one line why they are not a workbook. */
async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isCompoundFile(buffer)) {
    // Excel saves a password-protected .xlsx as an OLE compound file holding the encrypted package.
    if (buffer.includes(Buffer.from('EncryptionInfo', 'utf16le'))) {
      throw new SourceError('password-protected workbook: remove the password (or save an unprotected copy) to lint it');
    }
    throw new SourceError('not an .xlsx workbook (an old .xls file?): save it as .xlsx');
  }
  if (!isZip(buffer)) throw new SourceError('not a workbook: the file is not an .xlsx (zip) file');
  // Loaded on first use: exceljs takes a quarter of a second to import, and most runs read no workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new SourceError(`not a workbook: ${oneLine((error as Error).message ?? String(error))}`);
  }
  if (!workbook.worksheets.length) throw new SourceError('not a workbook: no worksheets found');
  return workbook;
}

function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06);
}

function isCompoundFile(b: Buffer): boolean {
  return b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

/** The cells of a row from column A to its last cell (missing cells included, as empty). */
function cellsOf(row: ExcelJS.Row): Cell[] {
  const cells: Cell[] = [];
  for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c));
  return cells;
}

/** What the spreadsheet displays in a cell; '' for an empty cell or one exceljs cannot render. */
function cellText(cell: Cell): string {
  try {
    return cell.text ?? '';
  } catch {
    return '';
  }
}

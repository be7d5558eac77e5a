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
 *
 * Positions. `SourceFile.text` is a synthetic text: the content cells, one after another in
 * sheet / row order, separated by `\n` (a multi-line cell spans several lines). Each draft's
 * `offset` points into it, so the line and column of a report refer to this synthetic text,
 * NOT to the file. For XLSX the real location is the draft's `record`: `sheet`, `row` (as the
 * spreadsheet shows it), `column` letter, `header`, and the row's `group` / `code` / `title`.
 *
 * The file is never written: `--fix` only reports (see run.ts); exceljs cannot write a workbook
 * back byte for byte, and re-serializing would lose formatting the seller workbench relies on.
 */
import type ExcelJS from 'exceljs';
import type { Draft, RecordInfo, SourceFile } from '../types.js';
import { SourceError } from './errors.js';
import { columnLetter, isAgent, tableColumns, type TableColumns } from './table.js';

export interface WorkbookOptions {
  /** `--column`: a header name, a column letter (C) or a 1-based number (3). */
  column?: string;
}

type Cell = ExcelJS.Cell;

/** Splits a workbook into drafts. Throws `SourceError` when it is not a readable `.xlsx`. */
export async function parseWorkbook(path: string, bytes: Uint8Array, options: WorkbookOptions = {}): Promise<SourceFile> {
  const workbook = await loadWorkbook(bytes);
  const drafts: Draft[] = [];
  let text = '';
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
    const { content, group, code, title, flag, speaker } = columns;
    for (const row of rows) {
      if (row.number <= headerRow.number) continue;
      const cell = row.getCell(content + 1);
      if (cell.isMerged && cell.master.address !== cell.address) continue;
      const value = cellText(cell);
      if (!value.trim()) continue;
      if (speaker !== undefined && !isAgent(cellText(row.getCell(speaker + 1)), flag !== undefined)) continue;
      const record: RecordInfo = { sheet: sheet.name, row: row.number, column: columnLetter(content) };
      if (headers[content]) record.header = headers[content];
      const extra = (key: 'group' | 'code' | 'title', at: number | undefined) => {
        const v = at === undefined ? '' : cellText(row.getCell(at + 1)).trim();
        if (v) record[key] = v;
      };
      extra('group', group);
      extra('code', code);
      extra('title', title);
      if (drafts.length) text += '\n';
      drafts.push({ text: value, offset: text.length, record });
      text += value;
    }
  }

  if (!anySheetRead && noContent.length) {
    // One sheet: the table parser's own message (it names the synonyms or the --column problem).
    if (noContent.length === 1) throw new SourceError(`sheet ${noContent[0]!.sheet}: ${noContent[0]!.message}`);
    const what = options.column === undefined ? 'no content column (such as 短语内容, 快捷短语, 内容, 话术, content)' : `--column ${options.column}: no such column`;
    throw new SourceError(`${what} in any sheet; headers: ${noContent.map((s) => `${s.sheet}: ${s.headers}`).join('; ')}${options.column === undefined ? '; name one with --column' : ''}`);
  }
  return { path, text, drafts };
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

/**
 * Stage 6 for workbooks (`--fix` on `.xlsx`): fix each reply cell on its own, write the changed
 * cells into the file's XML, and lint the workbook as it now stands for the report.
 *
 * - Each row with a reply is its own source (`workbookSource` of that one row: its reply cell,
 *   and its huashu-ignore cell so suppression applies), fixed with `fixText` exactly as a text
 *   file is: the same passes, the same pass cap, suggestions only when asked.
 * - The changed cells go to `writeCells` (sources/workbook-write.ts), which edits the zip in place
 *   and refuses cells it cannot change safely (rich text, formulas, …). A refused cell keeps its
 *   text, so its findings are still reported; the refusal is a note for standard error.
 * - The result's source is the workbook with the written cells' new text: reports about it are
 *   what a second lint of the written file would say.
 *
 * No I/O: bytes in, bytes out (run.ts reads and writes the file).
 */
import { fixText, type FixOptions, type LintFunction } from './fix.js';
import { readWorkbook, workbookSource, type WorkbookOptions } from './sources/workbook.js';
import { writeCells, type CellEdit } from './sources/workbook-write.js';
import type { Finding, SourceFile } from './types.js';

export interface WorkbookFixResult {
  /** The new file, when at least one cell changed. */
  bytes?: Uint8Array;
  /** The workbook as it reads after the fix (see the header). */
  source: SourceFile;
  /** The findings that remain in `source`. */
  findings: Finding[];
  /** One line per cell that was not (fully) fixed: `售后!C6: not fixed: rich text (formatted runs)…`. */
  notes: string[];
}

/** Fixes the reply cells of a workbook (see the header). Throws `SourceError` as parsing does. */
export async function fixWorkbook(lint: LintFunction, path: string, bytes: Uint8Array, options: WorkbookOptions & FixOptions = {}): Promise<WorkbookFixResult> {
  const rows = await readWorkbook(bytes, options);
  const notes: string[] = [];
  const edits: { at: number; edit: CellEdit }[] = [];
  for (const [at, row] of rows.entries()) {
    const reply = row.reply;
    if (!reply) continue;
    const own = workbookSource(path, [row]);
    // The row's source is the reply, then its huashu-ignore cell: fixes only change the reply.
    const tail = own.text.slice(reply.text.length);
    const parse = (p: string, text: string) => workbookSource(p, [{ ...row, reply: { ...reply, text: text.slice(0, text.length - tail.length) } }]);
    const fixed = await fixText(lint, path, own.text, parse, options);
    const cell = `${reply.record.sheet}!${reply.record.column}${reply.record.row}`;
    if (fixed.capped) notes.push(`${cell}: stopped fixing after the pass limit; some fixes may remain`);
    const after = fixed.output.slice(0, fixed.output.length - tail.length);
    if (after !== reply.text) edits.push({ at, edit: { sheet: reply.record.sheet, address: `${reply.record.column}${reply.record.row}`, before: reply.text, after } });
  }

  const written = await writeCells(bytes, edits.map((e) => e.edit));
  const refused = new Set(written.refused.map((r) => r.edit));
  for (const { edit, reason } of written.refused) notes.push(`${edit.sheet}!${edit.address}: not fixed: ${reason}; fix it in the spreadsheet`);
  const now = [...rows];
  for (const { at, edit } of edits) {
    const row = rows[at]!;
    if (!refused.has(edit)) now[at] = { ...row, reply: { ...row.reply!, text: edit.after } };
  }
  const source = workbookSource(path, now);
  return { ...(written.bytes ? { bytes: written.bytes } : {}), source, findings: await lint(source), notes };
}

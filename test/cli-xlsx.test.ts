/**
 * End-to-end on the shared workbook fixture (fixtures/tables/quick-replies.xlsx, made by
 * test/fixtures/make-xlsx.ts) through the built bin: findings at their cells (line = row) in
 * every report format, and `--fix` writing only the fixed cells, checked entry by entry.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, huashu, tempDir } from './support.js';
import { workbook } from './xlsx-builder.js';

const FIXTURE = join(FIXTURES, 'tables', 'quick-replies.xlsx');
/** Cells of the fixture as the generator wrote them. */
const SQ01 = '亲，这款保证是正品，今天下单明天就能到！！！';
const SQ03 = '亲，活动规则如下：\n1. 满[数字x]件打九折\n2. 你赶紧下单就能锁定价格';
const SQ04 = '亲，您的订单{订单号}已经发出，好滴，请留意物流';
const SH02 = '亲，退货地址：\n{地址}\n收到后我们保证当天退款';

/** 1-based code-point column of `part` in a cell (line breaks count as one column). */
const col = (cell: string, part: string) => [...cell.slice(0, cell.indexOf(part))].length + 1;

/** A copy of the fixture in a fresh directory. */
function copy(): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, 'quick-replies.xlsx');
  copyFileSync(FIXTURE, path);
  return { dir, path };
}

interface Message {
  ruleId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
  record?: Record<string, unknown>;
}

function messages(args: string[], cwd?: string): Message[] {
  const r = huashu(['--format', 'json', ...args], cwd ? { cwd } : {});
  return (JSON.parse(r.stdout) as { messages: Message[] }[]).flatMap((f) => f.messages);
}

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('linting the workbook fixture', () => {
  it('finds each problem at its cell: sheet, row, column letter, header, group, code; line = row', () => {
    const found = messages(['--report-unused-disables', FIXTURE]);
    const at = (m: Message) => [m.ruleId, m.record?.sheet, m.record?.column, m.record?.row, m.line, m.column, m.endColumn, m.text];
    expect(found.map(at)).toEqual([
      ['no-guarantee', '售前', 'C', 2, 2, col(SQ01, '保证是'), col(SQ01, '保证是') + 3, '保证是'],
      ['no-excessive-punctuation', '售前', 'C', 2, 2, col(SQ01, '！！！'), col(SQ01, '！！！') + 3, '！！！'],
      ['prefer-nin', '售前', 'C', 4, 4, col(SQ03, '你'), col(SQ03, '你') + 1, '你'],
      ['no-command', '售前', 'C', 4, 4, col(SQ03, '你'), col(SQ03, '你') + 3, '你赶紧'],
      ['no-slang', '售前', 'C', 5, 5, col(SQ04, '滴'), col(SQ04, '滴') + 1, '滴'],
      // The rich-text cell is read as displayed (its runs joined).
      ['no-guarantee', '售后', 'C', 2, 2, col('亲，稍等，我们保证今天处理', '保证'), col('亲，稍等，我们保证今天处理', '保证') + 2, '保证'],
      ['no-guarantee', '售后', 'C', 3, 3, col(SH02, '保证'), col(SH02, '保证') + 2, '保证'],
      // Row 4 names no-guarantee in its huashu-ignore cell; row 5 names no-but, which finds nothing there.
      ['unused-disable', '售后', 'D', 5, 5, 1, 7, 'no-but'],
      // A formula's result is linted too.
      ['no-guarantee', '售后', 'C', 6, 6, col('亲，我们保证准时发货', '保证'), col('亲，我们保证准时发货', '保证') + 2, '保证'],
    ]);
    for (const m of found) expect(m.endLine).toBe(m.line);
    expect(found[0]!.record).toEqual({ sheet: '售前', row: 2, column: 'C', header: '快捷短语', group: '售前', code: 'sq01' });
    // The notes sheet has no content column; its copy of SQ01 is not a reply.
    expect(found.filter((m) => m.record?.sheet === '说明')).toEqual([]);
  });

  it('every report format puts the findings at the same lines and columns', () => {
    const expected = messages([FIXTURE]).map((m) => `${m.line}:${m.column}`);
    const lines = (format: string) => huashu(['--format', format, FIXTURE]).stdout;
    const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => `${m[1]}:${m[2]}`);
    expect(all(lines('compact'), /quick-replies\.xlsx:(\d+):(\d+):/g)).toEqual(expected);
    expect(all(lines('stylish'), /^ {2}(\d+):(\d+) /gm)).toEqual(expected);
    expect(all(lines('checkstyle'), /<error line="(\d+)" column="(\d+)"/g)).toEqual(expected);
    expect(all(lines('junit'), /name="[^"]*quick-replies\.xlsx:(\d+):(\d+) /g)).toEqual(expected);
    const github = lines('github').trim().split('\n').map((l) => `${/[,\s]line=(\d+)/.exec(l)![1]}:${/,col=(\d+)/.exec(l)![1]}`);
    expect(github).toEqual(expected);
    const sarifText = lines('sarif');
    const sarif = JSON.parse(sarifText).runs[0].results.map((r: { locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }) => {
      const { startLine, startColumn } = r.locations[0]!.physicalLocation.region;
      return `${startLine}:${startColumn}`;
    });
    expect(sarif).toEqual(expected);
    // SARIF fixes would be text edits of a zip file: workbooks get none.
    expect(sarifText).not.toContain('"fixes"');
  });
});

describe('--fix on a workbook', () => {
  it('writes the fixed cells, refuses rich text and formulas on stderr, and changes nothing else', async () => {
    const { dir, path } = copy();
    const r = huashu(['--fix', '--format', 'json', 'quick-replies.xlsx'], { cwd: dir });
    expect(r.stderr).toBe(
      'huashu: quick-replies.xlsx: 售后!C2: not fixed: rich text (formatted runs); fix it in the spreadsheet\n' +
        'huashu: quick-replies.xlsx: 售后!C6: not fixed: a formula; fix it in the spreadsheet\n',
    );
    // The refused cells' errors remain: exit 1, as for any error the fixer leaves.
    expect(r.code).toBe(1);
    const remaining = (JSON.parse(r.stdout) as { messages: Message[] }[])[0]!.messages.map((m) => [m.ruleId, `${m.record?.sheet}!${m.record?.column}${m.record?.row}`]);
    expect(remaining).toEqual([
      ['no-guarantee', '售后!C2'],
      ['no-guarantee', '售后!C6'],
    ]);

    const wb = await readBack(path);
    const text = (sheet: string, cell: string) => wb.getWorksheet(sheet)!.getCell(cell).text;
    expect(text('售前', 'C2')).toBe('亲，这款是正品，今天下单明天就能到！');
    expect(text('售前', 'C3')).toBe('亲，您好，欢迎光临小店[微笑]，有什么可以帮您？');
    expect(text('售前', 'C4')).toBe('亲，活动规则如下：\n1. 满[数字x]件打九折\n2. 请您尽快下单就能锁定价格');
    expect(text('售前', 'C5')).toBe('亲，您的订单{订单号}已经发出，好的，请留意物流');
    expect(text('售后', 'C3')).toBe('亲，退货地址：\n{地址}\n收到后我们会尽量保证当天退款');
    // Suppressed by its huashu-ignore cell: not fixed.
    expect(text('售后', 'C4')).toBe('亲，这个问题我保证给您解决');
    // The rich-text cell keeps its runs, the formula its formula.
    expect(wb.getWorksheet('售后')!.getCell('C2').value).toEqual({ richText: [{ text: '亲，稍等，我们' }, { font: { bold: true }, text: '保证' }, { text: '今天处理' }] });
    expect(wb.getWorksheet('售后')!.getCell('C6').formula).toBe('"亲，我们"&"保证"&"准时发货"');
    // The notes sheet shared SQ01's stored string and still reads it.
    expect(text('说明', 'A3')).toBe(SQ01);
    // Styles: the bold header and the fill of the fixed cell C2.
    expect(wb.getWorksheet('售前')!.getCell('A1').font?.bold).toBe(true);
    expect(wb.getWorksheet('售前')!.getCell('C2').fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } });
  });

  it('keeps every other zip entry byte for byte, the entry order, and the rest of each edited part', async () => {
    const { dir, path } = copy();
    huashu(['--fix', 'quick-replies.xlsx'], { cwd: dir });
    const before = await JSZip.loadAsync(readFileSync(FIXTURE));
    const after = await JSZip.loadAsync(readFileSync(path));
    expect(Object.keys(after.files)).toEqual(Object.keys(before.files));
    const changed: string[] = [];
    for (const name of Object.keys(before.files)) {
      const [a, b] = await Promise.all([before.files[name]!.async('nodebuffer'), after.files[name]!.async('nodebuffer')]);
      if (!a.equals(b)) changed.push(name);
    }
    expect(changed.sort()).toEqual(['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);

    // In the sheets only the <v> (shared-string index) of the fixed cells changed.
    const fixedCells: Record<string, string[]> = { 'xl/worksheets/sheet1.xml': ['C2', 'C4', 'C5'], 'xl/worksheets/sheet2.xml': ['C3'] };
    for (const [name, cells] of Object.entries(fixedCells)) {
      const [a, b] = await Promise.all([before.file(name)!.async('string'), after.file(name)!.async('string')]);
      const blank = (xml: string) => xml.replace(/<c r="([A-Z]+\d+)"([^>]*)><v>\d+<\/v>/g, (m, r: string, attrs: string) => (cells.includes(r) ? `<c r="${r}"${attrs}><v>#</v>` : m));
      expect(b).not.toBe(a);
      expect(blank(b)).toBe(blank(a));
    }
    // The shared strings gained the new texts at the end and nothing else changed.
    const [a, b] = await Promise.all([before.file('xl/sharedStrings.xml')!.async('string'), after.file('xl/sharedStrings.xml')!.async('string')]);
    const unique = Number(/uniqueCount="(\d+)"/.exec(a)![1]);
    expect(b.replace(`uniqueCount="${unique + 4}"`, `uniqueCount="${unique}"`).replace(/(<si><t xml:space="preserve">[^<]*<\/t><\/si>){4}<\/sst>$/, '</sst>')).toBe(a);
  });

  it('a second --fix changes nothing', () => {
    const { dir, path } = copy();
    huashu(['--fix', 'quick-replies.xlsx'], { cwd: dir });
    const once = readFileSync(path);
    const again = huashu(['--fix', 'quick-replies.xlsx'], { cwd: dir });
    expect(readFileSync(path).equals(once)).toBe(true);
    expect(again.code).toBe(1);
    expect(again.stderr.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('a workbook with nothing to fix is not rewritten', () => {
    const { dir, path } = copy();
    const before = readFileSync(path);
    const r = huashu(['--fix', '--rule', 'no-guarantee=off', '--rule', 'no-excessive-punctuation=off', '--rule', 'prefer-nin=off', '--rule', 'no-command=off', '--rule', 'no-slang=off', 'quick-replies.xlsx'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('fixes inline-string cells, as other writers store them', async () => {
    const dir = tempDir();
    const sheet =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>快捷短语</t></is></c></row>' +
      '<row r="2"><c t="inlineStr" s="1" r="A2"><is><t>亲，我保证明天发货</t></is></c></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>亲，您好</t></is></c></row>';
    writeFileSync(join(dir, 'inline.xlsx'), await workbook({ sheet }));
    const r = huashu(['--fix', '--format', 'json', 'inline.xlsx'], { cwd: dir });
    expect([r.stderr, r.code]).toEqual(['', 0]);
    const after = await JSZip.loadAsync(readFileSync(join(dir, 'inline.xlsx')));
    expect(await after.file('xl/worksheets/sheet1.xml')!.async('string')).toContain(
      '<row r="2"><c t="inlineStr" s="1" r="A2"><is><t xml:space="preserve">亲，我会尽量保证明天发货</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>亲，您好</t></is></c></row>',
    );
  });
});

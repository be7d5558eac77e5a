/**
 * `.xlsx` workbooks (src/sources/workbook.ts): workbooks built in memory with exceljs, read back
 * into drafts whose `record` is the real location, whose offsets point into the synthetic text,
 * and whose places put each cell at its spreadsheet row.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../src/sources/errors.js';
import { parseWorkbook, readWorkbook, workbookSource } from '../src/sources/workbook.js';
import { toResult } from '../src/results.js';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const QUICK_REPLIES = (wb: ExcelJS.Workbook) => {
  const after = wb.addWorksheet('售后');
  after.addRow(['分组', '快捷编码', '快捷短语']);
  after.addRow(['售后', 'sh01', '亲，我保证明天发货']);
  after.addRow([]);
  after.addRow(['售后', 'sh02', '您好，退货步骤：\n1. 提交申请\n2. 寄回商品']);
  after.addRow(['售后', 'sh03', '   ']);
  after.addRow(['售后', 'sh04', { richText: [{ text: '亲，' }, { font: { bold: true }, text: '稍等' }, { text: '一下哦' } ] }]);
  const notes = wb.addWorksheet('说明');
  notes.addRow(['备注']);
  notes.addRow(['这张表不是话术']);
  const before = wb.addWorksheet('售前');
  before.addRow([]);
  before.addRow(['标题', '回复内容', '分类']);
  before.addRow(['发货时间', '亲，一般48小时内发货', '物流']);
  before.addRow(['公式', { formula: '"亲，"&"欢迎光临"', result: '亲，欢迎光临' }, '']);
};

describe('parseWorkbook', () => {
  it('reads every sheet with a content column, in sheet and row order, with records', async () => {
    const source = await parseWorkbook('q.xlsx', await workbook(QUICK_REPLIES));
    expect(source.drafts.map((d) => d.text)).toEqual([
      '亲，我保证明天发货',
      '您好，退货步骤：\n1. 提交申请\n2. 寄回商品',
      '亲，稍等一下哦',
      '亲，一般48小时内发货',
      '亲，欢迎光临',
    ]);
    expect(source.drafts.map((d) => d.record)).toEqual([
      { sheet: '售后', row: 2, column: 'C', header: '快捷短语', group: '售后', code: 'sh01' },
      { sheet: '售后', row: 4, column: 'C', header: '快捷短语', group: '售后', code: 'sh02' },
      { sheet: '售后', row: 6, column: 'C', header: '快捷短语', group: '售后', code: 'sh04' },
      { sheet: '售前', row: 3, column: 'B', header: '回复内容', group: '物流', title: '发货时间' },
      { sheet: '售前', row: 4, column: 'B', header: '回复内容', title: '公式' },
    ]);
  });

  it('builds a synthetic text, one cell after another; every offset points at its draft', async () => {
    const source = await parseWorkbook('q.xlsx', await workbook(QUICK_REPLIES));
    expect(source.text).toBe(source.drafts.map((d) => d.text).join('\n'));
    for (const d of source.drafts) expect(source.text.slice(d.offset, d.offset + d.text.length)).toBe(d.text);
  });

  it('places each cell at its row: reports give line = row, column inside the cell', async () => {
    const source = await parseWorkbook('q.xlsx', await workbook(QUICK_REPLIES));
    expect(source.places).toEqual(source.drafts.map((d) => ({ range: [d.offset, d.offset + d.text.length], line: d.record!.row, column: 1 })));
    // A finding on 提交 in the multi-line cell of row 4: the line break before it counts as one column.
    const draft = source.drafts[1]!;
    const at = draft.offset + draft.text.indexOf('提交');
    const finding = { ruleId: 'x', severity: 'error' as const, message: 'm', range: [at, at + 2] as const, text: '提交', rewrites: ['递交'], fixable: true, fix: { range: [at, at + 2] as const, text: '递交' } };
    const [message] = toResult('q.xlsx', source.text, [finding], { places: source.places }).messages;
    expect(message).toMatchObject({ line: 4, column: [...'您好，退货步骤：\n1. '].length + 1, endLine: 4, endColumn: [...'您好，退货步骤：\n1. 提交'].length + 1 });
    // Its range points into the synthetic text, not the file: no fix for consumers that apply them.
    expect(message!.fix).toBeUndefined();
  });

  it('readWorkbook gives the rows; workbookSource of them is parseWorkbook', async () => {
    const bytes = await workbook(QUICK_REPLIES);
    const rows = await readWorkbook(bytes);
    expect(rows.map((r) => r.reply?.text)).toEqual((await parseWorkbook('q.xlsx', bytes)).drafts.map((d) => d.text));
    expect(workbookSource('q.xlsx', rows)).toEqual(await parseWorkbook('q.xlsx', bytes));
  });

  it('a huashu-ignore column: a directive per non-blank cell covering the row’s reply, never a draft', async () => {
    const bytes = await workbook((wb) => {
      const sheet = wb.addWorksheet('售后');
      sheet.addRow(['快捷短语', 'huashu-ignore']);
      sheet.addRow(['亲，我保证明天发货', 'no-guarantee、no-but']);
      sheet.addRow(['亲，好的', '']);
      sheet.addRow(['', 'no-but']);
    });
    const source = await parseWorkbook('q.xlsx', bytes);
    expect(source.drafts.map((d) => d.text)).toEqual(['亲，我保证明天发货', '亲，好的']);
    const [first, second] = source.directives!;
    expect(source.directives).toHaveLength(2);
    expect(first!.kind).toBe('ignore-field');
    expect(first!.rules.map((r) => [r.id, source.text.slice(r.range[0], r.range[1])])).toEqual([
      ['no-guarantee', 'no-guarantee'],
      ['no-but', 'no-but'],
    ]);
    expect(source.text.slice(first!.target[0], first!.target[1])).toBe('亲，我保证明天发货');
    expect(first!.record).toEqual({ sheet: '售后', row: 2, column: 'B', header: 'huashu-ignore' });
    // A row without a reply: the directive covers nothing (and is reported as unused when asked).
    expect(second!.target[0]).toBe(second!.target[1]);
    expect(second!.record?.row).toBe(4);
  });

  it('agent-speakers replaces the speaker values that are the agent', async () => {
    const bytes = await workbook((wb) => {
      const log = wb.addWorksheet('聊天记录');
      log.addRow(['角色', '消息内容']);
      log.addRow(['小蜜', '亲，我保证明天发货']);
      log.addRow(['客服', '亲，好的']);
      log.addRow(['小蜜机器人', '亲，在的']);
    });
    const source = await parseWorkbook('log.xlsx', bytes, { agentSpeakers: ['小蜜'] });
    expect(source.drafts.map((d) => d.record?.row)).toEqual([2]);
    const prefixed = await parseWorkbook('log.xlsx', bytes, { agentSpeakers: ['小蜜*'] });
    expect(prefixed.drafts.map((d) => d.record?.row)).toEqual([2, 4]);
  });

  it('--column names the content column in each sheet; sheets without it are skipped', async () => {
    const source = await parseWorkbook('q.xlsx', await workbook(QUICK_REPLIES), { column: '备注' });
    expect(source.drafts.map((d) => [d.text, d.record?.sheet, d.record?.column])).toEqual([['这张表不是话术', '说明', 'A']]);
  });

  it('in a chat log only the agent’s lines are read', async () => {
    const bytes = await workbook((wb) => {
      const log = wb.addWorksheet('聊天记录');
      log.addRow(['发送者', '消息内容']);
      log.addRow(['顾客', '我保证会好评']);
      log.addRow(['客服小美', '亲，我保证明天发货']);
    });
    const source = await parseWorkbook('log.xlsx', bytes);
    expect(source.drafts.map((d) => [d.text, d.record?.row])).toEqual([['亲，我保证明天发货', 3]]);
  });

  it('no sheet with a content column: one-line SourceError listing the headers', async () => {
    const one = await workbook((wb) => wb.addWorksheet('说明').addRow(['备注', '日期']));
    await expect(parseWorkbook('a.xlsx', one)).rejects.toThrow(/^sheet 说明: no content column .*headers: 备注, 日期/);
    const two = await workbook((wb) => {
      wb.addWorksheet('甲').addRow(['备注']);
      wb.addWorksheet('乙').addRow(['日期', '']);
      wb.addWorksheet('空');
    });
    const error = await parseWorkbook('b.xlsx', two).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/^no content column .* in any sheet; headers: 甲: 备注; 乙: 日期; name one with --column$/);
  });

  it('an empty workbook has no drafts', async () => {
    const source = await parseWorkbook('e.xlsx', await workbook((wb) => wb.addWorksheet('Sheet1')));
    expect(source).toEqual({ path: 'e.xlsx', text: '', drafts: [] });
  });

  it('bytes that are not a workbook, an encrypted workbook: one-line SourceErrors', async () => {
    await expect(parseWorkbook('t.xlsx', Buffer.from('分组,快捷短语\n售后,亲\n'))).rejects.toThrow(/^not a workbook: the file is not an \.xlsx \(zip\) file$/);
    await expect(parseWorkbook('z.xlsx', Buffer.from('PK\x03\x04 not really a zip'))).rejects.toThrow(SourceError);
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100), Buffer.from('EncryptionInfo', 'utf16le')]);
    await expect(parseWorkbook('p.xlsx', cfb)).rejects.toThrow(/^password-protected workbook/);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    await expect(parseWorkbook('old.xlsx', xls)).rejects.toThrow(/old \.xls/);
  });
});

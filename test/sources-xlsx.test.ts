/**
 * `.xlsx` workbooks (src/sources/workbook.ts): workbooks built in memory with exceljs, read back
 * into drafts whose `record` is the real location and whose offsets point into the synthetic text.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../src/sources/errors.js';
import { parseWorkbook } from '../src/sources/workbook.js';

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

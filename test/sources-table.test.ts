import { describe, expect, it } from 'vitest';
import { loadParser, SourceError } from '../src/sources/index.js';
import { columnLetter, isAgent, looksLikeTsv, parseCsv, parseTsv } from '../src/sources/table.js';
import type { Draft, SourceFile } from '../src/types.js';
import { applyHidden } from '../src/sources/structured.js';

/** What the rules read: `draft.text` with every hidden range replaced. */
const visible = (draft: Draft): string => applyHidden(draft.text, draft.hidden ?? []);

/** Every draft is the exact slice of the file text at its offset. */
function checked(file: SourceFile): SourceFile {
  for (const d of file.drafts) expect(file.text.slice(d.offset, d.offset + d.text.length)).toBe(d.text);
  return file;
}

const csv = (text: string, column?: string) => checked(parseCsv('t.csv', text, column === undefined ? {} : { column }));

describe('parseCsv', () => {
  it('finds the content column by header and fills the record', () => {
    const file = csv('分组,快捷编码,快捷短语\n售前,sq01,亲，您好\n售后,,亲爱哒\n');
    expect(file.drafts.map((d) => [d.text, d.record])).toEqual([
      ['亲，您好', { row: 2, column: 'C', header: '快捷短语', group: '售前', code: 'sq01' }],
      ['亲爱哒', { row: 3, column: 'C', header: '快捷短语', group: '售后' }],
    ]);
  });

  it('reads records ended by different line breaks (an LF row appended to a CRLF export)', () => {
    const text = '分组,快捷编码,快捷短语\r\n售后,a1,"第一行\n第二行"\r\n售后,a2,亲，明天发\n售前,a3,"请稍等"\r\n售前,a4,好的\r';
    const file = csv(text);
    expect(file.drafts.map((d) => [d.text, d.record?.row, d.record?.code])).toEqual([
      ['第一行\n第二行', 2, 'a1'],
      ['亲，明天发', 3, 'a2'],
      ['请稍等', 4, 'a3'],
      ['好的', 5, 'a4'],
    ]);
  });

  it('reads quoted cells with line breaks, commas and doubled quotes at exact offsets', () => {
    const text = '标题,回复内容\r\n退货,"第一步，点""申请售后""\r\n第二步, 填原因"\r\n优惠,满199减20\r\n';
    const [first, second] = csv(text).drafts;
    expect(first!.text).toBe('第一步，点""申请售后""\r\n第二步, 填原因');
    expect(first!.offset).toBe(text.indexOf('第一步'));
    expect(visible(first!)).toBe('第一步，点"申请售后"\r\n第二步, 填原因');
    expect(first!.hidden).toEqual([
      { range: [5, 6], replacement: '' },
      { range: [11, 12], replacement: '' },
    ]);
    expect(first!.record).toEqual({ row: 2, column: 'B', header: '回复内容', title: '退货' });
    // The multi-line cell is one spreadsheet row: the next record is row 3.
    expect(second!.record!.row).toBe(3);
    expect(second!.hidden).toBeUndefined();
  });

  it('counts blank lines as rows, skips empty cells and keeps quotes inside unquoted cells literal', () => {
    const file = csv('内容\n\n他说"好"的\n""\n 第四行\n');
    expect(file.drafts.map((d) => [d.text, d.record!.row])).toEqual([
      ['他说"好"的', 3],
      [' 第四行', 5],
    ]);
  });

  it('keeps exact offsets after astral characters and multi-byte text in earlier rows', () => {
    const text = '编码,内容\n😀😀,"亲😀，您好"\nß,再见\n';
    const file = csv(text);
    expect(file.drafts.map((d) => [d.text, d.offset])).toEqual([
      ['亲😀，您好', text.indexOf('亲')],
      ['再见', text.indexOf('再见')],
    ]);
  });

  it('knows header synonyms in Chinese and English, first synonym first', () => {
    expect(csv('id,Reply,Group\n1,hello there,A\n').drafts[0]!.record).toEqual({ row: 2, column: 'B', header: 'Reply', group: 'A' });
    // 短语内容 ranks above 内容 wherever it stands.
    expect(csv('内容,短语内容\n备注,回复\n').drafts[0]!.text).toBe('回复');
    expect(csv('话术, 分组名称 ,快捷码\n亲,售后,x1\n').drafts[0]!.record).toEqual({ row: 2, column: 'A', header: '话术', group: '售后', code: 'x1' });
  });

  it('--column picks the content column by header, letter or 1-based number', () => {
    const text = '备注,答复,说明\n不看,亲，您好,不看\n';
    for (const column of ['答复', 'B', 'b', '2']) {
      const [d] = csv(text, column).drafts;
      expect(d!.text).toBe('亲，您好');
      expect(d!.record).toEqual({ row: 2, column: 'B', header: '答复' });
    }
    // It overrides detection.
    expect(csv('内容,其他\n一,二\n', 'A').drafts[0]!.text).toBe('一');
    expect(csv('内容,其他\n一,二\n', '其他').drafts[0]!.text).toBe('二');
  });

  it('throws a one-line SourceError listing the headers when there is no content column', () => {
    expect(() => csv('分组,编码,备注\n售前,a,b\n')).toThrow(SourceError);
    expect(() => csv('分组,编码,备注\n售前,a,b\n')).toThrow(/^no content column .*; headers: 分组, 编码, 备注; name one with --column$/);
    expect(() => csv('分组,内容\n售前,a\n', 'D')).toThrow(/^--column D: no such column; headers: 分组, 内容$/);
    expect(() => csv('分组,内容\n售前,a\n', '0')).toThrow(SourceError);
  });

  it('reports csv-parse errors as SourceError', () => {
    expect(() => csv('内容\n"没有闭合的引号\n')).toThrow(/^cannot parse the table/);
  });

  it('sniffs tab and semicolon delimiters in a .csv', () => {
    expect(csv('分组\t内容\n售前\t亲，在的\n').drafts[0]!.record).toMatchObject({ column: 'B', group: '售前' });
    expect(csv('分组;内容\n售前;亲，在的\n').drafts[0]!.text).toBe('亲，在的');
  });

  it('handles CR-only line endings and a last row without a line break', () => {
    const file = csv('内容,分组\r"一\r二",a\r三,b');
    expect(file.drafts.map((d) => [d.text, d.record!.row, d.record!.group])).toEqual([
      ['一\r二', 2, 'a'],
      ['三', 3, 'b'],
    ]);
  });
});

describe('chat logs', () => {
  it('lints only the agent lines when there is a speaker column', () => {
    const text = '时间,发送者,消息内容\n10:00,顾客,你保证吗\n10:01,客服,亲，在的\n10:02,客服小美,好的\n10:03,,无人\n10:04,商家,收到\n';
    expect(csv(text).drafts.map((d) => d.text)).toEqual(['亲，在的', '好的', '收到']);
  });

  it('reads waiter_send flags (1 = the agent)', () => {
    const text = 'waiter_send,content\n0,buyer says\n1,agent says\ntrue,also agent\n';
    expect(csv(text).drafts.map((d) => [d.text, d.record!.row])).toEqual([
      ['agent says', 3],
      ['also agent', 4],
    ]);
  });

  it('isAgent: names and roles, flags', () => {
    expect(isAgent(' Waiter ', false)).toBe(true);
    expect(isAgent('客服-01', false)).toBe(true);
    expect(isAgent('买家', false)).toBe(false);
    expect(isAgent('1', false)).toBe(false);
    expect(isAgent('1', true)).toBe(true);
    expect(isAgent('0', true)).toBe(false);
  });
});

describe('escape', () => {
  it('doubles quotes written into a quoted cell', () => {
    const [d] = csv('内容\n"亲，好的"\n').drafts;
    expect(d!.escape!('说"好"')).toBe('说""好""');
  });

  it('refuses replacements an unquoted cell cannot hold', () => {
    const [d] = csv('内容,分组\n亲，好的,a\n').drafts;
    expect(d!.escape!('好的呀')).toBe('好的呀');
    expect(d!.escape!('好,的')).toBeUndefined();
    expect(d!.escape!('说"好"')).toBeUndefined();
    expect(d!.escape!('一\n二')).toBeUndefined();
    expect(d!.escape!('一\r二')).toBeUndefined();
    // In a TSV a comma is fine, a tab is not.
    const [t] = checked(parseTsv('t.tsv', '内容\t分组\n亲，好的\ta\n')).drafts;
    expect(t!.escape!('好,的')).toBe('好,的');
    expect(t!.escape!('好\t的')).toBeUndefined();
  });

  it('gives no fix in an unquoted cell that starts with a literal quote', () => {
    const [d] = csv('内容\n"限时"特价\n').drafts;
    expect(d!.text).toBe('"限时"特价');
    expect(d!.escape!('好')).toBeUndefined();
  });
});

describe('registry and .txt detection', () => {
  it('registers .csv and .tsv; the plain signature still works', async () => {
    expect((await loadParser('a/b.CSV'))('b.csv', '内容\n亲\n').drafts[0]!.record).toEqual({ row: 2, column: 'A', header: '内容' });
    expect((await loadParser('b.tsv'))('b.tsv', '分组\t内容\na\t亲,好\n').drafts[0]!.text).toBe('亲,好');
    expect((await loadParser('b.csv', { column: 'B' }))('b.csv', 'x,y\n1,2\n').drafts[0]!.text).toBe('2');
  });

  it('reads a .txt as a table only when clearly tab-separated with a known header', async () => {
    const table = '标题\t短语内容\n催付\t亲，记得付款哦\n';
    expect(looksLikeTsv(table)).toBe(true);
    expect((await loadParser('x.txt'))('x.txt', table).drafts.map((d) => d.text)).toEqual(['亲，记得付款哦']);
    // Plain quick replies, even with a tab, stay plain text.
    expect(looksLikeTsv('亲，您好\t欢迎光临\n内容\n')).toBe(false);
    expect(looksLikeTsv('内容\n亲\n')).toBe(false);
    expect(looksLikeTsv('内容说明很长很长很长很长很长很长很长很长很长\t短语\n')).toBe(false);
    expect((await loadParser('x.txt'))('x.txt', '亲，您好\t欢迎光临\n').drafts.map((d) => d.text)).toEqual(['亲，您好\t欢迎光临']);
    // --column naming a header of a tab-separated first line makes it a table too.
    expect(looksLikeTsv('备注\t答复\n', '答复')).toBe(true);
    expect((await loadParser('x.txt', { column: '答复' }))('x.txt', '备注\t答复\n无\t亲\n').drafts.map((d) => d.text)).toEqual(['亲']);
  });

  it('columnLetter', () => {
    expect([0, 2, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'C', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('README', () => {
  it('documents every header synonym, speaker value and flag value (in both languages)', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const [chinese, english] = readme.split('\n## English\n');
    const table = await import('../src/sources/table.js');
    const lists = [table.CONTENT_HEADERS, table.GROUP_HEADERS, table.CODE_HEADERS, table.TITLE_HEADERS, table.SPEAKER_HEADERS, table.AGENT_FLAG_HEADERS, table.DEFAULT_AGENT_SPEAKERS, table.FLAG_VALUES];
    // A README name counts when it normalizes to the synonym (reply_text documents replytext).
    const names = (text: string) => new Set([...text.matchAll(/[^\s、，,;；：:（）()`'"。./]+/g)].map((m) => table.normalizeHeader(m[0])));
    for (const part of [chinese!, english!]) {
      const documented = names(part);
      const missing = lists.flat().filter((name) => !documented.has(table.normalizeHeader(name)) && !documented.has(name.toLowerCase()));
      expect(missing).toEqual([]);
    }
  });
});

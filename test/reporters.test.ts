/**
 * Reporters are pure functions of results: tested from hand-built results.
 */
import { describe, expect, it } from 'vitest';
import { formatJson } from '../src/reporters/json.js';
import { Chalk } from 'chalk';
import { loadFormat } from '../src/reporters/index.js';
import { formatStylish } from '../src/reporters/stylish.js';
import type { LintMessage, LintResult } from '../src/types.js';

const source = '亲，我保证明天发货\n😀但是没关系';
const guarantee: LintMessage = {
  ruleId: 'no-guarantee', severity: 'error', message: '不要作承诺', line: 1, column: 4, endLine: 1, endColumn: 6,
  text: '保证', rewrites: ['尽量'], fixable: true, range: [3, 5], fix: { range: [3, 5], text: '尽量' },
};
const but: LintMessage = {
  ruleId: 'no-but', severity: 'warning', message: '不说但是', line: 2, column: 2, endLine: 2, endColumn: 4,
  text: '但是', rewrites: [], fixable: false, range: [12, 14],
};
const result: LintResult = { path: 'drafts.txt', source, messages: [guarantee, but], errorCount: 1, warningCount: 1, infoCount: 0 };
const clean: LintResult = { path: 'clean.txt', source: '您好', messages: [], errorCount: 0, warningCount: 0, infoCount: 0 };

describe('json reporter', () => {
  it('writes exactly the documented shape', () => {
    const parsed = JSON.parse(formatJson([result, clean]));
    expect(parsed).toEqual([
      {
        path: 'drafts.txt', errorCount: 1, warningCount: 1, infoCount: 0,
        messages: [
          { ruleId: 'no-guarantee', severity: 'error', message: '不要作承诺', line: 1, column: 4, endLine: 1, endColumn: 6, text: '保证', rewrites: ['尽量'], fixable: true },
          { ruleId: 'no-but', severity: 'warning', message: '不说但是', line: 2, column: 2, endLine: 2, endColumn: 4, text: '但是', rewrites: [], fixable: false },
        ],
      },
      { path: 'clean.txt', errorCount: 0, warningCount: 0, infoCount: 0, messages: [] },
    ]);
  });
});

describe('records of tables and structured files', () => {
  const inTable: LintMessage = { ...guarantee, record: { sheet: 'Sheet1', row: 12, column: 'C', header: '短语内容', group: '售后', code: 'sh01' } };
  const tableResult: LintResult = { ...result, messages: [inTable] };
  it('json adds the record to the message', () => {
    const [file] = JSON.parse(formatJson([tableResult]));
    expect(file.messages[0].record).toEqual({ sheet: 'Sheet1', row: 12, column: 'C', header: '短语内容', group: '售后', code: 'sh01' });
    expect(JSON.parse(formatJson([result]))[0].messages[0]).not.toHaveProperty('record');
  });
  it('stylish shows where the reply sits', () => {
    expect(formatStylish([tableResult], { color: false }).split('\n')[2]).toBe('       Sheet1!C12 短语内容 · 分组 售后 · 编码 sh01');
  });
  it('stylish shows a key path without gluing a row number to it', () => {
    const inJson: LintMessage = { ...guarantee, record: { row: 1, column: 'replies[0].text', header: 'text' } };
    expect(formatStylish([{ ...result, messages: [inJson] }], { color: false }).split('\n')[2]).toBe('       replies[0].text text');
  });
});

describe('stylish reporter', () => {
  const text = formatStylish([result, clean], { color: false });
  const lines = text.split('\n');

  it('groups by file and shows position, severity, message and rule', () => {
    expect(lines[0]).toBe('drafts.txt');
    expect(lines[1]).toBe('  1:4  error  不要作承诺  no-guarantee');
    expect(text).not.toContain('clean.txt');
  });

  it('shows the span in its line with carets under it, aligned by display width', () => {
    expect(lines[2]).toBe('       亲，我保证明天发货');
    // 亲，我 is six columns wide in a terminal; 保证 is four.
    expect(lines[3]).toBe('       ' + ' '.repeat(6) + '^^^^');
    // The second message has no rewrites, so no rewrite line follows its carets.
    expect(lines[5]).toBe('  2:2  warning  不说但是  no-but');
    expect(lines[6]).toBe('       😀但是没关系');
    expect(lines[7]).toBe('       ' + ' '.repeat(2) + '^^^^');
  });

  it('shows original → rewrite and says when it can be fixed', () => {
    expect(lines[4]).toBe('       保证 → 尽量（可自动修复）');
  });

  it('ends with a summary', () => {
    expect(text).toContain('✖ 2 个问题（1 个错误，1 个警告，0 个提示）');
    expect(text).toContain('其中 1 个可以用 --fix 自动修复');
  });

  it('prints nothing for clean results, and colors only when asked', () => {
    expect(formatStylish([clean], { color: false })).toBe('');
    expect(text).not.toMatch(/\u001b\[/);
    const colored = formatStylish([result], { color: true, styles: new Chalk({ level: 1 }) });
    expect(colored).toMatch(/\u001b\[/);
    // Without colors the styles are never needed; with colors they must be given.
    expect(formatStylish([result], { color: false, styles: new Chalk({ level: 1 }) })).toBe(formatStylish([result], { color: false }));
    expect(() => formatStylish([result], { color: true })).toThrow(/styles/);
  });

  it('loads chalk for colors only: loadFormat("stylish") colors when asked, and only then', async () => {
    const plain = (await loadFormat('stylish', { color: false }))([result], { color: false });
    expect(plain).toBe(formatStylish([result], { color: false }));
    const colored = (await loadFormat('stylish', { color: true }))([result], { color: true });
    expect(colored).toMatch(/\u001b\[/);
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('shows a tab as one space and counts a combining mark as no column', () => {
    const line = 'a\tcafe\u0301 我保证';
    const m = { ...guarantee, range: [9, 11] as const, column: 10, endColumn: 12 };
    const out = formatStylish([{ ...result, source: line, messages: [m] }], { color: false }).split('\n');
    expect(out[2]).toBe('        a cafe\u0301 我保证');
    // a, the tab, c, a, f, e, the space: seven columns; 我: two.
    expect(out[3]).toBe('        ' + ' '.repeat(9) + '^^^^');
  });

  it('trims long lines around the span', () => {
    const long = '很'.repeat(60) + '保证' + '好'.repeat(60);
    const m = { ...guarantee, range: [60, 62] as const, column: 61, endColumn: 63 };
    const out = formatStylish([{ ...result, source: long, messages: [m] }], { color: false }).split('\n');
    // "1:61" is four wide, so the context is indented 2 + 4 + 2 columns.
    expect(out[2]).toBe(' '.repeat(8) + '…' + '很'.repeat(12) + '保证' + '好'.repeat(12) + '…');
  });

  it('shows only the line of the span, whatever its line breaks (LF, CRLF, CR)', () => {
    for (const [before, after] of [['a\n', '\nb'], ['a\r\n', '\r\nb'], ['a\r', '\rb'], ['a\n', '\rb']]) {
      const source = `${before}亲，我保证${after}`;
      const m = { ...guarantee, range: [before.length + 3, before.length + 5] as const, line: 2, column: 4, endColumn: 6 };
      const out = formatStylish([{ ...result, source, messages: [m] }], { color: false }).split('\n');
      expect(out[2], JSON.stringify(source)).toBe(' '.repeat(7) + '亲，我保证');
      expect(out[3]).toBe(' '.repeat(7) + ' '.repeat(6) + '^^^^');
    }
  });

  it('trims by display width across emoji, Chinese punctuation and “quotes”', () => {
    // Before the span, from its end: 好，(4 columns) then 😀 (2) then “a” (3) ten times over.
    const before = '“a”😀好，'.repeat(10);
    const long = before + '保证';
    const m = { ...guarantee, range: [before.length, before.length + 2] as const, column: 61, endColumn: 63 };
    const out = formatStylish([{ ...result, source: long, messages: [m] }], { color: false }).split('\n');
    // 24 columns kept: 好，😀“a” (9) twice, then 😀好， (6) — an emoji is never cut in half.
    expect(out[2]).toBe(' '.repeat(8) + '…' + '😀好，' + '“a”😀好，'.repeat(2) + '保证');
    // The carets sit after 1 + 24 columns of context.
    expect(out[3]).toBe(' '.repeat(8) + ' '.repeat(25) + '^^^^');
    // One column left for an emoji: it is left out whole, not cut to half a surrogate pair.
    const tight = 'x😀' + 'a'.repeat(23);
    const m2 = { ...m, range: [tight.length, tight.length + 2] as const, column: 26, endColumn: 28 };
    const out2 = formatStylish([{ ...result, source: tight + '保证', messages: [m2] }], { color: false }).split('\n');
    expect(out2[2]).toBe(' '.repeat(8) + '…' + 'a'.repeat(23) + '保证');
  });
});

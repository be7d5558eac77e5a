/**
 * End-to-end: the `huashu-ignore` opt-out column (CSV, TSV, XLSX) and key (JSON, JSONL, YAML)
 * through the built bin, with the test rule (旧说法 → 新说法) from a rules directory. In every
 * format: the record that names the rule is neither reported nor fixed, the others are; the
 * huashu-ignore value is never linted (its reason text says 旧说法 and is never flagged); an
 * unused one is reported at its own place with --report-unused-disables; an unknown id warns.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { huashu, tempDir, TEST_RULE } from './support.js';

/** A project with the test rule in rules/ and one file. */
function project(name: string, content: string | Buffer): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'no-hurry.yaml'), TEST_RULE);
  writeFileSync(join(dir, name), content);
  return dir;
}

interface Message {
  ruleId: string;
  line: number;
  column: number;
  text: string;
  message: string;
  record?: { row?: number; column?: string; header?: string };
}

function lint(dir: string, name: string, extra: string[] = []): { code: number | null; messages: Message[]; stderr: string } {
  const r = huashu(['--format', 'json', '--rules-dir', 'rules', ...extra, name], { cwd: dir });
  const messages = r.stdout ? (JSON.parse(r.stdout) as { messages: Message[] }[])[0]!.messages : [];
  return { code: r.code, messages, stderr: r.stderr };
}

/** 1-based line and code-point column of the n-th occurrence of `part` in a text file. */
function at(text: string, part: string, nth = 0): string {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(part, offset + 1);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${[...before[before.length - 1]!].length + 1}`;
}

const where = (m: Message) => `${m.line}:${m.column}`;

/** Text formats: the file, and the places of the finding kept, the directive unused, and its record. */
const TEXT_CASES = [
  {
    name: 'replies.csv',
    content: '分组,快捷短语,huashu-ignore\n售后,这是旧说法,no-hurry -- 旧说法在这里是原话\n售后,又是旧说法,\n售后,没有问题,no-hurry\n',
    unusedRecord: { row: 4, column: 'C', header: 'huashu-ignore' },
  },
  {
    name: 'replies.tsv',
    content: '快捷短语\thuashu-ignore\n这是旧说法\tno-hurry -- 旧说法在这里是原话\n又是旧说法\t\n没有问题\tno-hurry\n',
    unusedRecord: { row: 4, column: 'B', header: 'huashu-ignore' },
  },
  {
    name: 'replies.json',
    content:
      '{\n  "replies": [\n    { "text": "这是旧说法", "huashu-ignore": "no-hurry -- 旧说法在这里是原话" },\n    { "text": "又是旧说法" },\n    { "text": "没有问题", "huashu-ignore": ["no-hurry"] }\n  ]\n}\n',
    unusedRecord: { row: 3, column: 'replies[2].huashu-ignore', header: 'huashu-ignore' },
  },
  {
    name: 'replies.jsonl',
    content: '{"text": "这是旧说法", "huashu-ignore": "no-hurry -- 旧说法在这里是原话"}\n{"text": "又是旧说法"}\n{"text": "没有问题", "huashu-ignore": "no-hurry"}\n',
    unusedRecord: { row: 3, column: 'huashu-ignore', header: 'huashu-ignore' },
  },
  {
    name: 'replies.yaml',
    content: '# 售后话术\n- text: 这是旧说法\n  huashu-ignore: no-hurry -- 旧说法在这里是原话\n- text: 又是旧说法\n- text: 没有问题\n  huashu-ignore: [no-hurry]\n',
    unusedRecord: { row: 3, column: '[2].huashu-ignore', header: 'huashu-ignore' },
  },
];

describe.each(TEXT_CASES)('huashu-ignore in $name', ({ name, content, unusedRecord }) => {
  it('suppresses the named rule on its record only, and never lints its own value', () => {
    const dir = project(name, content);
    const r = lint(dir, name);
    expect(r.stderr).toBe('');
    // 旧说法 occurs in the first reply, in the first huashu-ignore value, and in the second reply.
    expect(r.messages.map((m) => [m.ruleId, where(m)])).toEqual([['no-hurry', at(content, '旧说法', 2)]]);
    expect(r.code).toBe(1);
  });

  it('--fix changes only the records it does not cover', () => {
    const dir = project(name, content);
    const r = huashu(['--fix', '--rules-dir', 'rules', name], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, name), 'utf8')).toBe(content.replace('又是旧说法', '又是新说法'));
  });

  it('--report-unused-disables reports the one that suppresses nothing, at its place', () => {
    const dir = project(name, content);
    const unused = lint(dir, name, ['--report-unused-disables']).messages.filter((m) => m.ruleId === 'unused-disable');
    expect(unused.map((m) => [where(m), m.message, m.record])).toEqual([[at(content, 'no-hurry', 1), '多余的 huashu-ignore：no-hurry 在这里没有报告问题', unusedRecord]]);
  });

  it('an unknown rule id warns at its place and hides nothing', () => {
    const dir = project(name, content.replace('no-hurry -- ', 'no-hury -- '));
    const r = lint(dir, name);
    expect(r.messages.map((m) => [m.ruleId, where(m)])).toEqual([
      ['no-hurry', at(content, '旧说法', 0)],
      ['unknown-rule-in-directive', at(content, 'no-hurry', 0)],
      ['no-hurry', at(content, '旧说法', 2)],
    ]);
    expect(r.messages[1]!.message).toBe('huashu-ignore 里的规则 no-hury 不存在（是不是 no-hurry？）');
  });
});

describe('huashu-ignore in an .xlsx workbook', () => {
  async function workbook(path: string): Promise<void> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('售后');
    sheet.addRow(['快捷短语', '备注', 'huashu-ignore']);
    sheet.addRow(['这是旧说法', '', 'no-hurry -- 旧说法在这里是原话']);
    sheet.addRow(['又是旧说法', '', '']);
    sheet.addRow(['没有问题', '', 'no-hurry']);
    await wb.xlsx.writeFile(path);
  }

  it('suppresses, fixes the others, and reports the unused cell at its row', async () => {
    const dir = project('placeholder.txt', '');
    await workbook(join(dir, 'replies.xlsx'));
    const r = lint(dir, 'replies.xlsx', ['--report-unused-disables']);
    expect(r.messages.map((m) => [m.ruleId, where(m), m.record])).toEqual([
      ['no-hurry', '3:3', { sheet: '售后', row: 3, column: 'A', header: '快捷短语' }],
      ['unused-disable', '4:1', { sheet: '售后', row: 4, column: 'C', header: 'huashu-ignore' }],
    ]);
    const fixed = huashu(['--fix', '--rules-dir', 'rules', 'replies.xlsx'], { cwd: dir });
    expect(fixed.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'replies.xlsx'));
    expect(['A2', 'A3', 'C2'].map((c) => wb.getWorksheet('售后')!.getCell(c).text)).toEqual(['这是旧说法', '又是新说法', 'no-hurry -- 旧说法在这里是原话']);
  });
});

/**
 * Baselines (src/baseline.ts): fingerprints, building, applying by counts and the file format
 * from hand-built results; then `--baseline-write` / `--baseline` through the built bin.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, buildBaseline, fingerprint, formatBaseline, parseBaseline, type Baseline } from '../src/baseline.js';
import { toResult } from '../src/results.js';
import type { Finding, LintResult, RecordInfo } from '../src/types.js';
import { huashu, tempDir, writeFiles } from './e2e-support.js';

/** A result for `path` with one finding per [rule, flagged text, record?], in file order. */
function result(path: string, findings: [string, string, RecordInfo?][]): LintResult {
  let source = '';
  const list: Finding[] = findings.map(([ruleId, text, record]) => {
    const start = source.length;
    source += `${text}\n`;
    return { ruleId, severity: 'error', message: 'm', range: [start, start + text.length], text, rewrites: [], fixable: false, ...(record ? { record } : {}) };
  });
  return toResult(path, source, list);
}

const same = (p: string) => p;

describe('fingerprint', () => {
  it('is rule, record identity and a short hash of the flagged text, never a row or line', () => {
    const [m] = result('a.csv', [['no-guarantee', '保证', { sheet: '售后', row: 12, column: 'C', header: '短语内容', group: '售后', code: 'sh01' }]]).messages;
    const f = fingerprint(m!);
    expect(f).toEqual({ rule: 'no-guarantee', sheet: '售后', column: 'C', code: 'sh01', hash: expect.stringMatching(/^[0-9a-f]{12}$/) });
    // The same flagged text on another row or line has the same fingerprint.
    const moved = { ...m!, line: 40, record: { ...m!.record!, row: 99 } };
    expect(fingerprint(moved)).toEqual(f);
    expect(fingerprint({ ...m!, text: '肯定' }).hash).not.toBe(f.hash);
  });

  it('drops list indexes from key paths (they shift when items are inserted)', () => {
    const at = (column: string) => fingerprint({ ruleId: 'r', text: 't', record: { column, row: 1 } }).column;
    expect(at('replies[3].text')).toBe('replies[].text');
    expect(at('replies[0].text')).toBe('replies[].text');
    expect(at('售后.退货[12]')).toBe('售后.退货[]');
  });
});

describe('applyBaseline', () => {
  it('hides at most the recorded count per fingerprint, in file order, and recounts', () => {
    const before = result('a.txt', [['no-guarantee', '保证'], ['no-guarantee', '保证'], ['no-but', '但是']]);
    const baseline = buildBaseline([before], same);
    const after = result('a.txt', [['no-guarantee', '保证'], ['no-guarantee', '保证'], ['no-guarantee', '保证'], ['no-but', '但是'], ['no-but', '但是']]);
    const applied = applyBaseline([after], baseline, same);
    expect(applied.hidden).toBe(3);
    expect(applied.unused).toBe(0);
    const [r] = applied.results;
    // The third 保证 and the second 但是 are new.
    expect(r!.messages.map((m) => `${m.line}:${m.ruleId}`)).toEqual(['3:no-guarantee', '5:no-but']);
    expect(r!.errorCount).toBe(2);
  });

  it('tells a record apart by sheet, column and code', () => {
    const baseline = buildBaseline([result('q.xlsx', [['no-guarantee', '保证', { sheet: '售后', column: 'C', code: 'sh01', row: 2 }]])], same);
    const after = result('q.xlsx', [
      ['no-guarantee', '保证', { sheet: '售后', column: 'C', code: 'sh01', row: 5 }],
      ['no-guarantee', '保证', { sheet: '售后', column: 'C', code: 'sh02', row: 6 }],
      ['no-guarantee', '保证', { sheet: '售前', column: 'C', code: 'sh01', row: 2 }],
    ]);
    const applied = applyBaseline([after], baseline, same);
    expect(applied.results[0]!.messages.map((m) => m.record?.code + '@' + m.record?.sheet)).toEqual(['sh02@售后', 'sh01@售前']);
  });

  it('counts recorded findings that no longer occur, only for the files that were linted', () => {
    const baseline = buildBaseline([result('a.txt', [['no-but', '但是'], ['no-but', '但是']]), result('b.txt', [['no-but', '但是']])], same);
    const applied = applyBaseline([result('a.txt', [['no-but', '但是']])], baseline, same);
    expect(applied).toMatchObject({ hidden: 1, unused: 1 });
    expect(applied.results[0]!.messages).toEqual([]);
    expect(applied.results[0]!.errorCount).toBe(0);
  });

  it('matches through the path mapping (paths relative to the baseline file)', () => {
    const baseline = buildBaseline([result('replies/a.txt', [['no-but', '但是']])], same);
    const fromSubdir = (p: string) => `replies/${p}`;
    expect(applyBaseline([result('a.txt', [['no-but', '但是']])], baseline, fromSubdir).hidden).toBe(1);
  });
});

describe('buildBaseline and the file format', () => {
  it('is sorted and stable whatever the order of results and findings', () => {
    const a = result('b.txt', [['no-but', '但是'], ['no-guarantee', '保证']]);
    const b = result('a.txt', [['no-guarantee', '绝对'], ['no-but', '但是'], ['no-guarantee', '绝对']]);
    const b2 = result('a.txt', [['no-but', '但是'], ['no-guarantee', '绝对'], ['no-guarantee', '绝对']]);
    const text = formatBaseline(buildBaseline([a, b], same));
    expect(formatBaseline(buildBaseline([b2, a], same))).toBe(text);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['version', 'files']);
    expect(parsed.version).toBe(1);
    expect(Object.keys(parsed.files)).toEqual(['a.txt', 'b.txt']);
    expect(parsed.files['a.txt'].map((e: { rule: string; count: number }) => `${e.rule}×${e.count}`)).toEqual(['no-but×1', 'no-guarantee×2']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "files": {\n');
    expect(parseBaseline('b.json', text)).toEqual(parseBaseline('b.json', formatBaseline(parseBaseline('b.json', text))));
  });

  it('replaces the entries of linted files and keeps the others that keepFile keeps', () => {
    const previous = buildBaseline([result('a.txt', [['no-but', '但是']]), result('gone.txt', [['no-but', '但是']]), result('kept.txt', [['no-but', '但是']])], same);
    const next = buildBaseline([result('a.txt', [])], same, previous, (f) => f !== 'gone.txt');
    expect(Object.keys(next.files)).toEqual(['kept.txt']);
  });
});

describe('parseBaseline', () => {
  const thrown = (text: string) => {
    try {
      parseBaseline('b.json', text);
    } catch (error) {
      return error as Error & { position?: { line: number; column: number } };
    }
    throw new Error('expected parseBaseline to throw');
  };

  it('reports JSON syntax errors with their position', () => {
    const e = thrown('{\n  "version": 1,\n  "files": {,}\n}');
    expect(e.position).toEqual({ line: 3, column: 13 });
    expect(e.message).toMatch(/invalid JSON/);
  });

  it('rejects another version and malformed entries, saying what is wrong', () => {
    expect(thrown('{"version": 2, "files": {}}').message).toMatch(/"version" is 2, this huashu reads version 1/);
    expect(thrown('[]').message).toMatch(/not a huashu baseline: expected a JSON object/);
    expect(thrown('{"version": 1, "files": {"a.txt": [{"rule": "r", "hash": "abc", "count": 1}]}}').message).toMatch(/files\["a.txt"\]\[0\]\.hash must be 12 hex digits/);
    expect(thrown('{"version": 1, "files": {"a.txt": [{"rule": "r", "hash": "0123456789ab", "count": 0}]}}').message).toMatch(/count must be a whole number ≥ 1/);
    expect(thrown('{"version": 1, "files": {"a.txt": [{"rule": "r", "hash": "0123456789ab", "count": 1, "line": 3}]}}').message).toMatch(/unknown field "line"/);
  });

  it('reads a valid file back', () => {
    const b: Baseline = { version: 1, files: { 'a.txt': [{ rule: 'r', column: 'C', hash: '0123456789ab', count: 2 }] } };
    expect(parseBaseline('b.json', formatBaseline(b))).toEqual(b);
  });
});

describe('huashu --baseline-write / --baseline (the bin)', () => {
  const LIBRARY = {
    'replies/售后.txt': '亲，我们保证今天就给您发出\n这个问题不归我管\n',
    'replies/售前.txt': '您好，欢迎光临本店\n',
  };

  it('records today\'s findings (exit 0), then reports only new ones, wherever lines move', () => {
    const dir = tempDir();
    writeFiles(dir, LIBRARY);
    const write = huashu(['--baseline-write', '.huashu-baseline.json', 'replies'], dir);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('');
    expect(write.stderr).toMatch(/^huashu: wrote \.huashu-baseline\.json \(2 findings in 1 file\)\n$/);
    const recorded = JSON.parse(readFileSync(join(dir, '.huashu-baseline.json'), 'utf8'));
    expect(Object.keys(recorded.files)).toEqual(['replies/售后.txt']);

    const clean = huashu(['--baseline', '.huashu-baseline.json', 'replies'], dir);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toBe('huashu: the baseline .huashu-baseline.json hid 2 findings\n');

    // A new flagged reply inserted above the old ones: only it is reported, at its own line.
    writeFileSync(join(dir, 'replies/售后.txt'), '你们烦不烦啊\n亲，我们保证今天就给您发出\n这个问题不归我管\n');
    const next = huashu(['--baseline', '.huashu-baseline.json', '--format', 'json', 'replies'], dir);
    expect(next.code).toBe(1);
    const [file] = JSON.parse(next.stdout).filter((f: { messages: unknown[] }) => f.messages.length);
    expect(file.messages.map((m: { line: number; ruleId: string }) => `${m.line}:${m.ruleId}`)).toEqual(['1:no-impatience']);
  });

  it('finds the entries from another working directory (paths are relative to the baseline file)', () => {
    const dir = tempDir();
    writeFiles(dir, LIBRARY);
    expect(huashu(['--baseline-write', '.huashu-baseline.json', 'replies'], dir).code).toBe(0);
    const r = huashu(['--baseline', '../.huashu-baseline.json', '.'], join(dir, 'replies'));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('hid 2 findings');
  });

  it('says when recorded findings no longer occur, and --baseline-write prunes them', () => {
    const dir = tempDir();
    writeFiles(dir, LIBRARY);
    huashu(['--baseline-write', '.huashu-baseline.json', 'replies'], dir);
    writeFileSync(join(dir, 'replies/售后.txt'), '亲，我们保证今天就给您发出\n这个问题我来帮您处理\n');
    const r = huashu(['--baseline', '.huashu-baseline.json', 'replies'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('huashu: 1 baseline entry no longer found; run --baseline-write to prune\n');
    expect(huashu(['--baseline-write', '.huashu-baseline.json', 'replies'], dir).stderr).toContain('(1 finding in 1 file)');
    expect(huashu(['--baseline', '.huashu-baseline.json', 'replies'], dir).stderr).not.toContain('no longer found');
  });

  it('keeps the entries of files a later --baseline-write did not lint, drops those of deleted files', () => {
    const dir = tempDir();
    writeFiles(dir, { ...LIBRARY, 'old/旧.txt': '我们绝对不会发错货\n' });
    huashu(['--baseline-write', 'b.json', 'replies', 'old'], dir);
    writeFiles(dir, { 'replies/售前.txt': '您好，但是这款没有现货\n' });
    huashu(['--baseline-write', 'b.json', 'replies/售前.txt'], dir);
    const files = () => Object.keys(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).files);
    expect(files()).toEqual(['old/旧.txt', 'replies/售前.txt', 'replies/售后.txt']);
    writeFiles(dir, { 'replies/售前.txt': '您好，欢迎光临本店\n' });
    mkdirSync(join(dir, 'empty'));
    huashu(['--baseline-write', 'b.json', 'empty'], dir);
    expect(files()).toEqual(['old/旧.txt', 'replies/售前.txt', 'replies/售后.txt']);
    huashu(['--baseline-write', 'b.json', 'replies/售前.txt'], dir);
    expect(files()).toEqual(['old/旧.txt', 'replies/售后.txt']);
  });

  it('identifies table rows by column and shortcut code, not row number (CSV)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'q.csv': '快捷编码,短语内容\nsh01,亲，我们保证今天就给您发出\n' });
    huashu(['--baseline-write', 'b.json', 'q.csv'], dir);
    // A row inserted above: the old row is still known; the same text under another code is new.
    writeFiles(dir, { 'q.csv': '快捷编码,短语内容\nsh00,您好，欢迎光临本店\nsh01,亲，我们保证今天就给您发出\nsh02,亲，我们保证今天就给您发出\n' });
    const r = huashu(['--baseline', 'b.json', '--format', 'json', 'q.csv'], dir);
    expect(r.code).toBe(1);
    const [file] = JSON.parse(r.stdout);
    expect(file.messages.map((m: { record: RecordInfo }) => `${m.record.row}:${m.record.code}`)).toEqual(['4:sh02']);
  });

  it('works for XLSX workbooks (sheet, column, code)', async () => {
    const dir = tempDir();
    const write = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('售后');
      sheet.addRow(['快捷编码', '快捷短语']);
      rows.forEach((row) => sheet.addRow(row));
      await wb.xlsx.writeFile(join(dir, 'q.xlsx'));
    };
    await write([['sh01', '这个问题不归我管']]);
    expect(huashu(['--baseline-write', 'b.json', 'q.xlsx'], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).files['q.xlsx'][0]).toMatchObject({ sheet: '售后', code: 'sh01' });
    await write([['sh00', '您好，欢迎光临本店'], ['sh01', '这个问题不归我管']]);
    expect(huashu(['--baseline', 'b.json', 'q.xlsx'], dir).code).toBe(0);
    await write([['sh01', '这个问题不归我管'], ['sh09', '这个问题不归我管']]);
    const r = huashu(['--baseline', 'b.json', '--format', 'json', 'q.xlsx'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].messages.map((m: { record: RecordInfo }) => m.record.code)).toEqual(['sh09']);
  });

  it('a missing or broken baseline is one line naming the file, exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, LIBRARY);
    const missing = huashu(['--baseline', 'nope.json', 'replies'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('huashu: nope.json: baseline file not found (record one with --baseline-write nope.json)\n');
    writeFiles(dir, { 'bad.json': '{\n  "version": 1\n  "files": {}\n}\n' });
    const broken = huashu(['--baseline', 'bad.json', 'replies'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^huashu: bad\.json:3:3: invalid JSON[^\n]*\n$/);
    const wrong = huashu(['--baseline', 'replies/售前.txt', 'replies'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^huashu: replies\/售前\.txt:1:1: invalid JSON/);
  });

  it('--baseline-write never overwrites a file it cannot read', () => {
    const dir = tempDir();
    writeFiles(dir, { ...LIBRARY, 'b.json': '{"version": 1, "files": {"a.txt": "oops"}}' });
    const r = huashu(['--baseline-write', 'b.json', 'replies'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: b.json: not a huashu baseline: files["a.txt"] must be a list (fix it, or delete it to record a new baseline)\n');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe('{"version": 1, "files": {"a.txt": "oops"}}');
  });

  it('--baseline and --baseline-write cannot be combined', () => {
    const dir = tempDir();
    writeFiles(dir, LIBRARY);
    const r = huashu(['--baseline', 'a.json', '--baseline-write', 'b.json', 'replies'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be used with/);
  });
});

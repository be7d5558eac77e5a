import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixText } from '../src/fix.js';
import { createLinter } from '../src/linter.js';
import { SourceError } from '../src/sources/errors.js';
import { escapeJson, parseJson, parseJsonLines } from '../src/sources/json.js';
import { applyHidden, SourceSyntaxError } from '../src/sources/structured.js';
import type { SourceFile } from '../src/types.js';
import { TEST_RULE, thrownBy } from './support.js';

const FIXTURE = join(resolve(import.meta.dirname, '..'), 'fixtures', 'scripts', 'replies.json');

/** Every string value of a parsed JSON value, in document order (keys left out). */
function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringValues);
  return [];
}

/** Invariants of every parse: exact slices, in order; what rules read is the parsed value. */
function checked(file: SourceFile, values: string[]): SourceFile {
  for (const d of file.drafts) expect(file.text.slice(d.offset, d.offset + d.text.length)).toBe(d.text);
  expect(file.drafts.map((d) => applyHidden(d.text, d.hidden ?? []))).toEqual(values.filter((v) => v.trim()));
  return file;
}


describe('parseJson', () => {
  it('makes one exact draft per string value, never for keys, numbers, booleans or null', () => {
    const text = '{"旧说法": "亲，您好", "n": 12, "ok": true, "none": null, "list": ["一", ["二"], {"k": "三"}], "blank": "  "}';
    const file = checked(parseJson('a.json', text), ['亲，您好', '一', '二', '三']);
    expect(file.drafts.map((d) => d.text)).toEqual(['亲，您好', '一', '二', '三']);
    expect(file.drafts[0]!.offset).toBe(text.indexOf('亲'));
  });

  it('hides escapes behind their decoded characters, positions staying those of the file', () => {
    const text = String.raw`{"t": "亲\n您好\"特价\"\u4f60\ud83d\ude00\\\/"}`;
    const file = checked(parseJson('a.json', text), stringValues(JSON.parse(text)));
    const [d] = file.drafts;
    expect(d!.text).toBe(String.raw`亲\n您好\"特价\"\u4f60\ud83d\ude00\\\/`);
    expect(d!.hidden).toEqual([
      { range: [1, 3], replacement: '\n' },
      { range: [5, 7], replacement: '"' },
      { range: [9, 11], replacement: '"' },
      { range: [11, 17], replacement: '你' },
      { range: [17, 29], replacement: '😀' },
      { range: [29, 31], replacement: '\\' },
      { range: [31, 33], replacement: '/' },
    ]);
  });

  it('records the key path, the key name and the row in the outermost list', () => {
    const text = '{"replies": [{"text": "一"}, {"text": "二", "tags": ["三"]}], "售后": {"退货": ["四"]}, "a.b": "五", "top": "六"}';
    const records = parseJson('a.json', text).drafts.map((d) => d.record);
    expect(records).toEqual([
      { row: 1, column: 'replies[0].text', header: 'text' },
      { row: 2, column: 'replies[1].text', header: 'text' },
      { row: 2, column: 'replies[1].tags[0]', header: 'tags' },
      { row: 1, column: '售后.退货[0]', header: '退货' },
      { column: '["a.b"]', header: 'a.b' },
      { column: 'top', header: 'top' },
    ]);
    expect(parseJson('a.json', '[{"text": "一"}, "二"]').drafts.map((d) => d.record)).toEqual([
      { row: 1, column: '[0].text', header: 'text' },
      { row: 2, column: '[1]' },
    ]);
  });

  it('reads the fixture: every string value, decoded', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const file = checked(parseJson('replies.json', text), stringValues(JSON.parse(text)));
    expect(file.drafts.length).toBeGreaterThan(10);
  });

  it('throws a SourceSyntaxError at the first problem (comments and trailing commas are not JSON)', () => {
    const cases: [string, number, number][] = [
      ['{\n  "a": "一",\n}', 3, 1],
      ['{\n  // 注释\n  "a": 1\n}', 2, 3],
      ['{"a": 一}', 1, 7],
      ['', 1, 1],
    ];
    for (const [text, line, column] of cases) {
      const error = thrownBy(() => parseJson('bad.json', text));
      expect(error).toBeInstanceOf(SourceSyntaxError);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).position).toEqual({ line, column });
      expect(error.message).toMatch(/^invalid JSON: \S/);
      expect(error.message).not.toContain('\n');
    }
  });

  it('escapes a replacement as JSON string content', () => {
    expect(escapeJson('新说法')).toBe('新说法');
    expect(escapeJson('说"好"的\\')).toBe('说\\"好\\"的\\\\');
    expect(escapeJson('一\n二\t')).toBe('一\\n二\\t');
    expect(parseJson('a.json', '{"t": "一"}').drafts[0]!.escape).toBe(escapeJson);
  });
});

describe('parseJsonLines', () => {
  it('reads one document per line; row is the line, blank lines and CRLF are fine', () => {
    const text = '{"t": "一"}\r\n\n["二", 3]\n{"a": {"b": "三"}}';
    const file = parseJsonLines('a.jsonl', text);
    expect(file.drafts.map((d) => [d.text, text.slice(d.offset, d.offset + d.text.length), d.record])).toEqual([
      ['一', '一', { row: 1, column: 't', header: 't' }],
      ['二', '二', { row: 3, column: '[0]' }],
      ['三', '三', { row: 4, column: 'a.b', header: 'b' }],
    ]);
  });

  it('makes the whole file an error at the line and column of a broken line', () => {
    let error: unknown;
    try {
      parseJsonLines('a.jsonl', '{"t": "一"}\n{"t": "二",}\n{"t": "三"}\n');
    } catch (e) {
      error = e;
    }
    expect((error as SourceError).position).toEqual({ line: 2, column: 11 });
    expect((error as Error).message).toMatch(/^invalid JSON/);
    // Two documents on one line are not JSON Lines.
    let second: unknown;
    try {
      parseJsonLines('a.jsonl', '{"t": "一"} {"t": "二"}\n');
    } catch (e) {
      second = e;
    }
    expect((second as SourceError).position).toEqual({ line: 1, column: 12 });
    expect((second as Error).message).toBe('invalid JSON: end of file expected');
  });
});

describe('fixing JSON', () => {
  const linter = createLinter({ ruleFiles: [{ path: 'no-hurry.yaml', text: TEST_RULE }] });

  it('changes only the fixed string values; the file still parses to the expected data', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const fixed = await fixText(linter.lint, 'replies.json', text, parseJson);
    // The key 旧说法备注 is not a value: only values change.
    expect(fixed.output).toBe(text.replace(/旧说法(?!备注)/g, '新说法'));
    expect(fixed.output).toContain('"旧说法备注"');
    expect(fixed.fixed).toBe(2);
    const expected = JSON.parse(text);
    expected.replies[1].tags[1] = '新说法';
    expected['售后']['退货'][0] = '您好，这是新说法，请参考。';
    expect(JSON.parse(fixed.output)).toEqual(expected);
  });

  it('reports a phrase written with escapes at its place in the file, but does not fix it', async () => {
    const text = String.raw`{"t": "这是\u65e7说法", "u": "换行\n旧说法"}`;
    const findings = await linter.lint(parseJson('a.json', text));
    expect(findings.map((f) => [f.text, f.range[0], f.fixable])).toEqual([
      [String.raw`\u65e7说法`, text.indexOf('\\u65e7'), false],
      ['旧说法', text.lastIndexOf('旧说法'), true],
    ]);
  });
});

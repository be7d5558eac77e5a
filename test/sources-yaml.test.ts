import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYamlValue } from 'yaml';
import { fixText } from '../src/fix.js';
import { createLinter } from '../src/linter.js';
import { SourceError } from '../src/sources/errors.js';
import { applyHidden, SourceSyntaxError } from '../src/sources/structured.js';
import { escapeBlock, escapeDouble, escapePlain, escapeSingle, parseYaml } from '../src/sources/yaml.js';
import type { Draft, SourceFile } from '../src/types.js';
import { TEST_RULE, thrownBy } from './support.js';

const FIXTURE = join(resolve(import.meta.dirname, '..'), 'fixtures', 'scripts', 'replies.yaml');

const read = (d: Draft) => applyHidden(d.text, d.hidden ?? []);

/** Exact slices, in document order. */
function checked(file: SourceFile): SourceFile {
  let previous = 0;
  for (const d of file.drafts) {
    expect(file.text.slice(d.offset, d.offset + d.text.length)).toBe(d.text);
    expect(d.offset).toBeGreaterThanOrEqual(previous);
    previous = d.offset + d.text.length;
  }
  return file;
}

/** Every string value of a parsed YAML value, keys left out. */
function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringValues);
  return [];
}


describe('parseYaml', () => {
  it('makes one exact draft per string scalar value; keys, comments, numbers, booleans, null and aliases are not read', () => {
    const text = '# 旧说法注释\n旧说法: 亲，您好   # 行尾注释\nn: 12\nok: true\nnone: ~\nlist: [一, "二", \'三\']\nanchor: &a 四\nalias: *a\nblank: "  "\n';
    const file = checked(parseYaml('a.yaml', text));
    expect(file.drafts.map((d) => d.text)).toEqual(['亲，您好', '一', '二', '三', '四']);
  });

  it('decodes double-quoted escapes and single-quoted quotes through hidden', () => {
    const text = 'a: "亲\\n您好\\"特价\\"\\u4f60\\x41\\U0001F600"\nb: \'it\'\'s 好\'\n';
    const [a, b] = checked(parseYaml('a.yaml', text)).drafts;
    expect(a!.text).toBe('亲\\n您好\\"特价\\"\\u4f60\\x41\\U0001F600');
    expect(read(a!)).toBe('亲\n您好"特价"你A😀');
    expect(a!.hidden![0]).toEqual({ range: [1, 3], replacement: '\n' });
    expect(b!.text).toBe("it''s 好");
    expect(b!.hidden).toEqual([{ range: [2, 4], replacement: "'" }]);
  });

  it('folds multi-line plain and quoted scalars as YAML does', () => {
    const text = 'a: 第一行\n  第二行  \n\n  第三行\nb: "一\n  二\\\n  三"\nc: \'甲\n   乙\'\n';
    const drafts = checked(parseYaml('a.yaml', text)).drafts;
    expect(drafts.map(read)).toEqual(['第一行 第二行\n第三行', '一 二三', '甲 乙']);
    expect(drafts[0]!.text).toBe('第一行\n  第二行  \n\n  第三行');
  });

  it('reads a literal block as one draft: indentation hidden, line breaks kept', () => {
    const text = 'a: |\n  您好，流程如下：\n    1. 申请\n\n  谢谢\n\nb: 1\n';
    const [d] = checked(parseYaml('a.yaml', text)).drafts;
    expect(d!.text).toBe('您好，流程如下：\n    1. 申请\n\n  谢谢');
    expect(d!.offset).toBe(text.indexOf('您好'));
    expect(read(d!)).toBe('您好，流程如下：\n  1. 申请\n\n谢谢');
    // Line 2 loses 2 of its 4 spaces, the empty line has none, line 4 loses its 2.
    expect(d!.hidden).toEqual([
      { range: [9, 11], replacement: '' },
      { range: [20, 22], replacement: '' },
    ]);
  });

  it('reads a folded block with its folds; header indicators and CRLF are fine', () => {
    const text = 'a: >-\r\n  折叠一\r\n  折叠二\r\n\r\n  新段\r\nb: >2 # 注释\r\n   缩进\r\n  正常\r\n';
    const drafts = checked(parseYaml('a.yaml', text)).drafts;
    expect(drafts.map(read)).toEqual(['折叠一 折叠二\n新段', ' 缩进\n正常']);
    expect(drafts[0]!.text).toBe('折叠一\r\n  折叠二\r\n\r\n  新段');
  });

  it('records the key path, the key name and the row in the outermost list', () => {
    const text = 'replies:\n  - text: 一\n  - text: 二\n    tags: [三]\n售后:\n  退货:\n    - 四\n"a.b": 五\n';
    expect(parseYaml('a.yaml', text).drafts.map((d) => d.record)).toEqual([
      { row: 1, column: 'replies[0].text', header: 'text' },
      { row: 2, column: 'replies[1].text', header: 'text' },
      { row: 2, column: 'replies[1].tags[0]', header: 'tags' },
      { row: 1, column: '售后.退货[0]', header: '退货' },
      { column: '["a.b"]', header: 'a.b' },
    ]);
  });

  it('reads the fixture: every string value, as YAML reads it', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const file = checked(parseYaml('replies.yaml', text));
    const values = stringValues(parseYamlValue(text)).filter((v) => v.trim());
    expect(file.drafts.map(read)).toEqual(values.map((v) => v.replace(/\n+$/, '')));
  });

  it('throws a SourceSyntaxError at the first error, on one line', () => {
    const cases: [string, number, number][] = [
      ['a: 1\nb: c: d\n', 2, 4],
      ['a: [一, 二\nb: 三\n', 2, 1],
      ['a: 一\na: 二\n', 2, 1],
      // An unclosed quote is found at the end of the file.
      ['a: "未闭合\n', 2, 1],
    ];
    for (const [text, line, column] of cases) {
      const error = thrownBy(() => parseYaml('bad.yaml', text));
      expect(error).toBeInstanceOf(SourceSyntaxError);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).position).toEqual({ line, column });
      expect(error.message).toMatch(/^invalid YAML: \S[^\n]*$/);
      expect(error.message).not.toMatch(/at line \d/);
    }
  });
});

describe('escape per scalar style', () => {
  it('double-quoted: JSON-style escapes', () => {
    expect(escapeDouble('说"好"\\\n')).toBe('说\\"好\\"\\\\\\n');
  });
  it('single-quoted: quotes doubled, no line breaks', () => {
    expect(escapeSingle("it's 好")).toBe("it''s 好");
    expect(escapeSingle('一\n二')).toBeUndefined();
  });
  it('plain: only text that stays a plain string anywhere in the scalar', () => {
    expect(escapePlain('新说法')).toBe('新说法');
    expect(escapePlain('请稍等：马上')).toBe('请稍等：马上');
    for (const unsafe of ['', 'yes', '123', '说: 好', '说:', '好 #注', '#话题', '- 一', '一, 二', '[一]', '一\n二', ' 一', '一 ', '&一', '*一', '!一', '|一', '>一', "'一", '"一', '%一', '@一', '`一', '?一']) {
      expect(escapePlain(unsafe), unsafe).toBeUndefined();
    }
  });
  it('block scalars: one line that does not start with white space, not empty', () => {
    expect(escapeBlock('新说法')).toBe('新说法');
    expect(escapeBlock('说: "好" #1')).toBe('说: "好" #1');
    for (const unsafe of ['', ' 一', '\t一', '一\n二']) expect(escapeBlock(unsafe), unsafe).toBeUndefined();
  });
  it('each draft carries the escape of its style; multi-line quoted scalars refuse edge white space', () => {
    const text = 'a: 一\nb: "二"\nc: \'三\'\nd: |\n  四\ne: >\n  五\nf: "六\n  七"\n';
    const drafts = parseYaml('a.yaml', text).drafts;
    expect(drafts.map((d) => d.escape!('好"\'x'))).toEqual(['好"\'x', '好\\"\'x', '好"\'\'x', '好"\'x', '好"\'x', '好\\"\'x']);
    expect(drafts.map((d) => d.escape!('新说法'))).toEqual(Array(6).fill('新说法'));
    expect(drafts.map((d) => d.escape!('yes'))).toEqual([undefined, 'yes', 'yes', 'yes', 'yes', 'yes']);
    expect(drafts[1]!.escape!('好 ')).toBe('好 ');
    expect(drafts[5]!.escape!('好 ')).toBeUndefined();
    expect(drafts[5]!.escape!('')).toBeUndefined();
    expect(drafts[1]!.escape!('')).toBe('');
  });
});

describe('fixing YAML', () => {
  const linter = createLinter({ ruleFiles: [{ path: 'no-hurry.yaml', text: TEST_RULE }] });

  it('changes only the fixed values; comments, keys, quoting and layout stay byte for byte', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const fixed = await fixText(linter.lint, 'replies.yaml', text, parseYaml);
    expect(fixed.output).toBe(text.replace(/旧说法(?!备注)/g, '新说法'));
    expect(fixed.output).toContain('旧说法备注: ~');
    expect(fixed.fixed).toBe(3);
    const expected = JSON.parse(JSON.stringify(parseYamlValue(text)).replace(/旧说法(?!备注)/g, '新说法'));
    expect(parseYamlValue(fixed.output)).toEqual(expected);
  });

  it('points findings at the file: in a block scalar, after its indentation', async () => {
    const text = 'a:\n  b: |\n    第一行\n    这是旧说法\n';
    const [finding] = await linter.lint(parseYaml('a.yaml', text));
    expect(finding!.range).toEqual([text.indexOf('旧说法'), text.indexOf('旧说法') + 3]);
    expect(finding!.record).toEqual({ column: 'a.b', header: 'b' });
  });
});

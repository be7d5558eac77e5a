/**
 * `huashu-ignore` opt-out fields (issue 5): a table column, or a JSON/YAML key, naming the rules a
 * record is not checked for. The sources turn them into `ignore-field` directives; suppress.ts
 * applies them like comments. Linted here with the test rule (旧说法 → 新说法) only.
 */
import { describe, expect, it } from 'vitest';
import { createLinter } from '../src/linter.js';
import { parseJson, parseJsonLines } from '../src/sources/json.js';
import { SourceSyntaxError } from '../src/sources/structured.js';
import { parseCsv, parseTsv } from '../src/sources/table.js';
import { parseYaml } from '../src/sources/yaml.js';
import { withSuppression } from '../src/suppress.js';
import type { Finding, SourceFile } from '../src/types.js';
import { TEST_RULE, thrownBy } from './support.js';

const linter = createLinter({ ruleFiles: [{ path: 'no-hurry.yaml', text: TEST_RULE }] });
const lint = (source: SourceFile, reportUnused = false) => withSuppression(linter.lint, { knownRules: ['no-hurry', 'no-but'], reportUnused })(source);

/** rule id and flagged text of each finding. */
const brief = (findings: Finding[]) => findings.map((f) => [f.ruleId, f.text]);

describe('tables', () => {
  const CSV = '分组,快捷短语,huashu-ignore\n售后,这是旧说法,no-hurry\n售后,又是旧说法,\n售后,还是旧说法,"no-but；no-hurry"\n售后,没有问题,no-hurry -- 示例\n';

  it('a huashu-ignore cell suppresses the named rules on its row only; the cell is never linted', async () => {
    const source = parseCsv('t.csv', CSV);
    expect(source.drafts.map((d) => d.text)).toEqual(['这是旧说法', '又是旧说法', '还是旧说法', '没有问题']);
    expect(brief(await lint(source))).toEqual([['no-hurry', '旧说法']]);
    expect((await lint(source))[0]!.record?.row).toBe(3);
  });

  it('reports unused ids at the cell, with the cell as record, only when asked', async () => {
    const unused = (await lint(parseCsv('t.csv', CSV), true)).filter((f) => f.ruleId === 'unused-disable');
    expect(unused.map((f) => [f.message, f.text, f.record])).toEqual([
      ['多余的 huashu-ignore：no-but 在这里没有报告问题', 'no-but；no-hurry', { row: 4, column: 'C', header: 'huashu-ignore' }],
      ['多余的 huashu-ignore：no-hurry 在这里没有报告问题', 'no-hurry -- 示例', { row: 5, column: 'C', header: 'huashu-ignore' }],
    ]);
  });

  it('an unknown rule id is reported at its place with a suggestion, and hides nothing', async () => {
    const text = '快捷短语\thuashu-ignore\n这是旧说法\tno-hury\n';
    const findings = await lint(parseTsv('t.tsv', text));
    expect(findings.map((f) => [f.ruleId, f.message, text.slice(f.range[0], f.range[1])])).toEqual([
      ['no-hurry', '换个说法', '旧说法'],
      ['unknown-rule-in-directive', 'huashu-ignore 里的规则 no-hury 不存在（是不是 no-hurry？）', 'no-hury'],
    ]);
  });

  it('--column cannot name the huashu-ignore column', () => {
    expect(thrownBy(() => parseCsv('t.csv', CSV, { column: 'huashu-ignore' })).message).toBe('--column huashu-ignore: that is the huashu-ignore column (rule ids to skip), not replies');
  });
});

describe('JSON', () => {
  it('a huashu-ignore key covers its object, nested values included; its value is never a draft', async () => {
    const text = JSON.stringify(
      {
        replies: [
          { text: '这是旧说法', 'huashu-ignore': 'no-hurry' },
          { text: '又是旧说法' },
          { 'huashu-ignore': ['no-but', 'no-hurry'], steps: ['还是旧说法', { text: '也是旧说法' }] },
        ],
      },
      null,
      2,
    );
    const source = parseJson('a.json', text);
    expect(source.drafts.map((d) => d.text)).toEqual(['这是旧说法', '又是旧说法', '还是旧说法', '也是旧说法']);
    expect(source.directives!.map((d) => [d.rules.map((r) => text.slice(r.range[0], r.range[1])), d.record])).toEqual([
      [['no-hurry'], { row: 1, column: 'replies[0].huashu-ignore', header: 'huashu-ignore' }],
      [['no-but'], { row: 3, column: 'replies[2].huashu-ignore', header: 'huashu-ignore' }],
      [['no-hurry'], { row: 3, column: 'replies[2].huashu-ignore', header: 'huashu-ignore' }],
    ]);
    const findings = await lint(source, true);
    expect(findings.map((f) => [f.ruleId, f.record?.column])).toEqual([
      ['no-hurry', 'replies[1].text'],
      ['unused-disable', 'replies[2].huashu-ignore'],
    ]);
  });

  it('JSON Lines: each line’s object; a value that is not rule ids is a syntax error at its place', async () => {
    const text = '{"text": "这是旧说法", "huashu-ignore": "no-hurry"}\n{"text": "又是旧说法", "huashu-ignore": null}\n';
    expect(brief(await lint(parseJsonLines('a.jsonl', text)))).toEqual([['no-hurry', '旧说法']]);
    const error = thrownBy(() => parseJson('a.json', '{\n  "text": "亲",\n  "huashu-ignore": 3\n}'));
    expect(error).toBeInstanceOf(SourceSyntaxError);
    expect(error.message).toBe('huashu-ignore must be rule ids: a string or a list of strings');
    expect((error as SourceSyntaxError).position).toEqual({ line: 3, column: 20 });
  });
});

describe('YAML', () => {
  it('a huashu-ignore key covers its mapping (plain, quoted and list values)', async () => {
    const text = [
      '售后:',
      '  - text: 这是旧说法',
      '    huashu-ignore: no-hurry',
      '  - text: 又是旧说法',
      '  - huashu-ignore: [no-but, "no-hurry"]',
      '    steps:',
      '      - 还是旧说法',
      "  - text: 'x'",
      "    huashu-ignore: 'no-hurry'",
      '',
    ].join('\n');
    const source = parseYaml('a.yaml', text);
    expect(source.drafts.map((d) => d.text)).toEqual(['这是旧说法', '又是旧说法', '还是旧说法', 'x']);
    expect(source.directives!.map((d) => d.rules.map((r) => text.slice(r.range[0], r.range[1])))).toEqual([['no-hurry'], ['no-but'], ['no-hurry'], ['no-hurry']]);
    const findings = await lint(source, true);
    expect(findings.map((f) => [f.ruleId, f.record?.column, f.text])).toEqual([
      ['no-hurry', '售后[1].text', '旧说法'],
      ['unused-disable', '售后[2].huashu-ignore', 'no-but'],
      ['unused-disable', '售后[3].huashu-ignore', 'no-hurry'],
    ]);
  });

  it('a value that is not rule ids is a syntax error at its line and column', () => {
    const error = thrownBy(() => parseYaml('a.yaml', 'text: 亲\nhuashu-ignore:\n  a: b\n'));
    expect(error).toBeInstanceOf(SourceSyntaxError);
    expect((error as SourceSyntaxError).position).toEqual({ line: 3, column: 3 });
  });
});

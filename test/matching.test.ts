/**
 * Segmenter-aware matching and rule semantics, on small rule files written in the test.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config.js';
import { fixText } from '../src/fix.js';
import { createLinter } from '../src/linter.js';
import { DraftContext } from '../src/match.js';
import { normalizeDraft } from '../src/normalize/normalize.js';
import { regExpData, reviveRegExp } from '../src/rules/patterns.js';
import { parseText } from '../src/sources/text.js';
import { MAX_FINDINGS_PER_RULE } from '../src/limits.js';

function linterFor(yaml: string, options: { dictionary?: string[] } = {}) {
  return createLinter({ ruleFiles: [{ path: 'rules/test-rule.yaml', text: yaml }], dictionary: options.dictionary });
}
const base = `id: test-rule
type: substitution
level: error
message: 测试
examples:
  invalid: [{ text: 我保证, flagged: 我保证 }]
  valid: [没有]
`;
async function flagged(linter: ReturnType<typeof linterFor>, text: string) {
  return (await linter.lint(parseText('t', text))).map((f) => f.text);
}

describe('word boundaries from jieba', () => {
  const linter = linterFor(`${base}patterns:\n  - match: 保证\n    rewrites: [尽量]\nexceptions: [保证金]\n`);
  it('matches at the start of a word, also inside a longer jieba word', async () => {
    expect(await flagged(linter, '我保证明天发货')).toEqual(['保证']);
    expect(await flagged(linter, '我们保证质量')).toEqual(['保证']); // jieba: 我们/保证质量
  });
  it('does not match in the middle of a word', async () => {
    expect(await flagged(linter, '确保证件齐全')).toEqual([]); // jieba: 确保/证件
  });
  it('lets exceptions in the rule data cancel a match', async () => {
    expect(await flagged(linter, '保证金已退回')).toEqual([]);
  });
  it('boundary: word requires whole words', async () => {
    const strict = linterFor(`${base}boundary: word\npatterns:\n  - match: 保证\n    rewrites: [尽量]\n`);
    expect(await flagged(strict, '我保证明天发货')).toEqual(['保证']);
    expect(await flagged(strict, '我们保证质量')).toEqual([]);
  });
  it('boundary: none matches anywhere', async () => {
    const loose = linterFor(`${base}boundary: none\npatterns:\n  - match: 保证\n    rewrites: [尽量]\n`);
    expect(await flagged(loose, '确保证件齐全')).toEqual(['保证']);
  });
  it('honors dictionary words (jieba keeps them whole)', async () => {
    const rule = linterFor(`${base}patterns:\n  - match: 拍下\n    rewrites: [下单]\n`);
    expect(await flagged(rule, '先拍下吧')).toEqual([]); // jieba: 先拍/下
    const withWord = linterFor(`${base}patterns:\n  - match: 拍下\n    rewrites: [下单]\n`, { dictionary: ['拍下'] });
    expect(await flagged(withWord, '先拍下吧')).toEqual(['拍下']);
  });
});

describe('patterns', () => {
  it('matches Traditional and full-width text with Simplified, half-width rules, and rewrites in the source script', async () => {
    const linter = linterFor(`${base}patterns:\n  - match: 保证\n    rewrites: [尽量]\n  - match: 加qq\n    rewrites: [在旺旺上联系]\n    boundary: none\n`);
    const findings = await linter.lint(parseText('t', '親，我保證明天發貨，加ＱＱ'));
    expect(findings.map((f) => [f.text, f.rewrites[0]])).toEqual([
      ['保證', '儘量'],
      ['加ＱＱ', '在旺旺上聯繫'],
    ]);
  });

  it('fills templated rewrites from captures, taking the original text of the writer', async () => {
    const linter = linterFor(`${base}patterns:\n  - regex: 你必须(?<what>[\\p{Script=Han}]{2})\n    rewrites: [请您$<what>]\n`);
    const findings = await linter.lint(parseText('t', '你必須填寫地址'));
    expect(findings[0]!.text).toBe('你必須填寫');
    expect(findings[0]!.rewrites).toEqual(['請您填寫']);
  });

  it('reports one span once per rule: the earliest, then the longest hit wins', async () => {
    const linter = linterFor(`${base}patterns:\n  - match: 保证\n    rewrites: [尽量]\n  - match: 我保证\n    rewrites: [我会尽量]\n`);
    const findings = await linter.lint(parseText('t', '我保证'));
    expect(findings.map((f) => f.text)).toEqual(['我保证']);
  });

  it('places findings at exact offsets of the file, past emoji and earlier lines', async () => {
    const linter = linterFor(`${base}fixable: true\npatterns:\n  - match: 保证\n    rewrites: [尽量]\n`);
    const text = '第一行\r\n😀我保证';
    const [finding] = await linter.lint(parseText('t', text));
    expect(text.slice(...finding!.range)).toBe('保证');
    expect(finding!.fix).toEqual({ range: finding!.range, text: '尽量' });
  });

  it('does not offer a fix for a span that hides markup', async () => {
    const linter = linterFor(`${base}fixable: true\npatterns:\n  - match: 保证\n    rewrites: [尽量]\n`);
    const source = { path: 't.md', text: '我保**证**', drafts: [{ text: '我保**证**', offset: 0, hidden: [{ range: [2, 4] as const, replacement: '' }, { range: [5, 7] as const, replacement: '' }] }] };
    const [finding] = await linter.lint(source);
    expect(finding!.text).toBe('保**证');
    expect(finding!.fixable).toBe(false);
    expect(finding!.fix).toBeUndefined();
  });
});

describe('proximity rules', () => {
  const linter = createLinter({
    ruleFiles: [{
      path: 'rules/bash.yaml',
      text: `id: bash
type: proximity
level: error
message: 不诋毁同行
subjects: [京东]
subjects-from: competitors
patterns:
  - match: [假货, 垃圾]
examples:
  invalid: [{ text: 京东都是假货, flagged: 京东都是假货 }]
  valid: [京东物流很快]
`,
    }],
    config: { ...DEFAULT_CONFIG, competitors: ['某某旗舰店'] },
  });
  it('flags the words near a subject in the same sentence, spanning both', async () => {
    expect(await flagged(linter, '京东的东西都是假货')).toEqual(['京东的东西都是假货']);
    expect(await flagged(linter, '某某旗舰店卖的是垃圾')).toEqual(['某某旗舰店卖的是垃圾']);
  });
  it('lets a regex name the subjects as {subject}', async () => {
    const withSubject = createLinter({
      ruleFiles: [{
        path: 'rules/bash.yaml',
        text: `id: bash\ntype: proximity\nlevel: error\nmessage: m\nsubjects: [京东, 别家]\nsubjects-from: competitors\npatterns:\n  - regex: '比{subject}(?:好|强)'\nexamples:\n  invalid: [{ text: 比别家好, flagged: 比别家好 }]\n  valid: [很好]\n`,
      }],
      config: { ...DEFAULT_CONFIG, competitors: ['某店'] },
    });
    expect(await flagged(withSubject, '我们比别家强多了')).toEqual(['比别家强']);
    expect(await flagged(withSubject, '质量比某店好')).toEqual(['比某店好']);
    expect(await flagged(withSubject, '比以前好多了')).toEqual([]);
  });

  it('leaves a neutral mention and words in another sentence alone', async () => {
    expect(await flagged(linter, '京东物流很快')).toEqual([]);
    expect(await flagged(linter, '京东发货。假货我们不卖')).toEqual([]);
  });
});

describe('settings from the config', () => {
  const rule = `${base}patterns:\n  - match: 里面\n    rewrites: [里面请]\n  - match: 拍下\n    rewrites: [下单]\n`;
  const config = (extra: object) => ({ ...DEFAULT_CONFIG, ...extra });
  it('writes Traditional rewrites in the Taiwan or Hong Kong standard', async () => {
    const tw = createLinter({ ruleFiles: [{ path: 'rules/test-rule.yaml', text: rule }], config: config({}) });
    const hk = createLinter({ ruleFiles: [{ path: 'rules/test-rule.yaml', text: rule }], config: config({ locale: 'hk' }) });
    expect((await tw.lint(parseText('t', '請到裡面')))[0]!.rewrites).toEqual(['裡面請']);
    expect((await hk.lint(parseText('t', '請到裏面')))[0]!.rewrites).toEqual(['裏面請']);
  });
  it('adds the config dictionary words to jieba', async () => {
    const plain = createLinter({ ruleFiles: [{ path: 'rules/test-rule.yaml', text: rule }], config: config({}) });
    const withWords = createLinter({ ruleFiles: [{ path: 'rules/test-rule.yaml', text: rule }], config: config({ dictionary: ['拍下'] }) });
    expect(await flagged(plain, '先拍下吧')).toEqual([]);
    expect(await flagged(withWords, '先拍下吧')).toEqual(['拍下']);
  });
});

describe('the shipped e-commerce dictionary', () => {
  it('keeps shop words whole in the built-in pack (jieba alone splits 先拍下 as 先拍/下)', async () => {
    const { builtinPack } = await import('../src/files.js');
    const linter = createLinter(builtinPack());
    expect(linter.explain('先拍下吧')).toMatch(/^先\/\w+ 拍下\/\w+ 吧/);
    expect(createLinter({ ruleFiles: builtinPack().ruleFiles }).explain('先拍下吧')).toMatch(/^先拍\/\w+ 下/);
  });
});

describe('unless-present and empty rewrites', () => {
  it('cancels hits when the draft contains an unless-present phrase anywhere', async () => {
    const linter = linterFor(`${base}unless-present: [因为, 由于]\npatterns:\n  - match: 不行\n    rewrites: [不好意思]\n`);
    expect(await flagged(linter, '亲，这个价格不行')).toEqual(['不行']);
    expect(await flagged(linter, '亲，因为是活动价，这个价格不行')).toEqual([]);
    expect(await flagged(linter, '不行，由於庫存緊張')).toEqual([]);
  });

  it('adds a pattern\'s own list to the rule\'s, like exceptions', async () => {
    const linter = linterFor(`${base}unless-present: [因为]\npatterns:\n  - match: 不行\n    rewrites: [不好意思]\n    unless-present: [所以]\n`);
    expect(await flagged(linter, '活动价，不行')).toEqual(['不行']);
    expect(await flagged(linter, '因为活动，不行')).toEqual([]);
    expect(await flagged(linter, '所以不行')).toEqual([]);
  });

  it('mixes phrases (looked for as text) and regular expressions in one list', async () => {
    const linter = linterFor(
      `${base}unless-present: ['a|b', 'x.y', {regex: '(?:采购|团购)单'}, {regex: '\\d{3}号'}]\npatterns:\n  - match: 不行\n    rewrites: [不好意思]\n`,
    );
    expect(await flagged(linter, '这个价格不行')).toEqual(['不行']);
    // The phrases are text: 'a|b' and 'x.y' only as written.
    expect(await flagged(linter, '不行 a|b')).toEqual([]);
    expect(await flagged(linter, '不行 x.y')).toEqual([]);
    expect(await flagged(linter, '不行 a b xzy')).toEqual(['不行']);
    // The regular expressions still match as expressions.
    expect(await flagged(linter, '团购单不行')).toEqual([]);
    expect(await flagged(linter, '123号不行')).toEqual([]);
    expect(await flagged(linter, '12号不行')).toEqual(['不行']);
    // Past the first few thousand characters the list runs as one expression: the same answers.
    expect(await flagged(linter, '不行'.repeat(1500))).toHaveLength(1500);
    for (const [text, found] of [['不行 a|b', 0], ['不行 a b xzy', 1], ['团购单不行', 0], ['12号不行', 1]] as const) {
      expect(await flagged(linter, text)).toHaveLength(found);
    }
  });

  it('records the factors of a list with regular expressions, and a draft without them skips it', () => {
    const linter = linterFor(`${base}patterns:\n  - match: 不行\n    rewrites: [不好意思]\n    exceptions: [{regex: '不行(?:的话|吗)'}]\n`);
    const exceptions = linter.rules[0]!.rule.patterns![0]!.exceptions!;
    expect(regExpData(exceptions)).toEqual([exceptions.source, 'gu', ['不行的话', '不行吗']]);
    const ctx = (text: string) => new DraftContext(normalizeDraft({ text, offset: 0 }), text, () => new Uint8Array(text.length + 1));
    expect(ctx('不行吗').has(reviveRegExp(regExpData(exceptions)))).toBe(true);
    // The recorded factors are what decides: a list revived with factors the draft lacks is not looked for.
    expect(ctx('不行吗').has(reviveRegExp([exceptions.source, 'gu', ['没有的词']]))).toBe(false);
    expect(ctx('不行吗').has(reviveRegExp([exceptions.source, 'gu']))).toBe(true);
  });

  it('accepts an empty rewrite, which deletes the flagged text', async () => {
    const linter = linterFor(`${base}fixable: true\npatterns:\n  - regex: 绝对(?=不会)\n    rewrites: [""]\n`);
    const result = await fixText(linter.lint, 't', '我们绝对不会泄露', parseText);
    expect(result.output).toBe('我们不会泄露');
  });
});

describe('drafts that say how a fix must be written', () => {
  const linter = linterFor(`${base}fixable: true\npatterns:\n  - match: 保证\n    rewrites: ['"尽量"']\n`);
  const source = (escape: (r: string) => string | undefined) => ({
    path: 't.csv', text: '我保证', drafts: [{ text: '我保证', offset: 0, escape, record: { row: 2, column: 'B' } }],
  });
  it('writes the fix through the escape and carries the record', async () => {
    const [finding] = await linter.lint(source((r) => r.replace(/"/g, '""')));
    expect(finding!.fix!.text).toBe('""尽量""');
    expect(finding!.rewrites).toEqual(['"尽量"']);
    expect(finding!.record).toEqual({ row: 2, column: 'B' });
  });
  it('offers no fix when the replacement cannot be written safely', async () => {
    const [finding] = await linter.lint(source(() => undefined));
    expect(finding!.fix).toBeUndefined();
    expect(finding!.fixable).toBe(false);
  });
});

describe('a draft the file has already had', () => {
  const linter = linterFor(`${base}fixable: true\npatterns:\n  - match: 保证\n    rewrites: [尽量]\n`);
  const ranges = async (text: string) => (await linter.lint(parseText('t', text))).map((f) => [f.range, f.text, f.fix?.text]);

  it('is flagged at each of its places, as if it came first', async () => {
    // Lines 1 and 3 are the same draft; line 3's findings are at its own offsets.
    expect(await ranges('我保证\n好的\n我保证\n親，我保證')).toEqual([
      [[1, 3], '保证', '尽量'],
      [[8, 10], '保证', '尽量'],
      [[14, 16], '保證', '儘量'],
    ]);
    // The same drafts linted one by one give the same findings.
    const alone = await Promise.all(['我保证', '好的', '我保证', '親，我保證'].map(ranges));
    expect(alone.map((r) => r.map(([range]) => range))).toEqual([[[1, 3]], [], [[1, 3]], [[3, 5]]]);
  });

  it('keeps each place’s record and escaping', async () => {
    const draft = (offset: number, row: number, escape?: (r: string) => string | undefined) => ({ text: '我保证', offset, record: { row, column: 'B' }, ...(escape ? { escape } : {}) });
    const findings = await linter.lint({
      path: 't.csv',
      text: '我保证,我保证,我保证',
      drafts: [draft(0, 2), draft(4, 3, (r) => `<${r}>`), draft(8, 4, () => undefined)],
    });
    expect(findings.map((f) => [f.range, f.record?.row, f.fix?.text, f.fixable])).toEqual([
      [[1, 3], 2, '尽量', true],
      [[5, 7], 3, '<尽量>', true],
      [[9, 11], 4, undefined, false],
    ]);
  });

  it('is matched again where it has hidden parts (the same text may read differently)', async () => {
    const visible = { text: '我保证', offset: 0 };
    const hidden = { text: '我保证', offset: 4, hidden: [{ range: [1, 3] as [number, number], replacement: ' ' }] };
    const lint = (drafts: (typeof visible | typeof hidden)[]) => linter.lint({ path: 't', text: '我保证\n我保证', drafts });
    expect((await lint([visible, hidden])).map((f) => f.range)).toEqual([[1, 3]]);
    expect((await lint([hidden, visible])).map((f) => f.range)).toEqual([[1, 3]]);
    expect((await lint([{ ...visible, offset: 4 }, visible])).map((f) => f.range)).toEqual([[1, 3], [5, 7]]);
  });
});

describe('hits that map to one original span', () => {
  it('are reported once, however many there are', async () => {
    const linter = linterFor(`${base}boundary: none\npatterns:\n  - regex: '[ab]'\n    rewrites: [c]\n`);
    // A hidden part read as "ab" (or as 20 letters): every hit inside it maps back to the whole part.
    for (const replacement of ['ab', 'ab'.repeat(10)]) {
      const findings = await linter.lint({ path: 't', text: 'xyz好', drafts: [{ text: 'xyz好', offset: 0, hidden: [{ range: [0, 3], replacement }] }] });
      expect(findings.map((f) => f.range)).toEqual([[0, 3]]);
    }
  });
});

describe('a rule that reaches its limit of findings in a file', () => {
  it('is not run on the drafts after it, and nothing else changes', async () => {
    const rule = (id: string, pattern: string, boundary: string) => ({
      path: `rules/${id}.yaml`,
      text: `id: ${id}\ntype: existence\nlevel: warning\nmessage: 测试\nboundary: ${boundary}\npatterns:\n  - regex: '${pattern}'\nexamples:\n  invalid: [{ text: 字保证, flagged: ${pattern === '字' ? '字' : '保证'} }]\n  valid: [a]\n`,
    });
    const linter = createLinter({ ruleFiles: [rule('every-zi', '字', 'none'), rule('guarantee', '保证', 'start')] });
    // 1,200 lines of five 字 and a 保证 that needs word boundaries (a long file: segmented on the worker).
    const lines = Array.from({ length: 1200 }, (_, i) => `字字字字字我保证${i % 7 ? '' : '明天发货'}`);
    const text = lines.join('\n');
    const findings = await linter.lint(parseText('t', text));
    const of = (id: string) => findings.filter((f) => f.ruleId === id);
    expect(of('every-zi')).toHaveLength(MAX_FINDINGS_PER_RULE);
    // The note stands at the first 字 dropped: line 1001's first character.
    const lineStart = (n: number) => lines.slice(0, n).reduce((at, l) => at + l.length + 1, 0);
    expect(of('too-many-findings').map((f) => f.range)).toEqual([[lineStart(1000), lineStart(1000) + 1]]);
    // The other rule is still run on every line, before and after the limit.
    expect(of('guarantee').map((f) => f.range[0])).toEqual(lines.map((_l, i) => lineStart(i) + 6));
  });
});

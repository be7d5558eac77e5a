/**
 * The pure parts of the speed benchmark (bench/): its generators produce the sizes they advertise,
 * the peer's prh dictionary holds the pack's literal words, and the multiplied rule pack has ten
 * times the literal patterns yet finds exactly what the built-in pack finds. Nothing here times
 * anything: speed is measured by `npm run bench`, never by tests.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { quickReplyCsv, repeatedText, replyText, sliceLines, splitSentences, type Sentence } from '../bench/inputs.js';
import { literalPatterns, literalVariant, multipliedPack, multipliedPackConfig, prhRules } from '../bench/pack.js';
import { parseConfig } from '../src/config.js';
import { builtinPack } from '../src/files.js';
import { createLinter } from '../src/linter.js';
import { normalizeLiteral } from '../src/rules/patterns.js';
import { parseText } from '../src/sources/text.js';

/** Made-up sentences in both scripts (the generators take any). */
const SENTENCES: Sentence[] = [
  { simplified: '您好，包裹已经从仓库发出了。', traditional: '您好，包裹已經從倉庫發出了。' },
  { simplified: '这款外套有三个颜色可以选择，请您放心下单。', traditional: '這款外套有三個顏色可以選擇，請您放心下單。' },
  { simplified: '退货地址已经发给您了，麻烦您填写一下单号。', traditional: '退貨地址已經發給您了，麻煩您填寫一下單號。' },
  { simplified: '感谢您的耐心等待！', traditional: '感謝您的耐心等待！' },
];
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('bench inputs', () => {
  it('splits documents into reply-like sentences, without headings, noise or comment lines', () => {
    const text = '第一章\n亲，这款现在有货，可以直接拍下。明天就能发出哦！\n- q\' b, L# }# C1 a: [, R7 O\n# 这是一行注释，不是回复\n';
    expect(splitSentences(text)).toEqual(['亲，这款现在有货，可以直接拍下。', '明天就能发出哦！']);
  });

  it('makes reply text of exactly the requested length, one reply per line, the same for the same seed', () => {
    const text = replyText(SENTENCES, { chars: 20_000, seed: 7 });
    expect(text.length).toBe(20_000);
    expect(text.endsWith('\n')).toBe(true);
    expect(replyText(SENTENCES, { chars: 20_000, seed: 7 })).toBe(text);
    expect(replyText(SENTENCES, { chars: 20_000, seed: 8 })).not.toBe(text);
    const lines = text.split('\n').slice(0, -2); // the last line may be cut
    const traditional = lines.filter((l) => SENTENCES.some((s) => l.startsWith(s.traditional))).length;
    // About 35 % of the lines are Traditional.
    expect(traditional / lines.length).toBeGreaterThan(0.25);
    expect(traditional / lines.length).toBeLessThan(0.45);
    for (const line of lines) expect(SENTENCES.some((s) => line.startsWith(s.simplified) || line.startsWith(s.traditional))).toBe(true);
  });

  it('repeats a text up to a size in bytes, whole lines, each repetition in another order', () => {
    const base = replyText(SENTENCES, { chars: 3_000, seed: 1 });
    const baseLines = base.split('\n').filter(Boolean);
    const big = repeatedText(base, 40_000, 2);
    expect(bytes(big)).toBeLessThanOrEqual(40_000);
    expect(bytes(big)).toBeGreaterThan(40_000 - 200);
    expect(big.endsWith('\n')).toBe(true);
    const lines = big.split('\n').slice(0, -1);
    const first = lines.slice(0, baseLines.length);
    const second = lines.slice(baseLines.length, 2 * baseLines.length);
    expect([...first].sort()).toEqual([...baseLines].sort());
    expect([...second].sort()).toEqual([...baseLines].sort());
    expect(second).not.toEqual(first);
  });

  it('slices whole lines up to a size in bytes', () => {
    const text = replyText(SENTENCES, { chars: 5_000, seed: 3 });
    const slice = sliceLines(text, 4_000);
    expect(text.startsWith(slice)).toBe(true);
    expect(slice.endsWith('\n')).toBe(true);
    expect(bytes(slice)).toBeLessThanOrEqual(4_000);
    const nextLine = text.slice(slice.length, text.indexOf('\n', slice.length) + 1);
    expect(bytes(slice) + bytes(nextLine)).toBeGreaterThan(4_000);
  });

  it('makes a quick-reply table with the requested rows and the workbench header', () => {
    const csv = quickReplyCsv([...SENTENCES, { simplified: '尺码"偏大"，建议拍小一码', traditional: '尺碼"偏大"，建議拍小一碼' }], 500, 4);
    const records = parseCsv(csv) as string[][];
    expect(records[0]).toEqual(['分组', '快捷编码', '快捷短语']);
    expect(records).toHaveLength(501);
    expect(new Set(records.slice(1).map((r) => r[1])).size).toBe(500);
    expect(records.slice(1).some((r) => r[2]!.includes('"偏大"'))).toBe(true);
  });
});

describe('bench rule packs', () => {
  const pack = builtinPack();
  const literals = literalPatterns(pack.ruleFiles);

  it('finds the literal patterns of the built-in pack', () => {
    expect(literals.length).toBeGreaterThan(0);
    const but = literals.find((p) => p.ruleId === 'no-but' && p.literals.includes('但是'));
    expect(but?.rewrite).toBe('同时');
  });

  it('writes a prh dictionary with every literal phrase, in both scripts', () => {
    const toTraditional = (text: string) => text.replaceAll('级', '級').replaceAll('时', '時');
    const prh = parseYaml(prhRules(literals, toTraditional)) as { version: number; rules: { expected: string; patterns: string[] }[] };
    expect(prh.version).toBe(1);
    const phrases = new Set(prh.rules.flatMap((r) => r.patterns));
    for (const p of literals) for (const phrase of p.literals) expect(phrases.has(phrase)).toBe(true);
    expect(phrases.has('国家級')).toBe(true);
    expect(prh.rules.find((r) => r.patterns.includes('但是'))?.expected).toBe('同时');
    for (const rule of prh.rules) expect(rule.expected).not.toBe('');
  });

  it('multiplies the literal patterns tenfold and still finds exactly what the built-in pack finds', async () => {
    const multiplied = multipliedPack(pack.ruleFiles, 10);
    const copied = literalPatterns(multiplied.files);
    expect(copied).toHaveLength(literals.length * 10);
    expect(copied.reduce((n, p) => n + p.literals.length, 0)).toBe(10 * literals.reduce((n, p) => n + p.literals.length, 0));
    expect(multiplied.literalPatterns.after).toBe(copied.length);
    // The variants survive normalization unchanged, so they can never match ordinary text.
    for (let k = 1; k < 10; k++) expect(normalizeLiteral(literalVariant('但是', k))).toBe(literalVariant('但是', k));

    const { config, problems } = parseConfig('config.yaml', multipliedPackConfig(multiplied, 'rules'));
    expect(problems).toEqual([]);
    const builtin = createLinter(pack);
    const tenfold = createLinter({ ruleFiles: [...pack.ruleFiles, ...multiplied.files], dictionary: pack.dictionary, config });
    expect(tenfold.rules.filter((r) => r.level !== 'off').map((r) => r.rule.id)).toEqual(builtin.rules.map((r) => `${r.rule.id}-x10`));
    const text = '亲，这款绝对是正品，但是今天仓库发不了货\n别家卖的都是假货，不如我们\n親，我保證明天發貨\n这款木有货了\n';
    const expected = (await builtin.lint(parseText('t.txt', text))).map((f) => [`${f.ruleId}-x10`, f.range]);
    expect(expected.length).toBeGreaterThan(3);
    expect((await tenfold.lint(parseText('t.txt', text))).map((f) => [f.ruleId, f.range])).toEqual(expected);
    // Compiling 19 more rule files with the regex safety checks takes seconds on a busy machine.
  }, 60_000);
});

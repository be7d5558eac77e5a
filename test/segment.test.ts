/**
 * Segmenting with a partial dictionary (only the words a text contains, see src/segment.ts) must
 * give exactly the words the full dictionary gives: the training documents, every rule example,
 * and sentences built to stress word boundaries are segmented both ways and compared.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuiltinSources } from '../src/files.js';
import { createLinter } from '../src/linter.js';
import { normalizeDraft } from '../src/normalize/normalize.js';
import { createSegmenter, dictionaryEntries, WORD_END, WORD_START, writeWordIndex } from '../src/segment.js';
import { parseText } from '../src/sources/text.js';

const SEEDS = new URL('../../shared/seeds/', import.meta.url);
const pack = readBuiltinSources();
const index = join(mkdtempSync(join(tmpdir(), 'huashu-words-')), 'jieba-words.txt');
writeWordIndex(index);

const full = createSegmenter(pack.dictionary, { wordIndex: null });
const partial = createSegmenter(pack.dictionary, { wordIndex: index, partialLimit: Infinity });

const seedLines = readdirSync(SEEDS).flatMap((name) => readFileSync(new URL(name, SEEDS), 'utf8').split('\n'));
const linter = createLinter(pack);
const exampleTexts = linter.rules.flatMap(({ rule }) => [...rule.examples.invalid.map((e) => e.text), ...rule.examples.valid.map((e) => e.text)]);

function words(segmenter: typeof full, text: string): string {
  return segmenter
    .segment(text, { tags: true })
    .map((t) => `${t.word}/${t.tag}@${t.range[0]}`)
    .join(' ');
}

describe('partial dictionaries segment like the full dictionary', () => {
  it.each([
    ['the training documents', seedLines],
    ['every rule example', exampleTexts],
  ])('%s', (_what, texts) => {
    const lines = texts.map((t) => normalizeDraft({ text: t, offset: 0 }).text).filter((t) => t.trim());
    expect(lines.length).toBeGreaterThan(50);
    const differ = lines.filter((t) => words(full, t) !== words(partial, t));
    expect(differ).toEqual([]);
  });

  it('keeps boundaries that depend on words around the match', () => {
    for (const text of ['确保证件齐全', '我们保证质量', '保证金已退回', '亲，我保证明天发货', '这个研究生命起源', '结婚的和尚未结婚的']) {
      expect(words(partial, text)).toBe(words(full, text));
    }
    expect(words(partial, '确保证件齐全')).toContain('证件');
  });

  it('keeps the user dictionary words whole, as the full dictionary does', () => {
    const user = ['拍下', '七天无理由'];
    const a = createSegmenter(user, { wordIndex: null });
    const b = createSegmenter(user, { wordIndex: index, partialLimit: Infinity });
    for (const text of ['亲，拍下后七天无理由退换', '先拍下再说']) expect(words(b, text)).toBe(words(a, text));
    expect(words(b, '先拍下再说')).toContain('拍下/');
  });

  it('takes the entries of user words looked up ahead (as the build does for the built-in words)', () => {
    const entries = dictionaryEntries(['保证金', '七天无理由', '拍下'], index);
    const jiebaLine = (word: string) => readFileSync(join(index), 'utf8').split('\n').find((line) => line.startsWith(`${word} `)) ?? null;
    expect(entries).toEqual({ 保证金: jiebaLine('保证金'), 七天无理由: null, 拍下: jiebaLine('拍下') });
    expect(entries.保证金).toMatch(/^保证金 \d+ \w+$/);
    const ahead = createSegmenter(pack.dictionary, { wordIndex: index, partialLimit: Infinity, knownEntries: dictionaryEntries(pack.dictionary, index) });
    const lines = [...seedLines, ...exampleTexts].map((t) => normalizeDraft({ text: t, offset: 0 }).text).filter((t) => t.trim());
    expect(lines.filter((t) => words(ahead, t) !== words(full, t))).toEqual([]);
    // The entries given are the ones used: a marked frequency shows through in jieba's choices.
    const marked = createSegmenter(['拍下'], { wordIndex: index, partialLimit: Infinity, knownEntries: { 拍下: '拍下 50000000 v' } });
    const looked = createSegmenter(['拍下'], { wordIndex: index, partialLimit: Infinity });
    expect(lines.some((t) => words(marked, t) !== words(looked, t))).toBe(true);
  });

  it('gives the same words with and without tags', () => {
    for (const text of exampleTexts.slice(0, 200)) {
      expect(partial.segment(text).map((t) => t.word)).toEqual(full.segment(text, { tags: true }).map((t) => t.word));
    }
  });

  it('falls back to the full dictionary when there is no index', () => {
    const noIndex = createSegmenter([], { wordIndex: join(tmpdir(), 'no-such-index.txt'), partialLimit: Infinity });
    expect(words(noIndex, '我们保证质量')).toBe(words(full, '我们保证质量'));
  });
});

describe('long runs are segmented on a worker thread', () => {
  const texts = seedLines.map((t) => normalizeDraft({ text: t, offset: 0 }).text).filter((t) => t.trim());
  const inThread = createSegmenter(pack.dictionary, { wordIndex: null, worker: false });

  /** Every text through a run of `segmenter`, in order, as the linter does: now, or submit and wait. */
  function throughRun(segmenter: typeof full, all: readonly string[]): Uint8Array[] {
    const run = segmenter.run(all.reduce((n, t) => n + t.length, 0));
    const tickets = all.map((t) => run.now(t) ?? run.submit(t));
    return all.map((t, i) => (typeof tickets[i] === 'number' ? run.wait(tickets[i], t) : tickets[i]!));
  }

  it.each([
    ['on the worker, partial dictionaries per batch (the sorted index)', index, true, false],
    ['on the worker, with the user words\' entries looked up ahead', index, true, true],
    ['on the worker, the full dictionary (no index)', null, true, false],
    ['on this thread (no worker), partial dictionaries per batch', index, false, false],
  ])('gives the boundaries this thread gives, over many batches, with the user words: %s', (_how, wordIndex, worker, ahead) => {
    expect(texts.reduce((n, t) => n + t.length, 0)).toBeGreaterThan(40_000);
    const knownEntries = ahead ? dictionaryEntries(pack.dictionary, index) : undefined;
    const threaded = createSegmenter(pack.dictionary, { wordIndex, worker, knownEntries });
    const run = threaded.run(1_000_000);
    expect(run.now(texts[0]!)).toBeUndefined(); // the worker's: submitted, not segmented here
    const got = throughRun(threaded, texts);
    const want = texts.map((t) => inThread.boundaries(t));
    expect(got.map((b) => [...b].join(''))).toEqual(want.map((b) => [...b].join('')));
    // A user word (拍下) is kept whole by the worker too, also when it is a dictionary word (下单).
    for (const [word, text] of [['拍下', '先拍下再说'], ['下单', '先下单再说']] as const) {
      const [flags] = throughRun(createSegmenter([word], { wordIndex, worker }), [text.repeat(600)]);
      expect(flags![1]).toBe(WORD_START | WORD_END); // 先 ends, the user word starts
      expect(flags![2]).toBe(0);
      expect([...flags!].join('')).toBe([...createSegmenter([word], { wordIndex: null, worker: false }).boundaries(text.repeat(600))].join(''));
    }
  });

  it('segments on this thread when the worker cannot load jieba', () => {
    const broken = createSegmenter(pack.dictionary, { workerJieba: join(tmpdir(), 'no-such-jieba.node') });
    const some = texts.slice(0, 400);
    expect(throughRun(broken, some).map((b) => [...b].join(''))).toEqual(some.map((t) => [...inThread.boundaries(t)].join('')));
  });

  it('a long file gets the same findings as when it is segmented on this thread', async () => {
    const file = [...seedLines, ...exampleTexts].join('\n');
    expect(file.length).toBeGreaterThan(20_000);
    const threaded = await linter.lint(parseText('seeds.txt', file));
    const here = await createLinter({ ...pack, segmentOnWorker: false }).lint(parseText('seeds.txt', file));
    expect(threaded.length).toBeGreaterThan(500);
    expect(threaded).toEqual(here);
  }, 60_000);
});

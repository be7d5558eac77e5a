import { describe, expect, it } from 'vitest';
import { normalizeDraft } from '../src/normalize/normalize.js';
import { detectScript, toSimplifiedChar } from '../src/normalize/script.js';
import type { Draft } from '../src/types.js';

/** Every way to cut the normalized text maps back to a substring of the original. */
function originalOf(draft: Draft, needle: string): string {
  const n = normalizeDraft(draft);
  const at = n.text.indexOf(needle);
  expect(at, `"${needle}" in "${n.text}"`).toBeGreaterThanOrEqual(0);
  const [s, e] = n.map.toOriginal([at, at + needle.length]);
  return draft.text.slice(s, e);
}

describe('normalizeDraft', () => {
  it('converts Traditional to Simplified character by character and maps back', () => {
    const draft = { text: '親，我保證明天發貨', offset: 0 };
    const n = normalizeDraft(draft);
    // Full-width punctuation folds too (，→ ,): rule literals are folded the same way.
    expect(n.text).toBe('亲,我保证明天发货');
    expect(n.script).toBe('traditional');
    expect(originalOf(draft, '保证')).toBe('保證');
  });

  it('leaves characters that Simplified Chinese writes itself alone (么 is not the variant 幺 here)', () => {
    const n = normalizeDraft({ text: '你的名字叫什么？怎么秘密群里有床', offset: 0 });
    expect(n.text).toBe('你的名字叫什么?怎么秘密群里有床');
    expect(n.script).toBe('simplified');
    expect(normalizeDraft({ text: '你的名字叫什麼', offset: 0 }).text).toBe('你的名字叫什么');
  });

  it('reads the Taiwanese 妳 as 你, and counts it as Traditional', () => {
    const n = normalizeDraft({ text: '難道妳沒看到嗎', offset: 0 });
    expect(n.text).toBe('难道你没看到吗');
    expect(detectScript('妳好')).toBe('traditional');
  });

  it('handles Hong Kong and Taiwan variants', () => {
    expect(normalizeDraft({ text: '為什麼', offset: 0 }).text).toBe('为什么');
    expect(normalizeDraft({ text: '着數', offset: 0 }).text).toBe('着数');
  });

  it('folds full-width ASCII and upper case, and maps back to the full-width original', () => {
    const draft = { text: '加我ＱＱ：１３８', offset: 0 };
    const n = normalizeDraft(draft);
    expect(n.text).toBe('加我qq:138');
    expect(originalOf(draft, 'qq')).toBe('ＱＱ');
    expect(originalOf(draft, '138')).toBe('１３８');
    expect(normalizeDraft({ text: 'VX', offset: 0 }).text).toBe('vx');
  });

  it('keeps emoji and astral characters and maps spans after them exactly', () => {
    const draft = { text: '😀𠮷我保证', offset: 0 };
    const n = normalizeDraft(draft);
    expect(n.text).toBe('😀𠮷我保证');
    expect(originalOf(draft, '保证')).toBe('保证');
  });

  it('maps through a conversion that changes UTF-16 length (BMP → astral)', () => {
    // OpenCC maps 㗲 (U+35F2, one UTF-16 unit) to 𠵾 (U+20D7E, two units).
    const draft = { text: '我㗲保證', offset: 0 };
    const n = normalizeDraft(draft);
    expect(n.text).toBe('我𠵾保证');
    expect(originalOf(draft, '𠵾')).toBe('㗲');
    expect(originalOf(draft, '保证')).toBe('保證');
    expect(originalOf(draft, '𠵾保')).toBe('㗲保');
  });

  it('maps through a conversion that changes UTF-16 length (astral → BMP)', () => {
    // OpenCC maps 𠗣 (U+205E3, two UTF-16 units) to 㓆 (U+34C6, one unit).
    const draft = { text: '𠗣我保證😀', offset: 0 };
    const n = normalizeDraft(draft);
    expect(n.text).toBe('㓆我保证😀');
    expect(originalOf(draft, '㓆')).toBe('𠗣');
    expect(originalOf(draft, '保证😀')).toBe('保證😀');
  });

  it('drops zero-width characters so evasive spellings read whole', () => {
    const draft = { text: '加微\u200b信', offset: 0 };
    expect(normalizeDraft(draft).text).toBe('加微信');
    expect(originalOf(draft, '微信')).toBe('微\u200b信');
  });

  it('replaces hidden parts and never maps into them from outside', () => {
    const draft: Draft = { text: '我**保证**`code`发货', offset: 0, hidden: [{ range: [1, 3], replacement: '' }, { range: [5, 7], replacement: '' }, { range: [7, 13], replacement: ' ' }] };
    const n = normalizeDraft(draft);
    expect(n.text).toBe('我保证 发货');
    expect(originalOf(draft, '保证')).toBe('保证');
    expect(originalOf(draft, '发货')).toBe('发货');
  });
});

describe('placeholders and URLs', () => {
  it('reads placeholders and codes from real exports as one U+FFFC, and lists them as opaque', () => {
    const draft = { text: '亲{订单号}已发[微笑]，${name}请看#E-s12[数字x]好', offset: 0 };
    const n = normalizeDraft(draft);
    expect(n.text).toBe('亲\uFFFC已发\uFFFC,\uFFFC请看\uFFFC\uFFFC好');
    expect(n.opaque.map(([s, e]) => draft.text.slice(s, e))).toEqual(['{订单号}', '[微笑]', '${name}', '#E-s12', '[数字x]']);
  });

  it('ends a URL where Chinese text or sentence punctuation starts', () => {
    const draft = { text: '请看https://x.cn/a?b=1，谢谢 或 www.shop.com.', offset: 0 };
    const n = normalizeDraft(draft);
    expect(n.opaque.map(([s, e]) => draft.text.slice(s, e))).toEqual(['https://x.cn/a?b=1', 'www.shop.com']);
    expect(n.text).toBe('请看\uFFFC,谢谢 或 \uFFFC.');
  });

  it('does not look for placeholders inside parts the source already hid', () => {
    const draft: Draft = { text: '看`{x}`吧', offset: 0, hidden: [{ range: [1, 6], replacement: ' ' }] };
    expect(normalizeDraft(draft).opaque).toEqual([[1, 6]]);
  });
});

describe('mixed scripts', () => {
  it('normalizes a draft that mixes Simplified and Traditional and maps each part back', () => {
    const draft = { text: '亲，我們保证品質沒问题', offset: 0 };
    const n = normalizeDraft(draft);
    expect(n.text).toBe('亲,我们保证品质没问题');
    expect(originalOf(draft, '我们保证')).toBe('我們保证');
    expect(originalOf(draft, '品质没问题')).toBe('品質沒问题');
  });
});

describe('detectScript', () => {
  it('tells Traditional from Simplified', () => {
    expect(detectScript('我們保證品質')).toBe('traditional');
    expect(detectScript('我们保证质量')).toBe('simplified');
  });
  it('keeps Simplified text with a few stray Traditional characters Simplified', () => {
    expect(detectScript('有时候客户拍下商品但是并鈈一定是着急要的')).toBe('simplified');
  });
  it('treats text without Han characters as Simplified', () => {
    expect(detectScript('ok 123')).toBe('simplified');
  });
});

describe('stored character tables', () => {
  it('equal the tables derived from OpenCC (run npm run tables after upgrading opencc-js)', async () => {
    const { readFileSync } = await import('node:fs');
    const { scriptTablesModule } = await import('../src/normalize/opencc-tables.js');
    const stored = readFileSync(new URL('../src/normalize/script-tables.ts', import.meta.url), 'utf8');
    expect(stored).toBe(scriptTablesModule());
  });
});

describe('every character of the Basic Multilingual Plane', () => {
  /** What one character reads as, by the rules in normalize.ts's header, from the character tables. */
  function expected(cp: number): string {
    const ch = String.fromCharCode(cp);
    if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0).toLowerCase();
    if (cp >= 0x41 && cp <= 0x5a) return ch.toLowerCase();
    if (cp === 0x3000) return ' ';
    if ([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff].includes(cp)) return '';
    return (cp >= 0x2e80 && toSimplifiedChar(cp)) || ch;
  }

  it('folds and votes as the tables say, alone and between other characters', () => {
    const wrong: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCharCode(cp);
      const alone = normalizeDraft({ text: ch, offset: 0 });
      const amid = normalizeDraft({ text: `我${ch}們`, offset: 0 });
      // Beside one Traditional character (們) a Simplified-only character ties the vote.
      const fine = alone.text === expected(cp) && alone.script === detectScript(ch) && amid.text === `我${expected(cp)}们` && amid.script === detectScript(`我${ch}們`);
      if (!fine) wrong.push(ch);
    }
    expect(wrong).toEqual([]);
  });
});

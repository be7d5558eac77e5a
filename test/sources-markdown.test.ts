import { describe, it, expect } from 'vitest';
import { parseMarkdown } from '../src/sources/markdown.js';
import type { Draft, SourceFile } from '../src/types.js';
import { applyHidden } from '../src/sources/structured.js';

/** What a reader sees: `draft.text` with every hidden range replaced by its replacement. */
const visible = (draft: Draft): string => applyHidden(draft.text, draft.hidden ?? []);

/** Structural invariants every parse must satisfy; returns the file for further checks. */
function checked(text: string): SourceFile {
  const file = parseMarkdown('reply.md', text);
  expect(file.path).toBe('reply.md');
  expect(file.text).toBe(text);
  let previousEnd = 0;
  for (const d of file.drafts) {
    // Offsets are exact UTF-16 offsets into the file text, drafts in document order.
    expect(text.slice(d.offset, d.offset + d.text.length)).toBe(d.text);
    expect(d.offset).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = d.offset + d.text.length;
    // Hidden ranges: relative to d.text, sorted, not overlapping, not empty; omitted when none.
    if (d.hidden !== undefined) expect(d.hidden.length).toBeGreaterThan(0);
    let last = 0;
    for (const h of d.hidden ?? []) {
      expect(h.range[0]).toBeGreaterThanOrEqual(last);
      expect(h.range[1]).toBeGreaterThan(h.range[0]);
      expect(h.range[1]).toBeLessThanOrEqual(d.text.length);
      last = h.range[1];
    }
    // No draft without prose.
    expect(visible(d).trim()).not.toBe('');
  }
  return file;
}

/** Visible text of each draft. */
function seen(text: string): string[] {
  return checked(text).drafts.map(visible);
}

/** The hidden ranges of a draft as [original text, replacement] pairs. */
function hiddenParts(d: Draft): [string, string][] {
  return (d.hidden ?? []).map((h) => [d.text.slice(h.range[0], h.range[1]), h.replacement]);
}

describe('parseMarkdown: blocks', () => {
  it('makes one draft per paragraph with exact text and offset, and no hidden when plain', () => {
    const text = '您好，欢迎光临。\n\n请问有什么可以帮您？\n';
    const { drafts } = checked(text);
    expect(drafts).toEqual([
      { text: '您好，欢迎光临。', offset: 0 },
      { text: '请问有什么可以帮您？', offset: 10 },
    ]);
  });

  it('starts a heading draft at its first content character and leaves out closing #', () => {
    const text = '## 退款说明 ##\n\n退款\n===\n';
    const { drafts } = checked(text);
    expect(drafts.map((d) => [d.text, d.offset])).toEqual([
      ['退款说明', 3],
      ['退款', 12],
    ]);
  });

  it('skips YAML and TOML front matter', () => {
    const yaml = checked('---\ntitle: 退货话术\n作者: 小王\n---\n\n亲，您好。\n');
    expect(yaml.drafts.map((d) => d.text)).toEqual(['亲，您好。']);
    expect(yaml.drafts[0]!.offset).toBe(yaml.text.indexOf('亲'));
    const toml = checked('+++\ntitle = "退货话术"\n+++\n亲，您好。');
    expect(toml.drafts.map((d) => d.text)).toEqual(['亲，您好。']);
  });

  it('skips fenced and indented code blocks', () => {
    const text = '前文。\n\n```text\n我保证明天发货\n```\n\n    我保证明天发货\n\n后文。';
    expect(seen(text)).toEqual(['前文。', '后文。']);
  });

  it('skips HTML blocks, comments, thematic breaks and definitions', () => {
    const text = '<!-- 内部备注：我保证 -->\n\n<div>\n绝对没问题\n</div>\n\n---\n\n[官网]: https://x.com\n\n正文。';
    expect(seen(text)).toEqual(['正文。']);
  });

  it('reads the paragraphs of list items, task items and nested blockquotes', () => {
    const text = '- 第一条\n- [ ] 第二条\n  1. 嵌套项\n\n> 引用段落\n>\n> > 嵌套引用\n';
    const { drafts } = checked(text);
    expect(drafts.map((d) => d.text)).toEqual(['第一条', '第二条', '嵌套项', '引用段落', '嵌套引用']);
    expect(drafts.every((d) => d.hidden === undefined)).toBe(true);
  });

  it('makes one draft per GFM table cell, header included', () => {
    const text = '| 问题 | 回复 |\n| --- | --- |\n| 能退货吗 | 七天内**可以** |\n';
    const { drafts } = checked(text);
    expect(drafts.map((d) => d.text)).toEqual(['问题', '回复', '能退货吗', '七天内**可以**']);
    expect(drafts.map(visible)).toEqual(['问题', '回复', '能退货吗', '七天内可以']);
    expect(drafts[2]!.offset).toBe(text.indexOf('能退货吗'));
  });

  it('reads an escaped pipe inside a table cell as prose', () => {
    expect(seen('| a |\n|---|\n| 甲 \\| 乙 |')).toEqual(['a', '甲 | 乙']);
  });

  it('produces no draft for empty, blank or prose-less input', () => {
    expect(checked('').drafts).toEqual([]);
    expect(checked(' \n\n\t\n').drafts).toEqual([]);
    expect(checked('![图](a.png)\n\n`code`\n\n<https://x.com>\n').drafts).toEqual([]);
  });
});

describe('parseMarkdown: hidden ranges', () => {
  it("hides inline code, backticks included, behind ' '", () => {
    const [d] = checked('请运行 `npm install` 后重试').drafts;
    expect(hiddenParts(d!)).toEqual([['`npm install`', ' ']]);
    expect(visible(d!)).toBe('请运行   后重试');
  });

  it("hides emphasis markers with ''", () => {
    const [d] = checked('我**保证**明天发货').drafts;
    expect(hiddenParts(d!)).toEqual([
      ['**', ''],
      ['**', ''],
    ]);
    expect(visible(d!)).toBe('我保证明天发货');
    expect(seen('_一定_ *肯定* ~~删掉~~')).toEqual(['一定 肯定 删掉']);
  });

  it("keeps a link's label as prose and hides the brackets and URL with ''", () => {
    const [d] = checked('请[点这里查看](https://x.com/a "标题")订单').drafts;
    expect(hiddenParts(d!)).toEqual([
      ['[', ''],
      ['](https://x.com/a "标题")', ''],
    ]);
    expect(visible(d!)).toBe('请点这里查看订单');
    expect(seen('[参考][ref]\n\n[ref]: https://x.com')).toEqual(['参考']);
  });

  it("hides a link whose label is its URL behind ' '", () => {
    expect(seen('见 [https://x.com](https://x.com) 和 [x.com](http://x.com/)')).toEqual(['见   和  ']);
  });

  it("hides autolinks behind ' '", () => {
    const [d] = checked('请访问 <https://x.com/help> 了解').drafts;
    expect(hiddenParts(d!)).toEqual([['<https://x.com/help>', ' ']]);
    expect(visible(d!)).toBe('请访问   了解');
  });

  it("hides bare URLs behind ' ' and stops them at Chinese text and full-width punctuation", () => {
    const [d] = checked('请访问 https://x.com/a?b=1，谢谢').drafts;
    expect(hiddenParts(d!)).toEqual([['https://x.com/a?b=1', ' ']]);
    expect(visible(d!)).toBe('请访问  ，谢谢');
    expect(seen('请访问https://x.com/a查看订单。')).toEqual(['请访问 查看订单。']);
    expect(seen('打开www.x.com。或 www.y.com.')).toEqual(['打开 。或  .']);
    expect(seen('邮箱 kefu@x.com 随时联系')).toEqual(['邮箱   随时联系']);
    expect(seen('见(https://x.com/a_(b))。')).toEqual(['见( )。']);
  });

  it("hides inline HTML and images behind ' '", () => {
    const [d] = checked('我<b>保证</b>发货<!-- 注 -->![图](a.png "t")').drafts;
    expect(hiddenParts(d!)).toEqual([
      ['<b>', ' '],
      ['</b>', ' '],
      ['<!-- 注 -->', ' '],
      ['![图](a.png "t")', ' '],
    ]);
    expect(visible(d!)).toBe('我 保证 发货  ');
  });

  it("does not merge a ' ' range into a neighbouring '' range", () => {
    const [d] = checked('好 **`x`** 好').drafts;
    expect(hiddenParts(d!)).toEqual([
      ['**', ''],
      ['`x`', ' '],
      ['**', ''],
    ]);
  });

  it("hides the '> ' of a continuation line inside a blockquote paragraph", () => {
    const text = '> 第一行\n> 第二行 **重点**\n';
    const [d] = checked(text).drafts;
    expect(d!.text).toBe('第一行\n> 第二行 **重点**');
    expect(d!.offset).toBe(2);
    expect(hiddenParts(d!)).toEqual([
      ['> ', ''],
      ['**', ''],
      ['**', ''],
    ]);
    expect(visible(d!)).toBe('第一行\n第二行 重点');
  });

  it('hides list indentation on continuation lines and the markers of hard breaks', () => {
    expect(seen('- 第一行\n  第二行\n\n甲  \n乙\\\n丙')).toEqual(['第一行\n第二行', '甲\n乙\n丙']);
  });

  it('hides the backslash of an escape', () => {
    const [d] = checked('价格 \\*9 折\\* 起').drafts;
    expect(hiddenParts(d!)).toEqual([
      ['\\', ''],
      ['\\', ''],
    ]);
    expect(visible(d!)).toBe('价格 *9 折* 起');
    expect(seen('路径 C:\\\\temp')).toEqual(['路径 C:\\temp']);
    // An escaped `&` is not a character reference.
    const [e] = checked('写作 \\&amp; 即可').drafts;
    expect(hiddenParts(e!)).toEqual([['\\', '']]);
    expect(visible(e!)).toBe('写作 &amp; 即可');
  });

  it('replaces character references by the characters they stand for', () => {
    const [d] = checked('退货 &amp; 换货 &#20013; &#x1F600; &copy; &nosuch;').drafts;
    expect(hiddenParts(d!)).toEqual([
      ['&amp;', '&'],
      ['&#20013;', '中'],
      ['&#x1F600;', '😀'],
      ['&copy;', '©'],
    ]);
    expect(visible(d!)).toBe('退货 & 换货 中 😀 © &nosuch;');
  });

  it('does not treat single tildes as strikethrough (1~2天 is a range)', () => {
    const [d] = checked('1~2天内发货，3~5天到达').drafts;
    expect(d!.hidden).toBeUndefined();
  });

  it('hides footnote references and reads footnote definitions as prose', () => {
    expect(seen('我们保证[^1]发货。\n\n[^1]: 以物流为准。')).toEqual(['我们保证发货。', '以物流为准。']);
  });
});

describe('parseMarkdown: encodings and odd input', () => {
  it('keeps offsets exact in a CRLF file', () => {
    const text = '---\r\ntitle: 话术\r\n---\r\n\r\n# 标题\r\n\r\n第一行\r\n第二行 **重点**\r\n\r\n> 引用一\r\n> 引用二\r\n';
    const { drafts } = checked(text);
    expect(drafts.map((d) => d.text)).toEqual(['标题', '第一行\r\n第二行 **重点**', '引用一\r\n> 引用二']);
    expect(drafts.map(visible)).toEqual(['标题', '第一行\r\n第二行 重点', '引用一\r\n引用二']);
    expect(drafts[1]!.offset).toBe(text.indexOf('第一行'));
  });

  it('keeps offsets exact after emoji and astral characters', () => {
    const text = '😀𠮷 标题\n\n😀😀 **𠮷保证** `代码` 好\n';
    const { drafts } = checked(text);
    const d = drafts[1]!;
    expect(d.offset).toBe(text.indexOf('😀😀'));
    expect(hiddenParts(d)).toEqual([
      ['**', ''],
      ['**', ''],
      ['`代码`', ' '],
    ]);
    // 😀😀 and a space are 5 UTF-16 units.
    expect(d.hidden![0]!.range).toEqual([5, 7]);
    expect(visible(d)).toBe('😀😀 𠮷保证   好');
  });

  it('reads Traditional Chinese like any other prose', () => {
    expect(seen('# 退貨說明\n\n親，我們**保證**七天內處理。')).toEqual(['退貨說明', '親，我們保證七天內處理。']);
  });

  it('never throws and keeps its invariants on malformed and random input', () => {
    const samples = [
      '[', '**', '`', '<', '&', '\\', '# ', '|a|\n|-|', '```\n未闭合', '\uD800', 'a\0b', '[a](',
      '> > > 深', '- [ ]', '* * *', '<https://', 'www.', 'https://', '[^x]', '![', '&#0;', '\r\r\n',
    ];
    for (const s of samples) checked(s);
    // Deterministic pseudo-random soup of Markdown-significant pieces.
    const pieces = [
      '我', '保证', '😀', '𠮷', ' ', '\n', '\r\n', '\n\n', '*', '**', '_', '`', '[', ']', '(', ')', '<', '>',
      '&amp;', '&#1;', '\\', '#', '|', '-', '~~', '!', 'https://x.com/', 'www.y.cn', '，', '。', '    ',
      '---', '<b>', '\t', '1. ', '[^1]',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 300; n++) {
      let s = '';
      const length = Math.floor(random() * 40);
      for (let k = 0; k < length; k++) s += pieces[Math.floor(random() * pieces.length)];
      expect(() => checked(s)).not.toThrow();
    }
  });
});

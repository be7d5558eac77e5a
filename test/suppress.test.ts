/**
 * Suppression comments: the pure application of directives (suppress.ts), and how the plain-text
 * and Markdown sources find them.
 */
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/sources/markdown.js';
import { parseText } from '../src/sources/text.js';
import { applyDirectives, nextLineRange, parseRuleList, withSuppression } from '../src/suppress.js';
import type { Finding, SourceFile } from '../src/types.js';

const KNOWN = ['no-but', 'no-guarantee', 'no-hurry'];

/** A finding of `ruleId` on the first occurrence of `phrase` in `text`. */
function finding(text: string, phrase: string, ruleId: string): Finding {
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`${phrase} not in text`);
  return { ruleId, severity: 'error', message: 'm', range: [at, at + phrase.length], text: phrase, rewrites: [], fixable: false };
}

/** Ids of the kept findings and of the directive findings, for a text file. */
function apply(text: string, findings: Finding[], reportUnused = false) {
  const r = applyDirectives(findings, parseText('t.txt', text), { knownRules: KNOWN, reportUnused });
  return {
    kept: r.kept.map((f) => `${f.ruleId}@${f.range[0]}`),
    suppressed: r.suppressed.map((f) => f.ruleId),
    unknown: r.unknown.map((f) => `${f.text}: ${f.message}`),
    unused: r.unused.map((f) => `${f.range[0]}: ${f.message}`),
  };
}

describe('applyDirectives', () => {
  it('disable-next-line suppresses the named rule on the next line only', () => {
    const text = '# huashu-disable-next-line no-guarantee\n我保证\n我保证\n';
    const first = finding(text, '保证', 'no-guarantee');
    const second: Finding = { ...first, range: [first.range[0] + 4, first.range[1] + 4] };
    expect(text.slice(...second.range)).toBe('保证');
    const r = apply(text, [first, second]);
    expect(r.suppressed).toEqual(['no-guarantee']);
    expect(r.kept).toEqual([`no-guarantee@${second.range[0]}`]);
  });

  it('names several rules; other rules on the line are kept', () => {
    const text = '# huashu-disable-next-line no-guarantee，no-hurry\n我保证，但是旧说法\n';
    const r = apply(text, [finding(text, '保证', 'no-guarantee'), finding(text, '但是', 'no-but'), finding(text, '旧说法', 'no-hurry')]);
    expect(r.suppressed).toEqual(['no-guarantee', 'no-hurry']);
    expect(r.kept).toEqual([`no-but@${text.indexOf('但是')}`]);
  });

  it('without ids suppresses every rule', () => {
    const text = '# huashu-disable-next-line\n我保证，但是\n';
    const r = apply(text, [finding(text, '保证', 'no-guarantee'), finding(text, '但是', 'no-but')]);
    expect(r.kept).toEqual([]);
    expect(r.suppressed).toEqual(['no-guarantee', 'no-but']);
  });

  it('disable-line at the end of a reply suppresses on that line', () => {
    const text = '我保证 # huashu-disable-line no-guarantee\n我保证\n';
    const second = text.lastIndexOf('保证');
    const r = apply(text, [finding(text, '保证', 'no-guarantee'), { ...finding(text, '保证', 'no-guarantee'), range: [second, second + 2] }]);
    expect(r.kept).toEqual([`no-guarantee@${second}`]);
  });

  it('reports an unknown id with a suggestion, always, and keeps the finding it meant to hide', () => {
    const text = '# huashu-disable-next-line no-guarante\n我保证\n';
    const r = apply(text, [finding(text, '保证', 'no-guarantee')]);
    expect(r.kept).toHaveLength(1);
    expect(r.unknown).toEqual(['no-guarante: 忽略注释里的规则 no-guarante 不存在（是不是 no-guarantee？）']);
    // Not reported a second time as unused.
    expect(apply(text, [finding(text, '保证', 'no-guarantee')], true).unused).toEqual([]);
  });

  it('reports unused directives and unused ids only when asked, at the directive', () => {
    const text = '你好\n# huashu-disable-next-line\n您好\n  # huashu-disable-next-line no-guarantee, no-but\n我保证\n';
    const used = [finding(text, '保证', 'no-guarantee')];
    expect(apply(text, used).unused).toEqual([]);
    const commentAt = text.indexOf('# huashu-disable-next-line no-');
    expect(apply(text, used, true).unused).toEqual([
      '3: 多余的忽略注释：这里没有需要忽略的问题',
      `${commentAt}: 多余的忽略注释：no-but 在这里没有报告问题`,
    ]);
  });

  it('a directive with nothing after it covers nothing', () => {
    const text = '我保证\n# huashu-disable-next-line\n';
    const r = apply(text, [finding(text, '保证', 'no-guarantee')], true);
    expect(r.kept).toHaveLength(1);
    expect(r.unused).toHaveLength(1);
  });

  it('withSuppression drops suppressed findings and adds the directive findings, sorted', async () => {
    const text = '我保证 # huashu-disable-line no-guarantee, no-x\n我保证\n';
    const second = text.lastIndexOf('保证');
    const lint = withSuppression(async () => [finding(text, '保证', 'no-guarantee'), { ...finding(text, '保证', 'no-guarantee'), range: [second, second + 2] }], {
      knownRules: KNOWN,
    });
    const out = await lint(parseText('t.txt', text));
    expect(out.map((f) => `${f.ruleId}@${f.range[0]}`)).toEqual([`unknown-rule-in-directive@${text.indexOf('no-x')}`, `no-guarantee@${second}`]);
    expect(out[0]!.severity).toBe('warning');
  });
});

describe('parseRuleList and nextLineRange', () => {
  it('splits ids on commas and spaces, stops at " -- ", and keeps exact ranges', () => {
    const body = ' a-b, c、d  e -- 活动页已写明 f';
    const rules = parseRuleList(body, 10);
    expect(rules.map((r) => r.id)).toEqual(['a-b', 'c', 'd', 'e']);
    for (const r of rules) expect(body.slice(r.range[0] - 10, r.range[1] - 10)).toBe(r.id);
  });

  it('skips blank and skipped lines, over every kind of line break', () => {
    const text = 'x\r\n\r\n  \r# c\ry\nz';
    const [s, e] = nextLineRange(text, 0, (l) => l.startsWith('#'));
    expect(text.slice(s, e)).toBe('y');
    expect(nextLineRange(text, text.length)).toEqual([text.length, text.length]);
  });
});

describe('plain-text source', () => {
  const drafts = (file: SourceFile) => file.drafts.map((d) => [d.text, d.offset]);

  it('comment lines are not drafts', () => {
    const text = '# 备注：双十一用\n  # 另一个注释\n亲，您好\n';
    expect(drafts(parseText('t.txt', text))).toEqual([['亲，您好', text.indexOf('亲')]]);
    expect(parseText('t.txt', text).directives).toBeUndefined();
  });

  it('a trailing disable-line comment is cut off the draft; the reply keeps its offsets', () => {
    const text = '你好\r\n亲，我保证\u3000# huashu-disable-line no-guarantee\r\n';
    const file = parseText('t.txt', text);
    expect(drafts(file)).toEqual([['你好', 0], ['亲，我保证', 4]]);
    const [d] = file.directives!;
    expect(d!.kind).toBe('disable-line');
    expect(text.slice(...d!.range)).toBe('# huashu-disable-line no-guarantee');
    expect(text.slice(...d!.target)).toBe('亲，我保证\u3000# huashu-disable-line no-guarantee');
    expect(d!.rules.map((r) => text.slice(...r.range))).toEqual(['no-guarantee']);
  });

  it('# without white space before it, or without the keyword, is reply text', () => {
    const text = '订单号#123\n亲 # 备注\n亲 #huashu-disable-lines\n';
    expect(drafts(parseText('t.txt', text)).map(([t]) => t)).toEqual(['订单号#123', '亲 # 备注', '亲 #huashu-disable-lines']);
  });

  it('stacked next-line directives cover the same reply line', () => {
    const text = '# huashu-disable-next-line a\n\n# huashu-disable-next-line b\n回复\n';
    const targets = parseText('t.txt', text).directives!.map((d) => text.slice(...d.target));
    expect(targets).toEqual(['回复', '回复']);
  });
});

describe('Markdown source', () => {
  it('finds HTML-comment directives with exact ranges and targets, never in code', () => {
    const text = '# 标题\n\n<!-- huashu-disable-next-line no-but -->\n但是可以\n\n亲，但是 <!-- huashu-disable-line no-but, no-guarantee -->\n\n```\n<!-- huashu-disable-line -->\n```\n';
    const file = parseMarkdown('t.md', text);
    const ds = file.directives!;
    expect(ds.map((d) => d.kind)).toEqual(['disable-next-line', 'disable-line']);
    expect(ds.map((d) => text.slice(...d.range))).toEqual(['<!-- huashu-disable-next-line no-but -->', '<!-- huashu-disable-line no-but, no-guarantee -->']);
    expect(ds.map((d) => text.slice(...d.target))).toEqual(['但是可以', '亲，但是 <!-- huashu-disable-line no-but, no-guarantee -->']);
    expect(ds[1]!.rules.map((r) => text.slice(...r.range))).toEqual(['no-but', 'no-guarantee']);
    // The comment is still not prose.
    expect(file.drafts.map((d) => d.text)).toContain('但是可以');
  });

  it('a file without directives has no directives field', () => {
    expect(parseMarkdown('t.md', '<!-- 普通注释 -->\n\n您好\n').directives).toBeUndefined();
  });
});

describe('plain-text comment lines', () => {
  it('are "#" followed by white space or a directive; replies opening with #E-s12 or #双11# are replies', async () => {
    const { parseText } = await import('../src/sources/text.js');
    const text = '# 备注：售后话术\n#E-s12 亲，您好\n#双11# 亲，活动开始啦\n#huashu-disable-next-line\n亲，您好\n#\n';
    expect(parseText('t.txt', text).drafts.map((d) => d.text)).toEqual(['#E-s12 亲，您好', '#双11# 亲，活动开始啦', '亲，您好']);
  });
});

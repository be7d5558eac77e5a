import { describe, expect, it } from 'vitest';
import { applyFixes, fixText, MAX_FIX_PASSES } from '../src/fix.js';
import { createLinter } from '../src/linter.js';
import { parseText } from '../src/sources/text.js';
import type { Finding } from '../src/types.js';

function finding(start: number, end: number, text: string): Finding {
  return { ruleId: 'r', severity: 'error', message: 'm', range: [start, end], text: '', rewrites: [text], fixable: true, fix: { range: [start, end], text } };
}

describe('applyFixes', () => {
  it('splices each fix and leaves everything else byte for byte', () => {
    const text = '\t亲，我保证\r\n明天　但是发货\n';
    const a = text.indexOf('保证');
    const b = text.indexOf('但是');
    const out = applyFixes(text, [finding(a, a + 2, '尽量'), finding(b, b + 2, '同时')]);
    expect(out.output).toBe('\t亲，我尽量\r\n明天　同时发货\n');
  });

  it('applies fixes left to right and skips one that overlaps a fix already taken', () => {
    const first = finding(0, 3, 'X');
    const overlapping = finding(2, 4, 'Y');
    const out = applyFixes('abcdef', [overlapping, first]);
    expect(out.output).toBe('Xdef');
    expect(out.applied).toEqual([first]);
    expect(out.skipped).toEqual([overlapping]);
  });

  it('at the same start, applies the longer fix and skips the shorter one inside it', () => {
    const short = finding(0, 1, '您');
    const long = finding(0, 3, '我们需要您');
    const out = applyFixes('你必须付款', [short, long]);
    expect(out.output).toBe('我们需要您付款');
    expect(out.skipped).toEqual([short]);
  });

  it('ignores findings without a fix', () => {
    const noFix: Finding = { ...finding(0, 1, 'X'), fixable: false, fix: undefined };
    expect(applyFixes('abc', [noFix]).output).toBe('abc');
  });
});

describe('fixText', () => {
  const rule = (rewrite: string) => `id: loop
type: substitution
level: error
message: m
fixable: true
boundary: none
patterns:
  - match: a
    rewrites: [${rewrite}]
examples:
  invalid: [{ text: a, flagged: a }]
  valid: [b]
`;
  it('re-lints after each pass and stops when nothing is left to fix', async () => {
    const linter = createLinter({ ruleFiles: [{ path: 'loop.yaml', text: rule('b') }] });
    const result = await fixText(linter.lint, 't', 'a a\na', parseText);
    expect(result.output).toBe('b b\nb');
    expect(result.fixed).toBe(3);
    expect(result.capped).toBe(false);
    expect(result.findings).toEqual([]);
  });

  it('stops after the pass cap when a rewrite keeps triggering its own rule', async () => {
    const linter = createLinter({ ruleFiles: [{ path: 'loop.yaml', text: rule('aa') }] });
    const result = await fixText(linter.lint, 't', 'a', parseText);
    expect(result.capped).toBe(true);
    // 'a' → 'aa' doubles the hits each pass: 1 + 2 + 4 + … fixes over MAX_FIX_PASSES passes.
    expect(result.fixed).toBe(2 ** MAX_FIX_PASSES - 1);
  });
});

/**
 * Regexes of user rule files that can backtrack catastrophically are refused at load time; the
 * built-in pack, which is not checked at run time, passes the same check here.
 */
import { describe, expect, it } from 'vitest';
import { HuashuConfigError, type Problem } from '../src/errors.js';
import { builtinPack } from '../src/files.js';
import { createLinter } from '../src/linter.js';
import { regexHazard } from '../src/rules/safe-regex.js';

describe('regexHazard', () => {
  it.each([
    ['(a+)+$', 'nested repetition'],
    ['(x+x+)+y', 'nested repetition, two loops'],
    ['(a|a)*$', 'identical alternatives in a loop'],
    ['(.|\\s)*x', 'overlapping alternatives in a loop'],
    ['(\\p{Script=Han}|好)+吗', 'a CJK class overlapping a literal in a loop'],
    ['(ab|ab)*c', 'multi-character overlap, which scslre alone misses'],
    ['(?<=x)(.|\\s)*x', 'behind a lookbehind'],
    ['(?=(a+)+$)b', 'inside a lookahead'],
    ['(\\w+)\\1+$', 'through a backreference'],
  ])('refuses %s (%s)', (source) => {
    expect(regexHazard(source)).toMatch(/exponential|polynomial/);
  });

  it.each([
    '你(必须|得)(?<what>\\p{Script=Han}{2})',
    '[^。]*的话',
    '(?:最|第一|顶级)[^,，。.!！?？;；]{0,15}?之一',
    '(。)。{3,}',
    '(?:\\d{3,4}-)?\\d{7,8}',
    '(?<![a-z])(?:no\\.?\\s?1|top\\s?1)(?!\\d)',
    '(?:哈)+',
  ])('accepts %s', (source) => {
    expect(regexHazard(source)).toBeUndefined();
  });

  it('leaves syntax errors to the RegExp constructor', () => {
    expect(regexHazard('(unclosed')).toBeUndefined();
  });
});

describe('rule files', () => {
  const rule = (regex: string) => `id: no-evil
type: existence
level: error
message: 测试
patterns:
  - regex: '${regex}'
exceptions: [{regex: '(b|b)*c'}]
examples:
  invalid: [{ text: aaa, flagged: aaa }]
  valid: [b]
`;
  const problemsOf = (text: string, trusted = false): Problem[] => {
    try {
      createLinter({ ruleFiles: [{ path: 'team/no-evil.yaml', text, trusted }] });
    } catch (error) {
      if (error instanceof HuashuConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('refuses a catastrophic pattern and a catastrophic exception at their line and column', () => {
    const problems = problemsOf(rule('(a+)+$'));
    expect(problems.map((p) => `${p.line}:${p.column}`).sort()).toEqual(['6:12', '7:22']);
    expect(problems.find((p) => p.line === 6)!.message).toContain('/(a+)+$/');
    expect(problems[0]!.message).toContain('exponential');
  });

  it('does not check the trusted built-in pack at load time', () => {
    expect(problemsOf(rule('(a+)+$'), true)).toEqual([]);
  });

  // Built-in rules skip the load-time check (it would cost every run seconds): this is the check,
  // through the same path as a user rule (patterns, exceptions, a rule type's placeholders).
  it('passes every regex of the built-in pack', { timeout: 300_000 }, () => {
    const { ruleFiles } = builtinPack();
    const problems: Problem[] = [];
    try {
      createLinter({ ruleFiles: ruleFiles.map((f) => ({ ...f, trusted: false })) });
    } catch (error) {
      if (!(error instanceof HuashuConfigError)) throw error;
      problems.push(...error.problems);
    }
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual([]);
  });
});

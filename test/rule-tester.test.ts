/**
 * The example runner must be strict: a wrong span, a wrong output, a fix that re-triggers the
 * rule, a missing output, or a valid example that is flagged all fail.
 */
import { describe, expect, it } from 'vitest';
import { createLinter } from '../src/linter.js';
import { testRuleExamples } from '../src/rules/tester.js';

async function failuresOf(examples: string, patterns = '  - match: 赶紧\n    rewrites: [尽快]\n') {
  const text = `id: no-hurry\ntype: substitution\nlevel: error\nmessage: m\nfixable: true\npatterns:\n${patterns}examples:\n${examples}`;
  const linter = createLinter({ ruleFiles: [{ path: 'rules/no-hurry.yaml', text }] });
  const results = await testRuleExamples(linter, linter.rules[0]!.rule);
  return results.filter((r) => r.failures.length).map((r) => `${r.where} ${r.failures[0]}`);
}

describe('testRuleExamples', () => {
  it('passes correct examples', async () => {
    expect(await failuresOf('  invalid: [{ text: 赶紧付款, flagged: 赶紧, output: 尽快付款 }]\n  valid: [尽快付款]\n')).toEqual([]);
  });

  it('fails a wrong flagged span, naming the file and line', async () => {
    expect(await failuresOf('  invalid:\n    - { text: 赶紧付款, flagged: 付款, output: 尽快付款 }\n  valid: [尽快付款]\n')).toEqual([
      'rules/no-hurry.yaml:11 expected flagged ["付款"], got ["赶紧"]',
    ]);
  });

  it('fails a wrong output, and a missing output for a fixable finding', async () => {
    expect(await failuresOf('  invalid: [{ text: 赶紧付款, flagged: 赶紧, output: 快付款 }]\n  valid: [尽快付款]\n')).toEqual([
      'rules/no-hurry.yaml:10 expected output "快付款", got "尽快付款"',
    ]);
    expect(await failuresOf('  invalid: [{ text: 赶紧付款, flagged: 赶紧 }]\n  valid: [尽快付款]\n')).toEqual([
      'rules/no-hurry.yaml:10 the finding is fixable: add output (the text after --fix)',
    ]);
  });

  it('fails when the fixed text is flagged again by the same rule', async () => {
    const failures = await failuresOf(
      '  invalid: [{ text: 赶紧付款, flagged: 赶紧, output: 赶紧赶紧赶紧赶紧赶紧赶紧赶紧赶紧赶紧赶紧赶紧付款 }]\n  valid: [尽快付款]\n',
      '  - match: 赶紧\n    rewrites: [赶紧赶紧]\n',
    );
    expect(failures.length).toBe(1);
  });

  it('fails a valid example that is flagged, and shows the segmentation', async () => {
    const text = `id: no-hurry\ntype: substitution\nlevel: error\nmessage: m\npatterns:\n  - match: 赶紧\n    rewrites: [尽快]\nexamples:\n  invalid: [{ text: 赶紧付款, flagged: 赶紧 }]\n  valid: [请赶紧付款]\n`;
    const linter = createLinter({ ruleFiles: [{ path: 'rules/no-hurry.yaml', text }] });
    const [, valid] = await testRuleExamples(linter, linter.rules[0]!.rule);
    expect(valid!.failures[0]).toBe('expected no finding, got ["赶紧"]');
    expect(valid!.failures[1]).toMatch(/^jieba: 请\/\w+ 赶紧\/\w+ 付款\/\w+$/);
  });
});

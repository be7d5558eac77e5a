/**
 * Every example of every built-in rule runs here, one test each: invalid examples must be flagged
 * at exactly the marked text (and fixed to exactly the given output), valid ones must not be.
 */
import { describe, expect, it } from 'vitest';
import { builtinPack } from '../src/files.js';
import { createLinter } from '../src/linter.js';
import { testRuleExamples } from '../src/rules/tester.js';

// The same pack as the CLI: rule files and the shipped dictionary.
const linter = createLinter(builtinPack());
const perRule = await Promise.all(linter.rules.map(async ({ rule }) => ({ rule, results: await testRuleExamples(linter, rule) })));

describe('built-in rule examples', () => {
  it('the pack has rules', () => {
    expect(linter.rules.length).toBeGreaterThan(0);
  });
  for (const { rule, results } of perRule) {
    describe(rule.id, () => {
      it('has invalid and valid examples', () => {
        expect(rule.examples.invalid.length).toBeGreaterThan(0);
        expect(rule.examples.valid.length).toBeGreaterThan(0);
      });
      for (const result of results) {
        it(`${result.kind}: ${result.text}`, () => {
          expect(result.failures, `${result.where}\n${result.failures.join('\n')}`).toEqual([]);
        });
      }
    });
  }
});

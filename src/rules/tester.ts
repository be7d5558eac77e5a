/**
 * The strict example runner: every rule carries sentences it must flag (with the exact span, and
 * the fixed text when it is fixable) and sentences it must leave alone. Used by the test suite for
 * the built-in pack, and by anyone testing their own rules.
 *
 * Checks, per invalid example: the rule flags exactly the `flagged` spans, in order; the first
 * finding's rewrites equal `rewrites` when given; when a finding is fixable, `output` is required,
 * fixing with this rule alone gives exactly `output`, and the rule does not flag `output` again.
 * Per valid example: the rule flags nothing. A failure shows jieba's words of the sentence.
 */
import { fixText } from '../fix.js';
import type { Linter } from '../linter.js';
import { parseText } from '../sources/text.js';
import type { CompiledRule, InvalidExample, ValidExample } from './spec.js';

export interface ExampleResult {
  ruleId: string;
  /** `file:line` of the example. */
  where: string;
  kind: 'invalid' | 'valid';
  text: string;
  /** Empty when the example passes. */
  failures: string[];
}

/** Runs all examples of one rule. */
export async function testRuleExamples(linter: Linter, rule: CompiledRule): Promise<ExampleResult[]> {
  const results: ExampleResult[] = [];
  for (const example of rule.examples.invalid) results.push(await checkInvalid(linter, rule, example));
  for (const example of rule.examples.valid) results.push(await checkValid(linter, rule, example));
  return results;
}

async function checkInvalid(linter: Linter, rule: CompiledRule, example: InvalidExample): Promise<ExampleResult> {
  const lint = (text: string) => linter.lintWith(parseText('<example>', text), [rule.id]);
  const failures: string[] = [];
  const findings = await lint(example.text);
  const got = findings.map((f) => f.text);
  if (JSON.stringify(got) !== JSON.stringify(example.flagged)) {
    failures.push(`expected flagged ${JSON.stringify(example.flagged)}, got ${JSON.stringify(got)}`);
  }
  const first = findings[0];
  if (example.rewrites && first && JSON.stringify(first.rewrites) !== JSON.stringify(example.rewrites)) {
    failures.push(`expected rewrites ${JSON.stringify(example.rewrites)}, got ${JSON.stringify(first.rewrites)}`);
  }
  const fixable = findings.some((f) => f.fixable);
  if (fixable && example.output === undefined) {
    failures.push(`the finding is fixable: add output (the text after --fix)`);
  } else if (!fixable && example.output !== undefined && findings.length) {
    failures.push(`output is given but no finding is fixable`);
  } else if (fixable && example.output !== undefined) {
    const fixed = await fixText((source) => linter.lintWith(source, [rule.id]), '<example>', example.text, parseText);
    if (fixed.output !== example.output) failures.push(`expected output ${JSON.stringify(example.output)}, got ${JSON.stringify(fixed.output)}`);
    const again = await lint(fixed.output);
    if (again.length) failures.push(`the fixed text is flagged again: ${JSON.stringify(again.map((f) => f.text))}`);
  }
  return result(linter, rule, example, 'invalid', failures);
}

async function checkValid(linter: Linter, rule: CompiledRule, example: ValidExample): Promise<ExampleResult> {
  const findings = await linter.lintWith(parseText('<example>', example.text), [rule.id]);
  const failures = findings.length ? [`expected no finding, got ${JSON.stringify(findings.map((f) => f.text))}`] : [];
  return result(linter, rule, example, 'valid', failures);
}

function result(linter: Linter, rule: CompiledRule, example: { text: string; line: number }, kind: ExampleResult['kind'], failures: string[]): ExampleResult {
  if (failures.length) failures.push(`jieba: ${linter.explain(example.text)}`);
  return { ruleId: rule.id, where: `${rule.file}:${example.line}`, kind, text: example.text, failures };
}

/**
 * Broken rule files and configs: every problem is reported, at its line and column, at once.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { HuashuConfigError, type Problem } from '../src/errors.js';
import { createLinter } from '../src/linter.js';

function problemsOf(text: string, path = 'rules/bad-rule.yaml'): Problem[] {
  try {
    createLinter({ ruleFiles: [{ path, text }] });
  } catch (error) {
    if (error instanceof HuashuConfigError) return error.problems;
    throw error;
  }
  return [];
}
const ok = `id: bad-rule
type: substitution
level: error
message: 测试
patterns:
  - match: 保证
    rewrites: [尽量]
examples:
  invalid: [{ text: 我保证, flagged: 保证, output: 我尽量 }]
  valid: [保证金]
`;
const at = (p: Problem) => `${p.line}:${p.column}`;

describe('rule file problems', () => {
  it('accepts a well-formed rule', () => {
    expect(problemsOf(ok)).toEqual([]);
  });

  it('reports a YAML syntax error with its position', () => {
    const problems = problemsOf('id: bad-rule\ntype: [substitution\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(/YAML syntax error/);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('points at an unknown key and suggests the right one', () => {
    const problems = problemsOf(ok.replace('    rewrites: [尽量]', '    rewrtes: [尽量]'));
    const p = problems.find((x) => x.message.includes('rewrtes'))!;
    expect(p.message).toContain('did you mean "rewrites"');
    expect(at(p)).toBe('7:5');
    expect(p.snippet).toContain('rewrtes');
    expect(p.snippet).toContain('^');
  });

  it('rejects an unknown rule type by listing the known ones', () => {
    const [p] = problemsOf(ok.replace('type: substitution', 'type: substitute'));
    expect(p!.message).toBe('unknown rule type "substitute"; known types: substitution, existence, proximity');
    expect(at(p!)).toBe('2:7');
  });

  it('reports a wrong type of value', () => {
    const problems = problemsOf(ok.replace('level: error', 'level: [error]'));
    expect(problems.some((p) => p.message.includes('level must be') && at(p) === '3:8')).toBe(true);
  });

  it('reports an invalid regular expression at the pattern', () => {
    const problems = problemsOf(ok.replace('  - match: 保证', '  - regex: "保(证"'));
    const p = problems.find((x) => x.message.startsWith('invalid regular expression'))!;
    expect(at(p)).toBe('6:12');
  });

  it('reports a rewrite naming a capture the pattern does not have', () => {
    const problems = problemsOf(ok.replace('  - match: 保证\n    rewrites: [尽量]', '  - regex: "(保)证"\n    rewrites: [尽$2]'));
    expect(problems.map((p) => p.message)).toContain('rewrite refers to $2, but the pattern has no such capture (it has 1 group(s))');
  });

  it('requires examples of both kinds and an id matching the file name', () => {
    const problems = problemsOf(ok.replace('id: bad-rule', 'id: other-rule').replace('  valid: [保证金]\n', ''));
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('id "other-rule" must match the file name "bad-rule"');
    expect(messages).toContain('examples.valid needs at least one sentence the rule leaves alone');
  });

  it('resolves YAML aliases, so rule authors can share a list', () => {
    // The exceptions list is named once and reused as the valid examples.
    const inList = ok.replace('patterns:', 'exceptions: &traps [保证金, 保证书]\npatterns:').replace('  valid: [保证金]', '  valid: *traps');
    expect(problemsOf(inList)).toEqual([]);
    const linter = createLinter({ ruleFiles: [{ path: 'rules/bad-rule.yaml', text: inList }] });
    expect(linter.rules[0]!.rule.examples.valid.map((e) => e.text)).toEqual(['保证金', '保证书']);
  });

  it('collects all problems of a file, not just the first', () => {
    const broken = ok.replace('level: error', 'level: loud').replace('    rewrites: [尽量]', '    rewrites: [尽量]\n    boundry: word');
    expect(problemsOf(broken).length).toBeGreaterThanOrEqual(2);
  });

  it('rejects duplicate examples and duplicate rule ids across files', () => {
    const dup = ok.replace('  valid: [保证金]', '  valid: [保证金, 保证金]');
    expect(problemsOf(dup).map((p) => p.message)).toContain('duplicate example "保证金"');
    let problems: Problem[] = [];
    try {
      createLinter({ ruleFiles: [{ path: 'a/bad-rule.yaml', text: ok }, { path: 'b/bad-rule.yaml', text: ok }] });
    } catch (error) {
      problems = (error as HuashuConfigError).problems;
    }
    expect(problems.map((p) => `${p.file}:${at(p)} ${p.message}`)).toEqual(['b/bad-rule.yaml:1:1 duplicate rule id "bad-rule": already defined in a/bad-rule.yaml']);
  });
});

describe('config problems', () => {
  it('reads a valid config', () => {
    const { config, problems } = parseConfig('.huashurc.yaml', 'rules:\n  no-but: warning\ncompetitors: [某店]\nlocale: hk\n');
    expect(problems).toEqual([]);
    expect(config.levels.map((l) => [l.id, l.level])).toEqual([['no-but', 'warning']]);
    expect(config.competitors).toEqual(['某店']);
    expect(config.locale).toBe('hk');
  });

  it('points at an unknown key with a suggestion, and at a bad level', () => {
    const { problems } = parseConfig('.huashurc.yaml', 'rules:\n  no-but: loud\ncompetitor: [某店]\n');
    expect(problems.map((p) => `${at(p)} ${p.message}`)).toEqual([
      '3:1 unknown key "competitor" in the config (did you mean "competitors"?); allowed: rules, rules-dir, competitors, dictionary, locale, ignore, fix-suggestions, agent-speakers',
      '2:11 the level of no-but must be one of off, info, warning, error, not "loud"',
    ]);
  });

  it('reports an unknown rule id where the config names it', () => {
    const { config } = parseConfig('.huashurc.yaml', 'rules:\n  bad-rul: off\n');
    let problems: Problem[] = [];
    try {
      createLinter({ ruleFiles: [{ path: 'rules/bad-rule.yaml', text: ok }], config });
    } catch (error) {
      problems = (error as HuashuConfigError).problems;
    }
    expect(problems.map((p) => `${p.file}:${at(p)} ${p.message}`)).toEqual(['.huashurc.yaml:2:3 unknown rule "bad-rul" (did you mean "bad-rule"?)']);
  });
});

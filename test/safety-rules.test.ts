/**
 * Broken, hostile and careless rule files and configs, end to end through the bin: every problem
 * of every file at once with file:line:column, exit 2, no stack trace; catastrophic regexes and
 * YAML tags refused at load; limits on findings per rule and per file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE } from '../src/limits.js';
import { runBin, STACK_TRACE, tempDir } from './bin.js';
import { TEST_RULE } from './support.js';

/** A rules directory holding the given files. */
function rulesDir(files: Record<string, string>): { dir: string; rules: string } {
  const dir = tempDir();
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(rules, name), text);
  return { dir, rules: 'rules' };
}

/** The `file:line:col: message` lines of a problem report (snippets left out). */
const problemLines = (stderr: string) => stderr.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l));

describe('broken rule files and configs', () => {
  it('reports every problem of every file at once: syntax, unknown key, wrong type, unknown type, duplicate id, missing capture, invalid regex', () => {
    const { dir, rules } = rulesDir({
      'no-typo.yaml': `id: no-typo
type: substitution
levle: error
message: 测试
fixable: yes
patterns:
  - regex: '你(必须|得'
    rewrites: [请您]
  - regex: '你(必须|得)'
    rewrites: [请您$2]
examples:
  invalid: [{ text: 你必须, flagged: 你必须 }]
  valid: [好]
`,
      'no-kind.yaml': TEST_RULE.replace('id: no-hurry', 'id: no-kind').replace('type: substitution', 'type: substituion'),
      'no-syntax.yaml': 'id: no-syntax\ntype: existence\nlevel: [error\n',
      'no-hurry.yaml': TEST_RULE,
      'no-hurry.yml': TEST_RULE,
    });
    const r = runBin(['--rules-dir', rules], { cwd: dir, input: '旧说法' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(problemLines(r.stderr)).toEqual([
      'rules/no-hurry.yml:1:1: duplicate rule id "no-hurry": already defined in rules/no-hurry.yaml',
      'rules/no-kind.yaml:2:7: unknown rule type "substituion"; known types: substitution, existence, proximity',
      expect.stringMatching(/^rules\/no-syntax\.yaml:4:1: YAML syntax error: /),
      'rules/no-typo.yaml:3:1: unknown key "levle" in a substitution rule (did you mean "level"?)',
      'rules/no-typo.yaml:1:1: level is required: error, warning, info',
      'rules/no-typo.yaml:5:10: fixable must be true or false',
      expect.stringMatching(/^rules\/no-typo\.yaml:7:12: invalid regular expression \/你\(必须\|得\/: .*Unterminated group$/),
      'rules/no-typo.yaml:10:15: rewrite refers to $2, but the pattern has no such capture (it has 1 group(s))',
    ]);
    // Each with the line it points at and a caret.
    expect(r.stderr).toContain('  5 | fixable: yes\n    |          ^\n');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('huashu: 8 problems in the configuration or rule files');
  });

  it('reports every problem of a config at once, together with the rule files', () => {
    const { dir } = rulesDir({});
    writeFileSync(join(dir, '.huashurc.yaml'), 'rules:\n  no-guarantee: loud\n  no-guarante: off\nlocale: cn\ncompetitor: [某店]\nfix-suggestions: 1\n');
    const r = runBin([], { cwd: dir, input: '我保证' });
    expect(r.code).toBe(2);
    expect(problemLines(r.stderr)).toEqual([
      '.huashurc.yaml:5:1: unknown key "competitor" in the config (did you mean "competitors"?); allowed: rules, rules-dir, competitors, dictionary, locale, ignore, fix-suggestions, agent-speakers',
      '.huashurc.yaml:2:17: the level of no-guarantee must be one of off, info, warning, error, not "loud"',
      '.huashurc.yaml:4:9: locale must be one of tw, hk, not "cn" (did you mean "tw"?)',
      '.huashurc.yaml:6:18: fix-suggestions must be true or false',
      '.huashurc.yaml:3:3: unknown rule "no-guarante" (did you mean "no-guarantee"?)',
    ]);
  });

  it('a YAML syntax error in the config', () => {
    const { dir } = rulesDir({});
    writeFileSync(join(dir, '.huashurc.yaml'), 'rules: {no-but: off\n');
    const r = runBin([], { cwd: dir, input: '我保证' });
    expect(r.code).toBe(2);
    expect(problemLines(r.stderr)).toEqual([expect.stringMatching(/^\.huashurc\.yaml:\d+:\d+: YAML syntax error: /)]);
  });
});

describe('hostile rules', () => {
  const evil = (regex: string) => `id: no-evil
type: existence
level: error
message: 测试
boundary: none
patterns:
  - regex: '${regex}'
examples:
  invalid: [{ text: aaa, flagged: aaa }]
  valid: [b]
`;

  it('the classic (a+)+$ is refused at load, so a long draft cannot hang the run', () => {
    const { dir, rules } = rulesDir({ 'no-evil.yaml': evil('(a+)+$') });
    // Against backtracking, 40 a's and a b would take V8 minutes; refused, the run ends at once.
    const r = runBin(['--rules-dir', rules], { cwd: dir, input: 'a'.repeat(40) + 'b', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(problemLines(r.stderr)).toEqual([
      'rules/no-evil.yaml:7:12: regular expression /(a+)+$/: can take exponential time on some drafts (the repetition at "a+" can match the same text in more than one way); bound the repetition ({0,20}) or make the alternatives exclusive',
    ]);
  });

  it('overlapping alternatives in a loop are refused too; huashu test-rules says the same', () => {
    const { dir, rules } = rulesDir({ 'no-evil.yaml': evil('(\\p{Script=Han}|好)+吗') });
    const r = runBin(['test-rules', rules], { cwd: dir, timeout: 20_000 });
    expect(r.code).toBe(2);
    expect(problemLines(r.stderr)).toEqual([expect.stringMatching(/^rules\/no-evil\.yaml:7:12: regular expression .* can take exponential time on some drafts/)]);
  });

  it('a bounded pattern of the same shape is accepted and runs', () => {
    const { dir, rules } = rulesDir({ 'no-evil.yaml': evil('(?:a|b){1,20}') });
    const r = runBin(['-f', 'json', '--rules-dir', rules, '--rule', 'no-evil=error'], { cwd: dir, input: 'a'.repeat(40) + 'b' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].messages.filter((m: { ruleId: string }) => m.ruleId === 'no-evil')).toHaveLength(3);
  });

  it('rules are data: YAML tags (!!js/function, custom tags) are refused, not read as strings', () => {
    const rule = TEST_RULE.replace('message: 换个说法', 'message: !!js/function "function () { require(\'child_process\').execSync(\'touch pwned\') }"').replace('  - match: 旧说法', '  - match: !include /etc/passwd');
    const { dir, rules } = rulesDir({ 'no-hurry.yaml': rule });
    const r = runBin(['--rules-dir', rules], { cwd: dir, input: '旧说法' });
    expect(r.code).toBe(2);
    expect(problemLines(r.stderr)).toEqual([
      'rules/no-hurry.yaml:4:10: YAML tags are not supported (!!js/function): rule and config files are plain data',
      'rules/no-hurry.yaml:7:12: YAML tags are not supported (!include): rule and config files are plain data',
    ]);
  });

  it('rules are data: a key that would name another file is an unknown key', () => {
    const { dir, rules } = rulesDir({ 'no-hurry.yaml': TEST_RULE + 'include: /etc/passwd\n' });
    const r = runBin(['--rules-dir', rules], { cwd: dir, input: '旧说法' });
    expect(r.code).toBe(2);
    expect(problemLines(r.stderr)).toEqual([expect.stringMatching(/^rules\/no-hurry\.yaml:12:1: unknown key "include" in a substitution rule/)]);
  });
});

describe('limits on findings', () => {
  const everyHan = (id: string) => `id: ${id}
type: existence
level: warning
message: 测试
boundary: none
patterns:
  - regex: '\\p{Script=Han}'
examples:
  invalid: [{ text: 字, flagged: 字 }]
  valid: [a]
`;

  it(`a rule that matches every character stops after ${MAX_FINDINGS_PER_RULE} findings in a file, and says so`, () => {
    const { dir, rules } = rulesDir({ 'every-han.yaml': everyHan('every-han') });
    writeFileSync(join(dir, 'a.txt'), '字'.repeat(MAX_FINDINGS_PER_RULE + 1000));
    const r = runBin(['-f', 'json', '--rules-dir', rules, '--rule', 'no-excessive-punctuation=off', 'a.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    const messages = JSON.parse(r.stdout)[0].messages as { ruleId: string; column: number; message: string }[];
    expect(messages.filter((m) => m.ruleId === 'every-han')).toHaveLength(MAX_FINDINGS_PER_RULE);
    const notes = messages.filter((m) => m.ruleId === 'too-many-findings');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.column).toBe(MAX_FINDINGS_PER_RULE + 1);
    expect(notes[0]!.message).toContain(`stopped after ${MAX_FINDINGS_PER_RULE} findings of this rule in this file`);
  });

  it(`a file stops after ${MAX_FINDINGS_PER_FILE} findings in all, and says so`, () => {
    const { dir, rules } = rulesDir({ 'every-a.yaml': everyHan('every-a'), 'every-b.yaml': everyHan('every-b'), 'every-c.yaml': everyHan('every-c') });
    writeFileSync(join(dir, 'a.txt'), '字'.repeat(4000));
    const r = runBin(['-f', 'json', '--rules-dir', rules, 'a.txt'], { cwd: dir });
    const messages = JSON.parse(r.stdout)[0].messages as { ruleId: string; message: string }[];
    expect(messages.filter((m) => m.ruleId !== 'too-many-findings')).toHaveLength(MAX_FINDINGS_PER_FILE);
    expect(messages.filter((m) => m.ruleId === 'too-many-findings').map((m) => m.message)).toEqual([expect.stringContaining(`stopped after ${MAX_FINDINGS_PER_FILE} findings in this file`)]);
  });
});

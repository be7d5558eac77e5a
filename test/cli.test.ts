/**
 * End-to-end: the real, built `huashu` bin (dist/cli.js, built by `npm test`'s pretest step) in
 * child processes, on real files in temporary directories.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYamlText } from 'yaml';
import { NO_ARGUMENTS, type LintFlags } from '../src/flags.js';
import { buildProgram } from '../src/program.js';
import { FIXTURES, huashu, ROOT, tempDir, TEST_RULE } from './support.js';

/** A rule whose rewrite is a suggestion only (`fixable: false`). */
const SUGGESTION_RULE = `id: no-rush
type: substitution
level: warning
message: 换个说法
fixable: false
patterns:
  - match: 老句子
    rewrites: [一句全新的话]
examples:
  invalid: [{ text: 老句子, flagged: 老句子 }]
  valid: [新句子]
`;

describe('standard input', () => {
  it('lints a piped draft and exits 1 on an error', () => {
    const r = huashu([], { input: '亲，我保证明天发货\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<stdin>');
    expect(r.stdout).toContain('no-guarantee');
    // 亲，我保证: the finding starts at 我 (column 3) or 保 (column 4), depending on the rule's pattern.
    expect(r.stdout).toMatch(/1:[34] +error/);
  });

  it('a bare huashu lints with the options commander parses from no arguments (without loading it)', async () => {
    const seen: { paths: string[]; flags: LintFlags }[] = [];
    const program = buildProgram({ lint: async (paths, flags) => void seen.push({ paths, flags }), finish: () => undefined });
    await program.parseAsync([], { from: 'user' });
    expect(seen).toEqual([{ paths: [], flags: NO_ARGUMENTS }]);
    // The same report with and without an argument that changes nothing.
    const draft = { input: '亲，这款绝对是正品，但是今天仓库发不了货\n' };
    const bare = huashu([], draft);
    expect(bare.code).toBe(1);
    expect(huashu(['--format', 'stylish'], draft)).toEqual(bare);
  });

  it('reads standard input for "-" too, and exits 0 for a clean draft', () => {
    const r = huashu(['-'], { input: '亲，感谢您的耐心等待' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('prints JSON in the documented shape', () => {
    const r = huashu(['--format', 'json'], { input: '😀亲，我保证明天发货' });
    const [file] = JSON.parse(r.stdout);
    expect(file.path).toBe('<stdin>');
    expect(file.errorCount).toBeGreaterThanOrEqual(1);
    const m = file.messages.find((x: { ruleId: string }) => x.ruleId === 'no-guarantee');
    // 😀 is one column: 😀亲，我 → 保证 starts at column 5 (or 我保证 at 4).
    expect(Object.keys(m)).toEqual(['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'text', 'rewrites', 'fixable']);
    expect(m.line).toBe(1);
    expect('😀亲，我保证明天发货'.slice([...'😀亲，我保证明天发货'].slice(0, m.column - 1).join('').length).startsWith(m.text)).toBe(true);
    expect(m.endColumn - m.column).toBe([...m.text].length);
  });

  it('--fix prints the fixed draft alone on stdout and the report on stderr', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE);
    const r = huashu(['--fix', '--rules-dir', dir], { input: '亲，这是旧说法吧\n' });
    expect(r.stdout).toBe('亲，这是新说法吧\n');
    expect(r.code).toBe(0);
    const again = huashu(['--fix', '--rules-dir', dir], { input: r.stdout });
    expect(again.stdout).toBe(r.stdout);
  });

  it('--fix keeps a Traditional draft Traditional', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE);
    const r = huashu(['--fix', '--rules-dir', dir, '--rule', 'no-guarantee=off'], { input: '親，這是舊說法吧，謝謝' });
    expect(r.stdout).toBe('親，這是新說法吧，謝謝');
  });
});

describe('files and directories', () => {
  it('lints a Simplified and a Traditional fixture with rewrites in each script', () => {
    const r = huashu(['--format', 'json', 'fixtures/quick-replies/simplified.txt', 'fixtures/quick-replies/traditional.txt']);
    const [simplified, traditional] = JSON.parse(r.stdout);
    expect(simplified.path).toBe('fixtures/quick-replies/simplified.txt');
    const g1 = simplified.messages.find((m: { ruleId: string }) => m.ruleId === 'no-guarantee');
    const g2 = traditional.messages.find((m: { ruleId: string }) => m.ruleId === 'no-guarantee');
    expect(g1.text).toMatch(/保证/);
    expect(g2.text).toMatch(/保證/);
    expect(g2.rewrites[0]).toMatch(/[盡儘]/);
    expect(r.code).toBe(1);
  });

  it('walks directories for known extensions, skipping node_modules and .git', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    mkdirSync(join(dir, 'node_modules'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'a', 'one.txt'), '我保证发货\n');
    writeFileSync(join(dir, 'a', 'b', 'two.md'), '# 标题\n\n我保证发货\n');
    writeFileSync(join(dir, 'a', 'skip.js'), '// 我保证发货\n');
    writeFileSync(join(dir, 'node_modules', 'x.txt'), '我保证发货\n');
    writeFileSync(join(dir, '.git', 'y.txt'), '我保证发货\n');
    const r = huashu(['--format', 'json', '.'], { cwd: dir });
    expect(JSON.parse(r.stdout).map((f: { path: string }) => f.path)).toEqual(['a/b/two.md', 'a/one.txt']);
  });

  it('skips code blocks, front matter and URLs in Markdown, and points at the right line', () => {
    const r = huashu(['--format', 'json', 'fixtures/scripts/after-sales.md']);
    const [file] = JSON.parse(r.stdout);
    const lines = file.messages.filter((m: { ruleId: string }) => m.ruleId === 'no-guarantee').map((m: { line: number }) => m.line);
    expect(lines).toEqual([10]);
  });

  it('says when a path does not exist, lints the others, and exits 2', () => {
    const r = huashu(['--format', 'json', 'missing.txt', 'fixtures/quick-replies/simplified.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: missing.txt: no such file or directory\n');
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it('refuses a binary file with a one-line message', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    const r = huashu(['x.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: x.txt: binary file, not linted\n');
  });
});

describe('--fix on files', () => {
  function fixture(content: string | Buffer, name = 'replies.txt'): { dir: string; path: string } {
    const dir = tempDir();
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE);
    const path = join(dir, name);
    writeFileSync(path, content);
    return { dir, path };
  }

  it('rewrites the file in place, changes nothing else, and is idempotent', () => {
    const { dir, path } = fixture('亲，这是旧说法\r\n\t您好　旧说法😀\n最后一行没有换行');
    const r = huashu(['--fix', '--rules-dir', '.', '--rule', 'no-guarantee=off', 'replies.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('亲，这是新说法\r\n\t您好　新说法😀\n最后一行没有换行');
    const second = huashu(['--fix', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('亲，这是新说法\r\n\t您好　新说法😀\n最后一行没有换行');
  });

  it('keeps a UTF-8 byte-order mark', () => {
    const { dir, path } = fixture(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('这是旧说法\n')]));
    huashu(['--fix', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('这是新说法\n');
  });

  it('fixes Traditional text in Traditional and Markdown without touching markup', () => {
    const { dir, path } = fixture('# 話術\n\n親，這是**舊說法**，或 `旧说法` 看 https://x.cn/old\n', 'script.md');
    huashu(['--fix', '--rules-dir', '.', 'script.md'], { cwd: dir });
    // Simplified text in code and URLs does not make the paragraph Simplified.
    expect(readFileSync(path, 'utf8')).toBe('# 話術\n\n親，這是**新說法**，或 `旧说法` 看 https://x.cn/old\n');
  });

  it('--fix leaves suggestions alone; --fix-suggestions (or the config switch) applies them', () => {
    const { dir, path } = fixture('亲，这是旧说法，老句子\n');
    writeFileSync(join(dir, 'no-rush.yaml'), SUGGESTION_RULE);
    huashu(['--fix', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(readFileSync(path, 'utf8')).toBe('亲，这是新说法，老句子\n');
    huashu(['--fix-suggestions', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(readFileSync(path, 'utf8')).toBe('亲，这是新说法，一句全新的话\n');
    writeFileSync(path, '老句子\n');
    writeFileSync(join(dir, '.huashurc.yaml'), 'fix-suggestions: true\n');
    huashu(['--fix', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(readFileSync(path, 'utf8')).toBe('一句全新的话\n');
  });

  it('leaves a file untouched when nothing is fixable', () => {
    const { dir, path } = fixture('您好，感谢您的耐心等待\n');
    const r = huashu(['--fix', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('您好，感谢您的耐心等待\n');
  });
});

describe('levels, config and exit codes', () => {
  it('--rule turns a rule off or down, --max-warnings and --quiet decide on warnings', () => {
    const input = '亲，我保证明天发货';
    const only: string[] = [];
    expect(huashu(['--rule', 'no-guarantee=off', '--format', 'json'], { input }).stdout).not.toContain('no-guarantee');
    const warn = huashu([...only, '--rule', 'no-guarantee=warning', '--format', 'json'], { input });
    const [file] = JSON.parse(warn.stdout);
    expect(file.messages.find((m: { ruleId: string }) => m.ruleId === 'no-guarantee').severity).toBe('warning');
    expect(file.errorCount).toBe(0);
    expect(warn.code).toBe(0);
    const strict = huashu(['--rule', 'no-guarantee=warning', '--max-warnings', '0'], { input });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/too many warnings/);
    const quiet = huashu(['--rule', 'no-guarantee=warning', '--quiet'], { input });
    expect(quiet.stdout).not.toContain('no-guarantee');
  });

  it('finds .huashurc.yaml by walking up from the working directory', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'team', 'scripts'), { recursive: true });
    writeFileSync(join(dir, '.huashurc.yaml'), 'rules:\n  no-guarantee: off\nrules-dir: [team/rules]\n');
    mkdirSync(join(dir, 'team', 'rules'));
    writeFileSync(join(dir, 'team', 'rules', 'no-hurry.yaml'), TEST_RULE);
    const r = huashu(['--format', 'json'], { cwd: join(dir, 'team', 'scripts'), input: '我保证，这是旧说法' });
    const ids = JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId);
    expect(ids).toContain('no-hurry');
    expect(ids).not.toContain('no-guarantee');
  });

  it('ignores paths matching the config ignore globs when walking', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'archive'));
    writeFileSync(join(dir, '.huashurc.yaml'), 'ignore: ["archive/**"]\n');
    writeFileSync(join(dir, 'archive', 'old.txt'), '我保证\n');
    writeFileSync(join(dir, 'new.txt'), '我保证\n');
    const r = huashu(['--format', 'json', '.'], { cwd: dir });
    expect(JSON.parse(r.stdout).map((f: { path: string }) => f.path)).toEqual(['new.txt']);
  });

  it('a broken rule file: exit 2 with file:line:column and a snippet, no stack trace', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE.replace('    rewrites: [新说法]', '    rewrite: [新说法]'));
    const r = huashu(['--rules-dir', dir], { input: '旧说法' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'no-hurry.yaml')}:8:5: unknown key "rewrite" in a pattern (did you mean "rewrites"?)`);
    expect(r.stderr).toContain('8 |     rewrite: [新说法]');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a broken config: exit 2 pointing at the line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.huashurc.yaml'), 'rules:\n  no-guarantee: loud\n');
    const r = huashu([], { cwd: dir, input: '我保证' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\.huashurc\.yaml:2:17: the level of no-guarantee must be one of off, info, warning, error, not "loud"/);
  });

  it('an unknown rule in --rule suggests the right id', () => {
    const r = huashu(['--rule', 'no-guarantees=off'], { input: '我保证' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rule: unknown rule "no-guarantees" (did you mean "no-guarantee"?)');
  });

  it('an unknown option suggests the right one and exits 2', () => {
    const r = huashu(['--fromat', 'json'], { input: '我保证' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--fromat'/);
    expect(r.stderr).toMatch(/Did you mean --format\?/);
  });

  it('a missing config file given with -c is a usage error', () => {
    const r = huashu(['-c', 'nope.yaml'], { input: '我保证' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: config file not found: nope.yaml\n');
  });
});

describe('CI formats through the bin', () => {
  it('sarif lists every rule with the version, and points at the finding in code points', () => {
    const r = huashu(['--format', 'sarif'], { input: '😀我保证明天发货' });
    const log = JSON.parse(r.stdout);
    const run = log.runs[0];
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(run.tool.driver.version).toBe(version);
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toContain('no-guarantee');
    expect(run.columnKind).toBe('unicodeCodePoints');
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'no-guarantee');
    // Columns count code points: 😀 is one column, so the span (我保证 or 保证) starts at 3 or 4.
    const column = result.locations[0].physicalLocation.region.startColumn;
    expect([...'😀我保证明天发货'].slice(column - 1).join('')).toMatch(/^我?保证/);
  });

  it('compact prints one grep-able line per finding', () => {
    const r = huashu(['--format', 'compact'], { input: '我保证明天发货' });
    expect(r.stdout).toMatch(/^<stdin>:1:[23]: error .*\(no-guarantee\)$/m);
  });
});

describe('commands', () => {
  it('huashu rules lists every rule with its level and description', () => {
    const r = huashu(['rules', '--rule', 'no-guarantee=warning']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning +no-guarantee +\S+/m);
  });

  it('huashu test-rules runs the examples of a rule directory and fails on a wrong one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE);
    const ok = huashu(['test-rules', dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('1 条规则，2 个例句通过，0 个失败\n');
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE.replace('output: 这是新说法', 'output: 这是好说法'));
    const bad = huashu(['test-rules', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('no-hurry.yaml:10 no-hurry (invalid): 这是旧说法');
    expect(bad.stdout).toContain('expected output "这是好说法", got "这是新说法"');
    expect(bad.stdout).toContain('1 条规则，1 个例句通过，1 个失败');
  });

  it('huashu test-rules without a directory checks the built-in pack', () => {
    const r = huashu(['test-rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/条规则，\d+ 个例句通过，0 个失败/);
  });

  it('huashu explain shows reason, source and examples, and suggests a close id', () => {
    const r = huashu(['explain', 'no-guarantee']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no-guarantee  \(error/);
    expect(r.stdout).toContain('出处：');
    expect(r.stdout).toContain('会被标记的说法：');
    const unknown = huashu(['explain', 'no-guarante']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('huashu: unknown rule "no-guarante" (did you mean "no-guarantee"?)\n');
  });

  it('huashu init writes a config that huashu then reads, and never overwrites one', () => {
    const dir = tempDir();
    const r = huashu(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, '.huashurc.yaml'), 'utf8');
    expect(text).toMatch(/^  no-guarantee: +error +# /m);
    expect(text).toMatch(/^  prefer-nin: +info +# /m);
    // The written file is a valid config: turning a rule off in it takes effect.
    writeFileSync(join(dir, '.huashurc.yaml'), text.replace(/^(  no-guarantee: +)error/m, '$1off'));
    expect(huashu(['--format', 'json'], { cwd: dir, input: '我保证明天发货' }).stdout).not.toContain('no-guarantee');
    const again = huashu(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('huashu: .huashurc.yaml already exists; not overwriting it\n');
    expect(readFileSync(join(dir, '.huashurc.yaml'), 'utf8')).toMatch(/no-guarantee: +off/);
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(huashu(['--version']).stdout.trim()).toBe(version);
  });

  it('with nothing to lint in a terminal-less run with empty input, exits 0 quietly', () => {
    const r = huashu([], { input: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('lints the bundled fixtures directory (the README command)', () => {
    const dir = tempDir();
    cpSync(FIXTURES, join(dir, 'fixtures'), { recursive: true });
    const r = huashu(['fixtures/'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fixtures/quick-replies/traditional.txt');
    expect(r.stdout).toMatch(/✖ \d+ 个问题/);
  });
});

describe('suppression comments', () => {
  /** A temp dir with the test rule (no-hurry, error on 旧说法) and the given files. */
  function project(files: Record<string, string>): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  }
  const lines = (r: Run) => r.stdout.split('\n').filter(Boolean);

  it('plain text: next-line and disable-line comments hide findings; the exit code counts only the rest', () => {
    const text = '# huashu-disable-next-line no-hurry\n这是旧说法\n这是旧说法 # huashu-disable-line no-hurry\n这是旧说法\n';
    const dir = project({ 'replies.txt': text });
    const r = huashu(['--format', 'compact', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(lines(r)).toEqual(['replies.txt:4:3: error 换个说法 [旧说法 → 新说法（可自动修复）] (no-hurry)']);
    expect(r.code).toBe(1);
    writeFileSync(join(dir, 'replies.txt'), text.replace(/\n这是旧说法\n$/, '\n'));
    const clean = huashu(['--format', 'json', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(JSON.parse(clean.stdout)[0]).toMatchObject({ messages: [], errorCount: 0, warningCount: 0 });
    expect(clean.code).toBe(0);
  });

  it('Markdown: HTML comments before a line and inside a line', () => {
    const dir = project({ 'script.md': '# 话术\n\n<!-- huashu-disable-next-line no-hurry -->\n这是旧说法\n\n这是旧说法 <!-- huashu-disable-line -->\n\n这是旧说法\n' });
    const r = huashu(['--format', 'compact', '--rules-dir', '.', 'script.md'], { cwd: dir });
    expect(lines(r)).toEqual(['script.md:8:3: error 换个说法 [旧说法 → 新说法（可自动修复）] (no-hurry)']);
    expect(r.code).toBe(1);
  });

  it('standard input reads comments like a text file', () => {
    const dir = project({});
    const r = huashu(['--rules-dir', '.'], { cwd: dir, input: '# 这是旧说法的备注\n这是旧说法 # huashu-disable-line no-hurry\n' });
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(huashu(['--rules-dir', '.'], { cwd: dir, input: '这是旧说法 # huashu-disable-line no-guarantee\n' }).code).toBe(1);
  });

  it('--fix leaves a suppressed span alone and fixes the others', () => {
    const text = '# huashu-disable-next-line no-hurry\n这是旧说法\n这是旧说法\n那是旧说法 # huashu-disable-line\n';
    const dir = project({ 'replies.txt': text });
    const r = huashu(['--fix', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'replies.txt'), 'utf8')).toBe('# huashu-disable-next-line no-hurry\n这是旧说法\n这是新说法\n那是旧说法 # huashu-disable-line\n');
    const stdin = huashu(['--fix', '--rules-dir', '.'], { cwd: dir, input: '这是旧说法 # huashu-disable-line no-hurry\n' });
    expect(stdin.stdout).toBe('这是旧说法 # huashu-disable-line no-hurry\n');
  });

  it('--report-unused-disables reports a directive that suppresses nothing, at its line and column', () => {
    const dir = project({ 'replies.txt': '您好\n  # huashu-disable-next-line no-hurry\n感谢您的耐心等待\n' });
    const quiet = huashu(['--format', 'compact', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(quiet.stdout).toBe('');
    const r = huashu(['--format', 'compact', '--rules-dir', '.', '--report-unused-disables', 'replies.txt'], { cwd: dir });
    expect(lines(r)).toEqual(['replies.txt:2:3: warning 多余的忽略注释：no-hurry 在这里没有报告问题 (unused-disable)']);
    expect(r.code).toBe(0);
    const strict = huashu(['--rules-dir', '.', '--report-unused-disables', '--max-warnings', '0', 'replies.txt'], { cwd: dir });
    expect(strict.code).toBe(1);
  });

  it('an unknown rule id in a directive is a warning with a suggestion, and hides nothing', () => {
    const dir = project({ 'replies.txt': '这是旧说法 # huashu-disable-line no-hury\n' });
    const r = huashu(['--format', 'compact', '--rules-dir', '.', 'replies.txt'], { cwd: dir });
    expect(lines(r)).toEqual([
      'replies.txt:1:3: error 换个说法 [旧说法 → 新说法（可自动修复）] (no-hurry)',
      'replies.txt:1:29: warning 忽略注释里的规则 no-hury 不存在（是不是 no-hurry？） (unknown-rule-in-directive)',
    ]);
  });
});

describe('tables', () => {
  const TABLES = join(FIXTURES, 'tables');
  /** GBK bytes, encoded by iconv-lite directly (not through huashu's encoding module). */
  const gbk = async (text: string): Promise<Buffer> => (await import('iconv-lite')).default.encode(text, 'gbk');

  /** A temp dir with copies of the table fixtures, the test rule, and every built-in rule off. */
  function tableDir(): string {
    const dir = tempDir();
    cpSync(TABLES, dir, { recursive: true });
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE);
    const ids = huashu(['rules']).stdout.trim().split('\n').map((l) => /^\S+\s+(\S+)/.exec(l)![1]!);
    expect(ids.length).toBeGreaterThan(5);
    writeFileSync(join(dir, '.huashurc.yaml'), `rules:\n${ids.map((id) => `  ${id}: off`).join('\n')}\n`);
    return dir;
  }

  /** `bytes` with every occurrence of `from` replaced by `to` (at the byte level). */
  function replaceBytes(bytes: Buffer, from: Buffer, to: Buffer): Buffer {
    const parts: Buffer[] = [];
    let at = 0;
    for (let k = bytes.indexOf(from); k >= 0; k = bytes.indexOf(from, at)) {
      parts.push(bytes.subarray(at, k), to);
      at = k + from.length;
    }
    expect(parts.length).toBeGreaterThan(0);
    return Buffer.concat([...parts, bytes.subarray(at)]);
  }

  it('lints a GBK CSV: JSON output carries the record, exit 1 on an error', () => {
    const r = huashu(['--format', 'json', 'fixtures/tables/quick-replies-gbk.csv']);
    expect(r.code).toBe(1);
    const [file] = JSON.parse(r.stdout);
    const m = file.messages.find((x: { ruleId: string }) => x.ruleId === 'no-guarantee');
    expect(m.text).toBe('保证');
    expect(m.line).toBe(3);
    expect(m.column).toBe('售前,sq02,我保证'.length - 1);
    expect(m.record).toEqual({ row: 3, column: 'C', header: '快捷短语', group: '售前', code: 'sq02' });
  });

  it('stylish shows the cell, header, group and code', () => {
    const r = huashu(['fixtures/tables/quick-replies-gbk.csv']);
    expect(r.stdout).toContain('C3 快捷短语 · 分组 售前 · 编码 sq02');
    expect(r.stdout).toContain('C5 快捷短语 · 分组 售后 · 编码 sh01');
  });

  it('reads Excel "Unicode text" (UTF-16LE .txt) as a table, and multi-line cells at their file line', () => {
    const r = huashu(['--format', 'json', 'fixtures/tables/excel-unicode-text.txt', 'fixtures/tables/multiline-bom.csv']);
    const [utf16, bom] = JSON.parse(r.stdout);
    const but = utf16.messages.find((x: { ruleId: string }) => x.ruleId === 'no-but');
    expect([but.line, but.column, but.record]).toEqual([4, 4, { row: 4, column: 'B', header: '短语内容', group: '售后', title: '保修' }]);
    const but2 = bom.messages.find((x: { ruleId: string }) => x.ruleId === 'no-but');
    // Row 4 of the sheet starts on line 7 of the file (row 2 spans lines 2–5).
    expect([but2.line, but2.record]).toEqual([7, { row: 4, column: 'D', header: '回复内容', group: 'pre-sales', code: 'kc01', title: '库存' }]);
  });

  it('lints only the agent lines of a chat log', () => {
    const r = huashu(['--format', 'json', 'fixtures/tables/chat-log.csv']);
    const [file] = JSON.parse(r.stdout);
    expect(file.messages.length).toBeGreaterThan(0);
    expect(file.messages.every((m: { line: number }) => m.line === 3 || m.line === 5)).toBe(true);
    expect(file.messages.map((m: { ruleId: string }) => m.ruleId)).toContain('no-guarantee');
  });

  it('a table without a content column: one line naming the file and its headers, exit 2; other files still linted', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), '分组,编码,备注\n售前,a,亲，我保证明天发货\n');
    writeFileSync(join(dir, 'b.txt'), '亲，我保证明天发货\n');
    const r = huashu(['--format', 'compact', 'a.csv', 'b.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: a.csv: no content column (such as 短语内容, 快捷短语, 内容, 话术, content); headers: 分组, 编码, 备注; name one with --column\n');
    expect(r.stdout).toContain('b.txt:1:');
    expect(r.stdout).not.toContain('a.csv');
    // --column names it.
    const named = huashu(['--format', 'json', '--column', '备注', 'a.csv'], { cwd: dir });
    expect(named.code).toBe(1);
    expect(JSON.parse(named.stdout)[0].messages[0].record).toEqual({ row: 2, column: 'C', header: '备注', group: '售前', code: 'a' });
    expect(huashu(['--format', 'json', '--column', 'c', 'a.csv'], { cwd: dir }).code).toBe(1);
    expect(huashu(['--format', 'json', '--column', '3', 'a.csv'], { cwd: dir }).code).toBe(1);
    expect(huashu(['--column', '9', 'a.csv'], { cwd: dir }).stderr).toBe('huashu: a.csv: --column 9: no such column; headers: 分组, 编码, 备注\n');
  });

  it('--fix writes GBK back as GBK, byte for byte outside the fixed cells', async () => {
    const dir = tableDir();
    const path = join(dir, 'quick-replies-gbk.csv');
    const before = readFileSync(path);
    const r = huashu(['--fix', '--rules-dir', '.', 'quick-replies-gbk.csv'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path).equals(replaceBytes(before, await gbk('旧说法'), await gbk('新说法')))).toBe(true);
  });

  it('--fix writes UTF-16LE back with its BOM, byte for byte outside the fixed cells', () => {
    const dir = tableDir();
    const path = join(dir, 'excel-unicode-text.txt');
    const before = readFileSync(path);
    expect([...before.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(huashu(['--fix', '--rules-dir', '.', 'excel-unicode-text.txt'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path).equals(replaceBytes(before, Buffer.from('旧说法', 'utf16le'), Buffer.from('新说法', 'utf16le')))).toBe(true);
  });

  it('--fix writes UTF-8 with its BOM back, inside a multi-line quoted cell, byte for byte elsewhere', () => {
    const dir = tableDir();
    const path = join(dir, 'multiline-bom.csv');
    const before = readFileSync(path);
    expect(huashu(['--fix', '--rules-dir', '.', 'multiline-bom.csv'], { cwd: dir }).code).toBe(0);
    const after = readFileSync(path);
    expect([...after.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(after.equals(replaceBytes(before, Buffer.from('旧说法'), Buffer.from('新说法')))).toBe(true);
  });

  it('--fix doubles quotes in a quoted cell and leaves an unquoted cell unfixed', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE.replace('[新说法]', `['新"说"法']`).replace('output: 这是新说法', 'output: 这是新"说"法'));
    writeFileSync(join(dir, 'a.csv'), '内容,分组\r\n"这是旧说法",a\r\n这是旧说法,b\r\n');
    const r = huashu(['--fix', '--format', 'json', '--rules-dir', '.', '--rule', 'no-guarantee=off', 'a.csv'], { cwd: dir });
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('内容,分组\r\n"这是新""说""法",a\r\n这是旧说法,b\r\n');
    const [file] = JSON.parse(r.stdout);
    expect(file.messages.map((m: { line: number; fixable: boolean }) => [m.line, m.fixable])).toEqual([[3, false]]);
    expect(r.code).toBe(1);
  });

  it('--fix refuses to write a GB18030 file that would not re-encode byte for byte', async () => {
    const dir = tableDir();
    const bytes = Buffer.concat([await gbk('内容\r\n这是旧说法\r\n价格'), Buffer.from([0x80]), Buffer.from('\r\n')]);
    writeFileSync(join(dir, 'odd.csv'), bytes);
    const r = huashu(['--fix', '--rules-dir', '.', 'odd.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: odd.csv: not fixed: the file does not re-encode byte for byte as GB18030\n');
    expect(readFileSync(join(dir, 'odd.csv')).equals(bytes)).toBe(true);
  });
});

describe('json and yaml scripts', () => {
  const SCRIPTS = join(FIXTURES, 'scripts');
  /** 1-based line and column (code points) of the first `needle` in `text`. */
  const where = (text: string, needle: string) => {
    const at = text.indexOf(needle);
    const before = text.slice(0, at);
    return { line: before.split('\n').length, column: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1 };
  };

  for (const [name, records] of [
    ['replies.json', { guarantee: 'replies[0].text', but: 'replies[2].text' }],
    ['replies.yaml', { guarantee: 'replies[0].text', but: 'replies[2].text' }],
  ] as const) {
    it(`points findings in ${name} at the file's line and column, with the key path`, () => {
      const text = readFileSync(join(SCRIPTS, name), 'utf8');
      const r = huashu(['--format', 'json', join('fixtures', 'scripts', name)]);
      expect(r.code).toBe(1);
      const [file] = JSON.parse(r.stdout);
      expect(file.path).toBe(`fixtures/scripts/${name}`);
      type Message = { ruleId: string; line: number; column: number; text: string; record?: { column?: string; row?: number } };
      const guarantee = file.messages.find((m: Message) => m.ruleId === 'no-guarantee');
      expect(guarantee.record).toMatchObject({ column: records.guarantee, row: 1, header: 'text' });
      expect([where(text, '我保证'), where(text, '保证')]).toContainEqual({ line: guarantee.line, column: guarantee.column });
      // Every finding's text is the file's text at its place: positions are exact.
      const lines = text.split('\n');
      for (const m of file.messages as Message[]) {
        expect([...lines[m.line - 1]!].slice(m.column - 1).join('').startsWith(m.text)).toBe(true);
      }
      // Keys and comments are never read (the fixtures' comments and keys are clean anyway; 旧说法备注 is a key).
      expect(file.messages.some((m: Message) => m.record?.column === undefined)).toBe(false);
      expect(file.messages.some((m: Message) => m.record?.column === records.but)).toBe(true);
    });
  }

  it('--fix changes only the fixed values, byte for byte, and the files still parse', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'no-hurry.yaml'), TEST_RULE);
    mkdirSync(join(dir, 'scripts'));
    for (const name of ['replies.json', 'replies.yaml']) cpSync(join(SCRIPTS, name), join(dir, 'scripts', name));
    // Every built-in rule off: only the made-up phrase is fixed, whatever the pack covers.
    const ids = huashu(['rules'], { cwd: dir }).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/)[1]!);
    expect(ids.length).toBeGreaterThan(5);
    const r = huashu(['--rules-dir', dir, ...ids.flatMap((id) => ['--rule', `${id}=off`]), '--rule', 'no-hurry=error', '--fix', 'scripts'], { cwd: dir });
    expect(r.stderr).toBe('');
    for (const name of ['replies.json', 'replies.yaml']) {
      const before = readFileSync(join(SCRIPTS, name), 'utf8');
      const after = readFileSync(join(dir, 'scripts', name), 'utf8');
      expect(after).not.toBe(before);
      // Only the phrase changed; the key 旧说法备注 and everything else stays as it was.
      expect(after).toBe(before.replace(/旧说法(?!备注)/g, '新说法'));
    }
    const json = JSON.parse(readFileSync(join(dir, 'scripts', 'replies.json'), 'utf8'));
    expect(json['售后']['退货'][0]).toBe('您好，这是新说法，请参考。');
    expect(Object.keys(json['售后'])).toEqual(['退货', '旧说法备注']);
    const yaml = readFileSync(join(dir, 'scripts', 'replies.yaml'), 'utf8');
    expect(parseYamlText(yaml)['售后']['换货']).toBe('您好，换货流程如下：\n  1. 申请换货\n  2. 寄回商品\n这是新说法。\n');
    expect(yaml).toContain('# 售后话术（示例）\n');
    expect(yaml).toContain('  换货: |\n    您好，换货流程如下：\n      1. 申请换货\n      2. 寄回商品\n    这是新说法。\n');
  });

  it('a malformed file is an input problem (exit 2) naming its line and column; other files are still linted', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{\n  "a": "亲，您好",\n}\n');
    writeFileSync(join(dir, 'bad.yaml'), 'a: 亲\nb: c: d\n');
    writeFileSync(join(dir, 'bad.jsonl'), '{"t": "一"}\n{"t": 二}\n');
    writeFileSync(join(dir, 'good.txt'), '我保证发货\n');
    const r = huashu(['--format', 'json', 'bad.json', 'bad.yaml', 'bad.jsonl', 'good.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    // One line each, `huashu: <file>:<line>:<column>: <message>`, clickable in editors and terminals.
    expect(lines[0]).toMatch(/^huashu: bad\.json:3:1: invalid JSON: /);
    expect(lines[1]).toMatch(/^huashu: bad\.yaml:2:4: invalid YAML: /);
    expect(lines[2]).toMatch(/^huashu: bad\.jsonl:2:7: invalid JSON: /);
    expect(JSON.parse(r.stdout).map((f: { path: string }) => f.path)).toContain('good.txt');
  });
});

describe('directories and globs', () => {
  const DRAFT = '我保证发货\n';
  /** A temporary tree from `{ 'a/b.txt': 'text' }`. */
  function tree(files: Record<string, string | Buffer>): string {
    const dir = tempDir();
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  }
  const paths = (r: Run): string[] => JSON.parse(r.stdout).map((f: { path: string }) => f.path);

  it('honors .gitignore, nested .gitignore with negation, and .huashuignore when walking', () => {
    const dir = tree({
      'scripts/.gitignore': '*.md\n!keep.md\narchive/\n',
      'scripts/a.md': DRAFT,
      'scripts/keep.md': DRAFT,
      'scripts/archive/old.txt': DRAFT,
      'scripts/sub/.gitignore': '/local.txt\n',
      'scripts/sub/local.txt': DRAFT,
      'scripts/sub/deeper/local.txt': DRAFT,
      'scripts/.huashuignore': 'drafts-*.txt\n',
      'scripts/drafts-1.txt': DRAFT,
      'scripts/final.txt': DRAFT,
    });
    const r = huashu(['--format', 'json', 'scripts/'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(paths(r)).toEqual(['scripts/final.txt', 'scripts/keep.md', 'scripts/sub/deeper/local.txt']);
  });

  it('still lints an ignored file named on the command line', () => {
    const dir = tree({ '.gitignore': 'secret.txt\n', 'secret.txt': DRAFT, '.huashurc.yaml': 'ignore: ["secret.txt"]\n' });
    const r = huashu(['--format', 'json', 'secret.txt', '.'], { cwd: dir });
    expect(paths(r)).toEqual(['secret.txt']);
  });

  it('expands a glob argument relative to the working directory, any extension, sorted and deduplicated', () => {
    const dir = tree({ 'replies/a/x.csv': '快捷短语\n我保证发货\n', 'replies/b.csv': '快捷短语\n我保证发货\n', 'replies/c.txt': DRAFT, 'notes/n.log': DRAFT });
    const r = huashu(['--format', 'json', 'replies/**/*.csv', 'notes/*.log', 'replies/b.csv'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(paths(r)).toEqual(['replies/a/x.csv', 'replies/b.csv', 'notes/n.log']);
  });

  it('applies .gitignore and the config ignore to glob matches', () => {
    const dir = tree({ '.gitignore': 'old.txt\n', '.huashurc.yaml': 'ignore: ["skip/**"]\n', 'old.txt': DRAFT, 'new.txt': DRAFT, 'skip/s.txt': DRAFT });
    const r = huashu(['--format', 'json', '**/*.txt'], { cwd: dir });
    expect(paths(r)).toEqual(['new.txt']);
  });

  it('says when a glob matches no files, lints the other paths, and exits 2', () => {
    const dir = tree({ 'a.txt': DRAFT });
    const r = huashu(['--format', 'json', 'replies/*.csv', 'a.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: replies/*.csv: no files match\n');
    expect(paths(r)).toEqual(['a.txt']);
  });

  it('skips a binary text file found while walking with a note, without exit code 2', () => {
    const dir = tree({ 'd/bin.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), 'd/ok.txt': '亲，感谢您的耐心等待\n' });
    const r = huashu(['--format', 'json', 'd'], { cwd: dir });
    expect(r.stderr).toBe('huashu: d/bin.txt: binary file, skipped\n');
    expect(r.code).toBe(0);
    expect(paths(r)).toEqual(['d/ok.txt']);
  });
});

describe('xlsx', () => {
  /** A quick-reply workbook: a sheet of replies (one multi-line) and a sheet of notes. */
  async function writeWorkbook(path: string): Promise<void> {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('售后');
    sheet.addRow(['分组', '快捷编码', '快捷短语']);
    sheet.addRow(['售后', 'sh01', '亲，您好，请问有什么可以帮您？']);
    sheet.addRow(['售后', 'sh02', '您好，退货步骤：\n1. 提交申请\n2. 亲，我保证明天发货']);
    wb.addWorksheet('说明').addRow(['备注']);
    await wb.xlsx.writeFile(path);
  }

  it('lints every content cell; the record is the real cell', async () => {
    const dir = tempDir();
    await writeWorkbook(join(dir, 'replies.xlsx'));
    const r = huashu(['--format', 'json', 'replies.xlsx'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const [file] = JSON.parse(r.stdout);
    expect(file.path).toBe('replies.xlsx');
    const guarantee = file.messages.find((m: { ruleId: string }) => m.ruleId === 'no-guarantee');
    expect(guarantee.record).toEqual({ sheet: '售后', row: 3, column: 'C', header: '快捷短语', group: '售后', code: 'sh02' });
    expect(guarantee.text).toBe('保证');
    // Line = the spreadsheet row; column = code points into the cell, its line breaks counted as one each.
    const cell = '您好，退货步骤：\n1. 提交申请\n2. 亲，我保证明天发货';
    expect(guarantee).toMatchObject({ line: 3, column: [...cell].indexOf('保') + 1, endLine: 3, endColumn: [...cell].indexOf('保') + 3 });
    const stylish = huashu(['replies.xlsx'], { cwd: dir });
    expect(stylish.stdout).toContain('售后!C3 快捷短语 · 分组 售后 · 编码 sh02');
  });

  it('directories include .xlsx files', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sheets'));
    await writeWorkbook(join(dir, 'sheets', 'replies.xlsx'));
    const r = huashu(['--format', 'json', 'sheets'], { cwd: dir });
    expect(JSON.parse(r.stdout).map((f: { path: string }) => f.path)).toEqual(['sheets/replies.xlsx']);
  });

  it('--fix writes the fixed cell back into the workbook', async () => {
    const dir = tempDir();
    const path = join(dir, 'replies.xlsx');
    await writeWorkbook(path);
    const r = huashu(['--fix', 'replies.xlsx'], { cwd: dir });
    expect(r.stderr).toBe('');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.getWorksheet('售后')!.getCell('C3').text).toBe('您好，退货步骤：\n1. 提交申请\n2. 亲，我会尽量保证明天发货');
    expect(huashu(['--format', 'json', 'replies.xlsx'], { cwd: dir }).stdout).not.toContain('no-guarantee');
  });

  it('a file named .xlsx that is not a workbook: one-line error, exit 2; other files still linted', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fake.xlsx'), '分组,快捷短语\n售后,亲，我保证明天发货\n');
    writeFileSync(join(dir, 'good.txt'), '我保证发货\n');
    const r = huashu(['--format', 'json', 'fake.xlsx', 'good.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: fake.xlsx: not a workbook: the file is not an .xlsx (zip) file\n');
    expect(JSON.parse(r.stdout).map((f: { path: string }) => f.path)).toEqual(['good.txt']);
  });

  it('a workbook without a content column: exit 2 listing the headers', async () => {
    const dir = tempDir();
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['日期', '备注']);
    await wb.xlsx.writeFile(join(dir, 'notes.xlsx'));
    const r = huashu(['notes.xlsx'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^huashu: notes\.xlsx: sheet Sheet1: no content column .*headers: 日期, 备注; name one with --column\n$/);
  });
});

describe('--fail-on and --stdin-filename', () => {
  it('--fail-on decides which severities fail the run', () => {
    // prefer-nin is info, positive-wording is warning: neither fails by default.
    const input = '你好，很抱歉让您久等了';
    expect(huashu([], { input }).code).toBe(0);
    expect(huashu(['--fail-on', 'warning'], { input }).code).toBe(1);
    expect(huashu(['--fail-on', 'info', '--rule', 'positive-wording=off'], { input }).code).toBe(1);
    expect(huashu(['--fail-on', 'warning', '--rule', 'positive-wording=off'], { input }).code).toBe(0);
    const bad = huashu(['--fail-on', 'notice'], { input });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are error, warning, info/);
  });

  it('--stdin-filename names standard input and picks its format', () => {
    const r = huashu(['--stdin-filename', 'scripts/售后.md', '--format', 'json'], { input: '```\n我保证\n```\n\n亲，我保证明天发货\n' });
    const [file] = JSON.parse(r.stdout);
    expect(file.path).toBe('scripts/售后.md');
    // The code block is skipped as in any Markdown file: only line 5 is flagged.
    expect(file.messages.filter((m: { ruleId: string }) => m.ruleId === 'no-guarantee').map((m: { line: number }) => m.line)).toEqual([5]);
  });
});

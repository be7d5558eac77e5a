/**
 * --fix is atomic and faithful, end to end through the bin: an interrupted or failed write leaves
 * the original intact, a file changed meanwhile is not overwritten, and every byte outside the
 * fixed spans stays as it was, whatever the encoding, byte-order mark and line endings.
 * Faults are injected with HUASHU_TEST_HOOK (files.ts), which exists for these tests only.
 */
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, lstatSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runBin, STACK_TRACE, tempDir } from './bin.js';
import { TEST_RULE } from './support.js';

/** A directory with the test rule (旧说法 → 新说法) and one file to fix. */
function project(content: Uint8Array | string, name = 'replies.txt'): { dir: string; file: string; rules: string } {
  const dir = tempDir();
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(join(rules, 'no-hurry.yaml'), TEST_RULE);
  writeFileSync(join(dir, name), content);
  return { dir, file: join(dir, name), rules };
}

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.huashu-'));

describe('an interrupted or failed write', () => {
  it('a write that fails half-way (a full disk): original intact, no temporary file, exit 2', () => {
    const { dir, file, rules } = project('这是旧说法\n');
    const r = runBin(['--fix', '--rules-dir', rules, 'replies.txt'], { cwd: dir, env: { HUASHU_TEST_HOOK: 'fail-write' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^huashu: replies\.txt: could not write the fixed file: ENOSPC: no space left on device/m);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(readFileSync(file, 'utf8')).toBe('这是旧说法\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a run killed (SIGKILL) between writing and renaming: original intact; the next run removes the leftover', () => {
    const { dir, file, rules } = project('这是旧说法\n');
    const killed = runBin(['--fix', '--rules-dir', rules, 'replies.txt'], { cwd: dir, env: { HUASHU_TEST_HOOK: 'kill-before-rename' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).toBe('这是旧说法\n');
    // The killed run could not clean up: its temporary file (hidden, never linted) holds the fix.
    const [temp] = leftovers(dir);
    expect(temp).toMatch(/^\.replies\.txt\.huashu-\d+-[0-9a-f]+\.tmp$/);
    expect(readFileSync(join(dir, temp!), 'utf8')).toBe('这是新说法\n');
    const again = runBin(['--fix', '--rules-dir', rules, 'replies.txt'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('这是新说法\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a file changed on disk between read and write is not overwritten', () => {
    const { dir, file, rules } = project('这是旧说法\n');
    const r = runBin(['--fix', '--rules-dir', rules, 'replies.txt'], { cwd: dir, env: { HUASHU_TEST_HOOK: 'change-before-rename' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('huashu: replies.txt: could not write the fixed file: the file changed on disk while huashu was fixing it; it was not overwritten (run --fix again)\n');
    // What the other program wrote is kept; nothing of huashu's fix is.
    expect(readFileSync(file, 'utf8')).toBe('这是旧说法\n\n（另一个程序写入的内容）');
    expect(leftovers(dir)).toEqual([]);
  });

  it('keeps the file mode, and a symbolic link stays a link to the fixed file', () => {
    const { dir, file, rules } = project('这是旧说法\n');
    chmodSync(file, 0o640);
    symlinkSync('replies.txt', join(dir, 'link.txt'));
    const r = runBin(['--fix', '--rules-dir', rules, 'link.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('这是新说法\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});

describe('byte for byte outside the fixed spans', () => {
  // Each case: the encoding and the text; 旧说法 becomes 新说法 and nothing else changes.
  const body = '第一行\t制表符　全角空格　旧说法\r\n第二行 旧说法\n第三行\r第四行没有换行符：旧说法';
  const expected = body.replaceAll('旧说法', '新说法');
  const cases: { name: string; file: string; encode: (text: string) => Buffer }[] = [
    { name: 'UTF-8', file: 'a.txt', encode: (t) => Buffer.from(t, 'utf8') },
    { name: 'UTF-8 with BOM', file: 'a.txt', encode: (t) => Buffer.from('\uFEFF' + t, 'utf8') },
    { name: 'GB18030', file: 'a.txt', encode: (t) => iconv.encode(t, 'gb18030') },
    { name: 'UTF-16LE with BOM', file: 'a.txt', encode: (t) => iconv.encode('\uFEFF' + t, 'utf-16le') },
    { name: 'UTF-16BE with BOM', file: 'a.txt', encode: (t) => iconv.encode('\uFEFF' + t, 'utf-16be') },
    { name: 'UTF-8 Markdown', file: 'a.md', encode: (t) => Buffer.from(t, 'utf8') },
    { name: 'GB18030 CSV', file: 'a.csv', encode: (t) => iconv.encode(`分组,快捷短语\r\n售后,"${t}"\r\n售前,"${t}"`, 'gb18030') },
  ];

  it.each(cases)('$name: mixed CRLF/LF/CR endings, tabs, full-width spaces, no final newline', ({ file, encode }) => {
    const { dir, rules } = project(encode(body), file);
    const r = runBin(['--fix', '--rules-dir', rules, file], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = readFileSync(join(dir, file));
    expect(after.equals(encode(expected))).toBe(true);
    // A second --fix changes nothing.
    runBin(['--fix', '--rules-dir', rules, file], { cwd: dir });
    expect(readFileSync(join(dir, file)).equals(after)).toBe(true);
  });
});

describe('overlapping fixes and the pass cap', () => {
  it('where two fixes overlap, the first wins; the other is tried again on the fixed text', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'no-hurry.yaml'), TEST_RULE);
    // 说法很 overlaps 旧说法: applied in the next pass, on the text the first fix produced.
    writeFileSync(join(dir, 'rules', 'no-very.yaml'), TEST_RULE.replaceAll('no-hurry', 'no-very').replace('match: 旧说法', 'match: 说法很').replace('rewrites: [新说法]', 'rewrites: [讲法很]').replace('这是旧说法, flagged: 旧说法, output: 这是新说法', '说法很好, flagged: 说法很, output: 讲法很好'));
    writeFileSync(join(dir, 'a.txt'), '这是旧说法很好\n');
    const r = runBin(['--fix', '--rules-dir', 'rules', 'a.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('这是新讲法很好\n');
  });

  it('a rewrite that triggers itself stops after the pass cap and says how many fixes were not applied', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'no-hurry.yaml'), TEST_RULE.replace('rewrites: [新说法]', 'rewrites: [旧说法旧说法]').replace(', output: 这是新说法', ''));
    writeFileSync(join(dir, 'a.txt'), '旧说法\n');
    const r = runBin(['--fix', '--rules-dir', 'rules', 'a.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('huashu: a.txt: stopped fixing after 10 passes; 1024 fixes not applied\n');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('旧说法'.repeat(1024) + '\n');
  });
});

/**
 * `--changed` (src/changed.ts): parsing git's diff output from hand-written text, the finding
 * filter, then the built bin in temporary git repositories.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepChangedLines, parseNumstat, parseUnifiedDiff, touches, unquote } from '../src/changed.js';
import { parseText } from '../src/sources/text.js';
import type { Finding } from '../src/types.js';
import { ENV, git, gitRepo, huashu, tempDir, writeFiles } from './e2e-support.js';

describe('parseUnifiedDiff', () => {
  it('gives the new-side changed lines of each file', () => {
    const patch = [
      'diff --git a/a b.txt b/a b.txt',
      'index 422c2b7..7be73ce 100644',
      '--- a/a b.txt\t',
      '+++ b/a b.txt\t',
      '@@ -2 +2,2 @@ a',
      '-b',
      '+B',
      '+c',
      '@@ -9,2 +10,0 @@',
      '-gone',
      '-gone',
      '@@ -20 +19 @@',
      '-x',
      '+y',
      'diff --git a/bin.dat b/bin.dat',
      'new file mode 100644',
      'index 0000000..bdc955b',
      'Binary files /dev/null and b/bin.dat differ',
      'diff --git "a/q\\"t.txt" "b/q\\"t.txt"',
      '--- "a/q\\"t.txt"',
      '+++ "b/q\\"t.txt"',
      '@@ -1,0 +2 @@ q"',
      '+z',
      'diff --git a/old.txt b/old.txt',
      'deleted file mode 100644',
      '--- a/old.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      'diff --git a/新.txt b/新.txt',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/新.txt',
      '@@ -0,0 +1,3 @@',
      '+x',
      '+++ y',
      '+@@ -1 +1 @@',
      '',
    ].join('\n');
    expect(Object.fromEntries(parseUnifiedDiff(patch))).toEqual({
      'a b.txt': [[2, 3], [19, 19]],
      'q"t.txt': [[2, 2]],
      '新.txt': [[1, 3]],
    });
  });

  it('reads nothing from an empty diff', () => {
    expect(parseUnifiedDiff('').size).toBe(0);
  });
});

describe('parseNumstat', () => {
  it('reads paths, binary marks and renames (new path) from -z output', () => {
    const out = '2\t1\ta b.txt\0-\t-\tbin.xlsx\0' + '3\t0\t\0old name.txt\0new name.txt\0' + '1\t1\t中文.txt\0';
    expect(parseNumstat(out)).toEqual([
      { path: 'a b.txt', binary: false },
      { path: 'bin.xlsx', binary: true },
      { path: 'new name.txt', binary: false },
      { path: '中文.txt', binary: false },
    ]);
    expect(parseNumstat('')).toEqual([]);
  });
});

describe('unquote', () => {
  it('undoes git\'s C-style quoting, octal bytes as UTF-8', () => {
    expect(unquote('"b/q\\"t.txt"')).toBe('b/q"t.txt');
    expect(unquote('"b/\\344\\275\\240\\t\\\\.txt"')).toBe('b/你\t\\.txt');
    expect(unquote('b/plain name.txt')).toBe('b/plain name.txt');
  });
});

describe('keepChangedLines', () => {
  const text = '第一行\n第二行\n第三行\n第四行\n';
  const at = (line: number): Finding => {
    const start = text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    return { ruleId: 'r', severity: 'error', message: 'm', range: [start, start + 3], text: text.slice(start, start + 3), rewrites: [], fixable: false };
  };
  const lint = async () => [at(1), at(2), at(3), at(4)];
  const lines = async (change: Parameters<typeof keepChangedLines>[1]) =>
    (await keepChangedLines(lint, change)(parseText('a.txt', text))).map((f) => text.slice(0, f.range[0]).split('\n').length);

  it('keeps the findings on changed lines, all for a whole file, none for an unchanged file', async () => {
    expect(await lines(() => [[2, 3]])).toEqual([2, 3]);
    expect(await lines(() => [[4, 4], [1, 1]])).toEqual([1, 4]);
    expect(await lines(() => 'whole')).toEqual([1, 2, 3, 4]);
    expect(await lines(() => undefined)).toEqual([]);
  });

  it('keeps a finding spanning lines when any of its lines changed', () => {
    expect(touches([[3, 3]], 2, 4)).toBe(true);
    expect(touches([[5, 9]], 2, 4)).toBe(false);
    expect(touches([[1, 1]], 2, 2)).toBe(false);
  });
});

/** Findings of a JSON run as `path:line:rule`, sorted. */
function findings(stdout: string): string[] {
  return JSON.parse(stdout)
    .flatMap((f: { path: string; messages: { line: number; ruleId: string }[] }) => f.messages.map((m) => `${f.path}:${m.line}:${m.ruleId}`))
    .sort();
}

const OLD = {
  'replies/售后.txt': '这个问题不归我管\n您好，欢迎光临本店\n',
  'replies/售前.txt': '您好，欢迎光临本店\n',
};
// Rules that only these lines trigger, so each assertion names the line that was changed.
const FLAGGED = '亲，我们保证今天就给您发出';
const CLEAN = '亲，我们会尽快为您发货';

describe('huashu --changed (the bin, in git repositories)', () => {
  it('by default lints the lines changed since the merge-base with main, and untracked files', () => {
    const repo = gitRepo(OLD);
    git(repo, 'checkout', '--quiet', '-b', 'feature');
    writeFiles(repo, { 'replies/售后.txt': `这个问题不归我管\n${FLAGGED}\n您好，欢迎光临本店\n` });
    git(repo, 'commit', '--quiet', '-am', 'new reply');
    // Work-tree changes and untracked files count too.
    writeFiles(repo, { 'replies/售前.txt': `您好，欢迎光临本店\n${FLAGGED}\n`, 'replies/新.txt': `${FLAGGED}\n`, 'notes.ts': 'not a reply' });
    const r = huashu(['--changed', '--format', 'json'], repo);
    expect(r.code).toBe(1);
    // The old 不归我管 on line 1 is not reported.
    expect(findings(r.stdout)).toEqual(['replies/售前.txt:2:no-guarantee', 'replies/售后.txt:2:no-guarantee', 'replies/新.txt:1:no-guarantee']);
  });

  it('exits 0 when the changed lines are clean, even if old lines are not', () => {
    const repo = gitRepo(OLD);
    writeFiles(repo, { 'replies/售后.txt': `这个问题不归我管\n${CLEAN}\n` });
    const r = huashu(['--changed'], repo);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(huashu(['replies'], repo).code).toBe(1);
  });

  it('takes a base revision, compared from its merge-base with HEAD', () => {
    const repo = gitRepo(OLD);
    writeFiles(repo, { 'replies/售前.txt': `${FLAGGED}\n` });
    git(repo, 'commit', '--quiet', '-am', 'one');
    writeFiles(repo, { 'replies/售后.txt': `${FLAGGED}\n这个问题不归我管\n您好，欢迎光临本店\n` });
    git(repo, 'commit', '--quiet', '-am', 'two');
    expect(findings(huashu(['--changed', 'HEAD~1', '--format', 'json'], repo).stdout)).toEqual(['replies/售后.txt:1:no-guarantee']);
    expect(findings(huashu(['--changed=HEAD~2', '--format', 'json'], repo).stdout)).toEqual(['replies/售前.txt:1:no-guarantee', 'replies/售后.txt:1:no-guarantee']);
    // On main itself, the default base is HEAD: nothing changed.
    const none = huashu(['--changed'], repo);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/^huashu: --changed: no changed files to lint \(base: main \(merge-base [0-9a-f]{7}\)\)\n$/);
  });

  it('uses origin/HEAD when the repository is a clone', () => {
    // The upstream's default branch is neither main nor master: only origin/HEAD names it.
    const upstream = gitRepo(OLD);
    git(upstream, 'branch', '--quiet', '-m', 'main', 'trunk');
    const clone = join(tempDir(), 'clone');
    git(upstream, 'clone', '--quiet', upstream, clone);
    git(clone, 'branch', '--quiet', '-m', 'trunk', 'local-work');
    writeFiles(clone, { 'replies/售前.txt': `${FLAGGED}\n` });
    git(clone, 'commit', '--quiet', '-am', 'work');
    const r = huashu(['--changed'], clone);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no-guarantee');
  });

  it('"staged" lints only the staged files, and a git hook (GIT_INDEX_FILE) gets that by default', () => {
    const repo = gitRepo(OLD);
    writeFiles(repo, { 'replies/售后.txt': `${FLAGGED}\n这个问题不归我管\n您好，欢迎光临本店\n`, 'replies/售前.txt': `${FLAGGED}\n`, 'replies/未跟踪.txt': `${FLAGGED}\n` });
    git(repo, 'add', 'replies/售后.txt');
    expect(findings(huashu(['--changed', 'staged', '--format', 'json'], repo).stdout)).toEqual(['replies/售后.txt:1:no-guarantee']);
    const hook = huashu(['--changed', '--format', 'json'], repo, { env: { ...ENV, GIT_INDEX_FILE: join(repo, '.git', 'index') } });
    expect(findings(hook.stdout)).toEqual(['replies/售后.txt:1:no-guarantee']);
  });

  it('with paths, lints the changed files among them (a path right after --changed is a path)', () => {
    const repo = gitRepo({ ...OLD, 'other/x.txt': '您好\n' });
    writeFiles(repo, { 'replies/售前.txt': `${FLAGGED}\n`, 'other/x.txt': `${FLAGGED}\n` });
    expect(findings(huashu(['--changed', 'replies', '--format', 'json'], repo).stdout)).toEqual(['replies/售前.txt:1:no-guarantee']);
    expect(findings(huashu(['--format', 'json', 'other', '--changed'], repo).stdout)).toEqual(['other/x.txt:1:no-guarantee']);
    expect(findings(huashu(['--changed', '--format', 'json', '--', 'replies/售后.txt', 'other/x.txt'], repo).stdout)).toEqual(['other/x.txt:1:no-guarantee']);
  });

  it('without paths, respects .huashuignore and skips files of unknown extensions', () => {
    const repo = gitRepo({ ...OLD, '.huashuignore': 'drafts/\n' });
    writeFiles(repo, { 'drafts/草稿.txt': `${FLAGGED}\n`, 'src/reply.ts': `// ${FLAGGED}\n`, 'replies/售前.txt': `${FLAGGED}\n` });
    expect(findings(huashu(['--changed', '--format', 'json'], repo).stdout)).toEqual(['replies/售前.txt:1:no-guarantee']);
  });

  it('lints a changed workbook whole', async () => {
    const repo = gitRepo(OLD);
    const write = async (text: string) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('售后').addRows([['快捷编码', '快捷短语'], ['sh01', '这个问题不归我管'], ['sh02', text]]);
      await wb.xlsx.writeFile(join(repo, 'q.xlsx'));
    };
    await write(CLEAN);
    git(repo, 'add', 'q.xlsx');
    git(repo, 'commit', '--quiet', '-m', 'workbook');
    await write(FLAGGED);
    const r = huashu(['--changed', '--format', 'json'], repo);
    // The unchanged row sh01 is reported too: a workbook has no lines to compare.
    expect(JSON.parse(r.stdout)[0].messages.map((m: { record: { code: string }; ruleId: string }) => `${m.record.code}:${m.ruleId}`)).toEqual(['sh01:no-shirking', 'sh02:no-guarantee']);
  });

  it('--fix fixes only the changed lines', () => {
    const repo = gitRepo({ 'a.txt': '我们保证质量\n您好\n' });
    writeFiles(repo, { 'a.txt': '我们保证质量\n我们保证发货\n' });
    huashu(['--changed', '--fix'], repo);
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('我们保证质量\n我们会尽量保证发货\n');
  });

  it('works in a repository without commits (everything is new)', () => {
    const repo = gitRepo();
    writeFiles(repo, { 'a.txt': `${FLAGGED}\n` });
    expect(findings(huashu(['--changed', '--format', 'json'], repo).stdout)).toEqual(['a.txt:1:no-guarantee']);
    git(repo, 'add', 'a.txt');
    expect(findings(huashu(['--changed', 'staged', '--format', 'json'], repo).stdout)).toEqual(['a.txt:1:no-guarantee']);
  });

  it('runs from a subdirectory (paths relative to it, the repository is found above)', () => {
    const repo = gitRepo(OLD);
    writeFiles(repo, { 'replies/售前.txt': `${FLAGGED}\n` });
    expect(findings(huashu(['--changed', '--format', 'json', '.'], join(repo, 'replies')).stdout)).toEqual(['售前.txt:1:no-guarantee']);
  });

  it('outside a git repository, without git, or with an unknown base: one line, exit 2', () => {
    const plain = tempDir();
    writeFiles(plain, { 'a.txt': `${FLAGGED}\n` });
    expect(huashu(['--changed'], plain)).toMatchObject({ code: 2, stdout: '', stderr: 'huashu: --changed: not a git repository (run huashu inside a git work tree, or leave out --changed)\n' });

    const repo = gitRepo(OLD);
    const noGit = huashu(['--changed'], repo, { env: { ...ENV, PATH: tempDir() } });
    expect(noGit).toMatchObject({ code: 2, stderr: 'huashu: --changed needs git, and git was not found on the PATH\n' });
    expect(huashu(['--changed', 'no-such-branch'], repo)).toMatchObject({ code: 2, stderr: 'huashu: --changed: unknown git revision "no-such-branch" (and no such file or directory)\n' });
    expect(huashu(['--changed', '-'], repo, { input: FLAGGED })).toMatchObject({ code: 2, stderr: 'huashu: --changed does not apply to standard input\n' });
    expect(huashu(['--changed', '--baseline-write', 'b.json'], repo)).toMatchObject({ code: 2, stderr: 'huashu: --baseline-write records whole files; leave out --changed\n' });
  });

  it('says when there is no default branch to compare with', () => {
    const repo = tempDir();
    git(repo, 'init', '--quiet', '--initial-branch=trunk');
    writeFiles(repo, OLD);
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '-m', 'x');
    const r = huashu(['--changed'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^huashu: --changed: cannot find the default branch \(no origin\/HEAD, main or master\); name a base: --changed <base>\n$/);
    expect(huashu(['--changed', 'trunk'], repo).code).toBe(0);
  });

  it('with a baseline, hides recorded findings on changed lines too', () => {
    const repo = gitRepo({ 'a.txt': '您好\n' });
    writeFiles(repo, { 'a.txt': `${FLAGGED}\n您好\n` });
    expect(huashu(['--baseline-write', '.huashu-baseline.json', 'a.txt'], repo).code).toBe(0);
    const r = huashu(['--changed', '--baseline', '.huashu-baseline.json'], repo);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('hid 1 finding');
  });
});

/**
 * The progress line (progress.ts): when it is shown, what it says, how it is drawn and erased, and
 * that linting in slices for it finds exactly what linting at once finds. End to end: a run whose
 * output is not a terminal prints no progress at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinPack } from '../src/files.js';
import { createLinter } from '../src/linter.js';
import { formatProgress, isCI, lintWithProgress, Progress, shouldShowProgress, type ProgressWhen } from '../src/progress.js';
import { parseText } from '../src/sources/text.js';

const TTY: ProgressWhen = { stdoutIsTTY: true, stderrIsTTY: true, format: 'stylish', env: {} };

describe('when the progress line is shown', () => {
  it('on a terminal with the stylish format outside CI', () => {
    expect(shouldShowProgress(TTY)).toBe(true);
  });

  it('never when standard error or standard output is not a terminal', () => {
    expect(shouldShowProgress({ ...TTY, stderrIsTTY: false })).toBe(false);
    expect(shouldShowProgress({ ...TTY, stdoutIsTTY: false })).toBe(false);
  });

  it('never with another format', () => {
    for (const format of ['json', 'sarif', 'github', 'junit', 'checkstyle', 'compact']) expect(shouldShowProgress({ ...TTY, format })).toBe(false);
  });

  it('never in CI', () => {
    for (const CI of ['true', '1', 'yes', 'woodpecker']) {
      expect(isCI({ CI })).toBe(true);
      expect(shouldShowProgress({ ...TTY, env: { CI } })).toBe(false);
    }
    for (const CI of [undefined, '', '0', 'false', 'FALSE']) expect(isCI({ CI })).toBe(false);
  });
});

describe('formatProgress', () => {
  it('says files, replies of the current file and elapsed time', () => {
    const line = formatProgress({ filesDone: 12, filesTotal: 340, file: '售后/快捷短语.csv', repliesDone: 4200, repliesTotal: 10000, elapsedMs: 3240 }, 120, stringWidth);
    expect(line).toBe('huashu: 12/340 files · 4,200/10,000 replies in 售后/快捷短语.csv · 3.2 s');
  });

  it('leaves out the file count for one file, and replies before the file is split', () => {
    expect(formatProgress({ filesDone: 0, filesTotal: 1, file: 'big.txt', repliesDone: 500, repliesTotal: 22000, elapsedMs: 900 }, 120)).toBe(
      'huashu: 500/22,000 replies in big.txt · 0.9 s',
    );
    expect(formatProgress({ filesDone: 3, filesTotal: 9, file: 'a.txt', elapsedMs: 600 }, 120)).toBe('huashu: 3/9 files · a.txt · 0.6 s');
  });

  it('cuts the file name from the left to fit the terminal, measuring CJK characters as two columns', () => {
    const state = { filesDone: 1, filesTotal: 2, file: '客服话术/售后/退换货快捷短语.csv', repliesDone: 10, repliesTotal: 20, elapsedMs: 1000 };
    const full = formatProgress(state, 200, stringWidth);
    expect(stringWidth(full)).toBeGreaterThan(60);
    const cut = formatProgress(state, 60, stringWidth);
    expect(stringWidth(cut)).toBeGreaterThanOrEqual(59);
    expect(stringWidth(cut)).toBeLessThanOrEqual(60);
    expect(cut).toMatch(/^huashu: 1\/2 files · 10\/20 replies in …/);
    expect(cut).toMatch(/\.csv · 1\.0 s$/);
    // Narrower than the line without a file name: the line itself is cut.
    expect(stringWidth(formatProgress(state, 12, stringWidth))).toBeLessThanOrEqual(12);
  });
});

describe('Progress', () => {
  function fake() {
    let now = 0;
    const written: string[] = [];
    const progress = new Progress({ write: (t: string) => written.push(t), columns: 100 }, undefined, { now: () => now });
    return { progress, written, tick: (ms: number) => (now += ms) };
  }

  it('draws nothing during the first half second, and nothing to erase then', () => {
    const { progress, written, tick } = fake();
    progress.setFiles(3);
    progress.fileStarted('a.txt');
    tick(300);
    progress.fileStarted('b.txt');
    progress.clear();
    expect(written).toEqual([]);
  });

  it('then redraws at most every 100 ms on one line, and erases it at the end', () => {
    const { progress, written, tick } = fake();
    progress.setFiles(3);
    progress.fileStarted('a.txt');
    tick(600);
    progress.fileStarted('b.txt');
    tick(50);
    progress.replies(500, 2000); // too soon: not drawn
    tick(60);
    progress.replies(1000, 2000);
    progress.clear();
    expect(written).toEqual([
      '\rhuashu: 1/3 files · b.txt · 0.6 s\x1b[K',
      '\rhuashu: 1/3 files · 1,000/2,000 replies in b.txt · 0.7 s\x1b[K',
      '\r\x1b[K',
    ]);
  });
});

describe('lintWithProgress', () => {
  it('lints a big source in slices, reports each, and finds exactly what one pass finds', async () => {
    const linter = createLinter(builtinPack());
    const lines = ['亲，我保证明天发货', '您好，请问有什么可以帮您？', '这款木有货了，但是明天补货', '親，這個絕對是正品'];
    const text = Array.from({ length: 45 }, (_, i) => lines[i % lines.length]).join('\n') + '\n';
    const source = parseText('t.txt', text);
    const reports: [number, number][] = [];
    const sliced = await lintWithProgress(linter.lint, (done, total) => reports.push([done, total]), 10)(source);
    expect(reports).toEqual([10, 20, 30, 40, 45].map((n) => [n, 45]));
    const whole = await linter.lint(source);
    expect(whole.length).toBeGreaterThan(40);
    expect(sliced).toEqual(whole);
  });
});

describe('progress end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huashu-progress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints no progress when the output is not a terminal, with many files and a big table', () => {
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `r${i}.txt`), '亲，我保证明天发货\n您好，已经为您发出\n');
    const rows = Array.from({ length: 1200 }, (_, i) => `售后,sh${i},"亲，这款木有货了，第${i}号"`);
    writeFileSync(join(dir, 'table.csv'), ['分组,快捷编码,快捷短语', ...rows].join('\n') + '\n');
    const r = spawnSync(process.execPath, [resolve(import.meta.dirname, '..', 'dist', 'cli.js'), '.'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: undefined, NO_COLOR: '1' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('table.csv');
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\r|\x1b\[K|huashu: \d/);
  });
});

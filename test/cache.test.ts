/**
 * `--cache` (cache.ts): stored findings are reused for unchanged files, and only then.
 *
 * Reuse is proven by tampering: the test rewrites the message of a stored finding in the cache
 * file; a run that prints the tampered message took the finding from the cache, a run that prints
 * the rule's own message linted the file again. End to end through the built bin (dist/cli.js).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey, cachePath, CACHE_FILE, LintCache } from '../src/cache.js';
import type { Finding } from '../src/types.js';
import { TEST_RULE } from './support.js';

const BIN = resolve(import.meta.dirname, '..', 'dist', 'cli.js');
const TAMPERED = '这是缓存里的结果';
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'huashu-cache-'));
  temps.push(dir);
  writeFileSync(join(dir, 'a.txt'), '亲，我保证明天发货\n');
  writeFileSync(join(dir, 'b.txt'), '您好，已经为您发出\n');
});

function huashu(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: undefined } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

interface CacheJson {
  format: number;
  huashu: string;
  rules: string;
  settings: string;
  files: Record<string, { hash: string; findings: Finding[] }>;
}
const cacheFile = (name = CACHE_FILE) => join(dir, name);
const readCache = (name?: string) => JSON.parse(readFileSync(cacheFile(name), 'utf8')) as CacheJson;
/** Rewrites every stored message of a.txt, so a run that reuses the cache shows it. */
function tamper(change: (cache: CacheJson) => void = () => {}, name?: string): void {
  const cache = readCache(name);
  for (const f of cache.files['a.txt']!.findings) f.message = TAMPERED;
  change(cache);
  writeFileSync(cacheFile(name), JSON.stringify(cache));
}

describe('--cache', () => {
  it('stores the findings of every file and reuses them while nothing changed', () => {
    const first = huashu('--cache', '--format', 'json', '.');
    expect(first.code).toBe(1);
    const cache = readCache();
    expect(Object.keys(cache.files).sort()).toEqual(['a.txt', 'b.txt']);
    expect(cache.files['a.txt']!.findings.map((f) => f.ruleId)).toContain('no-guarantee');
    expect(cache.files['b.txt']!.findings).toEqual([]);

    tamper();
    const second = huashu('--cache', '--format', 'json', '.');
    expect(second.code).toBe(1);
    const [a] = JSON.parse(second.stdout) as { path: string; messages: { message: string; line: number; column: number }[] }[];
    expect(a!.path).toBe('a.txt');
    expect(a!.messages.every((m) => m.message === TAMPERED)).toBe(true);
    // Everything but the tampered message is as the first run reported it.
    const [firstA] = JSON.parse(first.stdout) as { messages: { message: string }[] }[];
    expect(a!.messages.map((m) => ({ ...m, message: '' }))).toEqual(firstA!.messages.map((m) => ({ ...m, message: '' })));
  });

  it('the stored findings build every report: --quiet and other formats use them too', () => {
    huashu('--cache', '.');
    tamper();
    expect(huashu('--cache', '--format', 'compact', '.').stdout).toContain(TAMPERED);
    const quiet = huashu('--cache', '--quiet', '.');
    expect(quiet.stdout).toContain(TAMPERED);
    expect(quiet.stdout).toContain('error');
  });

  it('re-lints a file whose content changed (and keeps reusing the others)', () => {
    huashu('--cache', '.');
    writeFileSync(join(dir, 'b.txt'), '您好，这款木有货了\n');
    tamper((c) => {
      c.files['b.txt']!.findings = [];
    });
    // a.txt is unchanged: still from the cache; b.txt changed: linted again.
    writeFileSync(join(dir, 'a.txt'), '亲，我保证明天发货\n');
    const r = huashu('--cache', '.');
    expect(r.stdout).toContain(TAMPERED);
    expect(r.stdout).toContain('no-slang');
    writeFileSync(join(dir, 'a.txt'), '亲，我保证后天发货\n');
    const changed = huashu('--cache', '.');
    expect(changed.stdout).not.toContain(TAMPERED);
    expect(changed.stdout).toContain('no-guarantee');
  });

  it('is invalidated by a change to a rule file', () => {
    mkdirSync(join(dir, 'team'));
    writeFileSync(join(dir, 'team', 'no-hurry.yaml'), TEST_RULE);
    writeFileSync(join(dir, 'a.txt'), '亲，我保证明天发货，这是旧说法\n');
    huashu('--cache', '--rules-dir', 'team', 'a.txt');
    tamper();
    expect(huashu('--cache', '--rules-dir', 'team', 'a.txt').stdout).toContain(TAMPERED);
    writeFileSync(join(dir, 'team', 'no-hurry.yaml'), TEST_RULE.replace('message: 换个说法', 'message: 请换一个说法'));
    const r = huashu('--cache', '--rules-dir', 'team', 'a.txt');
    expect(r.stdout).not.toContain(TAMPERED);
    expect(r.stdout).toContain('请换一个说法');
  });

  it('is invalidated by a change to the config or the rule levels given on the command line', () => {
    huashu('--cache', 'a.txt');
    tamper();
    writeFileSync(join(dir, '.huashurc.yaml'), 'rules:\n  no-but: off\n');
    const config = huashu('--cache', 'a.txt');
    expect(config.stdout).not.toContain(TAMPERED);
    expect(config.stdout).toContain('no-guarantee');

    tamper();
    expect(huashu('--cache', 'a.txt').stdout).toContain(TAMPERED);
    const flag = huashu('--cache', '--rule', 'no-guarantee=warning', 'a.txt');
    expect(flag.stdout).not.toContain(TAMPERED);
    expect(flag.stdout).toMatch(/warning +不要用/);
  });

  it('is invalidated by another huashu version', () => {
    huashu('--cache', 'a.txt');
    tamper((c) => {
      c.huashu = '0.0.1';
    });
    const r = huashu('--cache', 'a.txt');
    expect(r.stdout).not.toContain(TAMPERED);
    expect(r.stdout).toContain('no-guarantee');
    expect(r.stderr).toBe('');
    // The cache is rewritten for this version.
    expect(readCache().huashu).not.toBe('0.0.1');
  });

  it('ignores a corrupt cache file with a note, lints everything and writes a good one', () => {
    writeFileSync(cacheFile(), '{"format":1,"files":{"a.txt":');
    const r = huashu('--cache', '.');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no-guarantee');
    expect(r.stderr).toMatch(/^huashu: \.huashucache: cannot read the cache \(.+\); linting every file\n$/);
    expect(Object.keys(readCache().files).sort()).toEqual(['a.txt', 'b.txt']);

    writeFileSync(cacheFile(), '[1, 2, 3]');
    const other = huashu('--cache', '.');
    expect(other.stderr).toContain('not a huashu cache file');
    expect(other.stdout).toContain('no-guarantee');
  });

  it('re-lints a file whose stored findings do not fit it (a hand-edited cache), without crashing', () => {
    huashu('--cache', 'a.txt');
    tamper((c) => {
      c.files['a.txt']!.findings[0]!.range = [5, 500];
    });
    const r = huashu('--cache', 'a.txt');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(TAMPERED);
    expect(r.stdout).toContain('no-guarantee');
  });

  it('--cache-location names the file (or a directory for it), and implies --cache', () => {
    huashu('--cache-location', 'ci-cache.json', 'a.txt');
    expect(existsSync(cacheFile())).toBe(false);
    tamper(() => {}, 'ci-cache.json');
    expect(huashu('--cache-location', 'ci-cache.json', 'a.txt').stdout).toContain(TAMPERED);
    // Linting the directory does not lint the cache file itself.
    expect(huashu('--cache-location', 'ci-cache.json', '.').stdout).not.toContain('ci-cache.json');

    mkdirSync(join(dir, 'tmp'));
    huashu('--cache', '--cache-location', 'tmp', 'a.txt');
    expect(existsSync(join(dir, 'tmp', CACHE_FILE))).toBe(true);
  });

  it('is not used with --fix: fixes come from linting the file', () => {
    huashu('--cache', 'a.txt');
    tamper((c) => {
      c.files['a.txt']!.findings = [];
    });
    const r = huashu('--cache', '--fix', 'a.txt');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('亲，我会尽量保证明天发货\n');
  });

  it('a cache that cannot be written is a note, not a failure', () => {
    const r = huashu('--cache-location', join('missing', 'dir', 'cache.json'), 'b.txt');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^huashu: missing\/dir\/cache\.json: cannot write the cache \(ENOENT\)\n$/);
  });
});

describe('LintCache', () => {
  const key = cacheKey('1.0.0', { ruleFiles: [{ path: 'r.yaml', text: 'id: r' }], dictionary: ['拍下'] }, { levels: [['r', 'error']] });
  const finding: Finding = { ruleId: 'r', severity: 'error', message: 'm', range: [1, 3], text: '保证', rewrites: ['尽量'], fixable: true, fix: { range: [1, 3], text: '尽量' } };

  it('keys runs by version, rule pack and settings, each on its own', () => {
    const other = (k: Partial<typeof key>) => ({ ...key, ...k });
    expect(cacheKey('1.0.0', { ruleFiles: [{ path: 'r.yaml', text: 'id: r' }], dictionary: ['拍下'] }, { levels: [['r', 'error']] })).toEqual(key);
    expect(cacheKey('1.0.1', { ruleFiles: [{ path: 'r.yaml', text: 'id: r' }], dictionary: ['拍下'] }, { levels: [['r', 'error']] })).toEqual(other({ huashu: '1.0.1' }));
    expect(cacheKey('1.0.0', { ruleFiles: [{ path: 'r.yaml', text: 'id: r' }], dictionary: ['包邮'] }, { levels: [['r', 'error']] }).rules).not.toBe(key.rules);
    expect(cacheKey('1.0.0', { ruleFiles: [{ path: 'r.yaml', text: 'id: r\n' }], dictionary: ['拍下'] }, { levels: [['r', 'error']] }).rules).not.toBe(key.rules);
    expect(cacheKey('1.0.0', { ruleFiles: [{ path: 'r.yaml', text: 'id: r' }], dictionary: ['拍下'] }, { levels: [['r', 'off']] }).settings).not.toBe(key.settings);
    // The same rules in another checkout: the same key.
    expect(cacheKey('1.0.0', { ruleFiles: [{ path: '/elsewhere/rules/r.yaml', text: 'id: r' }], dictionary: ['拍下'] }, { levels: [['r', 'error']] })).toEqual(key);
  });

  it('round-trips findings by file and content', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'huashu-cache-unit-'));
    temps.push(tmp);
    const file = join(tmp, 'a.txt');
    writeFileSync(file, '我保证');
    const path = cachePath(tmp, undefined);
    expect(path).toBe(join(tmp, CACHE_FILE));
    const { cache, note } = LintCache.open(path, key);
    expect(note).toBeUndefined();
    expect(cache.get(file, '我保证')).toBeUndefined();
    cache.set(file, '我保证', [finding]);
    expect(cache.save()).toBeUndefined();

    const again = LintCache.open(path, key).cache;
    expect(again.get(file, '我保证')).toEqual([finding]);
    expect(again.get(file, '我保证了')).toBeUndefined();
    expect(LintCache.open(path, { ...key, settings: 'other' }).cache.get(file, '我保证')).toBeUndefined();
  });
});

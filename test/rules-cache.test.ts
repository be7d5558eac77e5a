/**
 * A team's own rule files are compiled once and kept (files.ts `withCompiledCopies`): a later run
 * with the same file revives the stored copy instead of reading the YAML again. These tests run
 * the bin with HUASHU_CACHE_DIR pointing at a temporary directory.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, TEST_RULE, tempDir } from './support.js';

function run(cwd: string, cache: string, input: string) {
  const result = spawnSync(process.execPath, [BIN, '--rules-dir', 'rules', '-f', 'compact'], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HUASHU_CACHE_DIR: cache },
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

function project(): { dir: string; cache: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'no-hurry.yaml'), TEST_RULE);
  return { dir, cache: join(tempDir(), 'cache') };
}

describe('compiled copies of a team rule pack', () => {
  it('stores the compiled rule on the first run and reads it on the next', () => {
    const { dir, cache } = project();
    const first = run(dir, cache, '这是旧说法');
    expect(first.stdout).toContain('no-hurry');
    const [entry] = readdirSync(join(cache, 'rules'));
    expect(entry).toMatch(/^[0-9a-f]{32}\.json$/);
    // Prove the next run reads the stored copy: change its message there (only there).
    const path = join(cache, 'rules', entry!);
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    stored.data.base.message = '来自缓存的说明';
    writeFileSync(path, JSON.stringify(stored));
    expect(run(dir, cache, '这是旧说法').stdout).toContain('来自缓存的说明');
  });

  it('compiles a changed rule file again', () => {
    const { dir, cache } = project();
    run(dir, cache, '这是旧说法');
    writeFileSync(join(dir, 'rules', 'no-hurry.yaml'), TEST_RULE.replace(/message: .*/, 'message: 改过的说明'));
    const second = run(dir, cache, '这是旧说法');
    expect(second.stdout).toContain('改过的说明');
    expect(readdirSync(join(cache, 'rules'))).toHaveLength(2);
  });

  it('ignores a corrupt stored copy and compiles the file', () => {
    const { dir, cache } = project();
    run(dir, cache, '这是旧说法');
    const [entry] = readdirSync(join(cache, 'rules'));
    writeFileSync(join(cache, 'rules', entry!), '{ not json');
    const again = run(dir, cache, '这是旧说法');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('no-hurry');
    expect(again.stderr).toBe('');
  });

  it('is off with an empty HUASHU_CACHE_DIR and never stores a broken rule', () => {
    const { dir } = project();
    expect(run(dir, '', '这是旧说法').stdout).toContain('no-hurry');
    const cache = join(tempDir(), 'cache');
    writeFileSync(join(dir, 'rules', 'no-hurry.yaml'), TEST_RULE.replace('type: substitution', 'type: substitutoin'));
    expect(run(dir, cache, '这是旧说法').code).toBe(2);
    expect(() => readdirSync(join(cache, 'rules'))).toThrow();
  });
});

/**
 * The README's rules table is generated from the rule files (`npm run docs`); this fails when it
 * drifts. The README must also open with the two commands CI and new users rely on.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPack } from '../src/files.js';
import { createLinter } from '../src/linter.js';
import { rulesTable, spliceRulesTable } from '../src/rules/table.js';

const readme = readFileSync(resolve(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('has the generated rules table, up to date (run `npm run docs` to update it)', async () => {
    const table = await rulesTable(createLinter(builtinPack()));
    expect(spliceRulesTable(readme, table)).toBe(readme);
    expect(table.split('\n').length).toBeGreaterThan(5);
  });

  it('opens with exactly the install-and-run command and the test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!.trim().split('\n');
    expect(firstBlock).toEqual(['npm ci && npx huashu fixtures/', 'npm test']);
  });
});

describe('the README command `npx huashu`', () => {
  const root = resolve(import.meta.dirname, '..');
  it('finds an executable bin (the build sets the executable bit)', () => {
    expect(statSync(resolve(root, 'dist', 'cli.js')).mode & 0o111).not.toBe(0);
  });
  it('runs the package bin from the repository', () => {
    const r = spawnSync('npx', ['huashu', '--version'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/Permission denied/);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version);
  });
});

describe('spliceRulesTable', () => {
  it('replaces only the text between the markers', () => {
    expect(spliceRulesTable('a\n<!-- rules:start -->\nold\n<!-- rules:end -->\nb', 'new\n')).toBe('a\n<!-- rules:start -->\nnew\n<!-- rules:end -->\nb');
    expect(() => spliceRulesTable('no markers', 'x')).toThrow(/no <!-- rules:start -->/);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Shared by the end-to-end and source tests: a rule on a made-up phrase no built-in rule will
 * ever touch, so tests of the machinery (fix, config, rule directories, file formats) do not
 * depend on what the built-in pack covers. Its Traditional form 舊說法 differs, so it also shows
 * rewrites in the writer's script.
 */
export const TEST_RULE = `id: no-hurry
type: substitution
level: error
message: 换个说法
fixable: true
patterns:
  - match: 旧说法
    rewrites: [新说法]
examples:
  invalid: [{ text: 这是旧说法, flagged: 旧说法, output: 这是新说法 }]
  valid: [这是新说法]
`;

/** The error a parse throws (the test fails when it throws nothing). */
export function thrownBy(parse: () => unknown): Error {
  try {
    parse();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the parse to throw');
}

export const ROOT = resolve(import.meta.dirname, '..');
/** The built bin (`npm test` builds it first; rebuild before running end-to-end tests alone). */
export const BIN = join(ROOT, 'dist', 'cli.js');
export const FIXTURES = join(ROOT, 'fixtures');

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh temporary directory, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'huashu-'));
  temps.push(dir);
  return dir;
}

export interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs the real bin in a child process (no colors), in `cwd` (default: the repository). */
export function huashu(args: string[], options: { input?: string; cwd?: string } = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

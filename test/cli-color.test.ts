/**
 * Colors in the real bin: stylish is colored only on a color terminal or with FORCE_COLOR, and
 * NO_COLOR wins. (Reporter tests cover the colored text itself; this covers the bin's choice.)
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(resolve(import.meta.dirname, '..'), 'dist', 'cli.js');
function stylish(env: Record<string, string | undefined>): string {
  const { NO_COLOR, FORCE_COLOR, ...rest } = process.env;
  void NO_COLOR;
  void FORCE_COLOR;
  return spawnSync(process.execPath, [BIN], { input: '我保证明天发货', encoding: 'utf8', env: { ...rest, ...env } }).stdout;
}
const ANSI = /\u001b\[\d+m/;

describe('colors', () => {
  it('are off when stdout is not a terminal', () => {
    expect(stylish({})).not.toMatch(ANSI);
  });
  it('are on with FORCE_COLOR, even through a pipe', () => {
    expect(stylish({ FORCE_COLOR: '1' })).toMatch(ANSI);
  });
  it('are off with NO_COLOR, and FORCE_COLOR=0 turns them off too', () => {
    expect(stylish({ NO_COLOR: '1', FORCE_COLOR: '1' })).not.toMatch(ANSI);
    expect(stylish({ FORCE_COLOR: '0' })).not.toMatch(ANSI);
  });
  it('never color JSON', () => {
    const out = spawnSync(process.execPath, [BIN, '--format', 'json'], { input: '我保证', encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '1' } }).stdout;
    expect(out).not.toMatch(ANSI);
    expect(() => JSON.parse(out)).not.toThrow();
  });
});

/**
 * Running the real, built bin (dist/cli.js) for end-to-end tests that need bytes in and out, a
 * shell pipeline, extra environment or another user: the safety tests.
 */
import { spawnSync } from 'node:child_process';
import { BIN, ROOT, tempDir } from './support.js';

export { BIN, ROOT, tempDir };

export interface BinRun {
  stdout: string;
  stderr: string;
  /** stdout as bytes (for --fix on standard input and --output-encoding). */
  bytes: Buffer;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BinOptions {
  cwd?: string;
  input?: string | Uint8Array;
  env?: Record<string, string | undefined>;
  /** Run as this uid/gid (through setpriv; the tests run as root in CI). */
  user?: number;
  timeout?: number;
}

/** Runs `node dist/cli.js …args`. Colors off; no test hook unless `env` sets one. */
export function runBin(args: string[], options: BinOptions = {}): BinRun {
  const command = options.user === undefined ? [process.execPath, BIN, ...args] : ['setpriv', `--reuid=${options.user}`, `--regid=${options.user}`, '--clear-groups', process.execPath, BIN, ...args];
  const result = spawnSync(command[0]!, command.slice(1), {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, HUASHU_TEST_HOOK: undefined, ...options.env },
    timeout: options.timeout ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), bytes: result.stdout, code: result.status, signal: result.signal };
}

/** Runs a shell pipeline (bash) in `cwd`; `$HUASHU` is the bin. */
export function runShell(script: string, cwd: string): BinRun {
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', script], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, HUASHU: `${process.execPath} ${BIN}` },
    timeout: 60_000,
  });
  return { stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), bytes: result.stdout, code: result.status, signal: result.signal };
}

/** A stack trace on stderr ("    at …"): the bin must never print one. */
export const STACK_TRACE = /\n\s+at .+\(?.+:\d+:\d+\)?/;

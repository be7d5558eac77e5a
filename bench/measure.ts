/**
 * Running one command as a whole process and measuring it: wall time from spawn to exit
 * (milliseconds), and peak resident set size (kilobytes, getrusage ru_maxrss of the process,
 * reported by bench/maxrss.cjs, preloaded with NODE_OPTIONS). Standard output goes to /dev/null,
 * as when a report is written to a file nobody reads during the run; standard error is kept to
 * explain a failure.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PRELOAD = join(import.meta.dirname, 'maxrss.cjs');

/** A command to measure: `node <args…>`, with optional standard input. */
export interface Command {
  /** Arguments after `node` (the script first). */
  args: string[];
  cwd: string;
  /** Text piped to standard input; without it standard input is /dev/null. */
  input?: string;
  /** Exit codes that mean the command worked (a linter exits 1 when it finds errors). */
  okCodes?: number[];
  /** Kill the process after this many milliseconds (the run then counts as failed). */
  timeoutMs?: number;
}

export interface Sample {
  wallMs: number;
  /** Peak RSS in kilobytes; undefined when the process did not report it (it crashed). */
  rssKb?: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of standard error, when the exit code is not one of `okCodes`. */
  failure?: string;
}

/** Runs `node …args` once and measures it. */
export function runOnce(command: Command): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'huashu-bench-'));
  const rssFile = join(dir, 'rss');
  const devNull = openSync('/dev/null', 'w');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`, HUASHU_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const start = performance.now();
    const result = spawnSync(process.execPath, command.args, {
      cwd: command.cwd,
      env,
      input: command.input,
      stdio: [command.input === undefined ? 'ignore' : 'pipe', devNull, 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      ...(command.timeoutMs ? { timeout: command.timeoutMs } : {}),
    });
    const wallMs = performance.now() - start;
    const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
    const ok = result.signal === null && (command.okCodes ?? [0, 1]).includes(result.status ?? -1) && !result.error;
    const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
    const failure = ok
      ? undefined
      : timedOut
        ? `timed out after ${Math.round(command.timeoutMs! / 1000)} s`
        : (result.error?.message ?? result.stderr.toString('utf8').trim().split('\n').slice(-3).join(' | ')) || `exit ${result.status ?? result.signal}`;
    return { wallMs, rssKb, code: result.status, signal: result.signal, ...(failure ? { failure } : {}) };
  } finally {
    closeSync(devNull);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `node …args` and returns its standard output (for sanity checks: counting findings). */
export function output(command: Command): { stdout: string; code: number | null } {
  const result = spawnSync(process.execPath, command.args, {
    cwd: command.cwd,
    env: { ...process.env, NO_COLOR: '1' },
    input: command.input,
    stdio: [command.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'utf8',
  });
  return { stdout: result.stdout, code: result.status };
}

export interface Summary {
  runs: number;
  /** Wall time in milliseconds. */
  median: number;
  min: number;
  max: number;
  /** Peak RSS in kilobytes: median and maximum over the runs. */
  rssMedian?: number;
  rssMax?: number;
  /** The first failure, when a run failed (then the figures cover the runs that worked). */
  failure?: string;
}

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median and spread of samples (failed runs excluded from the figures, their error kept). */
export function summarize(samples: readonly Sample[]): Summary {
  const ok = samples.filter((s) => !s.failure);
  const failure = samples.find((s) => s.failure)?.failure;
  const walls = ok.map((s) => s.wallMs);
  const rss = ok.map((s) => s.rssKb).filter((r): r is number => r !== undefined);
  return {
    runs: ok.length,
    median: walls.length ? median(walls) : NaN,
    min: walls.length ? Math.min(...walls) : NaN,
    max: walls.length ? Math.max(...walls) : NaN,
    ...(rss.length ? { rssMedian: median(rss), rssMax: Math.max(...rss) } : {}),
    ...(failure ? { failure } : {}),
  };
}

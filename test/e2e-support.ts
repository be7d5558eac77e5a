/**
 * Shared by the end-to-end tests of CI and git integration: the built bin (dist/cli.js, built by
 * `npm test`'s pretest step), temporary directories removed after the test file, and temporary
 * git repositories whose git calls never read the user's or the system's git configuration.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, ROOT, tempDir } from './support.js';

export { BIN, ROOT, tempDir };

/** Writes files (path relative to `dir` → text), creating directories. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * The environment of every child process here: no colors, and git isolated from the machine's
 * configuration (no global or system config, a fixed identity, no signing), so a developer's
 * settings (diff.noprefix, a default branch name, hooks paths) cannot change the outcome. The
 * `npm_*` variables of the `npm test` that started the tests are left out: an npm run inside a
 * temporary repository must not inherit this checkout's prefix.
 */
export const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  NO_COLOR: '1',
  FORCE_COLOR: undefined,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'huashu test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'huashu test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  // A test run inside a git hook must not hand its index to the repositories made here.
  GIT_INDEX_FILE: undefined,
  GIT_DIR: undefined,
  GIT_WORK_TREE: undefined,
};

export interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

function spawn(command: string, args: string[], options: SpawnSyncOptions & { input?: string }): Run {
  const r = spawnSync(command, args, { encoding: 'utf8', env: ENV, ...options, input: options.input ?? '' });
  if (r.error) throw r.error;
  return { stdout: String(r.stdout), stderr: String(r.stderr), code: r.status };
}

/** Runs the built bin in `cwd`. */
export function huashu(args: string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  return spawn(process.execPath, [BIN, ...args], { cwd, input: options.input, env: options.env ?? ENV });
}

/** Runs git in `cwd` with the settings the tests rely on; throws when git fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawn('git', ['-c', 'user.name=huashu test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd });
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** A new git repository on branch main with these files committed (none: no commit yet). */
export function gitRepo(files: Record<string, string> = {}): string {
  const dir = tempDir();
  git(dir, 'init', '--quiet');
  if (Object.keys(files).length) {
    writeFiles(dir, files);
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '-m', 'replies');
  }
  return dir;
}

/** Runs a command line through a real POSIX shell in `cwd`. */
export function shell(script: string, cwd: string, env: NodeJS.ProcessEnv = ENV): Run {
  return spawn('sh', ['-c', script], { cwd, env });
}

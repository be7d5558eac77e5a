/**
 * File-system side of huashu (the core in linter.ts does no I/O): where the built-in rule pack
 * lives, reading rule directories, and writing fixed files safely.
 */
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { HuashuConfigError, type Problem } from './errors.js';
import { readInputFile } from './input.js';
import type { RuleFile } from './linter.js';

/** huashu's version, from package.json. */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** The built-in rule pack: `rules/` at the package root (beside `src/` and `dist/`). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));
/** The e-commerce words shipped for jieba (rules/dictionary.txt). */
export const BUILTIN_DICTIONARY = join(BUILTIN_RULES_DIR, 'dictionary.txt');

/** The built-in rule files and dictionary: what every run (and every rule test) starts from. */
export function builtinPack(): { ruleFiles: RuleFile[]; dictionary: string[] } {
  const ruleFiles = readRuleDir(BUILTIN_RULES_DIR).map((file) => ({ ...file, trusted: true }));
  return { ruleFiles, dictionary: readDictionary(BUILTIN_DICTIONARY) };
}

/** Words of a dictionary file: one per line, `#` comments and blank lines ignored. */
export function readDictionary(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/)[0]!)
    .filter(Boolean);
}

/**
 * Reads every `*.yaml` / `*.yml` file of a directory (not recursive), sorted by name. Dotfiles are
 * skipped: a team keeping rules at its repository root must not have `.huashurc.yaml` read as a rule.
 */
export function readRuleDir(dir: string): RuleFile[] {
  const files: RuleFile[] = [];
  const problems: Problem[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith('.')).sort()) {
    const path = join(dir, name);
    // Only regular files, within the input size limit: a FIFO named rule.yaml must not hang a run.
    const input = readInputFile(path);
    if ('error' in input) problems.push({ file: path, line: 0, column: 0, message: input.error, snippet: '' });
    else files.push({ path, text: input.bytes.toString('utf8') });
  }
  if (problems.length) throw new HuashuConfigError(problems);
  return files;
}

/** What a file held when it was read: `--fix` overwrites it only if it still holds exactly that. */
export interface ReadSnapshot {
  bytes: Uint8Array;
  stats: Pick<Stats, 'size' | 'mtimeMs'>;
}

/** The file changed on disk between huashu reading it and writing the fix. */
export class FileChangedError extends Error {
  override name = 'FileChangedError';
}

/**
 * Replaces a file's content atomically: write a temporary file in the same directory (of the real
 * file, when `path` is a symbolic link: the link stays a link), flush it to disk, give it the
 * original's permissions (and owner, where allowed), then rename it over the original and flush
 * the directory. An interrupted run leaves either the old file or the new one, never half of each;
 * a failed write removes the temporary file. With `unchangedSince`, the file is compared with what
 * was read (size, modification time, every byte) right before the rename, and left alone with a
 * `FileChangedError` when someone else changed it meanwhile.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: { unchangedSince?: ReadSnapshot } = {}): void {
  const target = realpathSync(path);
  const original = statSync(target);
  removeStaleTemps(target);
  const temp = join(dirname(target), `${tempPrefix(target)}${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o600);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    testHook('write', target, () => writeSync(fd!, bytes, 0, bytes.length >> 1));
    writeFileSync(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(temp, original.mode & 0o7777);
    try {
      chownSync(temp, original.uid, original.gid);
    } catch {
      // Only root may give a file away; a user fixing their own file keeps their ownership anyway.
    }
    testHook('before-rename', target);
    if (options.unchangedSince) assertUnchanged(target, options.unchangedSince);
    renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dirname(target));
}

/** Temporary files of `path` are named `.<name>.huashu-<pid>-<random>.tmp` (hidden: never linted). */
function tempPrefix(path: string): string {
  return `.${basename(path)}.huashu-`;
}

/** Removes temporary files of `path` left by a huashu process that no longer runs (killed mid-fix). */
function removeStaleTemps(path: string): void {
  const prefix = tempPrefix(path);
  let names: string[];
  try {
    names = readdirSync(dirname(path)).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || isRunning(pid)) continue;
    rmSync(join(dirname(path), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function assertUnchanged(path: string, snapshot: ReadSnapshot): void {
  const now = statSync(path);
  const same = now.size === snapshot.stats.size && now.mtimeMs === snapshot.stats.mtimeMs && readFileSync(path).equals(snapshot.bytes);
  if (!same) throw new FileChangedError('the file changed on disk while huashu was fixing it; it was not overwritten (run --fix again)');
}

/** Makes the rename itself durable. Not every platform can open a directory: then it is skipped. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Failure injection for the end-to-end tests of --fix, and nothing else: `HUASHU_TEST_HOOK` names
 * one fault to cause at one point of `writeFileAtomic`.
 * - `fail-write` (at `write`): write half of the temporary file, then fail as a full disk would;
 * - `kill-before-rename` (at `before-rename`): the process is killed (SIGKILL) before the rename;
 * - `change-before-rename` (at `before-rename`): another program appends to the file meanwhile.
 */
function testHook(point: 'write' | 'before-rename', path: string, partialWrite?: () => void): void {
  const hook = process.env.HUASHU_TEST_HOOK;
  if (!hook) return;
  if (point === 'write' && hook === 'fail-write') {
    partialWrite?.();
    throw Object.assign(new Error('ENOSPC: no space left on device (simulated by HUASHU_TEST_HOOK)'), { code: 'ENOSPC' });
  }
  if (point === 'before-rename' && hook === 'kill-before-rename') process.kill(process.pid, 'SIGKILL');
  if (point === 'before-rename' && hook === 'change-before-rename') appendFileSync(path, '\n（另一个程序写入的内容）');
}

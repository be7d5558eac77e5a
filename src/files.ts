/**
 * File-system side of huashu (the core in linter.ts does no I/O): where the built-in rule pack
 * lives, reading rule directories, and writing fixed files safely.
 */
import {
  appendFileSync,
  mkdirSync,
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
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { HuashuConfigError, type Problem } from './errors.js';
import { readInputFile } from './input.js';
import { createLinter, type ActiveRule, type RuleFile } from './linter.js';
import { templateLiterals } from './match.js';
import type { TraditionalForms } from './normalize/script.js';
import { ruleData, type CompiledRule, type RuleData, type RuleSummary } from './rules/spec.js';

/** node:crypto, loaded on first use (a draft piped through huashu hashes and writes nothing). */
const crypto = (): typeof import('node:crypto') => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

/** huashu's version, from package.json. */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** The built-in rule pack: `rules/` at the package root (beside `src/` and `dist/`). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));
/** The e-commerce words shipped for jieba (rules/dictionary.txt). */
export const BUILTIN_DICTIONARY = join(BUILTIN_RULES_DIR, 'dictionary.txt');

/**
 * The build's snapshot of the built-in pack (`dist/pack.json`, written by src/tools/build-data.ts):
 * every rule file's text with its summary, and the dictionary, in one file. With it a run reads
 * one file instead of twenty and compiles only the rules a draft may match.
 */
export const PACK_SNAPSHOT = fileURLToPath(new URL('./pack.json', import.meta.url));
/** Beside it, each rule's compiled data in a file of its own (`<rule file name>.json`), read when the rule is revived. */
export const PACK_RULES = fileURLToPath(new URL('./pack/', import.meta.url));

export interface PackSnapshot {
  version: string;
  dictionary: string[];
  /** The Traditional forms of the pack's literal rewrites (added by the build: see `literalRewrites`). */
  traditional?: TraditionalForms;
  /** jieba's entries of the dictionary's words (added by the build: see `dictionaryEntries` in segment.ts). */
  dictionaryEntries?: Record<string, string | null>;
  /**
   * `data`: the compiled rule, for rule types that can be revived from data; the YAML `text`
   * otherwise. `stored`: the data is in PACK_RULES (how the build writes it), not here.
   */
  rules: { name: string; text?: string; summary: RuleSummary; data?: string; stored?: true }[];
}

export interface RulePack {
  ruleFiles: RuleFile[];
  dictionary: string[];
  /** Precomputed Traditional forms of rewrites (the built-in pack's snapshot has them). */
  traditional?: TraditionalForms;
  /** jieba's entries of the dictionary's words, looked up ahead (the built-in pack's snapshot has them). */
  dictionaryEntries?: Record<string, string | null>;
}

/** The built-in rule files and dictionary: what every run (and every rule test) starts from. */
export function builtinPack(): RulePack {
  return readPackSnapshot() ?? readBuiltinSources();
}

/** The built-in pack read from `rules/` (the sources of the snapshot). */
export function readBuiltinSources(): RulePack {
  // Trusted: the built-in regular expressions are checked by the tests, not on every run (safe-regex.ts).
  const ruleFiles = readRuleDir(BUILTIN_RULES_DIR).map((file) => ({ ...file, trusted: true }));
  return { ruleFiles, dictionary: readDictionary(BUILTIN_DICTIONARY) };
}

/** The snapshot of a pack: every rule compiled (a broken rule throws), stored as data where it can be. */
export function packSnapshot(pack: RulePack): PackSnapshot {
  const linter = createLinter(pack);
  return {
    version: VERSION,
    dictionary: pack.dictionary,
    rules: linter.rules.map(({ summary, rule }, i) => {
      const data = ruleData(rule);
      // The data stays a JSON string inside the snapshot: a run parses only the rules it revives.
      return { name: basename(pack.ruleFiles[i]!.path), summary, ...(data ? { data: JSON.stringify(data) } : { text: pack.ruleFiles[i]!.text }) };
    }),
  };
}

/**
 * Writes a snapshot as the build keeps it: PACK_SNAPSHOT with the summaries, and each rule's data
 * in PACK_RULES, so that a run parses the summaries and only the rules a draft may match.
 */
export function writePackSnapshot(snapshot: PackSnapshot): void {
  rmSync(PACK_RULES, { recursive: true, force: true });
  mkdirSync(PACK_RULES, { recursive: true });
  const rules = snapshot.rules.map((rule) => {
    if (!rule.data) return rule;
    writeFileSync(join(PACK_RULES, `${rule.name}.json`), rule.data);
    return { name: rule.name, summary: rule.summary, stored: true as const };
  });
  writeFileSync(PACK_SNAPSHOT, JSON.stringify({ ...snapshot, rules }));
}

/** Rule files (with their summaries) from a snapshot. */
export function packFromSnapshot(snapshot: PackSnapshot): RulePack {
  return {
    ruleFiles: snapshot.rules.map(({ name, text, summary, data, stored }) => ({
      path: join(BUILTIN_RULES_DIR, name),
      text: text ?? '',
      summary,
      trusted: true,
      ...(data ? { data } : stored ? { data: () => readFileSync(join(PACK_RULES, `${name}.json`), 'utf8') } : {}),
    })),
    dictionary: snapshot.dictionary,
    ...(snapshot.traditional ? { traditional: snapshot.traditional } : {}),
    ...(snapshot.dictionaryEntries ? { dictionaryEntries: snapshot.dictionaryEntries } : {}),
  };
}

/**
 * The literal text of every rewrite of the rules — whole rewrites, and the pieces around the
 * captured groups of the others (see `Rewrite`): all a build can convert ahead.
 */
export function literalRewrites(rules: readonly { rule: CompiledRule }[]): string[] {
  return rules.flatMap(({ rule }) => (rule.patterns ?? []).flatMap((p) => p.templates.flatMap(templateLiterals))).filter(Boolean);
}

/**
 * The snapshot, when there is one for this version that is newer than every file in `rules/`
 * (someone editing a rule without rebuilding gets the sources, not a stale snapshot).
 */
function readPackSnapshot(): RulePack | undefined {
  let built: number;
  try {
    built = statSync(PACK_SNAPSHOT).mtimeMs;
  } catch {
    return undefined;
  }
  for (const name of readdirSync(BUILTIN_RULES_DIR)) {
    if (statSync(join(BUILTIN_RULES_DIR, name)).mtimeMs > built) return undefined;
  }
  const snapshot = JSON.parse(readFileSync(PACK_SNAPSHOT, 'utf8')) as PackSnapshot;
  return snapshot.version === VERSION ? packFromSnapshot(snapshot) : undefined;
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

/**
 * Where compiled copies of a team's own rule files are kept: `$HUASHU_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/huashu`, else `~/.cache/huashu`. `HUASHU_CACHE_DIR=` (empty) turns it off.
 */
export function rulesCacheDir(): string | undefined {
  const own = process.env.HUASHU_CACHE_DIR;
  if (own !== undefined) return own === '' ? undefined : join(own, 'rules');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'huashu', 'rules');
}

/**
 * A team's rule files (from rules directories) with what an earlier run of this huashu version
 * compiled from exactly the same file: its summary and data, so the linter compiles the rule only
 * when a draft may match it — as the build does for the built-in rules. Files without such a copy
 * are compiled (and checked) when the linter is created; `remember` then stores them for next time.
 * The cache is best effort: an entry that cannot be read or written is simply compiled again.
 */
export function withCompiledCopies(files: readonly RuleFile[], dir = rulesCacheDir()): { ruleFiles: RuleFile[]; remember(rules: readonly ActiveRule[]): void } {
  const keyOf = (file: RuleFile) => crypto().createHash('sha256').update(`${VERSION}\0${basename(file.path)}\0${file.text}`).digest('hex').slice(0, 32);
  const ruleFiles = files.map((file): RuleFile => {
    if (!dir) return file;
    try {
      const { summary, data } = JSON.parse(readFileSync(join(dir, `${keyOf(file)}.json`), 'utf8')) as { summary: RuleSummary; data: RuleData };
      return summary?.id && data?.base ? { ...file, summary, data } : file;
    } catch {
      return file;
    }
  });
  return {
    ruleFiles,
    remember(rules) {
      if (!dir) return;
      rules.forEach((active, i) => {
        const file = ruleFiles[i];
        if (!file || file.summary) return;
        const data = ruleData(active.rule);
        if (!data) return;
        try {
          mkdirSync(dir, { recursive: true });
          writeFileAtomic(join(dir, `${keyOf(file)}.json`), JSON.stringify({ summary: active.summary, data }));
        } catch {
          // A read-only home or a full disk: the rule is compiled again next time.
        }
      });
    },
  };
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
 * the directory. A file that does not exist yet is created the same way, with the default
 * permissions. An interrupted run leaves either the old file or the new one, never half of each;
 * a failed write removes the temporary file. With `unchangedSince`, the file is compared with what
 * was read (size, modification time, every byte) right before the rename, and left alone with a
 * `FileChangedError` when someone else changed it meanwhile.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: { unchangedSince?: ReadSnapshot } = {}): void {
  const { target, original } = writeTarget(path);
  removeStaleTemps(target);
  const temp = join(dirname(target), `${tempPrefix(target)}${process.pid}-${crypto().randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    // A new file (a baseline, a cache) is created with the permissions new files get here (umask).
    fd = openSync(temp, 'wx', original ? 0o600 : 0o666);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    testHook('write', target, () => writeSync(fd!, bytes, 0, bytes.length >> 1));
    writeFileSync(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (original) {
      chmodSync(temp, original.mode & 0o7777);
      try {
        chownSync(temp, original.uid, original.gid);
      } catch {
        // Only root may give a file away; a user fixing their own file keeps their ownership anyway.
      }
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

/** The real file behind `path` and its status; a path that does not exist yet is created. */
function writeTarget(path: string): { target: string; original?: Stats } {
  try {
    const target = realpathSync(path);
    return { target, original: statSync(target) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { target: resolve(path) };
  }
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

/**
 * `--changed [<base>]`: lint only the lines changed since a git base, so a team can adopt huashu
 * on a large script repository without fixing everything first.
 *
 * The base, and what counts as changed (always the work tree, the text huashu reads):
 * - no base: the merge-base of HEAD with the default branch (origin/HEAD, else main, else master,
 *   else origin/main or origin/master); in a git hook (GIT_INDEX_FILE is set) the same as `staged`;
 * - `staged`: the files staged in the index (`git diff --cached`), and in them the lines that
 *   differ from HEAD on disk;
 * - any other word: a git revision, compared from its merge-base with HEAD. A word that is no
 *   revision but an existing path is taken as a path (`huashu --changed replies/`).
 * Untracked files count as entirely changed (not for `staged`); binary files that changed (an
 * `.xlsx` workbook) are linted whole.
 *
 * Git is run with execFileSync (no shell), at the repository's top level, with the output settings
 * pinned (`--no-color --no-ext-diff --no-textconv`, explicit `a/` `b/` prefixes, core.quotePath
 * off) so that a user's git config cannot change what is parsed. The parsing functions are pure.
 *
 * Units: changed lines are 1-based line numbers of the new (work tree) side, in inclusive pairs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LintFunction } from './fix.js';
import { createLocator } from './position.js';

/** An inclusive pair of 1-based line numbers. */
export type LineSpan = readonly [first: number, last: number];

/** What changed in a file: some lines, or the whole file. */
export type FileChange = 'whole' | readonly LineSpan[];

/** Thrown for anything that keeps `--changed` from working (run.ts: one line, exit 2). */
export class ChangedError extends Error {}

export interface Changes {
  /** The repository's top-level directory (absolute, as reached from the working directory). */
  root: string;
  /** How the base was chosen, for messages: `staged`, `origin/main (merge-base 1a2b3c4)`. */
  base: string;
  /** Absolute path → what changed in it. Only files with added lines or binary changes. */
  files: ReadonlyMap<string, FileChange>;
  /** A word given as the base that is an existing path and no revision: lint it as a path. */
  pathArgument?: string;
}

/** The word that selects the index. */
export const STAGED = 'staged';

/**
 * Finds the changed files and lines for `--changed` (`base` true: no base given). Throws
 * `ChangedError` outside a git work tree, when git is missing or the base does not resolve.
 */
export function findChanges(cwd: string, base: string | true, env: NodeJS.ProcessEnv = process.env): Changes {
  const cdup = git(cwd, ['rev-parse', '--show-cdup']).trim();
  const root = resolve(cwd, cdup);
  const run = (args: string[]) => git(root, args);
  const attempt = (args: string[]) => tryGit(root, args);

  let pathArgument: string | undefined;
  let word = base;
  if (typeof word === 'string' && word !== STAGED && attempt(['rev-parse', '--verify', '--quiet', `${word}^{commit}`]) === undefined) {
    if (!existsSync(resolve(cwd, word))) throw new ChangedError(`--changed: unknown git revision "${word}" (and no such file or directory)`);
    pathArgument = word;
    word = true;
  }
  const staged = word === STAGED || (word === true && Boolean(env.GIT_INDEX_FILE));

  // HEAD is unborn in a repository without commits: everything is compared to the empty tree.
  const head = attempt(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])?.trim();
  const emptyTree = () => git(root, ['hash-object', '-t', 'tree', '--stdin'], '').trim();
  let from: string;
  let description: string;
  if (staged) {
    from = head ?? emptyTree();
    description = STAGED;
  } else if (!head) {
    from = emptyTree();
    description = 'the empty tree (no commits yet)';
  } else {
    const ref = word === true ? defaultBranch(attempt) : word;
    if (!ref) throw new ChangedError('--changed: cannot find the default branch (no origin/HEAD, main or master); name a base: --changed <base>');
    const mergeBase = attempt(['merge-base', ref, 'HEAD'])?.trim();
    if (!mergeBase) throw new ChangedError(`--changed: HEAD and ${ref} have no common commit (a shallow clone? fetch the history, e.g. actions/checkout with fetch-depth: 0)`);
    from = mergeBase;
    description = `${ref} (merge-base ${mergeBase.slice(0, 7)})`;
  }

  const diff = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--diff-filter=d'];
  const numstat = parseNumstat(run([...diff, '--numstat', '-z', from]));
  const lines = parseUnifiedDiff(run([...diff, '--unified=0', '--src-prefix=a/', '--dst-prefix=b/', from]));
  // Which files: those staged, or every changed tracked file and every untracked one.
  const wanted = staged
    ? new Set(splitZ(run(['diff', '--cached', '--name-only', '-z', '--diff-filter=d', '--no-ext-diff'])))
    : new Set(numstat.map((f) => f.path));
  const files = new Map<string, FileChange>();
  for (const { path, binary } of numstat) {
    if (!wanted.has(path)) continue;
    const spans = lines.get(path);
    if (binary) files.set(join(root, path), 'whole');
    else if (spans?.length) files.set(join(root, path), spans);
  }
  if (!staged) for (const path of splitZ(run(['ls-files', '--others', '--exclude-standard', '-z']))) files.set(join(root, path), 'whole');
  return { root, base: description, files, ...(pathArgument !== undefined ? { pathArgument } : {}) };
}

/** origin/HEAD's branch, else the first of main, master, origin/main, origin/master that exists. */
function defaultBranch(attempt: (args: string[]) => string | undefined): string | undefined {
  const originHead = attempt(['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'])?.trim();
  if (originHead) return originHead.replace(/^refs\/remotes\//, '');
  return ['main', 'master', 'origin/main', 'origin/master'].find((name) => attempt(['rev-parse', '--verify', '--quiet', `${name}^{commit}`]) !== undefined);
}

/**
 * Keeps a lint function's findings that touch a changed line of their file (`changesOf` gives the
 * file's changes by the source's path; undefined drops every finding). Wrapping the lint function,
 * not the report, keeps `--fix` to the changed lines too.
 */
export function keepChangedLines(lint: LintFunction, changesOf: (path: string) => FileChange | undefined): LintFunction {
  return async (source) => {
    const change = changesOf(source.path);
    if (change === 'whole') return lint(source);
    if (!change) return [];
    const findings = await lint(source);
    const locate = createLocator(source.text);
    return findings.filter((f) => touches(change, locate(f.range[0]).line, locate(f.range[1]).line));
  };
}

/** Whether the lines first..last (1-based, inclusive) meet a changed span. */
export function touches(spans: readonly LineSpan[], first: number, last: number): boolean {
  return spans.some(([a, b]) => a <= last && first <= b);
}

/**
 * New-side changed lines per file of `git diff --unified=0` output (paths relative to the
 * repository root, as after `b/`). Pure deletions add no lines; binary files and deleted files get
 * no entry. Lines inside hunks always start with `+`, `-`, ` ` or `\`, so a header can be told from
 * an added line that reads like one (`+++ y`).
 */
export function parseUnifiedDiff(patch: string): Map<string, LineSpan[]> {
  const out = new Map<string, LineSpan[]>();
  let inHeader = false;
  let path: string | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      inHeader = true;
      path = undefined;
    } else if (inHeader && line.startsWith('+++ ')) {
      const name = unquote(line.slice(4).replace(/\t$/, ''));
      path = name.startsWith('b/') ? name.slice(2) : undefined;
      if (path !== undefined && !out.has(path)) out.set(path, []);
    } else if (line.startsWith('@@ ')) {
      inHeader = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m || path === undefined) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      if (count > 0) out.get(path)!.push([start, start + count - 1]);
    }
  }
  return out;
}

/**
 * Files of `git diff --numstat -z`: `added\tdeleted\tpath\0`, or for a rename or copy
 * `added\tdeleted\t\0old\0new\0`; `-\t-` marks a binary file.
 */
export function parseNumstat(output: string): { path: string; binary: boolean }[] {
  const fields = output.split('\0');
  const files: { path: string; binary: boolean }[] = [];
  for (let i = 0; i < fields.length; i++) {
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(fields[i]!);
    if (!m) continue;
    const binary = m[1] === '-';
    if (m[3]) files.push({ path: m[3], binary });
    else {
      // A rename or copy: the old path, then the new one.
      files.push({ path: fields[i + 2]!, binary });
      i += 2;
    }
  }
  return files;
}

/** A git path as printed, without C-style quoting (`"b/q\"t.txt"` → `b/q"t.txt`). */
export function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"') || name.length < 2) return name;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  const body = Buffer.from(name.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== 92) {
      bytes.push(body[i]!);
      continue;
    }
    const next = String.fromCharCode(body[i + 1]!);
    const octal = /^[0-7]{3}$/.exec(body.subarray(i + 1, i + 4).toString('latin1'));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? body[i + 1]!);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function splitZ(output: string): string[] {
  return output.split('\0').filter(Boolean);
}

/** Runs git and returns its standard output; throws ChangedError with git's own reason. */
function git(cwd: string, args: string[], input?: string): string {
  try {
    return execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
      cwd,
      // Git's messages in English, whatever the locale: they are matched below and quoted in ours.
      env: { ...process.env, LC_ALL: 'C', LANGUAGE: 'C' },
      encoding: 'utf8',
      input: input ?? '',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 1024 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new ChangedError('--changed needs git, and git was not found on the PATH');
    const reason = (e.stderr ?? '').split('\n').find((l) => l.trim()) ?? e.message;
    if (/not a git repository/i.test(reason)) throw new ChangedError('--changed: not a git repository (run huashu inside a git work tree, or leave out --changed)');
    throw new ChangedError(`--changed: git ${args[0]} failed: ${reason.replace(/^fatal:\s*/, '')}`);
  }
}

/** Runs git; undefined when it fails (a ref that does not exist). */
function tryGit(cwd: string, args: string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch (error) {
    if (error instanceof ChangedError && /needs git/.test(error.message)) throw error;
    return undefined;
  }
}

/**
 * Which files a directory walk or a glob argument yields: `.gitignore` and `.huashuignore` files
 * (gitignore syntax, read with the `ignore` package; patterns relative to the file that holds them,
 * deeper files override shallower ones, `!negation` as in git), `node_modules` and `.git` always
 * skipped, hidden files and directories skipped, and binary text-format files sniffed out.
 *
 * Ignore files are read from the walk's base: the enclosing git root (the nearest ancestor with a
 * `.git`), or the walked directory itself when it is not inside a git work tree.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeFsError } from './input.js';

export const IGNORE_FILES = ['.gitignore', '.huashuignore'];
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

/** Text formats: only these are sniffed for binary content (a zip-based .xlsx is binary by design). */
export const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown', '.csv', '.tsv', '.json', '.jsonl', '.yaml', '.yml']);

/** How many leading bytes are searched for NUL (as in encoding.ts). */
const BINARY_PROBE = 8000;

/** The nearest directory at or above `dir` that holds `.git`, or undefined. */
export function gitRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** The ignore rules of a tree rooted at `base`, each directory's ignore files read once. */
export class IgnoreRules {
  private readonly perDir = new Map<string, Ignore | null>();

  constructor(readonly base: string) {}

  /**
   * Whether an entry is ignored by the ignore files in the directories from the base down to its
   * parent (not counting whether an ancestor directory is ignored: see `ignores`).
   */
  ignoresEntry(path: string, isDir: boolean): boolean {
    const rel = relative(this.base, path);
    if (!rel || rel.startsWith('..')) return false;
    let ignored = false;
    let dir = this.base;
    const parts = rel.split(sep);
    for (let i = 0; i < parts.length; i++) {
      const rules = this.rulesIn(dir);
      if (rules) {
        const test = rules.test(parts.slice(i).join('/') + (isDir ? '/' : ''));
        if (test.ignored) ignored = true;
        else if (test.unignored) ignored = false;
      }
      dir = join(dir, parts[i]!);
    }
    return ignored;
  }

  /** Whether a file is ignored, itself or through an ignored ancestor directory below the base. */
  ignores(path: string): boolean {
    const rel = relative(this.base, path);
    if (!rel || rel.startsWith('..')) return false;
    const parts = rel.split(sep);
    for (let i = 1; i < parts.length; i++) {
      if (ALWAYS_SKIPPED.has(parts[i - 1]!) || this.ignoresEntry(join(this.base, ...parts.slice(0, i)), true)) return true;
    }
    return this.ignoresEntry(path, false);
  }

  private rulesIn(dir: string): Ignore | null {
    let rules = this.perDir.get(dir);
    if (rules === undefined) {
      rules = null;
      for (const name of IGNORE_FILES) {
        let text: string;
        try {
          text = readFileSync(join(dir, name), 'utf8');
        } catch {
          continue;
        }
        rules = (rules ?? ignore()).add(text);
      }
      this.perDir.set(dir, rules);
    }
    return rules;
  }
}

/** The rules that apply under `dir`: from its git root when there is one, else from `dir` itself. */
export function ignoreRulesFor(dir: string): IgnoreRules {
  return new IgnoreRules(gitRoot(dir) ?? resolve(dir));
}

/** What a walk could not read: a directory (its files go unlinted) or an entry it skipped. */
export interface WalkReport {
  /** A directory that cannot be listed (permission denied …): `reason` is one short phrase. */
  unreadable(path: string, reason: string): void;
  /** A symbolic link that leads nowhere usable (a loop), skipped. */
  skipped(path: string, reason: string): void;
}

/**
 * Files under `root` whose names end with one of `extensions`, sorted, absolute. Skips ignored
 * entries (ignored directories are not entered, as in git), `node_modules`, `.git`, hidden entries
 * and symbolic links to directories (so a link cannot make the walk loop).
 */
export function walkDirectory(root: string, extensions: readonly string[], rules: IgnoreRules = ignoreRulesFor(root), report?: WalkReport): string[] {
  const files: string[] = [];
  const visit = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      report?.unreadable(dir, describeFsError(error));
      return;
    }
    for (const entry of entries) {
      // Hidden entries, node_modules/.git, and the lock files Office leaves beside an open
      // workbook (~$回复.xlsx), which are no workbooks.
      if (entry.name.startsWith('.') || entry.name.startsWith('~$') || ALWAYS_SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          isFile = statSync(path).isFile();
        } catch (error) {
          isFile = false;
          if ((error as NodeJS.ErrnoException).code === 'ELOOP') report?.skipped(path, describeFsError(error));
        }
        isDir = false;
      }
      if (isDir) {
        if (!rules.ignoresEntry(path, true)) visit(path);
      } else if (isFile && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext)) && !rules.ignoresEntry(path, false)) {
        files.push(path);
      }
    }
  };
  visit(resolve(root));
  return files.sort();
}

/** Whether a glob argument: contains `*`, `?`, `[` or `{`. */
export function isGlobPattern(arg: string): boolean {
  return /[*?[{]/.test(arg);
}

/**
 * Whether a file found by walking or by a glob should be skipped as binary: a text format (or an
 * extension no parser claims) with a NUL byte in its first bytes and no UTF-16 byte-order mark.
 * Extensions with their own non-text parser (`knownExtensions` minus the text formats) are never
 * sniffed. Unreadable files are not called binary: reading them reports the problem.
 */
export function isBinaryFile(path: string, knownExtensions: readonly string[]): boolean {
  const ext = extname(path).toLowerCase();
  if (knownExtensions.includes(ext) && !TEXT_EXTENSIONS.has(ext)) return false;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(BINARY_PROBE);
    const n = readSync(fd, buf, 0, BINARY_PROBE, 0);
    const head = buf.subarray(0, n);
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
    return head.includes(0);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * `--cache`: the findings of each linted file, kept between runs in one JSON file (`.huashucache`
 * in the working directory unless `--cache-location` names another), so that a CI run over a
 * script repository re-lints only what changed.
 *
 * A file's stored findings are reused when its content is the same (SHA-256 of the decoded text,
 * never the modification time) and the whole run's key is the same: the huashu version, the rule
 * pack (every rule file's name and text, and the dictionary) and the settings that change
 * findings (effective rule levels, the config, --column, --report-unused-disables). When the key
 * differs, every stored entry is dropped. Findings are stored before `--quiet` filters them, so
 * --quiet and the output format never invalidate anything.
 *
 * A cache file that cannot be read or is not a huashu cache is ignored with a note, and replaced
 * after a full run; an entry that does not fit its file is re-linted. The file is written
 * atomically (files.ts), keyed by paths relative to its own directory so a checkout can move.
 * The core (linter.ts) knows nothing of this; run.ts asks before linting and stores after.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from './files.js';
import type { Finding } from './types.js';

/** The default cache file name, in the working directory. */
export const CACHE_FILE = '.huashucache';
/** Version of the cache file's own shape. */
const FORMAT = 1;

/** What all entries of a cache depend on. Each part is compared on its own. */
export interface CacheKey {
  /** huashu's version. */
  huashu: string;
  /** Hash of the rule files (paths and texts) and the dictionary. */
  rules: string;
  /** Hash of the settings that change findings. */
  settings: string;
}

interface Entry {
  /** SHA-256 of the file's decoded text. */
  hash: string;
  findings: Finding[];
}

interface CacheData extends CacheKey {
  format: number;
  /** By path relative to the cache file's directory, with forward slashes. */
  files: Record<string, Entry>;
}

const sha256 = (...parts: string[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/**
 * The key of a run: version, rule pack and settings (any JSON value) hashed. Rule files count by
 * file name (a rule's id) and text, not by directory, so a checkout that moves keeps its cache.
 */
export function cacheKey(
  version: string,
  pack: { ruleFiles: readonly { path: string; text: string; data?: unknown }[]; dictionary: readonly string[] },
  settings: unknown,
): CacheKey {
  return {
    huashu: version,
    // A rule from the build's snapshot carries its compiled data instead of its text.
    rules: sha256(...pack.ruleFiles.flatMap((f) => [basename(f.path), f.text || JSON.stringify((typeof f.data === 'function' ? f.data() : f.data) ?? null)]), '#dictionary', ...pack.dictionary),
    settings: sha256(JSON.stringify(settings)),
  };
}

/** Resolves `--cache-location`: a directory means the default file name inside it. */
export function cachePath(cwd: string, location: string | undefined): string {
  const path = resolve(cwd, location ?? CACHE_FILE);
  try {
    if (statSync(path).isDirectory()) return join(path, CACHE_FILE);
  } catch {
    // not there yet: a file to create
  }
  return path;
}

const SEVERITIES = ['error', 'warning', 'info'];
const isRange = (r: unknown, length: number): boolean =>
  Array.isArray(r) && r.length === 2 && r.every((n) => Number.isInteger(n)) && 0 <= r[0] && r[0] <= r[1] && r[1] <= length;
const isStrings = (a: unknown): boolean => Array.isArray(a) && a.every((s) => typeof s === 'string');

/** A stored finding that fits a text of `length` UTF-16 units (a hand-edited cache may not). */
function isFinding(f: unknown, length: number): f is Finding {
  if (typeof f !== 'object' || f === null) return false;
  const x = f as Record<string, unknown>;
  const fix = x.fix as Record<string, unknown> | undefined;
  return (
    typeof x.ruleId === 'string' &&
    SEVERITIES.includes(x.severity as string) &&
    typeof x.message === 'string' &&
    isRange(x.range, length) &&
    typeof x.text === 'string' &&
    isStrings(x.rewrites) &&
    typeof x.fixable === 'boolean' &&
    (fix === undefined || (typeof fix === 'object' && fix !== null && isRange(fix.range, length) && typeof fix.text === 'string')) &&
    (x.record === undefined || (typeof x.record === 'object' && x.record !== null))
  );
}

export class LintCache {
  private readonly files: Map<string, Entry>;
  private readonly dir: string;

  private constructor(
    /** Absolute path of the cache file. */
    readonly path: string,
    private readonly key: CacheKey,
    files: Record<string, Entry> = {},
  ) {
    this.dir = dirname(path);
    this.files = new Map(Object.entries(files));
  }

  /**
   * Reads the cache file at `path` (absolute). A missing file is an empty cache; one with another
   * key is emptied (that is how changes invalidate it); an unreadable or malformed one is empty
   * too, and `note` says why (one line, for standard error).
   */
  static open(path: string, key: CacheKey): { cache: LintCache; note?: string } {
    if (!existsSync(path)) return { cache: new LintCache(path, key) };
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { cache: new LintCache(path, key), note: `cannot read the cache (${reason}); linting every file` };
    }
    const d = data as Partial<CacheData> | null;
    if (typeof d !== 'object' || d === null || Array.isArray(d) || d.format !== FORMAT || typeof d.files !== 'object' || d.files === null || Array.isArray(d.files)) {
      return { cache: new LintCache(path, key), note: 'not a huashu cache file (or one from another huashu); linting every file' };
    }
    const same = d.huashu === key.huashu && d.rules === key.rules && d.settings === key.settings;
    return { cache: new LintCache(path, key, same ? d.files : {}) };
  }

  private id(file: string): string {
    return relative(this.dir, file).split('\\').join('/');
  }

  /** The stored findings of `file` (absolute path) when its text is the one they were found in. */
  get(file: string, text: string): Finding[] | undefined {
    const entry = this.files.get(this.id(file));
    if (!entry || typeof entry !== 'object' || entry.hash !== sha256(text) || !Array.isArray(entry.findings)) return undefined;
    return entry.findings.every((f) => isFinding(f, text.length)) ? entry.findings : undefined;
  }

  /** Stores the findings of `file` (absolute path) for this text. */
  set(file: string, text: string, findings: readonly Finding[]): void {
    this.files.set(this.id(file), { hash: sha256(text), findings: [...findings] });
  }

  /**
   * Writes the cache file (atomically), without entries of files that no longer exist. Returns a
   * one-line reason when it cannot be written; the run goes on.
   */
  save(): string | undefined {
    const files = [...this.files].filter(([id]) => existsSync(join(this.dir, id)));
    const data: CacheData = { format: FORMAT, ...this.key, files: Object.fromEntries(files) };
    try {
      writeFileAtomic(this.path, JSON.stringify(data) + '\n');
      return undefined;
    } catch (error) {
      return `cannot write the cache (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
  }
}

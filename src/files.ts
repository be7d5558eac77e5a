/**
 * File-system side of huashu (the core in linter.ts does no I/O): where the built-in rule pack
 * lives, reading rule directories, and writing fixed files safely.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, openSync, fsyncSync, closeSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createLinter, type ActiveRule, type RuleFile } from './linter.js';
import { ruleData, type RuleData, type RuleSummary } from './rules/spec.js';

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

export interface PackSnapshot {
  version: string;
  dictionary: string[];
  /** `data`: the compiled rule, for rule types that can be revived from data; the YAML `text` otherwise. */
  rules: { name: string; text?: string; summary: RuleSummary; data?: RuleData }[];
}

export interface RulePack {
  ruleFiles: RuleFile[];
  dictionary: string[];
}

/** The built-in rule files and dictionary: what every run (and every rule test) starts from. */
export function builtinPack(): RulePack {
  return readPackSnapshot() ?? readBuiltinSources();
}

/** The built-in pack read from `rules/` (the sources of the snapshot). */
export function readBuiltinSources(): RulePack {
  return { ruleFiles: readRuleDir(BUILTIN_RULES_DIR), dictionary: readDictionary(BUILTIN_DICTIONARY) };
}

/** The snapshot of a pack: every rule compiled (a broken rule throws), stored as data where it can be. */
export function packSnapshot(pack: RulePack): PackSnapshot {
  const linter = createLinter(pack);
  return {
    version: VERSION,
    dictionary: pack.dictionary,
    rules: linter.rules.map(({ summary, rule }, i) => {
      const data = ruleData(rule);
      return { name: basename(pack.ruleFiles[i]!.path), summary, ...(data ? { data } : { text: pack.ruleFiles[i]!.text }) };
    }),
  };
}

/** Rule files (with their summaries) from a snapshot. */
export function packFromSnapshot(snapshot: PackSnapshot): RulePack {
  return {
    ruleFiles: snapshot.rules.map(({ name, text, summary, data }) => ({ path: join(BUILTIN_RULES_DIR, name), text: text ?? '', summary, ...(data ? { data } : {}) })),
    dictionary: snapshot.dictionary,
  };
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
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
    .sort()
    .map((name) => join(dir, name))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
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
  const keyOf = (file: RuleFile) => createHash('sha256').update(`${VERSION}\0${basename(file.path)}\0${file.text}`).digest('hex').slice(0, 32);
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
          const path = join(dir, `${keyOf(file)}.json`);
          const temp = `${path}.${process.pid}.tmp`;
          writeFileSync(temp, JSON.stringify({ summary: active.summary, data }));
          renameSync(temp, path);
        } catch {
          // A read-only home or a full disk: the rule is compiled again next time.
        }
      });
    },
  };
}

/**
 * Replaces a file's content atomically: write a temporary file in the same directory, flush it to
 * disk, then rename it over the original (keeping the original's permissions). An interrupted run
 * leaves either the old file or the new one, never half of each. A file that does not exist yet
 * is created the same way (with the default permissions).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.huashu-${process.pid}.tmp`);
  const mode = existingMode(path);
  try {
    writeFileSync(temp, content, mode === undefined ? {} : { mode });
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file was never created
    }
    throw error;
  }
}

/** The permission bits of an existing file; undefined when there is no file yet. */
function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

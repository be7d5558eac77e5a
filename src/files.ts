/**
 * File-system side of huashu (the core in linter.ts does no I/O): where the built-in rule pack
 * lives, reading rule directories, and writing fixed files safely.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, openSync, fsyncSync, closeSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { RuleFile } from './linter.js';

/** huashu's version, from package.json. */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** The built-in rule pack: `rules/` at the package root (beside `src/` and `dist/`). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));
/** The e-commerce words shipped for jieba (rules/dictionary.txt). */
export const BUILTIN_DICTIONARY = join(BUILTIN_RULES_DIR, 'dictionary.txt');

/** The built-in rule files and dictionary: what every run (and every rule test) starts from. */
export function builtinPack(): { ruleFiles: RuleFile[]; dictionary: string[] } {
  return { ruleFiles: readRuleDir(BUILTIN_RULES_DIR), dictionary: readDictionary(BUILTIN_DICTIONARY) };
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
 * Replaces a file's content atomically: write a temporary file in the same directory, flush it to
 * disk, then rename it over the original (keeping the original's permissions; a new file gets the
 * default ones). An interrupted run leaves either the old file or the new one, never half of each.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.huashu-${process.pid}.tmp`);
  const mode = existsSync(path) ? statSync(path).mode & 0o7777 : undefined;
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

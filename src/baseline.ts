/**
 * Baseline: adopting huashu on an existing reply library without fixing everything first.
 * `--baseline-write <file>` records today's findings; `--baseline <file>` then reports only
 * findings that are not recorded. Everything here is pure; run.ts reads and writes the file.
 *
 * Identity of a finding (its fingerprint), chosen so that edits elsewhere do not invalidate it:
 * - the rule id;
 * - the file path, relative to the baseline file's directory with forward slashes (so a run from
 *   any working directory, or on another machine, finds the same entries);
 * - the record identity when the draft sits in a table, workbook, JSON or YAML file: sheet, column
 *   letter or key path (list indexes dropped: `replies[3].text` → `replies[].text`) and shortcut
 *   code. Never the row, line or list index: inserting a reply above must not make old findings new;
 * - the first 12 hex digits of the SHA-256 of the flagged text (UTF-8).
 *
 * Matching by counts, as ESLint's bulk suppressions and PHPStan's baseline do: the file stores how
 * often each fingerprint occurred, and a run hides at most that many findings with it, in file
 * order; further ones are reported as new.
 *
 * The file is pretty, sorted JSON with a `version`, so it diffs well in review:
 *   { "version": 1, "files": { "replies/售后.csv": [ { "rule": "no-guarantee", "column": "C",
 *     "code": "sh01", "hash": "3f2a9c1b0d4e", "count": 1 } ] } }
 */
import { createHash } from 'node:crypto';
import { withMessages } from './results.js';
import { SourceError } from './sources/errors.js';
import { parseJson } from './sources/json.js';
import type { LintMessage, LintResult } from './types.js';

export const BASELINE_VERSION = 1;

/** One fingerprint recorded for a file, and how many findings had it. */
export interface BaselineEntry {
  rule: string;
  /** Worksheet name (workbooks). */
  sheet?: string;
  /** Column letter (tables) or key path without list indexes (JSON, YAML). */
  column?: string;
  /** Shortcut code of the quick reply (快捷编码). */
  code?: string;
  /** First 12 hex digits of the SHA-256 of the flagged text, UTF-8. */
  hash: string;
  /** How many findings with this fingerprint the file had; at least 1. */
  count: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  /** File path (relative to the baseline file's directory, forward slashes) → its entries. */
  files: Record<string, BaselineEntry[]>;
}

export type Fingerprint = Omit<BaselineEntry, 'count'>;

/** Maps a result's path to the path the baseline records it under. */
export type BaselinePath = (resultPath: string) => string;

/** The identity of a finding within its file. */
export function fingerprint(message: Pick<LintMessage, 'ruleId' | 'text' | 'record'>): Fingerprint {
  const { sheet, column, code } = message.record ?? {};
  return {
    rule: message.ruleId,
    ...(sheet !== undefined ? { sheet } : {}),
    // A key path's list indexes shift when items are inserted, as rows do.
    ...(column !== undefined ? { column: column.replace(/\[\d+\]/g, '[]') } : {}),
    ...(code !== undefined ? { code } : {}),
    hash: createHash('sha256').update(message.text, 'utf8').digest('hex').slice(0, 12),
  };
}

/** One string per fingerprint, for counting. */
function keyOf(f: Fingerprint): string {
  return JSON.stringify([f.rule, f.sheet ?? null, f.column ?? null, f.code ?? null, f.hash]);
}

/** The entries of one file's messages: one per fingerprint, with its count. */
function entriesOf(messages: readonly LintMessage[]): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const m of messages) {
    const f = fingerprint(m);
    const key = keyOf(f);
    const entry = byKey.get(key);
    if (entry) entry.count++;
    else byKey.set(key, { ...f, count: 1 });
  }
  return [...byKey.values()];
}

/**
 * The baseline of these results: every file linted gets exactly the entries of its findings (none
 * when it is clean). Files of `previous` that this run did not lint are kept when `keepFile` says
 * so (run.ts keeps those that still exist), so recording a subset of the library keeps the rest.
 */
export function buildBaseline(
  results: readonly LintResult[],
  pathOf: BaselinePath,
  previous?: Baseline,
  keepFile: (file: string) => boolean = () => true,
): Baseline {
  const files: Record<string, BaselineEntry[]> = {};
  const linted = new Set(results.map((r) => pathOf(r.path)));
  for (const [file, entries] of Object.entries(previous?.files ?? {})) {
    if (!linted.has(file) && keepFile(file)) files[file] = entries;
  }
  for (const result of results) {
    const file = pathOf(result.path);
    const entries = entriesOf(result.messages);
    if (entries.length) files[file] = entries;
  }
  return { version: BASELINE_VERSION, files };
}

export interface BaselineApplied {
  /** The results without the findings the baseline hid (counts recomputed). */
  results: LintResult[];
  /** How many findings were hidden. */
  hidden: number;
  /** Recorded findings of the linted files that did not occur in this run. */
  unused: number;
}

/**
 * Hides, per file and fingerprint, at most as many findings as the baseline records (the first
 * ones in file order). Recorded findings of files that were not linted do not count as unused.
 */
export function applyBaseline(results: readonly LintResult[], baseline: Baseline, pathOf: BaselinePath): BaselineApplied {
  let hidden = 0;
  let unused = 0;
  const out = results.map((result) => {
    const file = pathOf(result.path);
    const left = new Map<string, number>();
    for (const e of baseline.files[file] ?? []) left.set(keyOf(e), (left.get(keyOf(e)) ?? 0) + e.count);
    const messages = result.messages.filter((m) => {
      const key = keyOf(fingerprint(m));
      const n = left.get(key) ?? 0;
      if (n <= 0) return true;
      left.set(key, n - 1);
      hidden++;
      return false;
    });
    for (const n of left.values()) unused += n;
    return messages.length === result.messages.length ? result : withMessages(result, messages);
  });
  return { results: out, hidden, unused };
}

/** The total number of findings a baseline records, and in how many files. */
export function baselineSize(baseline: Baseline): { findings: number; files: number } {
  const entries = Object.values(baseline.files);
  return { findings: entries.flat().reduce((n, e) => n + e.count, 0), files: entries.length };
}

/** The file text: files sorted by path, entries by fingerprint, two-space JSON, final newline. */
export function formatBaseline(baseline: Baseline): string {
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const files: Record<string, BaselineEntry[]> = {};
  for (const file of Object.keys(baseline.files).sort(byCodeUnit)) {
    files[file] = baseline.files[file]!
      .map((e) => ({ ...fingerprintFields(e), count: e.count }))
      .sort((a, b) => byCodeUnit(keyOf(a), keyOf(b)));
  }
  return JSON.stringify({ version: baseline.version, files }, null, 2) + '\n';
}

/** The fingerprint fields of an entry, always in the same order. */
function fingerprintFields(e: Fingerprint): Fingerprint {
  return {
    rule: e.rule,
    ...(e.sheet !== undefined ? { sheet: e.sheet } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
    ...(e.code !== undefined ? { code: e.code } : {}),
    hash: e.hash,
  };
}

/**
 * Reads a baseline file's text. Throws `SourceError` (with the position for a JSON syntax error)
 * when it is not JSON or not a huashu baseline of a version this huashu reads.
 */
export function parseBaseline(name: string, text: string): Baseline {
  // The JSON source parser gives the project's one wording and position for syntax errors.
  parseJson(name, text);
  const data: unknown = JSON.parse(text);
  const fail = (what: string): never => {
    throw new SourceError(`not a huashu baseline: ${what}`);
  };
  if (!isObject(data)) return fail('expected a JSON object');
  if (data.version !== BASELINE_VERSION) return fail(`"version" is ${JSON.stringify(data.version)}, this huashu reads version ${BASELINE_VERSION}`);
  if (!isObject(data.files)) return fail('"files" must be an object');
  const files: Record<string, BaselineEntry[]> = {};
  for (const [file, entries] of Object.entries(data.files)) {
    const where = `files[${JSON.stringify(file)}]`;
    if (!Array.isArray(entries)) return fail(`${where} must be a list`);
    files[file] = entries.map((e: unknown, i): BaselineEntry => {
      const at = `${where}[${i}]`;
      if (!isObject(e)) return fail(`${at} must be an object`);
      for (const key of Object.keys(e)) {
        if (!['rule', 'sheet', 'column', 'code', 'hash', 'count'].includes(key)) fail(`${at} has an unknown field "${key}"`);
      }
      if (typeof e.rule !== 'string' || !e.rule) fail(`${at}.rule must be a rule id`);
      if (typeof e.hash !== 'string' || !/^[0-9a-f]{12}$/.test(e.hash)) fail(`${at}.hash must be 12 hex digits`);
      if (typeof e.count !== 'number' || !Number.isInteger(e.count) || e.count < 1) fail(`${at}.count must be a whole number ≥ 1`);
      for (const key of ['sheet', 'column', 'code'] as const) {
        if (e[key] !== undefined && typeof e[key] !== 'string') fail(`${at}.${key} must be a string`);
      }
      return e as unknown as BaselineEntry;
    });
  }
  return { version: BASELINE_VERSION, files };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

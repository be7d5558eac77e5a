/**
 * Problems in files the user wrote (rule files, the config): each points at file:line:column and
 * carries a snippet, and all problems of a file are collected before anything fails.
 */
import { closest, distance } from 'fastest-levenshtein';

export interface Problem {
  file: string;
  /** 1-based line; 0 when the problem has no position in a file (a command-line flag). */
  line: number;
  /** 1-based column, in code points. */
  column: number;
  message: string;
  /** The offending line with a caret under the column, ready to print (may be empty). */
  snippet: string;
}

/** Thrown by the core when rule files or the config are broken; the CLI exits with code 2. */
export class HuashuConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'HuashuConfigError';
  }
}

/** `file:line:column: message` — the one-line form (`file: message` when there is no line). */
export function formatProblem(p: Problem): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.column}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** Builds the two-line snippet (source line, caret line) for a 1-based line and column. */
export function snippetAt(text: string, line: number, column: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  const source = lines[line - 1];
  if (source === undefined) return '';
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  // Keep tabs and full-width characters in the padding so the caret lines up in a terminal.
  const before = [...source].slice(0, Math.max(0, column - 1));
  const caretPad = before.map((ch) => (ch === '\t' ? '\t' : ch.codePointAt(0)! >= 0x1100 ? '\u3000' : ' ')).join('');
  return `  ${gutter} | ${source}\n  ${pad} | ${caretPad}^`;
}

/** The candidate closest to an unknown word, when it is close enough to be a likely typo. */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  if (!candidates.length) return undefined;
  const best = closest(word, candidates as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** " (did you mean "x"?)" when a candidate is close enough to the unknown word, else "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = closestWord(word, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

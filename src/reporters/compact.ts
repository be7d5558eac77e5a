/**
 * `--format compact`: one line per finding, for editors (Vim/Emacs errorformat, VS Code problem
 * matchers) and grep:
 *
 *   drafts.txt:1:4: error 不要作承诺 [保证 → 尽量（可自动修复）] (no-guarantee)
 *
 * `path:line:column: severity message [rewrites] (rule)`. Lines and columns are 1-based, columns
 * count Unicode code points (as in every reporter). Line breaks inside a message become spaces, so
 * each finding is exactly one line. Clean files print nothing; a non-empty report ends with "\n".
 * A file that could not be linted (`fatal`) prints `path:1:1: error <reason>` without a rule.
 *
 * The two helpers below are shared with the other CI formats, so every format words rewrites alike.
 */
import type { LintMessage, LintResult } from '../types.js';

export function formatCompact(results: readonly LintResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.fatal !== undefined) lines.push(`${result.path}:1:1: error ${oneLine(result.fatal)}`);
    for (const m of result.messages) lines.push(compactLine(result.path, m));
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** One finding as one compact line (no trailing newline). */
export function compactLine(path: string, m: LintMessage): string {
  const note = rewriteNote(m);
  return `${path}:${m.line}:${m.column}: ${m.severity} ${oneLine(m.message)}${note ? ` [${oneLine(note)}]` : ''} (${m.ruleId})`;
}

/**
 * The suggested rewrites as stylish words them: `保证 → 尽量 | 努力`, an empty rewrite read as
 * （删去）, and （可自动修复） when `--fix` applies the first one on its own. '' without rewrites.
 */
export function rewriteNote(m: LintMessage): string {
  if (!m.rewrites.length) return '';
  const rewrites = m.rewrites.map((r) => (r === '' ? '（删去）' : r));
  return `${m.text} → ${rewrites.join(' | ')}${m.fixable ? '（可自动修复）' : ''}`;
}

/** Line breaks (CRLF, CR, LF, NEL, U+2028, U+2029) → one space each. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ');
}

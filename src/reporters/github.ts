/**
 * `--format github`: GitHub Actions workflow commands, one per finding; the runner turns each
 * into an annotation on the file (in the job summary and the pull request's "Files changed"):
 *
 *   ::error file=drafts.txt,line=1,endLine=1,col=4,endColumn=6,title=no-guarantee::不要作承诺%0A保证 → 尽量（可自动修复）
 *
 * error → `::error`, warning → `::warning`, info → `::notice`. The title is the rule id; the
 * message is the rule's message, then on a second line the suggested rewrites.
 *
 * Units: lines and columns are 1-based (GitHub rejects 0), columns count Unicode code points as in
 * every huashu report, and `endColumn` is exclusive (the column just after the span), as in the
 * json format. The runner drops `col`/`endColumn` when `line` and `endLine` differ, so a span over
 * several lines is sent with lines only.
 *
 * Escaping follows the runner (actions/runner ActionCommand): in the message `%` → %25, CR → %0D,
 * LF → %0A; in property values also `:` → %3A and `,` → %2C.
 */
import type { LintMessage, LintResult, Severity } from '../types.js';
import { rewriteNote } from './compact.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function formatGithub(results: readonly LintResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.fatal !== undefined) lines.push(`::error file=${escapeProperty(result.path)},title=huashu::${escapeData(result.fatal)}`);
    for (const m of result.messages) lines.push(command(result.path, m));
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function command(path: string, m: LintMessage): string {
  const line = Math.max(1, m.line);
  const endLine = Math.max(line, m.endLine);
  const properties = [`file=${escapeProperty(path)}`, `line=${line}`, `endLine=${endLine}`];
  if (endLine === line) {
    const col = Math.max(1, m.column);
    properties.push(`col=${col}`, `endColumn=${Math.max(col, m.endColumn)}`);
  }
  properties.push(`title=${escapeProperty(m.ruleId)}`);
  const note = rewriteNote(m);
  return `::${COMMAND[m.severity]} ${properties.join(',')}::${escapeData(note ? `${m.message}\n${note}` : m.message)}`;
}

/** Escapes the message part of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (`file=…`, `title=…`) of a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

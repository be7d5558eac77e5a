/**
 * `--format json`: machine-readable results, one object per file, in exactly the documented shape
 * (other tools consume it). Lines and columns are 1-based, columns count code points, ends are
 * exclusive; `path` is "<stdin>" for standard input. Messages from tables and structured files
 * also carry `"record": { "sheet", "row", "column", "header", "group", "code" }` (only the keys
 * that apply).
 */
import type { LintResult } from '../types.js';

export function formatJson(results: readonly LintResult[]): string {
  return JSON.stringify(
    results.map((r) => ({
      path: r.path,
      errorCount: r.errorCount,
      warningCount: r.warningCount,
      infoCount: r.infoCount,
      messages: r.messages.map((m) => ({
        ruleId: m.ruleId,
        severity: m.severity,
        message: m.message,
        line: m.line,
        column: m.column,
        endLine: m.endLine,
        endColumn: m.endColumn,
        text: m.text,
        rewrites: m.rewrites,
        fixable: m.fixable,
        ...(m.record ? { record: m.record } : {}),
      })),
    })),
    null,
    2,
  ) + '\n';
}

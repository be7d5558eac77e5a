/**
 * Findings of one file → the `LintResult` every reporter reads: lines and columns are derived
 * here, once, from the file text (see position.ts for the units), or from the source's places
 * when its text is not the file's (a workbook: line = spreadsheet row, column inside the cell).
 * Every reporter reads these lines and columns, so all formats agree.
 */
import { createLocator } from './position.js';
import type { Finding, LintMessage, LintResult, Place } from './types.js';

export interface ResultOptions {
  /** Keep only error-level findings (`--quiet`). */
  quiet?: boolean;
  /**
   * `SourceFile.places` of a source whose text is not the file's text. Messages are then located
   * through them and carry no `fix`: its range points into that text, so a consumer that applies
   * fixes to the file (SARIF `artifactChanges`) must not get one. `--fix` writes such files itself.
   */
  places?: readonly Place[];
}

export function toResult(path: string, source: string, findings: readonly Finding[], options: ResultOptions = {}): LintResult {
  const locate = createLocator(source, options.places);
  const withFix = !options.places;
  const kept = options.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  const messages: LintMessage[] = kept.map((f) => {
    const start = locate(f.range[0]);
    const end = locate(f.range[1]);
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      text: f.text,
      rewrites: f.rewrites,
      fixable: f.fixable,
      range: f.range,
      ...(f.fix && withFix ? { fix: f.fix } : {}),
      ...(f.record ? { record: f.record } : {}),
    };
  });
  return withMessages({ path, source }, messages);
}

/**
 * A result with these messages and the counts recomputed from them: after a run drops messages
 * (a baseline hides recorded findings), the counts must still add up.
 */
export function withMessages(result: Omit<LintResult, 'messages' | 'errorCount' | 'warningCount' | 'infoCount'>, messages: LintMessage[]): LintResult {
  const count = (s: string) => messages.filter((m) => m.severity === s).length;
  return { ...result, messages, errorCount: count('error'), warningCount: count('warning'), infoCount: count('info') };
}

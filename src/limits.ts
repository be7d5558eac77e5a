/**
 * Limits that keep a pathological rule (a pattern that matches every character) or a pathological
 * file from producing gigabytes of output: at most MAX_FINDINGS_PER_RULE findings of one rule and
 * MAX_FINDINGS_PER_FILE findings in all per file. When a limit is hit, the findings past it are
 * dropped and one `too-many-findings` finding says so, at the place of the first one dropped (so
 * its range and text follow the same rules as every finding's). It has the severity of the
 * finding it stands for, so hitting a limit never changes whether a run fails.
 *
 * Counting costs one map update per finding; nothing here runs per character.
 */
import type { Finding } from './types.js';

export const MAX_FINDINGS_PER_RULE = 5000;
export const MAX_FINDINGS_PER_FILE = 10000;
export const TOO_MANY_FINDINGS = 'too-many-findings';

/** Counts the findings of one file as they are found. */
export class FindingBudget {
  private readonly perRule = new Map<string, number>();
  /** The first finding dropped for each rule that hit its limit. */
  private readonly firstDropped = new Map<string, Finding>();

  /** Whether to keep a finding of this file (false past its rule's limit). */
  admit(finding: Finding): boolean {
    const n = (this.perRule.get(finding.ruleId) ?? 0) + 1;
    this.perRule.set(finding.ruleId, n);
    if (n <= MAX_FINDINGS_PER_RULE) return true;
    if (!this.firstDropped.has(finding.ruleId)) this.firstDropped.set(finding.ruleId, finding);
    return false;
  }

  /**
   * The file's findings (sorted by position) within the per-file limit, with a note for each limit
   * that was hit; still sorted by position.
   */
  close(sorted: readonly Finding[]): Finding[] {
    const notes: Finding[] = [];
    for (const [ruleId, dropped] of this.firstDropped) {
      notes.push(note(dropped, `规则 ${ruleId} 在本文件中的问题超过 ${MAX_FINDINGS_PER_RULE} 个，从这里起不再报告（stopped after ${MAX_FINDINGS_PER_RULE} findings of this rule in this file）`));
    }
    let kept = sorted;
    if (sorted.length > MAX_FINDINGS_PER_FILE) {
      kept = sorted.slice(0, MAX_FINDINGS_PER_FILE);
      notes.push(note(sorted[MAX_FINDINGS_PER_FILE]!, `本文件的问题超过 ${MAX_FINDINGS_PER_FILE} 个，从这里起不再报告（stopped after ${MAX_FINDINGS_PER_FILE} findings in this file）`));
    }
    if (!notes.length) return [...kept];
    return [...kept, ...notes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  }
}

function note(at: Finding, message: string): Finding {
  return { ruleId: TOO_MANY_FINDINGS, severity: at.severity, message, range: at.range, text: at.text, rewrites: [], fixable: false, ...(at.record ? { record: at.record } : {}) };
}

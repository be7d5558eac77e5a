/**
 * Stage 6, fix: apply the first rewrite of each fixable finding.
 *
 * Fixes are applied from left to right (at the same start, the longest first); a fix that overlaps one already taken is left for the
 * next pass (the text is linted again after each pass, as ESLint does). Passes stop when nothing
 * changes or after MAX_FIX_PASSES, so a rule whose rewrite triggers itself cannot loop forever.
 * Nothing outside a fixed span changes: the text is spliced, never re-serialized.
 */
import type { Parser } from './sources/index.js';
import type { Finding, SourceFile } from './types.js';

/** Lints one source (a `Linter`'s `lint`, possibly restricted to some rules). */
export type LintFunction = (source: SourceFile) => Promise<Finding[]>;

export const MAX_FIX_PASSES = 10;

export interface FixOptions {
  /** Also apply rewrites that rules mark as suggestions only (`--fix-suggestions`). */
  suggestions?: boolean;
}

/** Applies non-overlapping fixes to `text`. Ranges are UTF-16 offsets into `text`. */
export function applyFixes(
  text: string,
  findings: readonly Finding[],
  options: FixOptions = {},
): { output: string; applied: Finding[]; skipped: Finding[] } {
  // Left to right; at the same start the longer fix first (a whole-phrase rewrite such as
  // 你必须 → 我们需要您 beats a one-character swap inside it such as 你 → 您).
  const fixable = findings.filter((f) => f.fix && (f.fixable || options.suggestions)).sort((a, b) => a.fix!.range[0] - b.fix!.range[0] || b.fix!.range[1] - a.fix!.range[1]);
  const applied: Finding[] = [];
  const skipped: Finding[] = [];
  const parts: string[] = [];
  let cursor = 0;
  for (const finding of fixable) {
    const [start, end] = finding.fix!.range;
    if (start < cursor) {
      skipped.push(finding);
      continue;
    }
    parts.push(text.slice(cursor, start), finding.fix!.text);
    cursor = end;
    applied.push(finding);
  }
  parts.push(text.slice(cursor));
  return { output: applied.length ? parts.join('') : text, applied, skipped };
}

export interface FixResult {
  /** The fixed text (the input when nothing was fixable). */
  output: string;
  /** Findings that remain in `output`. */
  findings: Finding[];
  /** Number of fixes applied over all passes. */
  fixed: number;
  /** True when MAX_FIX_PASSES was reached while fixes were still being applied. */
  capped: boolean;
}

/** Lints and fixes `text` until no fix applies (or the pass cap). */
export async function fixText(lint: LintFunction, path: string, text: string, parse: Parser, options: FixOptions = {}): Promise<FixResult> {
  let output = text;
  let fixed = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const findings = await lint(parse(path, output));
    const result = applyFixes(output, findings, options);
    if (!result.applied.length) return { output, findings, fixed, capped: false };
    output = result.output;
    fixed += result.applied.length;
  }
  return { output, findings: await lint(parse(path, output)), fixed, capped: true };
}

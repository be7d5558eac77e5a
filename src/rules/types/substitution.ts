/**
 * Rule type `substitution`: a phrase the documents say not to use, and what to say instead
 * (the "习惯用语 → 专业表达" pairs). Every pattern carries at least one rewrite; `--fix` applies
 * the first one where the pattern (or the rule) is marked fixable.
 */
import type { RuleType } from '../spec.js';
import { unionFactors } from '../factors.js';
import { matchPatterns, readPatterns } from '../patterns.js';

export const substitution: RuleType = {
  name: 'substitution',
  summary: 'phrases with rewrites (习惯用语 → 专业表达)',
  keys: [],
  compile(base, entries, reader, settings) {
    return this.revive!(base, readPatterns(reader, entries.get('patterns'), base, 'required'), {}, settings);
  },
  revive(base, patterns) {
    return { ...base, patterns, match: (ctx) => matchPatterns(ctx, patterns, base.exceptions, base.unlessPresent), factors: unionFactors(patterns.map((p) => p.factors)) };
  },
};

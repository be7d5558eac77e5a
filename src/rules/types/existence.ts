/**
 * Rule type `existence`: phrases that should not appear at all and have no mechanical rewrite
 * (a rhetorical question, blaming the customer); the message says what to do instead.
 */
import type { RuleType } from '../spec.js';
import { unionFactors } from '../factors.js';
import { matchPatterns, readPatterns } from '../patterns.js';

export const existence: RuleType = {
  name: 'existence',
  summary: 'phrases to avoid, without a rewrite (the message says what to do)',
  keys: [],
  compile(base, entries, reader, settings) {
    return this.revive!(base, readPatterns(reader, entries.get('patterns'), { ...base, fixable: false }, 'forbidden'), {}, settings);
  },
  revive(base, patterns) {
    return { ...base, fixable: false, patterns, match: (ctx) => matchPatterns(ctx, patterns, base.exceptions, base.unlessPresent), factors: unionFactors(patterns.map((p) => p.factors)) };
  },
};

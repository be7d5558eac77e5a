/**
 * Rule type `existence`: phrases that should not appear at all and have no mechanical rewrite
 * (a rhetorical question, blaming the customer); the message says what to do instead.
 */
import type { RuleType } from '../spec.js';
import { matchPatterns, readPatterns } from '../patterns.js';

export const existence: RuleType = {
  name: 'existence',
  summary: 'phrases to avoid, without a rewrite (the message says what to do)',
  keys: [],
  compile(base, entries, reader) {
    const patterns = readPatterns(reader, entries.get('patterns'), { ...base, fixable: false }, 'forbidden');
    return { ...base, fixable: false, match: (ctx) => matchPatterns(ctx, patterns, base.exceptions, base.unlessPresent) };
  },
};

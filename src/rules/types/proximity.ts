/**
 * Rule type `proximity`: a pattern that is only a problem near a subject in the same sentence —
 * disparaging words (假货, 垃圾, 不如我们) next to a competitor's name. A subject alone (京东物流
 * 很快) or the words alone are fine.
 *
 * Keys: `subjects` (phrases), `subjects-from` (the name of a config list whose words are added,
 * e.g. `competitors`), `distance` (most characters between subject and pattern, default 20).
 * The finding spans from the subject to the pattern, whichever comes first.
 *
 * A `regex:` pattern may name the subjects itself with `{subject}` (比{subject}好多了): such a hit
 * contains its subject and needs no other one nearby.
 */
import { allMatches, escapeRegExp, isExcepted, type DraftContext } from '../../match.js';
import type { Range } from '../../types.js';
import type { RuleType } from '../spec.js';
import { unionFactors } from '../factors.js';
import { matchPatterns, normalizeLiteral, readPatterns, type RawMatch } from '../patterns.js';

/** Characters that end a sentence: a subject and a pattern must not have one between them. */
const SENTENCE_END = /[。！？!?；;\n]/;

export const proximity: RuleType = {
  name: 'proximity',
  summary: 'phrases that are a problem only near a subject in the same sentence (competitor bashing)',
  keys: ['subjects', 'subjects-from', 'distance'],
  compile(base, entries, reader, settings) {
    const listName = reader.string(entries.get('subjects-from'), 'subjects-from');
    const words = [...(reader.strings(entries.get('subjects'), 'subjects') ?? []), ...(listName ? settings.lists[listName] ?? [] : [])]
      .map(normalizeLiteral)
      .filter(Boolean);
    if (!words.length) reader.reportAt(entries.get('subjects')?.node ?? null, 'a proximity rule needs subjects (or subjects-from a config list)');
    const alternatives = [...new Set(words)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    const subjects = new RegExp(alternatives, 'gu');
    const patterns = readPatterns(
      reader,
      entries.get('patterns'),
      { ...base, fixable: false },
      'forbidden',
      (source) => source.replaceAll('{subject}', `(?:${alternatives})`),
      // Factors must not depend on the config's subject words: {subject} counts as unknown text.
      (source) => source.replaceAll('{subject}', '(?:.)'),
    );
    const distance = reader.number(entries.get('distance'), 'distance', 1) ?? 20;

    const near = (ctx: DraftContext, hit: RawMatch, subject: Range): boolean => {
      // A subject inside the hit ({subject} in the pattern) is as near as it gets.
      if (subject[0] >= hit.range[0] && subject[1] <= hit.range[1]) return true;
      const [a, b] = subject[1] <= hit.range[0] ? [subject[1], hit.range[0]] : [hit.range[1], subject[0]];
      if (b < a) return false; // partly overlapping: not a separate mention
      return b - a <= distance && !SENTENCE_END.test(ctx.text.slice(a, b));
    };
    return {
      ...base,
      fixable: false,
      factors: unionFactors(patterns.map((p) => p.factors)),
      match(ctx) {
        const hits = matchPatterns(ctx, patterns, base.exceptions, base.unlessPresent);
        if (!hits.length) return [];
        const found = [...allMatches(subjects, ctx.text)].map((h) => h.range).filter((r) => !isExcepted(ctx, base.exceptions, r));
        const out: RawMatch[] = [];
        for (const hit of hits) {
          const subject = found.find((s) => near(ctx, hit, s));
          if (!subject) continue;
          out.push({ ...hit, range: [Math.min(subject[0], hit.range[0]), Math.max(subject[1], hit.range[1])] });
        }
        return out;
      },
    };
  },
};

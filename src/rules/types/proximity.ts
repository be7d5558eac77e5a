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
import type { CompiledRule, CompileSettings, RuleBase, RuleType } from '../spec.js';
import { unionFactors } from '../factors.js';
import { matchPatterns, normalizeLiteral, readPatterns, type CompiledPattern, type RawMatch } from '../patterns.js';

/** Characters that end a sentence: a subject and a pattern must not have one between them. */
const SENTENCE_END = /[。！？!?；;\n]/;

/** What a proximity rule keeps besides its patterns (plain data, for the build's snapshot). */
interface ProximityData {
  /** The rule's own subjects, normalized. */
  subjects: string[];
  /** The config list whose words are subjects too (`subjects-from`). */
  list?: string;
  distance: number;
}

export const proximity: RuleType = {
  name: 'proximity',
  summary: 'phrases that are a problem only near a subject in the same sentence (competitor bashing)',
  keys: ['subjects', 'subjects-from', 'distance'],
  compile(base, entries, reader, settings) {
    const list = reader.string(entries.get('subjects-from'), 'subjects-from');
    const subjects = (reader.strings(entries.get('subjects'), 'subjects') ?? []).map(normalizeLiteral).filter(Boolean);
    const alternatives = subjectAlternatives(subjects, list, settings);
    if (!alternatives) reader.reportAt(entries.get('subjects')?.node ?? null, 'a proximity rule needs subjects (or subjects-from a config list)');
    const patterns = readPatterns(
      reader,
      entries.get('patterns'),
      { ...base, fixable: false },
      'forbidden',
      (source) => withSubjects(source, alternatives),
      // Factors must not depend on the config's subject words: {subject} counts as unknown text.
      (source) => source.replaceAll('{subject}', '(?:.)'),
    );
    const distance = reader.number(entries.get('distance'), 'distance', 1) ?? 20;
    return build(base, patterns, { subjects, ...(list ? { list } : {}), distance }, alternatives);
  },
  revive(base, stored, extra, settings) {
    const data = extra as unknown as ProximityData;
    const alternatives = subjectAlternatives(data.subjects, data.list, settings);
    // Patterns naming {subject} are expanded again: the config may add subjects.
    const patterns = stored.map((p) => (p.written ? { ...p, expression: new RegExp(withSubjects(p.written, alternatives), p.expression.flags) } : p));
    return build(base, patterns, data, alternatives);
  },
};

/** The subjects (the rule's own, then the config list's) as one alternation, longest first. */
function subjectAlternatives(subjects: readonly string[], list: string | undefined, settings: CompileSettings): string {
  const words = [...subjects, ...(list ? (settings.lists[list] ?? []).map(normalizeLiteral) : [])].filter(Boolean);
  return [...new Set(words)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
}

function withSubjects(source: string, alternatives: string): string {
  return source.replaceAll('{subject}', `(?:${alternatives})`);
}

function build(base: RuleBase, patterns: CompiledPattern[], data: ProximityData, alternatives: string): CompiledRule {
  const subjects = new RegExp(alternatives, 'gu');
  const near = (ctx: DraftContext, hit: RawMatch, subject: Range): boolean => {
    // A subject inside the hit ({subject} in the pattern) is as near as it gets.
    if (subject[0] >= hit.range[0] && subject[1] <= hit.range[1]) return true;
    const [a, b] = subject[1] <= hit.range[0] ? [subject[1], hit.range[0]] : [hit.range[1], subject[0]];
    if (b < a) return false; // partly overlapping: not a separate mention
    return b - a <= data.distance && !SENTENCE_END.test(ctx.text.slice(a, b));
  };
  return {
    ...base,
    fixable: false,
    patterns,
    extra: { ...data },
    factors: unionFactors(patterns.map((p) => p.factors)),
    match(ctx) {
      const hits = matchPatterns(ctx, patterns, base.exceptions, base.unlessPresent);
      if (!hits.length) return [];
      const found = allMatches(subjects, ctx.text).map((h) => h.range).filter((r) => !isExcepted(ctx, base.exceptions, r));
      const out: RawMatch[] = [];
      for (const hit of hits) {
        const subject = found.find((s) => near(ctx, hit, s));
        if (!subject) continue;
        out.push({ ...hit, range: [Math.min(subject[0], hit.range[0]), Math.max(subject[1], hit.range[1])] });
      }
      return out;
    },
  };
}

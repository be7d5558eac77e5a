/**
 * Required factors of a pattern: literal strings of which at least one occurs in every text the
 * pattern can match. They let the linter skip a pattern (and a whole rule) for a draft that
 * contains none of them, without running the regular expression — most drafts contain none of
 * most rules' words, so this is where the time goes (see src/prefilter.ts).
 *
 * `null` means "no such set is known": the pattern always runs. Every answer here is on the safe
 * side: a set may be larger than needed, never too small, so skipping never loses a finding.
 *
 * Regular expressions are read with regexpp (the parser ESLint uses), never evaluated.
 */
import type { AST } from '@eslint-community/regexpp';
import { parseRegex } from './regexpp.js';

export type Factors = readonly string[] | null;

/** Largest set of strings tracked for one node (beyond it the node counts as unknown). */
const MAX_SET = 64;

/** What is known of the strings a node can match. */
interface Shape {
  /** Every string the node can match (a superset), when small and finite; null otherwise. */
  exact: Set<string> | null;
  /** One of these occurs in every match; null when unknown. */
  factors: Set<string> | null;
  /**
   * For a repetition whose strings are not all known (`!{2,}`): every match starts with one of
   * these and ends with one of these (`!!`), so they join what comes before and after it.
   */
  edge?: Set<string> | null;
}

const UNKNOWN: Shape = { exact: null, factors: null };
const EMPTY: Shape = { exact: new Set(['']), factors: null };

/** Factors of literal phrases: the phrases themselves (a literal list matches only them). */
export function literalFactors(literals: readonly string[]): Factors {
  const kept = [...new Set(literals)].filter(Boolean);
  return kept.length ? kept : null;
}

/** Factors of a regular expression source (`u` flag), or null when none are known. */
export function regexFactors(source: string): Factors {
  const pattern = parseRegex(source);
  if (!pattern) return null;
  const { factors } = disjunction(pattern.alternatives);
  return factors && factors.size ? [...factors] : null;
}

/** Factors of a rule: the union of its patterns' factors; null when any pattern has none. */
export function unionFactors(all: readonly Factors[]): Factors {
  const out = new Set<string>();
  for (const factors of all) {
    if (!factors) return null;
    for (const f of factors) out.add(f);
  }
  return out.size ? [...out] : null;
}

function disjunction(alternatives: readonly AST.Alternative[]): Shape {
  const shapes = alternatives.map(alternative);
  const exact = new Set<string>();
  const factors = new Set<string>();
  let exactKnown = true;
  let factorsKnown = true;
  for (const shape of shapes) {
    if (exactKnown && shape.exact) for (const s of shape.exact) exact.add(s);
    else exactKnown = false;
    if (factorsKnown && shape.factors) for (const f of shape.factors) factors.add(f);
    else factorsKnown = false;
  }
  return {
    exact: exactKnown && exact.size <= MAX_SET ? exact : null,
    factors: factorsKnown ? factors : null,
  };
}

/**
 * A concatenation: runs of elements with known strings are multiplied out (你 + 必须 → 你必须,
 * a longer and so rarer factor); of all candidate sets the one whose shortest string is longest
 * wins.
 */
function alternative(node: AST.Alternative): Shape {
  const candidates: Set<string>[] = [];
  let run: Set<string> | null = null;
  let whole: Set<string> | null = new Set(['']);
  for (const element of node.elements) {
    const shape = elementShape(element);
    whole = whole && shape.exact ? product(whole, shape.exact) : null;
    if (shape.exact) {
      const next: Set<string> | null = run ? product(run, shape.exact) : shape.exact;
      if (next) run = next;
      else {
        if (run) candidates.push(run);
        run = shape.exact;
      }
    } else {
      if (run) candidates.push(run);
      // (!)!{2,} holds !!! wherever it matches: the known text before a repetition runs into its first repeats.
      const joined = run && shape.edge ? product(run, shape.edge) : null;
      if (joined) candidates.push(joined);
      run = shape.edge ?? null;
    }
    if (shape.factors) candidates.push(shape.factors);
  }
  if (run) candidates.push(run);
  return { exact: whole, factors: best(candidates) };
}

function elementShape(node: AST.Element): Shape {
  switch (node.type) {
    case 'Character':
      return single(String.fromCodePoint(node.value));
    case 'CharacterClass':
      return characterClass(node);
    case 'Group':
    case 'CapturingGroup':
      return disjunction(node.alternatives);
    case 'Quantifier':
      return quantifier(node);
    case 'Assertion':
      // Consumes nothing; a positive lookaround's text must still be in the draft.
      if ((node.kind === 'lookahead' || node.kind === 'lookbehind') && !node.negate) {
        return { exact: EMPTY.exact, factors: disjunction(node.alternatives).factors };
      }
      return EMPTY;
    default:
      // Character sets (\d, ., \p{…}), back-references, string alternatives: unknown.
      return UNKNOWN;
  }
}

function single(s: string): Shape {
  const set = new Set([s]);
  return { exact: set, factors: set };
}

function characterClass(node: AST.CharacterClass): Shape {
  if (node.negate) return UNKNOWN;
  const chars = new Set<string>();
  for (const element of node.elements) {
    if (element.type === 'Character') chars.add(String.fromCodePoint(element.value));
    else if (element.type === 'CharacterClassRange' && element.max.value - element.min.value < MAX_SET) {
      for (let c = element.min.value; c <= element.max.value; c++) chars.add(String.fromCodePoint(c));
    } else return UNKNOWN;
    if (chars.size > MAX_SET) return UNKNOWN;
  }
  return chars.size ? { exact: chars, factors: chars } : UNKNOWN;
}

function quantifier(node: AST.Quantifier): Shape {
  const inner = elementShape(node.element);
  // At least `min` repeats in a row: their strings (!{3,} holds !!!) are rarer factors than one repeat's.
  let edge: Set<string> | null = null;
  for (let n = 1; n <= node.min && inner.exact; n++) {
    edge = product(edge ?? new Set(['']), inner.exact);
    if (!edge) break;
  }
  const factors = node.min >= 1 ? (edge ?? inner.factors) : null;
  if (!inner.exact || node.max > 4) return { exact: null, factors, edge };
  // Small bounded repetitions: every count from min to max, multiplied out.
  let exact: Set<string> | null = node.min === 0 ? new Set(['']) : new Set();
  let power: Set<string> | null = new Set(['']);
  for (let n = 1; n <= node.max && power && exact; n++) {
    power = product(power, inner.exact);
    if (power && n >= node.min) for (const s of power) exact.add(s);
    if (!power || exact.size > MAX_SET) exact = null;
  }
  return { exact: power ? exact : null, factors };
}

function product(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/**
 * Characters so frequent in replies that nearly every draft holds one (的 is in most lines): a
 * set of one-character factors that avoids them keeps its pattern from running on most drafts.
 */
const COMMON = new Set('的了是不我你您在有这个们就吗呢吧啊哦也都和要会能到说一亲好'.split(''));

/** How many strings of a set are very common characters (see COMMON). */
const commonCount = (set: Set<string>): number => [...set].filter((s) => COMMON.has(s)).length;

/**
 * The candidate whose shortest string is longest, then the one with fewer very common characters
 * ([滴嘀哒] rather than 的), then the smaller set; sets holding '' are no use.
 */
function best(candidates: readonly Set<string>[]): Set<string> | null {
  let chosen: Set<string> | null = null;
  let chosenMin = 0;
  let chosenCommon = 0;
  for (const set of candidates) {
    if (!set.size || set.has('')) continue;
    const min = Math.min(...[...set].map((s) => s.length));
    const common = commonCount(set);
    const better = !chosen || min > chosenMin || (min === chosenMin && (common < chosenCommon || (common === chosenCommon && set.size < chosen.size)));
    if (better) {
      chosen = set;
      chosenMin = min;
      chosenCommon = common;
    }
  }
  return chosen;
}

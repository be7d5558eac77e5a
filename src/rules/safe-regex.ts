/**
 * Hostile or careless regular expressions in rule files must not hang the linter. Rules run on
 * V8's backtracking engine (JavaScript syntax, the `u` flag, lookarounds, as the README documents),
 * so a pattern such as `(a+)+$` or `(\p{Script=Han}|好)+吗` would take exponential time on the
 * wrong draft. Rather than a second, linear-time engine with another syntax, each regex of a user
 * rule file is checked once, when the rule is loaded, and refused with a file:line:column problem
 * when it can backtrack catastrophically. Two well-kept analysers do the work:
 *
 * 1. scslre (by the author of eslint-plugin-regexp; static, well under a millisecond, understands
 *    lookarounds and backreferences) finds repetition nested in repetition, `(a+)+`, `(x+x+)+y`.
 * 2. recheck ("the trustworthy ReDoS checker", automaton analysis, run in this thread by its pure
 *    JavaScript backend) decides the cases scslre cannot see: repeated groups whose alternatives
 *    overlap, `(.|\s)*`, `(\p{Script=Han}|好)+`, `(ab|ab)*`. It is slower (milliseconds to a second),
 *    so it only runs on patterns that repeat a group without an upper bound, the one shape where
 *    that can happen; it does not support lookarounds or backreferences, so it sees an
 *    over-approximation of the pattern (see `overApproximation`). A pattern it cannot decide within
 *    RECHECK_TIME_LIMIT_MS keeps the verdict of step 1.
 *
 * Refused: exponential backtracking, and polynomial backtracking of degree 3 or more where recheck
 * measures it. Quadratic patterns (`[^。]*的话` on a line without 。) are accepted: drafts are replies
 * of a few lines, and the built-in pack has two such patterns that are harmless in practice.
 *
 * The built-in pack is trusted and not checked at run time (that would cost every run seconds); a
 * test checks each of its patterns with this same function.
 */
import { createRequire } from 'node:module';
import type { AST } from '@eslint-community/regexpp';
import { parseRegex, regexpp } from './regexpp.js';

type Recheck = typeof import('recheck');
type Scslre = typeof import('scslre');

/** Polynomial backtracking of a higher degree than this is refused (2 = quadratic is accepted). */
export const MAX_POLYNOMIAL_DEGREE = 2;
/** How long recheck may think about one pattern before step 1's verdict stands. */
export const RECHECK_TIME_LIMIT_MS = 2000;

// Loaded on first use: runs without user regexes never pay for them (recheck is 5 MB of Scala.js).
const load = createRequire(import.meta.url);
let scslre: Scslre | undefined;
let recheck: Recheck | undefined;

/**
 * Why a regex source (compiled with the `u` flag) may backtrack catastrophically, as a sentence
 * for a problem report; undefined when it is safe (or not parseable: V8 reports syntax errors).
 */
export function regexHazard(source: string): string | undefined {
  const pattern = parseRegex(source);
  if (!pattern) return undefined;
  scslre ??= load('scslre') as Scslre;
  const literal: AST.RegExpLiteral = {
    type: 'RegExpLiteral',
    parent: null,
    start: 0,
    end: source.length + 3,
    raw: `/${source}/u`,
    pattern,
    flags: new (regexpp().RegExpParser)({ ecmaVersion: 2025 }).parseFlags('u'),
  };
  const nested = scslre.analyse(literal).reports.find((r) => r.exponential);
  if (nested) {
    const loop = 'quant' in nested ? nested.quant.raw : nested.startQuant.raw;
    return hazard('exponential', [loop]);
  }
  if (!repeatsGroupUnbounded(pattern)) return undefined;
  recheck ??= load('recheck') as Recheck;
  for (const regular of overApproximation(pattern)) {
    const result = checkInThisThread(recheck, regular);
    if (result.status !== 'vulnerable') continue;
    const { complexity } = result;
    if (complexity.type === 'polynomial' && complexity.degree <= MAX_POLYNOMIAL_DEGREE) continue;
    const spots = result.hotspot.map((h) => regular.slice(h.start, h.end));
    return hazard(complexity.type === 'exponential' ? 'exponential' : `polynomial (degree ${complexity.degree})`, spots);
  }
  return undefined;
}

function hazard(how: string, spots: string[]): string {
  const where = [...new Set(spots)].slice(0, 3).map((s) => `"${s}"`);
  return (
    `can take ${how} time on some drafts` +
    `${where.length ? ` (the repetition at ${where.join(', ')} can match the same text in more than one way)` : ''}; ` +
    'bound the repetition ({0,20}) or make the alternatives exclusive'
  );
}

/** Whether a group (not a single character or class) is repeated without an upper bound. */
function repeatsGroupUnbounded(pattern: AST.Pattern): boolean {
  let found = false;
  regexpp().visitRegExpAST(pattern, {
    onQuantifierEnter(node) {
      if (node.max === Infinity && (node.element.type === 'Group' || node.element.type === 'CapturingGroup' || node.element.type === 'Backreference')) found = true;
    },
  });
  return found;
}

/**
 * recheck's synchronous check in this thread. By default it would start a worker that runs a
 * native binary; `RECHECK_SYNC_BACKEND` is how recheck chooses (read on each call), restored after.
 * No recall validation: that would run the pattern on the attack string to confirm it.
 */
function checkInThisThread(lib: Recheck, pattern: string): ReturnType<Recheck['checkSync']> {
  const saved = process.env.RECHECK_SYNC_BACKEND;
  process.env.RECHECK_SYNC_BACKEND = 'pure';
  try {
    return lib.checkSync(pattern, 'u', { checker: 'automaton', timeout: RECHECK_TIME_LIMIT_MS, recallTimeout: -1 });
  } finally {
    if (saved === undefined) delete process.env.RECHECK_SYNC_BACKEND;
    else process.env.RECHECK_SYNC_BACKEND = saved;
  }
}

/**
 * Regular patterns (no lookarounds, backreferences or captures, which recheck's automaton checker
 * does not take) that together backtrack at least as much as `pattern`: the pattern with every
 * lookaround removed (it only ever rejects paths) and every backreference replaced by the group it
 * names (which matches at least what the reference does), and each lookaround's body on its own.
 */
export function overApproximation(pattern: AST.Pattern): string[] {
  const bodies: string[] = [];
  const expanding = new Set<AST.CapturingGroup>();
  const alternatives = (alts: readonly AST.Alternative[]): string => alts.map((a) => a.elements.map(render).join('')).join('|');
  const render = (node: AST.Element): string => {
    switch (node.type) {
      case 'Assertion':
        if (node.kind === 'lookahead' || node.kind === 'lookbehind') {
          bodies.push(alternatives(node.alternatives));
          return '';
        }
        return node.raw;
      case 'CapturingGroup':
      case 'Group':
        return `(?:${alternatives(node.alternatives)})`;
      case 'Quantifier':
        return `(?:${render(node.element)})${node.raw.slice(node.element.end - node.start)}`;
      case 'Backreference': {
        const groups = ([] as AST.CapturingGroup[]).concat(node.resolved).filter((g) => !expanding.has(g));
        if (!groups.length) return '';
        groups.forEach((g) => expanding.add(g));
        const text = `(?:${groups.map((g) => alternatives(g.alternatives)).join('|')})`;
        groups.forEach((g) => expanding.delete(g));
        return text;
      }
      default:
        return node.raw;
    }
  };
  return [alternatives(pattern.alternatives), ...bodies].filter(Boolean);
}

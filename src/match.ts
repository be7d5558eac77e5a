/**
 * Stage 4 of the pipeline: the machinery every rule type matches with.
 *
 * A rule's patterns are searched in the normalized text of a draft (Simplified, half-width,
 * lower-case). A candidate then survives two checks, both driven by the rule's data:
 * - exceptions: phrases (literal or regex) that, when one of them covers the candidate, cancel
 *   it — `保证金` and `不保证` cancel `保证`;
 * - boundary: where the candidate must sit relative to jieba's words — `start` (the default)
 *   wants it to begin a word, so `保证` is found in 我/保证/明天 and 我们/保证质量 but not in
 *   确保/证件; `word` wants it to be whole words; `none` skips segmentation.
 * Segmentation runs only when a candidate needs the boundary check.
 *
 * All ranges here are into the normalized text of the draft being matched.
 */
import type { NormalizedDraft } from './normalize/normalize.js';
import type { PresentFactors } from './prefilter.js';
import type { Factors } from './rules/factors.js';
import { WORD_END, WORD_START } from './segment.js';
import { SHORT_RUN_CHARS, type Range } from './types.js';

export type Boundary = 'start' | 'word' | 'none';
export const BOUNDARIES: readonly Boundary[] = ['start', 'word', 'none'];

/** Stand-ins of DraftContext's lazily made fields (never written to). */
const NOT_YET_SEGMENTED = new Uint8Array(0);
const NO_EXCEPTIONS_YET: Map<RegExp, Range[]> = new Map();

/** What a rule can see of one draft while matching. */
export class DraftContext {
  // Both start as shared empty stand-ins rather than undefined: a field that keeps one type of
  // value lets V8 keep the code that reads it optimized (a first draft with word boundaries would
  // otherwise change the field's type for every context, and the matching code would be redone).
  private flags: Uint8Array = NOT_YET_SEGMENTED;
  /** The rule being matched (its index in the linter), set by the linter before each rule. */
  owner = 0;
  private exceptionCache: Map<RegExp, Range[]> = NO_EXCEPTIONS_YET;
  /**
   * Set when a rule needed word boundaries that `boundaries` did not have yet (they are being
   * segmented on the worker thread): what the rule found is then incomplete, and the linter
   * matches the draft again later. A flag rather than an exception: V8 makes a throw cost
   * microseconds, and a long file defers a draft in ten.
   */
  waiting = false;

  constructor(
    readonly draft: NormalizedDraft,
    /** The draft's original text. */
    readonly original: string,
    /**
     * jieba's word boundaries of the normalized text (segment.ts), asked for on first need;
     * undefined when they are not there yet (see `waiting`).
     */
    private readonly boundaries: () => Uint8Array | undefined,
    /** What the prefilter found in this draft; without it every pattern runs. */
    private readonly present?: PresentFactors,
  ) {}

  /**
   * The indices of a rule's patterns that may match this draft, in ascending order (the others
   * cannot: the draft contains none of their required factors); undefined when there is no
   * prefilter (all may).
   */
  mayMatch(patterns: readonly { factors: Factors }[]): readonly number[] | undefined {
    return this.present?.select(patterns, this.owner);
  }

  get text(): string {
    return this.draft.text;
  }

  /** True when `range` satisfies the boundary requirement. */
  fitsBoundary(range: Range, boundary: Boundary): boolean {
    if (boundary === 'none') return true;
    if (this.flags === NOT_YET_SEGMENTED) {
      if (this.waiting) return false;
      const flags = this.boundaries();
      if (!flags) {
        this.waiting = true;
        return false;
      }
      this.flags = flags;
    }
    if (!(this.flags[range[0]]! & WORD_START)) return false;
    return boundary === 'start' || (this.flags[range[1]]! & WORD_END) !== 0;
  }

  /** Whether an unless-present or exceptions expression occurs anywhere in the draft (see `presence`). */
  has(expression: RegExp): boolean {
    const found = presence(expression);
    const text = this.draft.text;
    // The first drafts checked: phrase by phrase. Past them the whole expression is worth compiling.
    found.checked += text.length;
    if (found.checked > SHORT_RUN_CHARS) return this.occurrences(expression).length > 0;
    for (let i = 0; i < found.literals.length; i++) if (text.includes(found.literals[i]!)) return true;
    if (!found.rest) return false;
    // The regular expressions of the list cannot match a draft that holds none of their factors.
    const factors = listFactors.get(expression);
    if (factors && !factors.some((f) => text.includes(f))) return false;
    return this.occurrences(found.rest).length > 0;
  }

  /** Ranges of all occurrences of an exception expression (cached per draft). */
  occurrences(expression: RegExp): Range[] {
    if (this.exceptionCache === NO_EXCEPTIONS_YET) this.exceptionCache = new Map();
    let found = this.exceptionCache.get(expression);
    if (!found) {
      const hits = allMatches(expression, this.draft.text);
      found = NO_RANGES;
      if (hits.length) {
        found = [];
        for (let h = 0; h < hits.length; h++) found.push(hits[h]!.range);
      }
      this.exceptionCache.set(expression, found);
    }
    return found;
  }

  /** The original text behind a range of the normalized text. */
  originalText(range: Range): string {
    const span = this.draft.map.toOriginal(range);
    return this.original.slice(span[0], span[1]);
  }
}

/** An unless-present expression split into its literal alternatives and the others (one expression). */
interface Presence {
  literals: string[];
  rest: RegExp | undefined;
  /** Characters of drafts checked against it so far. */
  checked: number;
}


const presences = new WeakMap<RegExp, Presence>();

/** Empty lists shared by code that reads lists (see `emptyList`). */
const NO_LITERALS: string[] = emptyList();
const NO_RANGES: Range[] = emptyList();

/**
 * An empty array with the hidden class of arrays that hold objects or strings. A fresh `[]` has
 * another one (V8 starts it as a list of small integers): code reading lists that are sometimes
 * empty and sometimes not would see two kinds of array and be optimized again.
 */
function emptyList<T>(): T[] {
  const list: unknown[] = [null];
  list.pop();
  return list as T[];
}

/** The required factors (see rules/factors.ts) of exceptions and unless-present lists, where known. */
const listFactors = new WeakMap<RegExp, readonly string[]>();

/** Records the required factors of a list's expression (computed when the rule is compiled). */
export function withListFactors(expression: RegExp, factors: Factors): RegExp {
  if (factors) listFactors.set(expression, factors);
  return expression;
}

/** The required factors recorded for a list's expression, if any. */
export function listFactorsOf(expression: RegExp): Factors {
  return listFactors.get(expression) ?? null;
}

/**
 * An unless-present list (alternatives joined by |, as `readExceptions` builds it) taken apart
 * for a presence test: its literal alternatives are looked for with includes(), and only the
 * others are compiled, as one smaller expression. V8 takes milliseconds to compile a list of a
 * hundred phrases, which a one-line draft would pay for a yes or no; over a long file the
 * compiled list is faster than a hundred includes() per draft, so it takes over (SHORT_RUN_CHARS).
 */
function presence(expression: RegExp): Presence {
  let found = presences.get(expression);
  if (!found) {
    const literals: string[] = [];
    const others: string[] = [];
    for (const alternative of topLevelAlternatives(expression.source)) {
      const literal = unescapeLiteral(alternative);
      if (literal) literals.push(literal);
      else others.push(alternative);
    }
    // Always the same fields, so code reading them sees one shape of object.
    found = { literals: literals.length ? literals : NO_LITERALS, checked: 0, rest: others.length ? new RegExp(others.join('|'), expression.flags) : undefined };
    presences.set(expression, found);
  }
  return found;
}

/** The alternatives of a regular expression source at the top level (outside groups and classes). */
function topLevelAlternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/** The text an alternative matches when it is a literal (plain characters and escapeRegExp's escapes); '' otherwise. */
function unescapeLiteral(alternative: string): string {
  let out = '';
  for (let i = 0; i < alternative.length; i++) {
    const c = alternative[i]!;
    if (c === '\\') {
      const next = alternative[++i];
      if (next === undefined || !'.*+?^${}()|[]\\/'.includes(next)) return '';
      out += next;
    } else if ('.*+?^${}()|[]'.includes(c)) return '';
    else out += c;
  }
  return out;
}

/** One hit of a search expression, with its capture groups (ranges into the searched text). */
export interface Hit {
  range: Range;
  groups: (Range | undefined)[];
  named: Record<string, Range | undefined>;
}

/** Escapes a literal for use in a `u`-flag regular expression. */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One expression that finds any of the literals, longest first (so 我不可以 beats 我不). */
export function literalExpression(literals: readonly string[]): RegExp {
  const sorted = [...new Set(literals)].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'gu');
}

/**
 * V8 compiles a regular expression twice: to bytecode for its interpreter on the first run, and
 * to machine code once it has run (the "tier-up") — except that a first run on a subject of 1,000
 * characters or more goes to machine code at once. For the rule pack's expressions (long
 * alternations of Chinese phrases, lookbehinds, the `u` flag) the bytecode costs more to make than
 * the machine code: the ~170 expressions a long file needs take ~55 ms to compile both ways and
 * ~15 ms straight to machine code (bench/RESULTS.md's machine, Node 20). So every expression runs
 * first on such a subject, from its end, where there is nothing to search. Should V8 drop that
 * heuristic, the first run is only an empty search; the results never depend on it.
 */
const PRIMER = ' '.repeat(1000);
const primed = new WeakSet<RegExp>();

function prime(expression: RegExp): void {
  primed.add(expression);
  expression.lastIndex = PRIMER.length;
  expression.exec(PRIMER);
}

/** The capture groups of a hit without them (an expression without the d flag): shared, never written. */
const NO_GROUPS: (Range | undefined)[] = Object.freeze([]) as unknown as (Range | undefined)[];
const NO_NAMED_GROUPS: Record<string, Range | undefined> = Object.freeze({});

/**
 * Every non-empty, non-overlapping hit of `expression` (which must have the g flag). Capture
 * groups are filled in only when the expression has the d flag (patterns whose rewrites use them).
 */
export function allMatches(expression: RegExp, text: string): Hit[] {
  if (!primed.has(expression)) prime(expression);
  const hits: Hit[] = [];
  expression.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = expression.exec(text))) {
    if (m[0].length === 0) {
      expression.lastIndex = m.index + 1;
      continue;
    }
    const indices = m.indices;
    let groups: (Range | undefined)[] = NO_GROUPS;
    let named: Record<string, Range | undefined> = NO_NAMED_GROUPS;
    if (indices) {
      groups = [];
      for (let g = 1; g < indices.length; g++) groups[g] = indices[g] as Range | undefined;
      if (indices.groups) named = { ...indices.groups } as Record<string, Range | undefined>;
    }
    hits.push({ range: [m.index, m.index + m[0].length], groups, named });
  }
  return hits;
}

/**
 * Exceptions of a rule or pattern, compiled to one expression. A candidate is cancelled when an
 * occurrence of the expression covers it entirely.
 */
export function isExcepted(ctx: DraftContext, exceptions: RegExp | undefined, range: Range): boolean {
  // A draft that holds none of the exceptions needs no occurrences (and often no compiled list).
  if (!exceptions || !ctx.has(exceptions)) return false;
  return ctx.occurrences(exceptions).some((o) => o[0] <= range[0] && o[1] >= range[1]);
}

/** A rewrite template: literal text and references to capture groups ($1, $<name>). */
export type Template = (string | { group: number | string })[];

/**
 * Parses `$1`, `$<name>` and `$$` in a rewrite. Returns the template and the references it makes
 * (for validation against the pattern's groups).
 */
export function parseTemplate(source: string): Template {
  const parts: Template = [];
  let literal = '';
  const re = /\$(?:(\d+)|<([^>]+)>|(\$))/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) {
    literal += source.slice(last, m.index);
    if (m[3]) literal += '$';
    else {
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ group: m[1] !== undefined ? Number(m[1]) : m[2]! });
    }
    last = m.index + m[0].length;
  }
  literal += source.slice(last);
  if (literal) parts.push(literal);
  return parts;
}

/**
 * A rewrite expanded for one hit, in pieces: at even places the template's literal text
 * (Simplified: converted to the draft's script later, piece by piece), at odd places text
 * captured from the writer's ORIGINAL text (so a Traditional or full-width capture stays as
 * written). `请您$<what>` on 你必須確認 gives ['请您', '確認', ''].
 */
export type Rewrite = readonly string[];

/** Expands a template for one hit. */
export function expandTemplate(template: Template, hit: Hit, ctx: DraftContext): Rewrite {
  return pieces(template, (group) => {
    const range = typeof group === 'number' ? hit.groups[group] : hit.named[group];
    return range ? ctx.originalText(range) : '';
  });
}

/** The literal pieces of a template (even places of every rewrite it expands to). */
export function templateLiterals(template: Template): string[] {
  return pieces(template, () => '').filter((_piece, i) => i % 2 === 0);
}

function pieces(template: Template, captured: (group: number | string) => string): string[] {
  const out = [''];
  for (const part of template) {
    if (typeof part === 'string') out[out.length - 1] += part;
    else out.push(captured(part.group), '');
  }
  return out;
}

/** The capture groups a regular expression has: count and names. */
export function groupsOf(expression: RegExp): { count: number; names: string[] } {
  const probe = new RegExp(`${expression.source}|`, expression.flags.replace('g', '')).exec('');
  return { count: probe ? probe.length - 1 : 0, names: Object.keys(probe?.groups ?? {}) };
}

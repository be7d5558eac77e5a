/**
 * Patterns and exceptions as written in rule files, compiled once, then only matched.
 *
 * In a rule file:
 *   patterns:
 *     - match: [保证, 担保]        # literals: written in either script, any width; matched normalized
 *       rewrites: [尽量]          # or one string; $1 / $<name> reuse captures of a regex
 *       exceptions: [保证金]      # cancel a hit that one of these covers (literal or {regex: …})
 *       boundary: start          # start (default) | word | none — see match.ts
 *       fixable: true            # may --fix apply rewrites[0] on its own (default: the rule's)
 *       message: …               # a reason specific to this pair (default: the rule's)
 *       unless-present: [因为]    # no hit when the draft contains one of these anywhere (adds to the rule's)
 *     - regex: 你(必须|得)(?<what>\p{Script=Han}{1,6})
 *       rewrites: [请您$<what>]   # an empty rewrite ("") deletes the flagged text
 *
 * Regular expressions run on the normalized text (Simplified, half-width punctuation, lower-case
 * ASCII; see normalize.ts): write `,` `!` `?` `:` `;` `(` `)`, not their full-width forms.
 */
import type { Node } from 'yaml';
import {
  BOUNDARIES,
  allMatches,
  escapeRegExp,
  expandTemplate,
  groupsOf,
  isExcepted,
  listFactorsOf,
  literalExpression,
  parseTemplate,
  templateLiterals,
  withListFactors,
  type Boundary,
  type DraftContext,
  type Rewrite,
  type Template,
} from '../match.js';
import { normalizeDraft } from '../normalize/normalize.js';
import { literalFactors, regexFactors, type Factors } from './factors.js';
import { regexHazard } from './safe-regex.js';
import type { Range } from '../types.js';
import { isMap, isScalar, type Entry, type YamlReader } from '../yaml-reader.js';

/** What a hit of a rule produces before it becomes a finding. */
export interface RawMatch {
  /** Range into the normalized text of the draft. */
  range: Range;
  /** Rewrites: Simplified literal text and captures from the original text (see `Rewrite`). */
  rewrites: readonly Rewrite[];
  fixable: boolean;
  /** Overrides the rule's message. */
  message?: string;
}

export interface CompiledPattern {
  expression: RegExp;
  templates: Template[];
  fixable: boolean;
  boundary: Boundary;
  exceptions?: RegExp;
  /** Hits are cancelled when the draft contains this anywhere (e.g. a reason: 因为). */
  unlessPresent?: RegExp;
  message?: string;
  /** Strings one of which every hit contains (see factors.ts); null: always run. */
  factors: Factors;
  /** The regex as written, when the rule type's placeholders changed it (`expandRegex`). */
  written?: string;
}

/**
 * A regular expression as data: [source, flags], and for an exceptions or unless-present list the
 * required factors of its alternatives (see `readExceptions`).
 */
export type RegExpData = [source: string, flags: string, factors?: readonly string[]];

/** A compiled pattern as plain data (JSON), for the build's snapshot of the built-in pack. */
export interface PatternData extends Omit<CompiledPattern, 'expression' | 'exceptions' | 'unlessPresent'> {
  expression: RegExpData;
  exceptions?: RegExpData;
  unlessPresent?: RegExpData;
}

export function regExpData(expression: RegExp): RegExpData;
export function regExpData(expression: RegExp | undefined): RegExpData | undefined;
export function regExpData(expression: RegExp | undefined): RegExpData | undefined {
  if (!expression) return undefined;
  const factors = listFactorsOf(expression);
  return factors ? [expression.source, expression.flags, factors] : [expression.source, expression.flags];
}

export function reviveRegExp(data: RegExpData): RegExp;
export function reviveRegExp(data: RegExpData | undefined): RegExp | undefined;
export function reviveRegExp(data: RegExpData | undefined): RegExp | undefined {
  return data && withListFactors(new RegExp(data[0], data[1]), data[2] ?? null);
}

export function patternData(pattern: CompiledPattern): PatternData {
  return { ...pattern, expression: regExpData(pattern.expression), exceptions: regExpData(pattern.exceptions), unlessPresent: regExpData(pattern.unlessPresent) };
}

export function revivePattern(data: PatternData): CompiledPattern {
  return { ...data, expression: reviveRegExp(data.expression), exceptions: reviveRegExp(data.exceptions), unlessPresent: reviveRegExp(data.unlessPresent) };
}

/** How a rule type treats rewrites in its patterns. */
export type RewritePolicy = 'required' | 'forbidden' | 'optional';

const PATTERN_KEYS = ['match', 'regex', 'rewrites', 'exceptions', 'unless-present', 'boundary', 'fixable', 'message'] as const;

/** The text rules see for a literal written in a rule file (same folding as drafts). */
export function normalizeLiteral(literal: string): string {
  return normalizeDraft({ text: literal, offset: 0 }).text;
}

/** Reads `exceptions:` (literals and `{regex: …}` items) into one expression. */
export function readExceptions(reader: YamlReader, entry: Entry | undefined, what: string): RegExp | undefined {
  const items = entry && (isScalar(entry.node) ? [entry.node] : reader.list(entry, what));
  if (!items?.length) return undefined;
  const alternatives: string[] = [];
  for (const item of items) {
    if (isScalar(item) && item.value !== null && String(item.value) !== '') {
      alternatives.push(escapeRegExp(normalizeLiteral(String(item.value))));
    } else if (isMap(item)) {
      const keys = reader.entries(item, ['regex'], `an item of ${what}`);
      const source = reader.string(keys?.get('regex'), `regex in ${what}`);
      if (source !== undefined && compileRegex(reader, keys!.get('regex')!.node, source)) alternatives.push(`(?:${source})`);
    } else {
      reader.reportAt(item, `each item of ${what} must be a phrase or {regex: …}`);
    }
  }
  if (!alternatives.length) return undefined;
  // Its factors let a draft that holds none of them skip compiling the list (DraftContext.has).
  const expression = new RegExp(alternatives.join('|'), 'gu');
  return withListFactors(expression, regexFactors(expression.source));
}

/** Compiles a user regular expression, recording a problem at `node` when it is invalid. */
export function compileRegex(reader: YamlReader, node: Node | null, source: string): RegExp | undefined {
  try {
    const expression = new RegExp(source, 'gdu');
    // User rules must not hang the linter (safe-regex.ts); the built-in pack is checked by a test.
    const hazard = reader.options.trusted ? undefined : regexHazard(source);
    if (hazard) reader.reportAt(node, `regular expression /${source}/: ${hazard}`);
    return hazard ? undefined : expression;
  } catch (error) {
    reader.reportAt(node, `invalid regular expression /${source}/: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
    return undefined;
  }
}

/** Reads `patterns:`. Returns the compiled patterns (possibly empty when all were broken). */
export function readPatterns(
  reader: YamlReader,
  entry: Entry | undefined,
  defaults: { fixable: boolean; boundary: Boundary },
  rewrites: RewritePolicy,
  /** Rewrites a regex source before compiling (a rule type's own placeholders, e.g. {subject}). */
  expandRegex: (source: string) => string = (source) => source,
  /**
   * The source whose required factors are computed, when they must not depend on what
   * `expandRegex` inserts (words from the config: a summary built without them stays right).
   */
  factorSource: (source: string) => string = expandRegex,
): CompiledPattern[] {
  const items = reader.list(entry, 'patterns');
  if (!items) {
    if (!entry) reader.report(0, 'patterns is required: a list of {match: …} or {regex: …}');
    return [];
  }
  if (!items.length) reader.reportAt(entry?.node, 'patterns must not be empty');
  const out: CompiledPattern[] = [];
  for (const item of items) {
    const keys = reader.entries(item, PATTERN_KEYS, 'a pattern');
    if (!keys) continue;
    const literals = reader.strings(keys.get('match'), 'match');
    const source = reader.string(keys.get('regex'), 'regex');
    if (keys.has('match') === keys.has('regex')) {
      reader.reportAt(item, 'a pattern needs exactly one of match (literal phrases) or regex');
      continue;
    }
    let expression: RegExp | undefined;
    let factors: Factors = null;
    if (literals) {
      const normalized = literals.map(normalizeLiteral).filter(Boolean);
      if (normalized.length) expression = literalExpression(normalized);
      factors = literalFactors(normalized);
    } else if (source !== undefined) {
      expression = compileRegex(reader, keys.get('regex')!.node, expandRegex(source));
      factors = regexFactors(factorSource(source));
    }
    const rewriteList = reader.strings(keys.get('rewrites'), 'rewrites', { allowEmpty: true }) ?? [];
    if (rewrites === 'required' && !rewriteList.length) reader.reportAt(item, 'this rule type needs rewrites on every pattern');
    if (rewrites === 'forbidden' && keys.has('rewrites')) {
      reader.reportAt(keys.get('rewrites')!.keyNode, 'this rule type gives no rewrites; say what to do in the message');
    }
    const templates = rewriteList.map(parseTemplate);
    if (expression) checkTemplates(reader, keys.get('rewrites'), templates, expression);
    // Match indices (the d flag) cost time on every hit: only for rewrites that reuse captures.
    if (expression?.hasIndices && !templates.some((t) => t.some((part) => typeof part !== 'string'))) {
      expression = new RegExp(expression.source, 'gu');
    }
    const boundary = reader.oneOf(keys.get('boundary'), 'boundary', BOUNDARIES) ?? defaults.boundary;
    const fixable = reader.boolean(keys.get('fixable'), 'fixable') ?? defaults.fixable;
    const exceptions = readExceptions(reader, keys.get('exceptions'), 'exceptions');
    const unlessPresent = readExceptions(reader, keys.get('unless-present'), 'unless-present');
    const message = reader.string(keys.get('message'), 'message');
    const written = source !== undefined && expandRegex(source) !== source ? { written: source } : {};
    if (expression) out.push({ expression, templates, fixable, boundary, exceptions, unlessPresent, message, factors, ...written });
  }
  return out;
}

/** Every $n / $<name> in a rewrite must name a group the pattern has. */
function checkTemplates(reader: YamlReader, entry: Entry | undefined, templates: Template[], expression: RegExp): void {
  const { count, names } = groupsOf(expression);
  for (const template of templates) {
    for (const part of template) {
      if (typeof part === 'string') continue;
      const ok = typeof part.group === 'number' ? part.group >= 1 && part.group <= count : names.includes(part.group);
      if (!ok) {
        const ref = typeof part.group === 'number' ? `$${part.group}` : `$<${part.group}>`;
        const has = count ? `it has ${count} group(s)${names.length ? ` named ${names.join(', ')}` : ''}` : 'it has no capture groups';
        reader.reportAt(entry?.node, `rewrite refers to ${ref}, but the pattern has no such capture (${has})`);
      }
    }
  }
}

/**
 * Runs compiled patterns over a draft: every hit that no exception cancels and that fits its
 * boundary, with its rewrites expanded. One rule reports a span once: where hits of its patterns
 * overlap, the earliest wins, and of two starting together the longer (我保证 over 保证), then the
 * pattern listed first.
 */
export function matchPatterns(ctx: DraftContext, patterns: readonly CompiledPattern[], ruleExceptions?: RegExp, ruleUnlessPresent?: RegExp): RawMatch[] {
  // Like exceptions, the rule's unless-present list applies to every pattern, in addition to the pattern's own.
  if (ruleUnlessPresent && ctx.has(ruleUnlessPresent)) return [];
  const hits = collectHits(ctx, patterns, ruleExceptions);
  if (hits.length > 1) hits.sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
  const out: RawMatch[] = [];
  let end = -1;
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h]!;
    if (hit.range[0] < end) continue;
    out.push(hit);
    end = hit.range[1];
  }
  return out;
}

function collectHits(ctx: DraftContext, patterns: readonly CompiledPattern[], ruleExceptions?: RegExp): RawMatch[] {
  const out: RawMatch[] = [];
  // Only the patterns the prefilter chose, in the order they are listed.
  const chosen = ctx.mayMatch(patterns);
  const count = chosen ? chosen.length : patterns.length;
  for (let k = 0; k < count; k++) {
    const pattern = patterns[chosen ? chosen[k]! : k]!;
    if (pattern.unlessPresent && ctx.has(pattern.unlessPresent)) continue;
    const hits = allMatches(pattern.expression, ctx.text);
    for (let h = 0; h < hits.length; h++) {
      const hit = hits[h]!;
      if (isExcepted(ctx, pattern.exceptions, hit.range) || isExcepted(ctx, ruleExceptions, hit.range)) continue;
      if (!ctx.fitsBoundary(hit.range, pattern.boundary)) continue;
      out.push({
        range: hit.range,
        rewrites: literalRewrites(pattern.templates) ?? pattern.templates.map((t) => expandTemplate(t, hit, ctx)),
        fixable: pattern.fixable && pattern.templates.length > 0,
        message: pattern.message,
      });
    }
  }
  return out;
}

const literalLists = new WeakMap<readonly Template[], readonly Rewrite[] | null>();

/** A pattern's rewrites when none of them reuses a capture (the same for every hit, made once); else null. */
function literalRewrites(templates: readonly Template[]): readonly Rewrite[] | null {
  let found = literalLists.get(templates);
  if (found === undefined) {
    found = templates.every((t) => t.every((part) => typeof part === 'string')) ? templates.map(templateLiterals) : null;
    literalLists.set(templates, found);
  }
  return found;
}

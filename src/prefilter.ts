/**
 * Stage 4a, prefilter: which rules can match a draft at all.
 *
 * Every rule (and every pattern) carries its required factors (src/rules/factors.ts): literal
 * strings of which one must occur for it to match. One scan of a draft's normalized text finds
 * which factors of ALL rules occur; a rule none of whose factors occur is skipped without running
 * its regular expressions (or, for the built-in pack, without even compiling it).
 *
 * The scan looks up each character of the draft in a table of factors by first character, so its
 * cost grows with the draft's length, not with the number of rules or patterns.
 */
import type { Factors } from './rules/factors.js';

export class FactorIndex {
  private readonly byFirst = new Map<number, string[]>();
  private readonly known = new Set<string>();

  constructor(all: Iterable<Factors>) {
    for (const factors of all) {
      for (const factor of factors ?? []) {
        if (this.known.has(factor)) continue;
        this.known.add(factor);
        const first = factor.charCodeAt(0);
        const list = this.byFirst.get(first);
        if (list) list.push(factor);
        else this.byFirst.set(first, [factor]);
      }
    }
  }

  private readonly prepared = new WeakMap<readonly string[], FactorSet>();

  /** A factor list as a set, split by whether the index holds each factor (made once per list). */
  prepare(factors: readonly string[]): FactorSet {
    let prepared = this.prepared.get(factors);
    if (!prepared) {
      prepared = { set: new Set(factors), unindexed: factors.filter((f) => !this.known.has(f)) };
      this.prepared.set(factors, prepared);
    }
    return prepared;
  }

  /** The indexed factors that occur in `text`. */
  scan(text: string): Set<string> {
    const present = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      const list = this.byFirst.get(text.charCodeAt(i));
      if (!list) continue;
      for (const factor of list) if (!present.has(factor) && text.startsWith(factor, i)) present.add(factor);
    }
    return present;
  }
}

/** A factor list prepared for checking against what `scan` found. */
interface FactorSet {
  set: Set<string>;
  /** Factors the index does not hold (a pattern of a rule whose own factors are unknown). */
  unindexed: string[];
}

/** What the prefilter found in one draft. */
export class PresentFactors {
  constructor(
    private readonly index: FactorIndex,
    private readonly present: Set<string>,
    private readonly text: string,
  ) {}

  /** False only when none of `factors` occurs in the draft (null factors: always true). */
  mayMatch(factors: Factors): boolean {
    if (!factors) return true;
    const { set, unindexed } = this.index.prepare(factors);
    for (const f of this.present) if (set.has(f)) return true;
    return unindexed.some((f) => this.text.includes(f));
  }
}

/**
 * Stage 4a, prefilter: which rules can match a draft at all.
 *
 * Every rule (and every pattern) carries its required factors (src/rules/factors.ts): literal
 * strings of which one must occur for it to match. One scan of a draft's normalized text finds
 * which factors of ALL rules occur; a rule none of whose factors occur is skipped without running
 * its regular expressions (or, for the built-in pack, without even compiling it).
 *
 * The scan walks a trie of all factors from each character of the draft, so its cost grows with
 * the draft's length, not with the number of rules or patterns.
 */
import type { Factors } from './rules/factors.js';

/** A node of the factor trie: the factor ending here (with its owners), and what may follow. */
interface TrieNode {
  next: Map<number, TrieNode>;
  factor?: string;
  owners?: number[];
}

export class FactorIndex {
  /** Every factor of every owner, as a trie of UTF-16 units. */
  private readonly root: TrieNode = { next: new Map() };
  /** 1 for each UTF-16 unit some factor starts with: most characters of a draft start none. */
  private readonly starts = new Uint8Array(0x10000);
  /** Owners whose factors are unknown: they always run. */
  private readonly always: number[] = [];
  private readonly known = new Set<string>();
  private readonly selectors = new WeakMap<readonly { factors: Factors }[], Selector>();

  /** `ownerFactors[i]`: the factors of owner i (a rule), or null when it has none. */
  constructor(private readonly ownerFactors: readonly Factors[]) {
    ownerFactors.forEach((factors, owner) => {
      if (!factors) {
        this.always.push(owner);
        return;
      }
      for (const factor of new Set(factors)) {
        let node = this.root;
        for (let i = 0; i < factor.length; i++) {
          const unit = factor.charCodeAt(i);
          let child = node.next.get(unit);
          if (!child) node.next.set(unit, (child = { next: new Map() }));
          node = child;
        }
        node.factor = factor;
        (node.owners ??= []).push(owner);
        this.starts[factor.charCodeAt(0)] = 1;
        this.known.add(factor);
      }
    });
  }

  /** What occurs in `text`: the indexed factors, and so which owners may match. */
  scan(text: string): PresentFactors {
    const present = new Set<string>();
    const owners = new Uint8Array(this.ownerFactors.length);
    for (const owner of this.always) owners[owner] = 1;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (!this.starts[unit]) continue;
      // Walk the trie from here: every factor that starts at i is on the path.
      let node = this.root.next.get(unit);
      for (let j = i + 1; node; j++) {
        if (node.factor !== undefined && !present.has(node.factor)) {
          present.add(node.factor);
          for (const owner of node.owners!) owners[owner] = 1;
        }
        node = j < text.length ? node.next.get(text.charCodeAt(j)) : undefined;
      }
    }
    return new PresentFactors(this, present, owners, text);
  }

  /** How to choose among `items` (a rule's patterns) by their factors (made once per list). */
  selector(items: readonly { factors: Factors }[]): Selector {
    let selector = this.selectors.get(items);
    if (!selector) {
      selector = { byFactor: new Map(), always: [], unindexed: [] };
      items.forEach(({ factors }, item) => {
        if (!factors) selector!.always.push(item);
        else if (factors.some((f) => !this.known.has(f))) selector!.unindexed.push({ item, factors });
        else {
          for (const f of factors) {
            const list = selector!.byFactor.get(f);
            if (list) list.push(item);
            else selector!.byFactor.set(f, [item]);
          }
        }
      });
      this.selectors.set(items, selector);
    }
    return selector;
  }
}

/** Items (patterns) by factor, for choosing the ones a draft may match. */
interface Selector {
  byFactor: Map<string, number[]>;
  /** Items without factors: always chosen. */
  always: number[];
  /** Items with a factor the index does not hold (a pattern of a rule whose own factors are unknown): checked in the text. */
  unindexed: { item: number; factors: readonly string[] }[];
}

/** What the prefilter found in one draft. */
export class PresentFactors {
  constructor(
    private readonly index: FactorIndex,
    private readonly present: Set<string>,
    private readonly owners: Uint8Array,
    private readonly text: string,
  ) {}

  /** Whether owner `i` (a rule) may match: one of its factors occurs, or it has none. */
  mayRun(owner: number): boolean {
    return this.owners[owner] === 1;
  }

  /** Which of `items` (a rule's patterns) may match: 1 where one of its factors occurs or it has none. */
  select(items: readonly { factors: Factors }[]): Uint8Array {
    const { byFactor, always, unindexed } = this.index.selector(items);
    const chosen = new Uint8Array(items.length);
    for (const item of always) chosen[item] = 1;
    for (const f of this.present) for (const item of byFactor.get(f) ?? []) chosen[item] = 1;
    for (const { item, factors } of unindexed) if (factors.some((f) => this.text.includes(f))) chosen[item] = 1;
    return chosen;
  }
}

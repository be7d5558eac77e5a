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
import { SHORT_RUN_CHARS } from './types.js';

/** A node of the factor trie: the factor ending here (with its owners), and what may follow. */
interface TrieNode {
  next: Map<number, TrieNode>;
  factor?: string;
  owners?: number[];
  /** The scan that last found this node's factor (see FactorIndex.scan). */
  seen: number;
}

export class FactorIndex {
  /** Every factor of every owner, as a trie of UTF-16 units: its first level by unit (built on demand). */
  private first?: (TrieNode | undefined)[];
  /** Counts scans: a node whose `seen` is the current scan was found in this draft already. */
  private scans = 0;
  /** Characters scanned without the trie so far (see `scan`). */
  private scannedPlain = 0;
  /** Owners whose factors are unknown: they always run. */
  private readonly always: number[] = [];
  private readonly selectors = new WeakMap<readonly { factors: Factors }[], Selector>();

  /** `ownerFactors[i]`: the factors of owner i (a rule), or null when it has none. */
  constructor(private readonly ownerFactors: readonly Factors[]) {
    ownerFactors.forEach((factors, owner) => {
      if (!factors) this.always.push(owner);
    });
  }

  private trie(): (TrieNode | undefined)[] {
    if (this.first) return this.first;
    const first = new Array<TrieNode | undefined>(0x10000).fill(undefined);
    this.ownerFactors.forEach((factors, owner) => {
      for (const factor of new Set(factors)) {
        const unit = factor.charCodeAt(0);
        let node: TrieNode = (first[unit] ??= { next: new Map(), seen: 0 });
        for (let i = 1; i < factor.length; i++) {
          const unit = factor.charCodeAt(i);
          let child = node.next.get(unit);
          if (!child) node.next.set(unit, (child = { next: new Map(), seen: 0 }));
          node = child;
        }
        node.factor = factor;
        (node.owners ??= []).push(owner);
      }
    });
    return (this.first = first);
  }

  /**
   * Says that drafts of `chars` characters in all are about to be scanned: past the first few
   * thousand, the trie is built at once rather than after they were searched factor by factor.
   */
  expect(chars: number): void {
    if (this.scannedPlain + chars > SHORT_RUN_CHARS) this.trie();
  }

  /**
   * What occurs in `text`: the indexed factors, and so which owners may match. The first few
   * thousand characters (a one-line draft) are searched factor by factor, which costs less than
   * building the trie; past that (or when `expect` was told of more), the trie is built and
   * walked from each character.
   */
  scan(text: string): PresentFactors {
    const owners = new Uint8Array(this.ownerFactors.length);
    for (let k = 0; k < this.always.length; k++) owners[this.always[k]!] = 1;
    if (!this.first && this.scannedPlain + text.length <= SHORT_RUN_CHARS) {
      this.scannedPlain += text.length;
      const present = new Set<string>();
      this.ownerFactors.forEach((factors, owner) => {
        for (const factor of factors ?? []) {
          if (text.includes(factor)) {
            present.add(factor);
            owners[owner] = 1;
          }
        }
      });
      return new PresentFactors(this, [...present], owners, text);
    }
    const first = this.trie();
    const present: string[] = [];
    const scan = ++this.scans;
    for (let i = 0; i < text.length; i++) {
      // Walk the trie from here: every factor that starts at i is on the path.
      let node = first[text.charCodeAt(i)];
      for (let j = i + 1; node; j++) {
        if (node.factor !== undefined && node.seen !== scan) {
          node.seen = scan;
          present.push(node.factor);
          const of = node.owners!;
          for (let k = 0; k < of.length; k++) owners[of[k]!] = 1;
        }
        node = j < text.length ? node.next.get(text.charCodeAt(j)) : undefined;
      }
    }
    return new PresentFactors(this, present, owners, text);
  }

  /**
   * How to choose among `items` (the patterns of owner `owner`) by their factors, made once per
   * list. A factor of the owner's own is indexed; the items' other factors (a rule whose own
   * factors are unknown is not indexed at all) are looked for in the text.
   */
  selector(items: readonly { factors: Factors }[], owner: number): Selector {
    let selector = this.selectors.get(items);
    if (!selector) {
      const known = new Set(this.ownerFactors[owner] ?? []);
      selector = { byFactor: new Map(), always: [], unindexed: [] };
      items.forEach(({ factors }, item) => {
        if (!factors) selector!.always.push(item);
        else if (factors.some((f) => !known.has(f))) selector!.unindexed.push({ item, factors });
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

/** Inserts `item` into the ascending list unless it is there (lists are a handful long). */
function insertSorted(list: number[], item: number): void {
  let at = list.length;
  while (at > 0 && list[at - 1]! > item) at--;
  if (at > 0 && list[at - 1] === item) return;
  list.push(item);
  for (let k = list.length - 1; k > at; k--) list[k] = list[k - 1]!;
  list[at] = item;
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
    /** The factors found, each once. */
    private readonly present: readonly string[],
    private readonly owners: Uint8Array,
    private readonly text: string,
  ) {}

  /** Whether owner `i` (a rule) may match: one of its factors occurs, or it has none. */
  mayRun(owner: number): boolean {
    return this.owners[owner] === 1;
  }

  /**
   * Which of `items` (a rule's patterns) may match: the indices, ascending, of those one of whose
   * factors occurs or that have none. A draft holds a few of a rule's factors at most, so this
   * looks up what is present rather than going through every item.
   */
  select(items: readonly { factors: Factors }[], owner: number): number[] {
    const { byFactor, always, unindexed } = this.index.selector(items, owner);
    const chosen: number[] = [];
    for (let k = 0; k < always.length; k++) insertSorted(chosen, always[k]!);
    for (let p = 0; p < this.present.length; p++) {
      const list = byFactor.get(this.present[p]!);
      if (list) for (let k = 0; k < list.length; k++) insertSorted(chosen, list[k]!);
    }
    for (const { item, factors } of unindexed) if (factors.some((f) => this.text.includes(f))) insertSorted(chosen, item);
    return chosen;
  }
}

/**
 * Reading a user's YAML file (a rule file, the config) with positions: every value is checked
 * against what is expected, and every problem is recorded at the line and column of the node
 * that caused it, together with a snippet. Nothing here throws on bad input.
 */
import { createRequire } from 'node:module';
import type { Document, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';

type YamlLibrary = typeof import('yaml');
let library: YamlLibrary | undefined;

/**
 * The yaml package, loaded on first use (its CommonJS build, so this stays synchronous): a run
 * with the built-in rules (stored as data by the build) and no config file never needs it.
 */
export function yamlLibrary(): YamlLibrary {
  library ??= createRequire(import.meta.url)('yaml') as YamlLibrary;
  return library;
}

export const isMap = (node: unknown): node is YAMLMap => yamlLibrary().isMap(node);
export const isSeq = (node: unknown): node is YAMLSeq => yamlLibrary().isSeq(node);
export const isScalar = (node: unknown): node is Scalar => yamlLibrary().isScalar(node);
const isAlias = (node: unknown) => yamlLibrary().isAlias(node);
import { didYouMean, snippetAt, type Problem } from './errors.js';
import { createLocator, type Locate } from './position.js';

/** A YAML file being read: collects problems with their positions. */
export class YamlReader {
  readonly problems: Problem[] = [];
  readonly doc: Document.Parsed;
  private readonly locate: Locate;

  constructor(
    readonly file: string,
    readonly text: string,
    /** `trusted`: a file of the built-in pack (its regexes are checked by a test, not at load). */
    readonly options: { trusted?: boolean } = {},
  ) {
    this.locate = createLocator(text);
    this.doc = yamlLibrary().parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    for (const error of this.doc.errors) {
      this.report(error.pos[0], `YAML syntax error: ${firstLine(error.message)}`);
    }
    // Rule and config files are plain data: an explicit tag (`!!js/function`, `!!binary`, `!custom`)
    // never does anything; refuse it rather than read it as a string the author did not mean.
    const { visit, isNode } = yamlLibrary();
    visit(this.doc, (_key, node) => {
      if (isNode(node) && node.tag && node.range) {
        // The tag is the word before the value (`!!js/function "…"`).
        let end = node.range[0];
        while (end > 0 && /\s/.test(text[end - 1]!)) end--;
        let at = end;
        while (at > 0 && !/\s/.test(text[at - 1]!)) at--;
        const tag = text.slice(at, end).startsWith('!') ? text.slice(at, end) : node.tag;
        this.report(text[at] === '!' ? at : node.range[0], `YAML tags are not supported (${tag}): rule and config files are plain data`);
      }
    });
  }

  /** Records a problem at a UTF-16 offset of the file. */
  report(offset: number, message: string): void {
    this.problems.push(this.problemAt(offset, message));
  }

  /** A problem at a UTF-16 offset of the file, without recording it. */
  problemAt(offset: number, message: string): Problem {
    const { line, column } = this.locate(offset);
    return { file: this.file, line, column, message, snippet: snippetAt(this.text, line, column) };
  }

  /** A problem at a node, without recording it (for problems found later, e.g. unknown rule ids). */
  problemAtNode(node: unknown, message: string): Problem {
    const range = (node as Node | null | undefined)?.range;
    return this.problemAt(range ? range[0] : 0, message);
  }

  /** Records a problem at a node (or at the start of the file when there is no node). */
  reportAt(node: unknown, message: string): void {
    const range = (node as Node | null | undefined)?.range;
    this.report(range ? range[0] : 0, message);
  }

  /** The root mapping, or undefined (with a problem recorded) when the file is not a mapping. */
  root(what: string): Map<string, Entry> | undefined {
    if (this.doc.errors.length) return undefined;
    const contents = this.doc.contents;
    if (!isMap(contents)) {
      this.reportAt(contents, `${what} must be a YAML mapping (key: value lines)`);
      return undefined;
    }
    return this.entries(contents, [], what);
  }

  /**
   * The entries of a mapping node. Keys not in `allowed` are reported with a "did you mean"
   * (pass an empty `allowed` to accept any key).
   */
  entries(node: unknown, allowed: readonly string[], what: string): Map<string, Entry> | undefined {
    if (!isMap(node)) {
      this.reportAt(node, `${what} must be a mapping`);
      return undefined;
    }
    const out = new Map<string, Entry>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined) {
        this.reportAt(keyNode, `${what}: keys must be plain words`);
        continue;
      }
      if (allowed.length && !allowed.includes(key)) {
        this.reportAt(keyNode, `unknown key "${key}" in ${what}${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`);
        continue;
      }
      out.set(key, { key, keyNode, node: this.resolve(pair.value as Node | null) });
    }
    return out;
  }

  /**
   * A string value (numbers are accepted and turned into strings). Empty strings are refused
   * unless `allowEmpty` (a rewrite may be empty: it deletes the flagged text).
   */
  string(entry: Entry | undefined, what: string, opts: { allowEmpty?: boolean } = {}): string | undefined {
    if (!entry) return undefined;
    const { node } = entry;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && (opts.allowEmpty || String(node.value) !== '')) {
      return String(node.value);
    }
    this.reportAt(node ?? entry.keyNode, `${what} must be a ${opts.allowEmpty ? '' : 'non-empty '}string`);
    return undefined;
  }

  /** A string, or a list of strings; always returned as a list. */
  strings(entry: Entry | undefined, what: string, opts: { allowEmpty?: boolean } = {}): string[] | undefined {
    if (!entry) return undefined;
    const { node } = entry;
    if (isSeq(node)) {
      const out: string[] = [];
      for (const item of node.items) {
        const value = this.string({ key: entry.key, keyNode: entry.keyNode, node: this.resolve(item as Node) }, `each item of ${what}`, opts);
        if (value !== undefined) out.push(value);
      }
      return out;
    }
    const single = this.string(entry, `${what} (a string or a list of strings)`, opts);
    return single === undefined ? undefined : [single];
  }

  /** A list node's items, each with its node for positions (aliases resolved). */
  list(entry: Entry | undefined, what: string): Node[] | undefined {
    if (!entry) return undefined;
    if (!isSeq(entry.node)) {
      this.reportAt(entry.node ?? entry.keyNode, `${what} must be a list`);
      return undefined;
    }
    return entry.node.items.map((item) => this.resolve(item as Node)!);
  }

  /** A YAML alias (`*name`) stands for the node it names: rule authors can share a list. */
  private resolve(node: Node | null): Node | null {
    return isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? node) : node;
  }

  boolean(entry: Entry | undefined, what: string): boolean | undefined {
    if (!entry) return undefined;
    if (isScalar(entry.node) && typeof entry.node.value === 'boolean') return entry.node.value;
    this.reportAt(entry.node ?? entry.keyNode, `${what} must be true or false`);
    return undefined;
  }

  number(entry: Entry | undefined, what: string, min = 0): number | undefined {
    if (!entry) return undefined;
    const { node } = entry;
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= min) {
      return node.value;
    }
    this.reportAt(node ?? entry.keyNode, `${what} must be a whole number ≥ ${min}`);
    return undefined;
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(entry: Entry | undefined, what: string, choices: readonly T[]): T | undefined {
    const value = this.string(entry, what);
    if (value === undefined) return undefined;
    if ((choices as readonly string[]).includes(value)) return value as T;
    this.reportAt(entry?.node, `${what} must be one of ${choices.join(', ')}, not "${value}"${didYouMean(value, choices)}`);
    return undefined;
  }

  /** 1-based line of a node (for naming examples in test output). */
  lineOf(node: unknown): number {
    const range = (node as Node | null | undefined)?.range;
    return range ? this.locate(range[0]).line : 1;
  }
}

/** A key of a mapping with its nodes (for positions). */
export interface Entry {
  key: string;
  keyNode: Node | null;
  node: Node | null;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Stage 3 of the pipeline: word segmentation with jieba (@node-rs/jieba).
 *
 * Rules use tokens for word boundaries: `保证` must not fire inside `确保证件` (确保/证件). The
 * segmenter is created on first use: a clean draft, or one whose candidates need no boundary
 * check, never segments.
 *
 * @node-rs/jieba is used rather than nodejieba: same algorithm and dictionary, prebuilt binaries
 * (no C++ toolchain at install) and a dictionary load several times faster.
 *
 * Loading jieba's whole dictionary (349,046 words) still takes about 0.2 s — more than everything
 * else a one-line draft costs. So the first few drafts are segmented with a jieba built from only
 * the dictionary words that occur in the draft, found by binary search in a sorted copy of the
 * dictionary the build writes (`dist/jieba-words.txt`). jieba's choice of words for a sentence
 * depends only on the dictionary words inside it and on the dictionary's total frequency (kept
 * equal with one filler entry no text contains), so the result is the same as with the full
 * dictionary — test/segment.test.ts compares the two. Past a few thousand characters the full
 * dictionary is loaded once and used for the rest of the run.
 */
import { fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Range } from './types.js';

/** A word of the normalized text. */
export interface Token {
  word: string;
  /** jieba part-of-speech tag (n, v, d, x, …), when asked for (`tags: true`); '' otherwise. */
  tag: string;
  /** Range into the normalized text that was segmented. */
  range: Range;
}

export interface Segmenter {
  /** jieba's words of `text` (with part-of-speech tags when `tags`, which costs more). */
  segment(text: string, options?: { tags?: boolean }): Token[];
  /**
   * Says how many characters may be segmented next (a whole file's drafts): past the partial
   * dictionaries' limit the full dictionary is loaded at once instead of after the limit.
   */
  expect(chars: number): void;
}

interface JiebaLike {
  cut(text: string, hmm?: boolean): string[];
  tag(text: string, hmm?: boolean): { word: string; tag: string }[];
  loadDict(dict: Uint8Array): void;
}

interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): JiebaLike };
}

const require = createRequire(import.meta.url);

/**
 * Frequency given to user dictionary words. High enough that jieba keeps a listed word whole
 * (拍下 rather than 先拍/下), low enough not to swallow its neighbours.
 */
const USER_WORD_FREQUENCY = 20000;

/** After segmenting this many characters with partial dictionaries, load the whole one. */
const PARTIAL_DICTIONARY_CHARS = 2000;

/** A dictionary word no text contains, carrying the frequency of the words left out. */
const FILLER_WORD = '\uE000\uE001\uE002';

export interface SegmenterOptions {
  /** The sorted dictionary (default: the build's WORD_INDEX); null: always the full dictionary. */
  wordIndex?: string | null;
  /** Characters segmented with partial dictionaries before the full one is loaded. */
  partialLimit?: number;
}

/**
 * Creates a segmenter that loads jieba on its first `segment` call. `userWords` (from the config
 * and the rule pack) are added to jieba's dictionary, at USER_WORD_FREQUENCY.
 */
export function createSegmenter(userWords: readonly string[] = [], options: SegmenterOptions = {}): Segmenter {
  const partialLimit = options.partialLimit ?? PARTIAL_DICTIONARY_CHARS;
  const words = userWords.map((w) => w.trim()).filter((w) => w && !/\s/.test(w));
  const userDict = words.length ? Buffer.from(words.map((w) => `${w} ${USER_WORD_FREQUENCY}`).join('\n')) : undefined;
  let full: JiebaLike | undefined;
  let index: WordIndex | null | undefined = options.wordIndex === null ? null : undefined;
  let partialChars = 0;

  const withUserWords = (jieba: JiebaLike): JiebaLike => {
    if (userDict) jieba.loadDict(userDict);
    return jieba;
  };
  const loadFull = (): JiebaLike => {
    const dict = readFileSync(require.resolve('@node-rs/jieba/dict.txt'));
    return withUserWords(jiebaModule().Jieba.withDict(dict));
  };
  /** A jieba whose dictionary holds only the words that occur in `text` (and the user words). */
  const partial = (text: string): JiebaLike | undefined => {
    if (index === undefined) index = WordIndex.open(options.wordIndex ?? WORD_INDEX);
    if (!index) return undefined;
    return withUserWords(jiebaModule().Jieba.withDict(index.dictionaryFor(text, words)));
  };
  return {
    expect(chars: number): void {
      if (partialChars + chars > partialLimit) partialChars = Infinity;
    },
    segment(text: string, { tags = false } = {}): Token[] {
      let jieba = full;
      if (!jieba && partialChars + text.length <= partialLimit) {
        partialChars += text.length;
        jieba = partial(text);
      }
      jieba ??= full = loadFull();
      const tokens: Token[] = [];
      let cursor = 0;
      // cut() gives the same words as tag(), without looking up their tags.
      const words = tags ? jieba.tag(text, true) : jieba.cut(text, true).map((word) => ({ word, tag: '' }));
      for (const { word, tag } of words) {
        // jieba returns every character of the input in order; find each word from the cursor
        // so that offsets stay right even if it ever skips something.
        const at = text.startsWith(word, cursor) ? cursor : text.indexOf(word, cursor);
        if (at < 0) continue;
        tokens.push({ word, tag, range: [at, at + word.length] });
        cursor = at + word.length;
      }
      return tokens;
    },
  };
}

let loadedModule: JiebaModule | undefined;

/** The native module, loaded on first use (require(): the core stays synchronous). */
function jiebaModule(): JiebaModule {
  loadedModule ??= require('@node-rs/jieba') as JiebaModule;
  return loadedModule;
}

/** Where the build writes the sorted dictionary (beside this module in dist/). */
export const WORD_INDEX = fileURLToPath(new URL('./jieba-words.txt', import.meta.url));

/**
 * jieba's dictionary sorted by word, for binary search: a header line `#<total> <longest>` (the
 * sum of all frequencies, the longest word in UTF-16 units), then `word freq tag` lines in UTF-8
 * byte order of the word.
 */
class WordIndex {
  private constructor(
    private readonly file: PagedFile,
    private readonly start: number,
    readonly total: number,
    readonly longest: number,
  ) {}

  /** Opens the index, or null when there is none (a build without it: the full dictionary is used). */
  static open(path: string): WordIndex | null {
    const file = PagedFile.open(path);
    if (!file) return null;
    const eol = file.indexOf(10, 0);
    const m = /^#(\d+) (\d+)$/.exec(file.toString(0, eol));
    return m ? new WordIndex(file, eol + 1, Number(m[1]), Number(m[2])) : null;
  }

  /**
   * The dictionary line of `word` (undefined when it is no word), and whether some longer word
   * starts with it (when not, no longer substring starting at the same place need be looked up).
   */
  lookup(word: string): { line?: string; longer: boolean } {
    const key = Buffer.from(word);
    const file = this.file;
    let lo = this.start;
    let hi = file.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const lineStart = Math.max(lo, file.lastIndexOf(10, mid - 1) + 1);
      const lineEnd = file.indexOf(10, lineStart);
      const order = file.compare(key, lineStart, file.indexOf(32, lineStart));
      if (order === 0) return { line: file.toString(lineStart, lineEnd), longer: this.startsWith(lineEnd + 1, key) };
      if (order < 0) hi = lineStart;
      else lo = lineEnd + 1;
    }
    // `lo` is where the word would be: the first word after it in byte order.
    return { longer: this.startsWith(lo, key) };
  }

  /** Whether the word of the line at byte `at` starts with `key`. */
  private startsWith(at: number, key: Buffer): boolean {
    return at + key.length <= this.file.size && this.file.compare(key, at, at + key.length) === 0;
  }

  /** A dictionary with every word that occurs in `text`, the user words' entries, and the filler. */
  dictionaryFor(text: string, userWords: readonly string[]): Buffer {
    const lines = new Map<string, string>();
    let sum = 0;
    /** Adds `word` when it is a dictionary word; true when a longer word starts with it. */
    const add = (word: string): boolean => {
      const known = lines.get(word);
      const { line, longer } = known === undefined ? this.lookup(word) : { line: known, longer: true };
      if (line !== undefined && known === undefined) {
        lines.set(word, line);
        sum += Number(line.split(' ')[1]);
      }
      return longer;
    };
    for (let i = 0; i < text.length; i++) {
      for (let n = 1; n <= this.longest && i + n <= text.length; n++) if (!add(text.slice(i, i + n))) break;
    }
    // A user word already in the dictionary changes jieba's total when it is re-added: keep its entry.
    for (const word of userWords) add(word);
    return Buffer.from([...lines.values(), `${FILLER_WORD} ${this.total - sum} x`].join('\n'));
  }
}

/**
 * A file read in pages on demand: a binary search over the 5 MB dictionary touches a few dozen
 * pages, so a one-line draft reads some hundred kilobytes instead of the whole file.
 */
class PagedFile {
  private static readonly PAGE = 65536;
  private readonly pages = new Map<number, Buffer>();

  private constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  static open(path: string): PagedFile | null {
    try {
      const fd = openSync(path, 'r');
      return new PagedFile(fd, fstatSync(fd).size);
    } catch {
      return null;
    }
  }

  private page(n: number): Buffer {
    let page = this.pages.get(n);
    if (!page) {
      page = Buffer.alloc(Math.min(PagedFile.PAGE, this.size - n * PagedFile.PAGE));
      readSync(this.fd, page, 0, page.length, n * PagedFile.PAGE);
      this.pages.set(n, page);
    }
    return page;
  }

  /** Bytes [start, end) as one buffer (lines are short: usually within one page). */
  slice(start: number, end: number): Buffer {
    const first = Math.floor(start / PagedFile.PAGE);
    const last = Math.floor(Math.max(start, end - 1) / PagedFile.PAGE);
    if (first === last) return this.page(first).subarray(start - first * PagedFile.PAGE, end - first * PagedFile.PAGE);
    const parts: Buffer[] = [];
    for (let n = first; n <= last; n++) parts.push(this.page(n));
    return Buffer.concat(parts).subarray(start - first * PagedFile.PAGE, end - first * PagedFile.PAGE);
  }

  /** The first `value` at or after `from`, or the end of the file. */
  indexOf(value: number, from: number): number {
    for (let at = from; at < this.size; ) {
      const n = Math.floor(at / PagedFile.PAGE);
      const found = this.page(n).indexOf(value, at - n * PagedFile.PAGE);
      if (found >= 0) return n * PagedFile.PAGE + found;
      at = (n + 1) * PagedFile.PAGE;
    }
    return this.size;
  }

  /** The last `value` at or before `from`, or -1. */
  lastIndexOf(value: number, from: number): number {
    for (let at = from; at >= 0; ) {
      const n = Math.floor(at / PagedFile.PAGE);
      const found = this.page(n).lastIndexOf(value, at - n * PagedFile.PAGE);
      if (found >= 0) return n * PagedFile.PAGE + found;
      at = n * PagedFile.PAGE - 1;
    }
    return -1;
  }

  /** `key` compared with bytes [start, end). */
  compare(key: Buffer, start: number, end: number): number {
    const n = Math.floor(start / PagedFile.PAGE);
    if (Math.floor(Math.max(start, end - 1) / PagedFile.PAGE) === n) {
      return key.compare(this.page(n), start - n * PagedFile.PAGE, end - n * PagedFile.PAGE);
    }
    return key.compare(this.slice(start, end));
  }

  toString(start: number, end: number): string {
    return this.slice(start, end).toString('utf8');
  }
}

/** Writes the sorted dictionary (called by the build). */
export function writeWordIndex(path: string = WORD_INDEX): void {
  const entries = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => ({ line: line.trim(), key: Buffer.from(line.trim().split(' ')[0]!) }));
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  const total = entries.reduce((sum, e) => sum + Number(e.line.split(' ')[1]), 0);
  const longest = entries.reduce((max, e) => Math.max(max, e.key.toString().length), 0);
  writeFileSync(path, `#${total} ${longest}\n${entries.map((e) => e.line).join('\n')}\n`);
}

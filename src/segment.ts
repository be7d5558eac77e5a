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
 * dictionary — test/segment.test.ts compares the two. Past a few thousand characters a run is
 * segmented on a worker thread, one partial dictionary per batch of drafts (SegmentationWorker).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MessagePort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { SHORT_RUN_CHARS, type Range } from './types.js';

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
  /** Word boundaries of `text`: see `boundariesOf`. */
  boundaries(text: string): Uint8Array;
  /**
   * Starts segmenting a run of texts (a file's drafts) that total `chars` characters. A long run
   * is segmented on a worker thread (see SegmentationWorker) while this thread goes on matching.
   */
  run(chars: number): SegmentationRun;
}

/** How the drafts of one run are segmented. */
export interface SegmentationRun {
  /**
   * The word boundaries of `text` now, or undefined when they come from the worker: then `submit`
   * the text and take them later with `wait`.
   */
  now(text: string): Uint8Array | undefined;
  /** Hands a text to the worker; returns its ticket. */
  submit(text: string): number;
  /** The boundaries of a submitted text (waits for the worker when it is behind). */
  wait(ticket: number, text: string): Uint8Array;
}

/** Flags of `boundaries(text)[i]`: a word starts at i, a word ends at i. */
export const WORD_START = 1;
export const WORD_END = 2;

/**
 * One flag byte per position 0…length of `text`: WORD_START where one of `words` (jieba's words
 * of `text`, in order) starts, WORD_END where one ends. Self-contained: the worker thread runs
 * this same function (see SegmentationWorker).
 */
export function boundariesOf(text: string, words: readonly string[], visit?: (word: number, at: number) => void): Uint8Array {
  const flags = new Uint8Array(text.length + 1);
  let cursor = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    // jieba returns every character of the input in order; find each word from the cursor
    // so that offsets stay right even if it ever skips something.
    const at = text.startsWith(word, cursor) ? cursor : text.indexOf(word, cursor);
    if (at < 0) continue;
    flags[at] = flags[at]! | 1;
    flags[at + word.length] = flags[at + word.length]! | 2;
    visit?.(i, at);
    cursor = at + word.length;
  }
  return flags;
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

/**
 * Characters segmented one text at a time on this thread, each with its own partial dictionary.
 * Past them, runs are segmented a batch at a time (on the worker, or here without one), and a
 * single text outside a run (`segment`, a worker's fallback) gets the full dictionary.
 */
const PARTIAL_DICTIONARY_CHARS = SHORT_RUN_CHARS;

/** A dictionary word no text contains, carrying the frequency of the words left out. */
const FILLER_WORD = '\uE000\uE001\uE002';

export interface SegmenterOptions {
  /** The sorted dictionary (default: the build's WORD_INDEX); null: always the full dictionary. */
  wordIndex?: string | null;
  /** Characters segmented one text at a time (see PARTIAL_DICTIONARY_CHARS). */
  partialLimit?: number;
  /** Whether a long run may be segmented on a worker thread (default: yes). */
  worker?: boolean;
  /** The jieba module the worker loads (default: @node-rs/jieba; tests give a broken one). */
  workerJieba?: string;
  /**
   * Dictionary entries of user words looked up ahead (`dictionaryEntries`: the build's, for the
   * built-in words): a partial dictionary then need not look them up.
   */
  knownEntries?: Readonly<Record<string, string | null>>;
}

/**
 * Creates a segmenter that loads jieba on first use. `userWords` (from the config and the rule
 * pack) are added to jieba's dictionary, at USER_WORD_FREQUENCY.
 */
export function createSegmenter(userWords: readonly string[] = [], options: SegmenterOptions = {}): Segmenter {
  const partialLimit = options.partialLimit ?? PARTIAL_DICTIONARY_CHARS;
  const words = userWords.map((w) => w.trim()).filter((w) => w && !/\s/.test(w));
  const userDict = words.length ? Buffer.from(words.map((w) => `${w} ${USER_WORD_FREQUENCY}`).join('\n')) : undefined;
  // User words whose entries are known ahead, and the others (looked up in each partial dictionary).
  const known = options.knownEntries ?? {};
  const lookUp = words.filter((w) => !Object.hasOwn(known, w));
  const knownLines = words.flatMap((w) => (Object.hasOwn(known, w) && known[w] ? [known[w]] : []));
  let full: JiebaLike | undefined;
  let index: WordSource | null | undefined = options.wordIndex === null ? null : undefined;
  let partialChars = 0;
  /** The worker thread of long runs (started by the first one); null when it cannot be used. */
  let worker: SegmentationWorker | null | undefined = options.worker === false ? null : undefined;

  const withUserWords = (jieba: JiebaLike): JiebaLike => {
    if (userDict) jieba.loadDict(userDict);
    return jieba;
  };
  const wordSource = (): WordSource | null => {
    if (index === undefined) index = openPagedWords(options.wordIndex ?? WORD_INDEX);
    return index;
  };
  /** A jieba whose dictionary holds only the words that occur in `text` (and the user words). */
  const partial = (text: string): JiebaLike | undefined => {
    const source = wordSource();
    return source ? withUserWords(jiebaModule().Jieba.withDict(partialDictionary(source, text, lookUp, FILLER_WORD, knownLines))) : undefined;
  };
  /** The jieba to segment `text` with on this thread. */
  const jiebaFor = (text: string): JiebaLike => {
    let jieba = full;
    if (!jieba && partialChars + text.length <= partialLimit) {
      partialChars += text.length;
      jieba = partial(text);
    }
    return jieba ?? (full = withUserWords(jiebaModule().Jieba.withDict(readFileSync(dictionaryPath()))));
  };
  const boundaries = (text: string): Uint8Array => boundariesOf(text, jiebaFor(text).cut(text, true));
  /** Segments on this thread, when a text's boundaries are asked for. */
  const inThisThread: SegmentationRun = { now: boundaries, submit: () => 0, wait: (_ticket, text) => boundaries(text) };

  return {
    boundaries,
    segment(text: string, { tags = false } = {}): Token[] {
      const jieba = jiebaFor(text);
      // cut() gives the same words as tag(), without looking up their tags.
      const words = tags ? jieba.tag(text, true) : jieba.cut(text, true).map((word) => ({ word, tag: '' }));
      const tokens: Token[] = [];
      boundariesOf(
        text,
        words.map((w) => w.word),
        (i, at) => tokens.push({ word: words[i]!.word, tag: words[i]!.tag, range: [at, at + words[i]!.word.length] }),
      );
      return tokens;
    },
    run(chars: number): SegmentationRun {
      // Short runs stay here (partial dictionaries; only drafts that need it are segmented).
      if (full || partialChars + chars <= partialLimit) return inThisThread;
      /**
       * A long run segmented here after all: a batch at a time, each with a jieba of the words in
       * it; without the sorted dictionary, the full dictionary at once (not partial ones first).
       */
      const here = (): SegmentationRun => {
        if (wordSource()) {
          const batches: string[][] = [];
          return batchedRun(
            (texts) => batches.push(texts) - 1,
            (batch) => {
              const texts = batches[batch]!;
              delete batches[batch];
              // Texts are joined by line breaks, which no word holds.
              const jieba = partial(texts.join('\n'))!;
              return texts.map((text) => boundariesOf(text, jieba.cut(text, true)));
            },
            boundaries,
            () => undefined,
          );
        }
        partialChars = Infinity;
        return inThisThread;
      };
      if (worker === null || worker?.failed) return here();
      // The worker starts when a draft first needs word boundaries: a long file whose drafts
      // need none never loads jieba.
      let threaded: SegmentationRun | undefined;
      const started = (): SegmentationRun => {
        if (worker === undefined) {
          const wordIndex = options.wordIndex === null ? null : (options.wordIndex ?? WORD_INDEX);
          worker = SegmentationWorker.start(options.workerJieba ?? jiebaPath(), wordIndex);
          if (userDict) worker?.addWords(userDict, lookUp, knownLines);
        }
        return (threaded ??= worker && !worker.failed ? worker.run(boundaries) : here());
      };
      return { now: (text) => started().now(text), submit: (text) => started().submit(text), wait: (ticket, text) => started().wait(ticket, text) };
    },
  };
}

const workerThreads = (): typeof import('node:worker_threads') => require('node:worker_threads') as typeof import('node:worker_threads');

/** jieba's dictionary, in the package. */
const dictionaryPath = (): string => require.resolve('@node-rs/jieba/dict.txt');

/** Characters of drafts sent to the worker at a time. */
const BATCH_CHARS = 8192;

/** How long to wait for the worker before segmenting on this thread instead. */
const WORKER_PATIENCE_MS = 60_000;

/**
 * A run whose texts are segmented a batch (BATCH_CHARS) at a time: `submit` collects texts, each
 * full batch goes to `send` (which numbers it), and `wait` takes a text's boundaries from what
 * `receive` gives for its batch — or from `fallback` when that is nothing. `now` answers texts
 * that need not wait (undefined: submit it).
 */
function batchedRun(
  send: (texts: string[]) => number,
  receive: (batch: number) => Uint8Array[] | undefined,
  fallback: (text: string) => Uint8Array,
  now: (text: string) => Uint8Array | undefined,
): SegmentationRun {
  /** Per ticket: its batch (this run's numbering) and its place in the batch. */
  const batchOf: number[] = [];
  const placeOf: number[] = [];
  /** Per batch of this run: the number `send` gave it. */
  const sent: number[] = [];
  let texts: string[] = [];
  let chars = 0;
  let current: { batch: number; flags?: Uint8Array[] } | undefined;
  const flush = () => {
    if (!texts.length) return;
    sent.push(send(texts));
    texts = [];
    chars = 0;
  };
  return {
    now,
    submit: (text) => {
      const ticket = batchOf.length;
      batchOf.push(sent.length);
      placeOf.push(texts.length);
      texts.push(text);
      chars += text.length;
      if (chars >= BATCH_CHARS) flush();
      return ticket;
    },
    wait: (ticket, text) => {
      const batch = batchOf[ticket]!;
      if (batch === sent.length) flush();
      if (current?.batch !== batch) current = { batch, flags: receive(sent[batch]!) };
      return current.flags?.[placeOf[ticket]!] ?? fallback(text);
    },
  };
}

/** The worker's answer to a batch: each text's boundaries, one after the other. */
interface BatchResult {
  batch: number;
  /** The flags of text i are flags[offsets[i]…offsets[i + 1]). */
  flags?: Uint8Array;
  offsets?: Int32Array;
  error?: string;
}

/**
 * jieba on a worker thread, for long runs: finding the dictionary words of each batch and
 * segmenting a large file then happen on the second core while this thread matches. The core
 * stays synchronous: batches of drafts are posted ahead, and a draft's boundaries are taken with
 * `receiveMessageOnPort`, waiting on a shared counter (Atomics.wait) only when the worker is
 * behind. The worker segments exactly as this thread would (the same dictionary and user words,
 * the same `boundariesOf`); test/segment.test.ts compares the two.
 */
class SegmentationWorker {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private readonly results = new Map<number, BatchResult>();
  private nextBatch = 0;
  /** Set when the worker could not load jieba or stopped answering: segment on this thread. */
  failed = false;

  private constructor(jieba: string, words: string | null) {
    // Loaded here, not at start-up: a short draft never starts a worker.
    const { MessageChannel, Worker } = workerThreads();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const worker = new Worker(`(${workerMain.toString()})(require, ${boundariesOf.toString()}, ${partialDictionary.toString()}, ${wordSourceOf.toString()});`, {
      eval: true,
      workerData: { jieba, dictionary: dictionaryPath(), words, filler: FILLER_WORD, port: port2, signal: this.signal },
      transferList: [port2],
      // Its strings live for one batch: a small young generation keeps its memory small.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    // Never keeps the process alive: it only answers this thread's requests.
    worker.unref();
    port1.unref();
  }

  /** A worker, or null when this Node cannot start one. */
  static start(jieba: string, words: string | null): SegmentationWorker | null {
    try {
      return new SegmentationWorker(jieba, words);
    } catch {
      return null;
    }
  }

  /** The user words: their jieba dictionary, those to look up and the known entries (see partialDictionary). */
  addWords(dict: Uint8Array, list: readonly string[], known: readonly string[]): void {
    this.port.postMessage({ words: dict, list, known });
  }

  /** A run of texts, batched; `fallback` segments a text here if the worker fails. */
  run(fallback: (text: string) => Uint8Array): SegmentationRun {
    return batchedRun(
      (texts) => this.send(texts),
      (batch) => {
        const { flags, offsets } = (this.failed ? undefined : this.receive(batch)) ?? {};
        if (!flags || !offsets) return undefined;
        return Array.from({ length: offsets.length - 1 }, (_, i) => flags.subarray(offsets[i]!, offsets[i + 1]!));
      },
      fallback,
      (text) => (this.failed ? fallback(text) : undefined),
    );
  }

  private send(texts: string[]): number {
    const batch = this.nextBatch++;
    this.port.postMessage({ batch, texts });
    return batch;
  }

  /** The worker's answer for `batch` (undefined when it failed: then it is not used again). */
  private receive(batch: number): BatchResult | undefined {
    const deadline = Date.now() + WORKER_PATIENCE_MS;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const { receiveMessageOnPort } = workerThreads();
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const result = m.message as BatchResult;
        this.results.set(result.batch, result);
      }
      const result = this.results.get(batch);
      if (result) {
        // Batches are asked for in order: earlier ones are no longer needed.
        for (const b of this.results.keys()) if (b <= batch) this.results.delete(b);
        if (result.error === undefined) return result;
      }
      if (result || Date.now() > deadline) {
        this.failed = true;
        return undefined;
      }
      Atomics.wait(this.signal, 0, seen, 1000);
    }
  }
}

/**
 * The worker thread's program, run from its source text (so that it needs no file of its own in
 * src/, dist/ or the bundle); `markBoundaries` (boundariesOf), `dictionaryFor` (partialDictionary)
 * and `openWords` (wordSourceOf) are passed the same way. Each batch is segmented with a jieba
 * built from the words that occur in it, found in the sorted dictionary read whole (6.6 MB,
 * against some 45 MB and 0.2 s for jieba's full dictionary); without the sorted dictionary, with
 * the full one. Every request is answered and the shared counter bumped, so the main thread can
 * wait without an event loop.
 */
function workerMain(
  require: NodeJS.Require,
  markBoundaries: typeof boundariesOf,
  dictionaryFor: typeof partialDictionary,
  openWords: typeof wordSourceOf,
): void {
  const { workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const data = workerData as { jieba: string; dictionary: string; words: string | null; filler: string; port: MessagePort; signal: Int32Array };
  let module: JiebaModule | undefined;
  let full: JiebaLike | undefined;
  let source: WordSource | undefined;
  let failure: string | undefined;
  try {
    module = require(data.jieba) as JiebaModule;
    if (data.words) {
      const whole = (buffer: Buffer): Bytes => ({
        size: buffer.length,
        byteAt: (at) => buffer[at]!,
        uint32At: (at) => buffer.readUInt32LE(at),
        text: (start, end) => buffer.toString('utf8', start, end),
        whole: buffer,
      });
      source = openWords(whole(readFileSync(data.words)), whole(readFileSync(`${data.words}.offsets`))) ?? undefined;
    }
  } catch {
    source = undefined;
  }
  try {
    if (!module) throw new Error(`cannot load ${data.jieba}`);
    if (!source) full = module.Jieba.withDict(readFileSync(data.dictionary));
  } catch (error) {
    failure = String(error);
  }
  let userDict: Uint8Array | undefined;
  let userWords: string[] = [];
  let knownLines: string[] = [];
  const answer = (result: BatchResult, transfer: ArrayBuffer[]) => {
    data.port.postMessage(result, transfer);
    Atomics.add(data.signal, 0, 1);
    Atomics.notify(data.signal, 0);
  };
  data.port.on('message', (request: { words?: Uint8Array; list?: string[]; known?: string[]; batch: number; texts: string[] }) => {
    try {
      if (failure !== undefined) throw new Error(failure);
      if (request.words) {
        userDict = request.words;
        userWords = request.list ?? [];
        knownLines = request.known ?? [];
        full?.loadDict(userDict);
        return;
      }
      let jieba = full;
      if (!jieba) {
        // Texts are joined by line breaks, which no word holds.
        jieba = module!.Jieba.withDict(dictionaryFor(source!, request.texts.join('\n'), userWords, data.filler, knownLines));
        if (userDict) jieba.loadDict(userDict);
      }
      const parts = request.texts.map((text) => markBoundaries(text, jieba.cut(text, true)));
      const offsets = new Int32Array(parts.length + 1);
      parts.forEach((part, i) => (offsets[i + 1] = offsets[i]! + part.length));
      const flags = new Uint8Array(offsets[parts.length]!);
      parts.forEach((part, i) => flags.set(part, offsets[i]));
      answer({ batch: request.batch, flags, offsets }, [flags.buffer, offsets.buffer]);
    } catch (error) {
      // A failure with the user words is reported with the next batch.
      failure ??= String(error);
      if (!request.words) answer({ batch: request.batch, error: String(error) }, []);
    }
  });
}

let loadedModule: JiebaModule | undefined;

/**
 * The native module of this platform's binary package (@node-rs/jieba-linux-x64-gnu, …), loaded
 * directly: the package's own loader first works out the platform (reading /usr/bin/ldd to tell
 * glibc from musl), a few milliseconds of every draft that needs segmenting. Where there is no
 * such package or it does not load (musl), the package's loader decides.
 */
const PLATFORM_BINARY = `@node-rs/jieba-${process.platform}-${process.arch}${process.platform === 'linux' ? '-gnu' : process.platform === 'win32' ? '-msvc' : ''}`;

/** The native module, loaded on first use (require(): the core stays synchronous). */
function jiebaModule(): JiebaModule {
  if (!loadedModule) {
    try {
      loadedModule = require(PLATFORM_BINARY) as JiebaModule;
    } catch {
      loadedModule = require('@node-rs/jieba') as JiebaModule;
    }
  }
  return loadedModule;
}

/** What the worker loads: the platform's binary package where there is one (see PLATFORM_BINARY). */
function jiebaPath(): string {
  try {
    return require.resolve(PLATFORM_BINARY);
  } catch {
    return require.resolve('@node-rs/jieba');
  }
}

/** Where the build writes the sorted dictionary (beside this module in dist/). */
export const WORD_INDEX = fileURLToPath(new URL('./jieba-words.txt', import.meta.url));

/**
 * jieba's dictionary sorted by word, for binary search: a header line `#<total> <longest>` (the
 * sum of all frequencies, the longest word in UTF-16 units), then `word freq tag` lines in UTF-8
 * byte order of the word. Beside it, `<path>.offsets` (32-bit little-endian numbers): for each
 * UTF-16 unit u (0…0x10000), the first line whose word starts with u or a later unit
 * (FIRST_UNITS numbers), then where each line starts. No word holds a space, a control character
 * or a character outside the Basic Multilingual Plane (the build checks), which the search relies on.
 */
export interface WordSource {
  /** How many word lines there are. */
  count: number;
  /** Where line k starts (a byte offset). */
  lineAt(k: number): number;
  /** The first line whose word starts with UTF-16 unit `unit` or a later one. */
  firstLine(unit: number): number;
  /** The sum of all frequencies of the full dictionary. */
  total: number;
  /** The longest word, in UTF-16 units. */
  longest: number;
  /** The byte at `at` of the word file. */
  byteAt(at: number): number;
  /** Bytes [start, end) of the word file as text. */
  text(start: number, end: number): string;
  /** Reads lines [lo, hi) ahead in one go, where the file is read in pages (a hint). */
  prefetch?(lo: number, hi: number): void;
  /**
   * The lines of each prefix of two or three UTF-16 units found so far (lo × 2^20 + hi), kept by
   * partialDictionary across the batches of a run: narrowing the first characters' wide ranges is
   * most of a walk's work, and a text repeats its character pairs and triples.
   */
  prefixes?: Map<number, number>;
  /** Word lines read so far, by line number (kept by partialDictionary like `prefixes`). */
  lines?: Map<number, WordLine>;
  /** The word file's bytes, the first line of each unit and where each line starts, when both files are in memory. */
  arrays?: { bytes: Uint8Array; firsts: Uint32Array; starts: Uint32Array };
}

/** A line of the word file (`word freq tag`), taken apart. */
interface WordLine {
  word: string;
  line: string;
  freq: number;
}

/** Numbers at the start of the offsets file: the first line of each UTF-16 unit, and one past the last. */
const FIRST_UNITS = 0x10001;

/** Bytes of a file: read whole (the worker) or in pages (PagedFile). */
interface Bytes {
  size: number;
  byteAt(at: number): number;
  uint32At(at: number): number;
  text(start: number, end: number): string;
  /** Reads bytes [start, end) ahead, where the file is read in pages. */
  prefetch?(start: number, end: number): void;
  /** The whole file, when it is in memory (the worker's). */
  whole?: Uint8Array;
}

/** The sorted dictionary over the bytes of its two files, or null when they are not one. Self-contained (the worker runs it). */
export function wordSourceOf(words: Bytes, offsets: Bytes): WordSource | null {
  let newline = 0;
  while (newline < words.size && words.byteAt(newline) !== 0x0a) newline++;
  const header = /^#(\d+) (\d+)$/.exec(words.text(0, newline));
  const first = 0x10001; // FIRST_UNITS
  if (!header || offsets.size % 4 || offsets.size < first * 4) return null;
  const count = offsets.size / 4 - first;
  // Files in memory on a little-endian machine: the walk reads them as arrays (no call per byte).
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const inMemory = words.whole && offsets.whole && littleEndian && offsets.whole.byteOffset % 4 === 0;
  return {
    count,
    ...(inMemory
      ? {
          arrays: {
            bytes: words.whole!,
            firsts: new Uint32Array(offsets.whole!.buffer, offsets.whole!.byteOffset, first),
            starts: new Uint32Array(offsets.whole!.buffer, offsets.whole!.byteOffset + first * 4, count),
          },
        }
      : {}),
    lineAt: (k) => offsets.uint32At((first + k) * 4),
    firstLine: (unit) => offsets.uint32At(unit * 4),
    total: Number(header[1]),
    longest: Number(header[2]),
    byteAt: (at) => (at < words.size ? words.byteAt(at) : 0x0a),
    text: (start, end) => words.text(start, Math.min(end, words.size)),
    ...(words.prefetch && offsets.prefetch
      ? {
          prefetch: (lo: number, hi: number) => {
            offsets.prefetch!((first + lo) * 4, (first + hi) * 4);
            words.prefetch!(offsets.uint32At((first + lo) * 4), hi < count ? offsets.uint32At((first + hi) * 4) : words.size);
          },
        }
      : {}),
  };
}

/**
 * A jieba dictionary with every dictionary word that occurs in `text`, the entries of the user
 * words that are dictionary words, and a filler entry carrying the frequency of all words left
 * out (so jieba's total stays that of the full dictionary).
 *
 * For each position of the text it walks down the sorted lines: the first character's lines come
 * from the table of first lines, and every further character narrows the range to the lines whose
 * word starts with the text from that position (byte by byte: UTF-8 order is the file's order);
 * when the first line of the range ends its word there, that word occurs.
 *
 * Self-contained: the worker thread runs it from its source text.
 */
export function partialDictionary(source: WordSource, text: string, userWords: readonly string[], filler: string, known: readonly string[] = []): Buffer {
  const { longest, byteAt, lineAt } = source;
  // Ranges are kept as lo × 2^20 + hi: for a dictionary of fewer than 2^20 lines (jieba's has 349,046).
  const prefixes = source.count < 0x100000 ? (source.prefixes ??= new Map<number, number>()) : undefined;
  const found = new Set<number>();
  const bytes = [0, 0, 0];
  // The byte at `depth` of line k (a line feed past the end), and the first line of a UTF-16 unit:
  // straight from the arrays when the files are in memory (the worker's), else through the source.
  const arrays = source.arrays;
  const lineByte = arrays
    ? (k: number, depth: number): number => {
        const at = arrays.starts[k]! + depth;
        return at < arrays.bytes.length ? arrays.bytes[at]! : 0x0a;
      }
    : (k: number, depth: number): number => byteAt(lineAt(k) + depth);
  const firstLine = arrays ? (unit: number): number => arrays.firsts[unit]! : source.firstLine;
  /** The first line in [lo, hi) whose byte at `depth` is at least (or, when `after`, more than) `b`. */
  const search = (lo: number, hi: number, depth: number, b: number, after: boolean): number => {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = lineByte(mid, depth);
      if (x < b || (after && x === b)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** Finds the dictionary words in `s`; with `whole`, only `s` itself. */
  const walk = (s: string, whole = false): void => {
    for (let i = 0; i < (whole ? Math.min(1, s.length) : s.length); i++) {
      let lo = 0;
      let hi = 0;
      let depth = 0;
      let prefix = 0; // the units walked so far, as one number (for the first three: below 2^48)
      for (let n = 0; n < longest && i + n < s.length; n++) {
        const c = s.charCodeAt(i + n);
        if (c <= 0x20 || (c >= 0xd800 && c <= 0xdfff)) break;
        const count = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        if (n === 0) {
          lo = firstLine(c);
          hi = firstLine(c + 1);
          depth = count;
          prefix = c;
          if (lo < hi) source.prefetch?.(lo, hi);
        } else {
          const key = n <= 2 && prefixes ? (prefix = prefix * 0x10000 + c) : -1;
          const range = key < 0 ? undefined : prefixes!.get(key);
          if (range !== undefined) {
            lo = Math.floor(range / 0x100000);
            hi = range % 0x100000;
            depth += count;
          } else {
            // Narrow to the lines whose next bytes are this character's UTF-8 bytes.
            if (count === 1) bytes[0] = c;
            else if (count === 2) {
              bytes[0] = 0xc0 | (c >> 6);
              bytes[1] = 0x80 | (c & 63);
            } else {
              bytes[0] = 0xe0 | (c >> 12);
              bytes[1] = 0x80 | ((c >> 6) & 63);
              bytes[2] = 0x80 | (c & 63);
            }
            for (let k = 0; k < count && lo < hi; k++, depth++) {
              lo = search(lo, hi, depth, bytes[k]!, false);
              hi = search(lo, hi, depth, bytes[k]!, true);
            }
            if (key >= 0) prefixes!.set(key, lo * 0x100000 + hi);
          }
        }
        if (lo >= hi) break;
        // The word ends here (a space follows it): it is the range's first line, longer ones follow.
        if (lineByte(lo, depth) === 0x20) {
          if (!whole || n + 1 === s.length) found.add(lo);
          if (hi - lo === 1) break;
        }
      }
    }
  };
  walk(text);
  // A user word already in the dictionary changes jieba's total when it is re-added: keep its
  // entry. `known` holds the entries of user words looked up ahead (the built-in words').
  for (const word of userWords) walk(word, true);
  const entries = new Map<string, WordLine>();
  const entryOf = (line: string): WordLine => {
    const space = line.indexOf(' ');
    const next = line.indexOf(' ', space + 1);
    return { word: line.slice(0, space), line, freq: Number(line.slice(space + 1, next < 0 ? undefined : next)) };
  };
  const lines = (source.lines ??= new Map<number, WordLine>());
  for (const k of found) {
    let entry = lines.get(k);
    if (entry === undefined) {
      const end = k + 1 < source.count ? lineAt(k + 1) - 1 : Infinity;
      lines.set(k, (entry = entryOf(source.text(lineAt(k), end).replace(/\n$/, ''))));
    }
    entries.set(entry.word, entry);
  }
  for (const line of known) {
    const entry = entryOf(line);
    entries.set(entry.word, entry);
  }
  let sum = 0;
  let out = '';
  for (const entry of entries.values()) {
    sum += entry.freq;
    out += entry.line + '\n';
  }
  return Buffer.from(`${out}${filler} ${source.total - sum} x`);
}

/**
 * The dictionary entries (`word freq tag` lines) of `words`, or null for those that are no
 * dictionary words: the build looks up the built-in dictionary's words once, so that a run need
 * not (see `SegmenterOptions.knownEntries`).
 */
export function dictionaryEntries(words: readonly string[], path: string = WORD_INDEX): Record<string, string | null> {
  const source = openPagedWords(path);
  if (!source) throw new Error(`no sorted dictionary at ${path}`);
  return Object.fromEntries(
    words.map((word) => {
      const lines = partialDictionary(source, '', [word], FILLER_WORD).toString().split('\n').slice(0, -1);
      return [word, lines[0] ?? null];
    }),
  );
}

/**
 * A file read in pages on demand: a search for the words of a one-line draft touches some dozens
 * of lines, so it reads tens of kilobytes of the 5 MB dictionary and its 1.6 MB of offsets.
 */
class PagedFile implements Bytes {
  private static readonly PAGE = 4096;
  /** Longest read ahead, in pages (the lines of a very common first character are not all needed). */
  private static readonly PREFETCH_PAGES = 64;
  private readonly pages = new Map<number, Buffer>();
  private block?: Buffer;
  private blockUsed = 0;

  private constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  static open(path: string): PagedFile | null {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      return new PagedFile(fd, fstatSync(fd).size);
    } catch {
      if (fd !== undefined) closeSync(fd);
      return null;
    }
  }

  private page(n: number): Buffer {
    let page = this.pages.get(n);
    if (!page) {
      const length = Math.max(0, Math.min(PagedFile.PAGE, this.size - n * PagedFile.PAGE));
      // Pages are cut from larger blocks: one allocation per 64 pages, not per page.
      if (!this.block || this.blockUsed + length > this.block.length) {
        this.block = Buffer.allocUnsafe(64 * PagedFile.PAGE);
        this.blockUsed = 0;
      }
      page = this.block.subarray(this.blockUsed, this.blockUsed + length);
      this.blockUsed += length;
      readSync(this.fd, page, 0, page.length, n * PagedFile.PAGE);
      this.pages.set(n, page);
    }
    return page;
  }

  byteAt(at: number): number {
    return this.page(Math.floor(at / PagedFile.PAGE))[at % PagedFile.PAGE]!;
  }

  /**
   * Reads the pages of bytes [start, end) that are not read yet in one call: a binary search over
   * a range would otherwise read its pages one by one (a few hundred reads for a one-line draft).
   */
  prefetch(start: number, end: number): void {
    let first = Math.floor(start / PagedFile.PAGE);
    let last = Math.floor((Math.min(end, this.size) - 1) / PagedFile.PAGE);
    while (first <= last && this.pages.has(first)) first++;
    while (last >= first && this.pages.has(last)) last--;
    if (first > last || last - first >= PagedFile.PREFETCH_PAGES) return;
    const span = Buffer.allocUnsafe(Math.min((last + 1) * PagedFile.PAGE, this.size) - first * PagedFile.PAGE);
    readSync(this.fd, span, 0, span.length, first * PagedFile.PAGE);
    for (let n = first; n <= last; n++) {
      if (!this.pages.has(n)) this.pages.set(n, span.subarray((n - first) * PagedFile.PAGE, Math.min((n - first + 1) * PagedFile.PAGE, span.length)));
    }
  }

  /** A 32-bit number at a multiple of 4 (never across pages). */
  uint32At(at: number): number {
    return this.page(Math.floor(at / PagedFile.PAGE)).readUInt32LE(at % PagedFile.PAGE);
  }

  text(start: number, end: number): string {
    const first = Math.floor(start / PagedFile.PAGE);
    const parts: Buffer[] = [];
    for (let n = first; n * PagedFile.PAGE < end; n++) parts.push(this.page(n));
    return Buffer.concat(parts).toString('utf8', start - first * PagedFile.PAGE, end - first * PagedFile.PAGE);
  }
}

/** The sorted dictionary at `path`, read in pages; null when there is none (a build without it: the full dictionary is used). */
function openPagedWords(path: string): WordSource | null {
  const words = PagedFile.open(path);
  const offsets = words && PagedFile.open(`${path}.offsets`);
  return words && offsets ? wordSourceOf(words, offsets) : null;
}

/** Writes the sorted dictionary and its line offsets (called by the build). */
export function writeWordIndex(path: string = WORD_INDEX): void {
  const entries = readFileSync(dictionaryPath(), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => ({ line: line.trim(), key: Buffer.from(line.trim().split(' ')[0]!) }));
  // partialDictionary reads words byte by byte up to the space that ends them.
  const odd = entries.find((e) => /[\u0000-\u0020\ud800-\udfff]/.test(e.key.toString()));
  if (odd) throw new Error(`jieba's dictionary has a word the sorted index cannot hold: ${JSON.stringify(odd.line)}`);
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  const total = entries.reduce((sum, e) => sum + Number(e.line.split(' ')[1]), 0);
  const longest = entries.reduce((max, e) => Math.max(max, e.key.toString().length), 0);
  const header = `#${total} ${longest}\n`;
  const offsets = Buffer.alloc((FIRST_UNITS + entries.length) * 4);
  // The first line of each UTF-16 unit: lines are in code point order of their first character.
  let line = 0;
  for (let unit = 0; unit < FIRST_UNITS; unit++) {
    while (line < entries.length && entries[line]!.key.toString().charCodeAt(0) < unit) line++;
    offsets.writeUInt32LE(line, unit * 4);
  }
  let at = Buffer.byteLength(header);
  entries.forEach((e, i) => {
    offsets.writeUInt32LE(at, (FIRST_UNITS + i) * 4);
    at += Buffer.byteLength(e.line) + 1;
  });
  writeFileSync(path, `${header}${entries.map((e) => e.line).join('\n')}\n`);
  writeFileSync(`${path}.offsets`, offsets);
}

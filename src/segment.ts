/**
 * Stage 3 of the pipeline: word segmentation with jieba (@node-rs/jieba).
 *
 * Rules use tokens for word boundaries: `保证` must not fire inside `确保证件` (确保/证件). The
 * segmenter is created on first use, because loading jieba's dictionary costs about 0.2 s and a
 * clean draft, or a draft whose candidate matches need no boundary check, never needs it.
 *
 * @node-rs/jieba is used rather than nodejieba: same algorithm and dictionary, prebuilt binaries
 * (no C++ toolchain at install) and a dictionary load several times faster.
 */
import { createRequire } from 'node:module';
import type { Range } from './types.js';

/** A word of the normalized text. */
export interface Token {
  word: string;
  /** jieba part-of-speech tag (n, v, d, x, …). */
  tag: string;
  /** Range into the normalized text that was segmented. */
  range: Range;
}

export interface Segmenter {
  segment(text: string): Token[];
}

interface JiebaLike {
  tag(text: string, hmm?: boolean): { word: string; tag: string }[];
  loadDict(dict: Uint8Array): void;
}

const require = createRequire(import.meta.url);

/**
 * Frequency given to user dictionary words. High enough that jieba keeps a listed word whole
 * (拍下 rather than 先拍/下), low enough not to swallow its neighbours.
 */
const USER_WORD_FREQUENCY = 20000;

/**
 * Creates a segmenter that loads jieba on its first `segment` call. `userWords` (from the config
 * and the rule pack) are added to jieba's dictionary then.
 */
export function createSegmenter(userWords: readonly string[] = []): Segmenter {
  let jieba: JiebaLike | undefined;
  const load = (): JiebaLike => {
    // require() rather than import(): the core stays synchronous, and the native module is
    // only loaded when a draft actually needs tokens.
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    const instance = Jieba.withDict(dict);
    const words = userWords.map((w) => w.trim()).filter((w) => w && !/\s/.test(w));
    if (words.length) {
      instance.loadDict(Buffer.from(words.map((w) => `${w} ${USER_WORD_FREQUENCY}`).join('\n')));
    }
    return instance;
  };
  return {
    segment(text: string): Token[] {
      jieba ??= load();
      const tokens: Token[] = [];
      let cursor = 0;
      for (const { word, tag } of jieba.tag(text, true)) {
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

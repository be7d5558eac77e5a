/**
 * Inputs of the speed benchmark (`npm run bench`), generated from the five training documents'
 * own sentences (../shared/seeds beside the repository), never from the research corpus. Every
 * generator is deterministic: the same seed documents and sizes give the same bytes on every
 * machine, so figures from two runs compare.
 *
 * Sizes: "characters" are UTF-16 code units of the text (JavaScript string length), line breaks
 * included; "bytes" are UTF-8 bytes on disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';

/** A one-line draft with findings for both tools: 绝对 and 但是 are literal patterns of the pack. */
export const FLAGGED_DRAFT = '亲，这款绝对是正品，但是今天仓库发不了货';
/** A one-line draft no rule flags. */
export const CLEAN_DRAFT = '您好，这款商品今天下午就能发出，请您耐心等待。';

/** One sentence of the seed documents in both scripts. */
export interface Sentence {
  simplified: string;
  traditional: string;
}

/** A small, fast, seeded pseudo-random generator (mulberry32): values in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAN = /\p{Script=Han}/gu;

/**
 * Splits document text into sentences that read like replies: cut after 。！？!?；; and at line
 * breaks, keep pieces of 6–80 characters that are mostly Han (drops headings, page furniture and
 * the scraped documents' anti-copy noise) and do not start with `#` (a comment line for huashu).
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    for (const piece of line.match(/[^。！？!?；;]+[。！？!?；;]*/g) ?? []) {
      const sentence = piece.trim();
      if (sentence.length < 6 || sentence.length > 80 || sentence.startsWith('#')) continue;
      const han = sentence.match(HAN)?.length ?? 0;
      if (han / sentence.replace(/\s/g, '').length >= 0.6) out.push(sentence);
    }
  }
  return out;
}

/**
 * The sentences of every `.txt` file in `dir`, each in Simplified and in Traditional (Taiwan)
 * form by OpenCC, deduplicated, in file order.
 */
export function seedSentences(dir: string): Sentence[] {
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const seen = new Set<string>();
  const out: Sentence[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    for (const sentence of splitSentences(readFileSync(join(dir, name), 'utf8'))) {
      const simplified = toSimplified(sentence);
      if (seen.has(simplified)) continue;
      seen.add(simplified);
      out.push({ simplified, traditional: toTraditional(simplified) });
    }
  }
  return out;
}

export interface ReplyTextOptions {
  /** Length of the text in characters (UTF-16 units, line breaks included). */
  chars: number;
  seed: number;
  /** Share of lines written in Traditional (default 0.35). */
  traditional?: number;
}

/**
 * Reply text, one reply per line: each line joins randomly chosen sentences until it is at least
 * a random 2–41 characters long (most lines are one sentence; about 45 characters on average with
 * the seed documents, so a million characters make about 22,000 lines), in Traditional for a
 * share of the lines. Exactly `chars`
 * characters long (the last line is cut) and ends with a line break.
 */
export function replyText(sentences: readonly Sentence[], options: ReplyTextOptions): string {
  if (!sentences.length) throw new Error('replyText: no sentences');
  const next = random(options.seed);
  const traditionalShare = options.traditional ?? 0.35;
  const lines: string[] = [];
  let length = 0;
  while (length < options.chars) {
    const target = 2 + Math.floor(next() * 40);
    const traditional = next() < traditionalShare;
    let line = '';
    while (line.length < target) {
      const s = sentences[Math.floor(next() * sentences.length)]!;
      line += traditional ? s.traditional : s.simplified;
    }
    lines.push(line);
    length += line.length + 1;
  }
  const text = lines.join('\n') + '\n';
  // Cut the last line so the text is exactly `chars` long, still ending with a line break.
  return text.length === options.chars ? text : text.slice(0, options.chars - 1).replace(/[\uD800-\uDBFF]$/, ' ') + '\n';
}

/**
 * A big file made of `base` repeated with variation: every repetition has its lines in a
 * different (seeded) order, so no two blocks are the same. Stops at the last whole line that fits
 * in `bytes` UTF-8 bytes.
 */
export function repeatedText(base: string, bytes: number, seed: number): string {
  const lines = base.split('\n').filter(Boolean);
  const next = random(seed);
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    // Fisher–Yates shuffle of a copy, one per block.
    const block = lines.slice();
    for (let i = block.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [block[i], block[j]] = [block[j]!, block[i]!];
    }
    for (const line of block) {
      const lineBytes = Buffer.byteLength(line, 'utf8') + 1;
      if (size + lineBytes > bytes) return parts.join('');
      parts.push(line + '\n');
      size += lineBytes;
    }
  }
}

/** The first whole lines of `text` that fit in `bytes` UTF-8 bytes. */
export function sliceLines(text: string, bytes: number): string {
  let end = 0;
  let size = 0;
  for (;;) {
    const lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) return text.slice(0, end);
    const lineBytes = Buffer.byteLength(text.slice(end, lineEnd + 1), 'utf8');
    if (size + lineBytes > bytes) return text.slice(0, end);
    size += lineBytes;
    end = lineEnd + 1;
  }
}

const GROUPS: readonly [name: string, code: string][] = [
  ['售前', 'sq'],
  ['售后', 'sh'],
  ['物流', 'wl'],
  ['催付', 'cf'],
  ['活动', 'hd'],
  ['退换货', 'th'],
  ['发票', 'fp'],
  ['议价', 'yj'],
];

/**
 * A seller-workbench quick-reply table: header `分组,快捷编码,快捷短语`, then `rows` rows of a
 * group, a shortcut code (sq0001 …) and a reply of one or two sentences (a share in Traditional).
 * Replies are always quoted (`"` doubled), as workbench exports do. Lines end with CRLF.
 */
export function quickReplyCsv(sentences: readonly Sentence[], rows: number, seed: number): string {
  const next = random(seed);
  const counters = new Map<string, number>();
  const lines = ['分组,快捷编码,快捷短语'];
  for (let i = 0; i < rows; i++) {
    const [group, code] = GROUPS[Math.floor(next() * GROUPS.length)]!;
    const n = (counters.get(code) ?? 0) + 1;
    counters.set(code, n);
    const traditional = next() < 0.35;
    const count = 1 + Math.floor(next() * 2);
    let reply = '';
    for (let k = 0; k < count; k++) {
      const s = sentences[Math.floor(next() * sentences.length)]!;
      reply += traditional ? s.traditional : s.simplified;
    }
    lines.push(`${group},${code}${String(n).padStart(4, '0')},"${reply.replaceAll('"', '""')}"`);
  }
  return lines.join('\r\n') + '\r\n';
}

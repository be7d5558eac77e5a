/**
 * Simplified / Traditional Chinese, with OpenCC's data (opencc-js).
 *
 * Matching uses character-level tables only: every OpenCC character table maps one code point to
 * one code point, so converting a draft to Simplified never reorders or merges characters and the
 * offset map stays exact. (Phrase tables such as TWPhrasesRev rewrite vocabulary and can change
 * length; they are not used for matching.)
 *
 * Rewrites shown to a Traditional writer are converted with OpenCC's full phrase-aware converter
 * (Simplified → Taiwan or Hong Kong standard), built lazily: it costs a few hundred milliseconds,
 * and only a Traditional draft with a finding needs it.
 */
import TSCharacters from 'opencc-js/dict/TSCharacters';
import STCharacters from 'opencc-js/dict/STCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import type { Locale, Script } from '../types.js';

/** Parses an OpenCC dictionary string ("源 目标 其他|…") into code point → first target. */
function charTable(...dicts: string[]): Map<number, string> {
  const table = new Map<number, string>();
  for (const dict of dicts) {
    for (const entry of dict.split('|')) {
      const space = entry.indexOf(' ');
      if (space <= 0) continue;
      const from = entry.slice(0, space);
      const to = entry.slice(space + 1).split(' ')[0]!;
      if (from !== to) table.set(from.codePointAt(0)!, to);
    }
  }
  return table;
}

/** Traditional-only characters OpenCC's tables leave alone, with their Simplified reading. */
const EXTRA_TRADITIONAL: readonly [string, string][] = [['妳', '你']];

let toSimplifiedTable: Map<number, string> | undefined;
let simplifiedOnly: Set<number> | undefined;
let simplifiedChars: Set<number> | undefined;

/** Code points Simplified Chinese writes (the sources of OpenCC's Simplified → Traditional table). */
function simplifiedCharacters(): Set<number> {
  simplifiedChars ??= new Set(charTable(STCharacters).keys());
  return simplifiedChars;
}

/** Traditional (any regional variant) → Simplified, one code point to one code point. */
function simplifiedTable(): Map<number, string> {
  if (!toSimplifiedTable) {
    // Regional variants first (為 → 爲), then OpenCC Traditional → Simplified (爲 → 为).
    const variants = charTable(TWVariantsRev, HKVariantsRev);
    const ts = charTable(TSCharacters);
    const simplified = simplifiedCharacters();
    toSimplifiedTable = new Map(ts);
    for (const [from, to] of variants) {
      // A character Simplified Chinese writes itself is no regional variant to undo: the Taiwan
      // table turns 么 into 幺, which would make 什么 read 什幺 in every Simplified draft.
      if (simplified.has(from) && !ts.has(from)) continue;
      const result = ts.get(to.codePointAt(0)!) ?? to;
      if (result !== String.fromCodePoint(from)) toSimplifiedTable.set(from, result);
    }
    // 妳 (Taiwan: "you", to a woman) has no OpenCC mapping, yet Simplified writes 你: fold it so
    // rules written with 你 read Taiwanese drafts too. One code point to one, like the tables.
    for (const [from, to] of EXTRA_TRADITIONAL) toSimplifiedTable.set(from.codePointAt(0)!, to);
  }
  return toSimplifiedTable;
}

/** Code points that are Simplified forms (they change under Simplified → Traditional). */
function simplifiedForms(): Set<number> {
  if (!simplifiedOnly) {
    const ts = simplifiedTable();
    simplifiedOnly = new Set();
    for (const from of simplifiedCharacters()) {
      // A character that is itself a Traditional form (e.g. 乾, 著) is not evidence of Simplified.
      if (!ts.has(from)) simplifiedOnly.add(from);
    }
  }
  return simplifiedOnly;
}

/**
 * The Simplified form of one code point, or undefined when it has none.
 * Folding full-width forms is not done here (see normalize.ts).
 */
export function toSimplifiedChar(codePoint: number): string | undefined {
  return simplifiedTable().get(codePoint);
}

/**
 * Which script a draft is written in: Traditional when it has more characters that only
 * Traditional uses than characters that only Simplified uses. Scraped text that is Simplified
 * with a few stray Traditional characters stays Simplified; a tie (including no Han) is Simplified.
 */
export function detectScript(text: string): Script {
  const ts = simplifiedTable();
  const sOnly = simplifiedForms();
  let traditional = 0;
  let simplified = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x2e80) continue; // below the CJK blocks: nothing to count
    if (ts.has(cp)) traditional++;
    else if (sOnly.has(cp)) simplified++;
  }
  return traditional > simplified ? 'traditional' : 'simplified';
}

type Converter = (text: string) => string;
const converters = new Map<Locale, Converter>();
/** Loaded on first use: the phrase tables are large. Set by `loadTraditionalConverters`. */
let buildConverter: ((locale: Locale) => Converter) | undefined;

/**
 * Loads OpenCC's Simplified → Traditional converters. Call (and await) before converting
 * rewrites; it is cheap to call again. Kept separate so that Simplified-only runs never pay for it.
 */
export async function loadTraditionalConverters(): Promise<void> {
  if (buildConverter) return;
  const [{ ConverterFactory }, preset] = await Promise.all([
    import('opencc-js/core'),
    import('opencc-js/preset/cn2t'),
  ]);
  buildConverter = (locale) => ConverterFactory(preset.from.cn!, preset.to[locale]!);
}

/** True once `loadTraditionalConverters` has finished. */
export function traditionalConvertersLoaded(): boolean {
  return buildConverter !== undefined;
}

/**
 * Converts a Simplified rewrite into the given script. Simplified stays as it is; Traditional
 * uses the Taiwan or Hong Kong standard. Requires `loadTraditionalConverters()` for Traditional.
 */
export function toScript(text: string, script: Script, locale: Locale): string {
  if (script === 'simplified') return text;
  if (!buildConverter) throw new Error('loadTraditionalConverters() must be awaited before converting to Traditional');
  let convert = converters.get(locale);
  if (!convert) {
    convert = buildConverter(locale);
    converters.set(locale, convert);
  }
  return convert(text);
}

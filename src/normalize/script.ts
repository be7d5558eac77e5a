/**
 * Simplified / Traditional Chinese, with OpenCC's data (opencc-js).
 *
 * Matching uses character-level tables only (derived from OpenCC's in opencc-tables.ts, stored in
 * script-tables.ts): every OpenCC character table maps one code point to
 * one code point, so converting a draft to Simplified never reorders or merges characters and the
 * offset map stays exact. (Phrase tables such as TWPhrasesRev rewrite vocabulary and can change
 * length; they are not used for matching.)
 *
 * Rewrites shown to a Traditional writer are converted with OpenCC's full phrase-aware converter
 * (Simplified → Taiwan or Hong Kong standard), built lazily: it costs a few hundred milliseconds,
 * and only a Traditional draft with a finding needs it.
 */
import type { Locale, Script } from '../types.js';
import { SIMPLIFIED_FORMS, TO_SIMPLIFIED } from './script-tables.js';

/** How each BMP code unit folds and votes (see `bmpScriptKinds`). */
export const SCRIPT_NEUTRAL = 0;
export const SCRIPT_SIMPLIFIED_FORM = 1;
export const SCRIPT_TRADITIONAL = 2;
export const SCRIPT_ASTRAL_FORM = 3;

/**
 * The tables as flat arrays over the Basic Multilingual Plane (where all but a handful of Han
 * characters are) and small maps for the rest: built in well under a millisecond, with nothing
 * for the garbage collector to trace.
 */
interface Tables {
  /** BMP code unit → its Simplified code unit (0: none). */
  bmp: Uint16Array;
  /** Everything else (astral sources or targets) → its Simplified form. */
  other: Map<number, string>;
  /** 1 for BMP code units that are Simplified forms. */
  formsBmp: Uint8Array;
  formsOther: Set<number>;
  /** See `bmpScriptKinds`. */
  kinds: Uint8Array;
}

let tables: Tables | undefined;

function scriptTables(): Tables {
  if (!tables) {
    const t: Tables = { bmp: new Uint16Array(0x10000), other: new Map(), formsBmp: new Uint8Array(0x10000), formsOther: new Set(), kinds: new Uint8Array(0x10000) };
    // Only from U+2E80 up do characters vote (see ScriptVotes.add): `kinds` holds those.
    const votes = (cp: number) => cp >= 0x2e80 && cp <= 0xffff;
    for (let i = 0; i < TO_SIMPLIFIED.length; ) {
      const from = TO_SIMPLIFIED.codePointAt(i)!;
      i += from > 0xffff ? 2 : 1;
      const to = TO_SIMPLIFIED.codePointAt(i)!;
      i += to > 0xffff ? 2 : 1;
      if (from <= 0xffff && to <= 0xffff) t.bmp[from] = to;
      else t.other.set(from, String.fromCodePoint(to));
      if (votes(from) && t.kinds[from] !== SCRIPT_TRADITIONAL) t.kinds[from] = to <= 0xffff ? SCRIPT_TRADITIONAL : SCRIPT_ASTRAL_FORM;
    }
    for (let i = 0; i < SIMPLIFIED_FORMS.length; ) {
      const cp = SIMPLIFIED_FORMS.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      if (cp <= 0xffff) t.formsBmp[cp] = 1;
      else t.formsOther.add(cp);
      if (votes(cp) && t.kinds[cp] === SCRIPT_NEUTRAL) t.kinds[cp] = SCRIPT_SIMPLIFIED_FORM;
    }
    tables = t;
  }
  return tables;
}

/**
 * The Simplified form of one code point, or undefined when it has none.
 * Folding full-width forms is not done here (see normalize.ts).
 */
export function toSimplifiedChar(codePoint: number): string | undefined {
  const t = scriptTables();
  if (codePoint <= 0xffff) {
    const to = t.bmp[codePoint]!;
    if (to) return String.fromCharCode(to);
  }
  return t.other.get(codePoint);
}

/** Whether a code point is a Simplified form (it changes under Simplified → Traditional). */
function isSimplifiedForm(codePoint: number): boolean {
  const t = scriptTables();
  return codePoint <= 0xffff ? t.formsBmp[codePoint] === 1 : t.formsOther.has(codePoint);
}

/**
 * For every BMP code unit from U+2E80 up (where `ScriptVotes` counts): SCRIPT_TRADITIONAL when it
 * has a BMP Simplified form (`simplified` holds it), SCRIPT_ASTRAL_FORM when that form is astral,
 * SCRIPT_SIMPLIFIED_FORM when it is a Simplified form itself, else SCRIPT_NEUTRAL — the same
 * answers as `toSimplifiedChar` and `ScriptVotes.add`, as two arrays a loop can read directly.
 */
export function bmpScriptKinds(): { kinds: Uint8Array; simplified: Uint16Array } {
  const t = scriptTables();
  return { kinds: t.kinds, simplified: t.bmp };
}

/**
 * Counts the votes of a text for its script, one code point at a time (normalize.ts counts while
 * folding, so a draft is read once). See `detectScript` for the verdict.
 */
export class ScriptVotes {
  traditional = 0;
  simplified = 0;

  /** Counts one code point; `simplified` is its Simplified form when it has one. */
  add(cp: number, simplified: string | undefined): void {
    if (cp < 0x2e80) return; // below the CJK blocks: nothing to count
    if (simplified !== undefined) this.traditional++;
    else if (isSimplifiedForm(cp)) this.simplified++;
  }

  /**
   * Traditional when the text has more characters that only Traditional uses than characters that
   * only Simplified uses. Scraped text that is Simplified with a few stray Traditional characters
   * stays Simplified; a tie (including no Han) is Simplified.
   */
  get script(): Script {
    return this.traditional > this.simplified ? 'traditional' : 'simplified';
  }
}

/** Which script a text is written in (see `ScriptVotes`). */
export function detectScript(text: string): Script {
  const votes = new ScriptVotes();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    votes.add(cp, cp < 0x2e80 ? undefined : toSimplifiedChar(cp));
  }
  return votes.script;
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
 * Traditional forms of Simplified rewrites, per locale, computed ahead of time (the build does it
 * for every literal rewrite of the built-in pack, see files.ts): a Traditional draft whose rewrites
 * are all there needs no OpenCC converter at run time.
 */
export type TraditionalForms = Partial<Record<Locale, Record<string, string>>>;

/** The Traditional forms of `texts` in every locale (loads the converters). */
export async function traditionalForms(texts: readonly string[]): Promise<TraditionalForms> {
  await loadTraditionalConverters();
  const forms: TraditionalForms = {};
  const unique = [...new Set(texts)].sort();
  for (const locale of ['tw', 'hk'] as const) forms[locale] = Object.fromEntries(unique.map((t) => [t, toScript(t, 'traditional', locale)]));
  return forms;
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

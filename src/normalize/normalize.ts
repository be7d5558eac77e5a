/**
 * Stage 2 of the pipeline: a draft's original text → the text that rules read.
 *
 * What normalization does, code point by code point:
 * - hidden parts (markup, opaque spans; see `Draft.hidden`) are replaced by their replacement;
 * - full-width ASCII (U+FF01–U+FF5E) folds to half-width, the ideographic space to a space, so that
 *   ＱＱ and １３８ match rules written as qq and 138;
 * - ASCII letters fold to lower case (rules are written in lower case);
 * - zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are dropped, so 微\u200b信 reads 微信;
 * - Traditional characters (Taiwan and Hong Kong variants too) become Simplified with OpenCC's
 *   character tables.
 * - placeholders and codes that real exports carry are opaque, read as one U+FFFC (OBJECT
 *   REPLACEMENT CHARACTER: a stand-in for a word, which rules can tell from a typed space) and
 *   never flagged or changed: `[微笑]` `[数字x]` `{订单号}` `${name}` `#E-s12`, and URLs;
 * Every change goes through one `OffsetMapBuilder`, so any range in the normalized text maps back
 * to the exact original characters — also when a change alters the UTF-16 length (an astral
 * character, dropped markup).
 */
import type { Draft, Hidden, Range, Script } from '../types.js';
import { OffsetMapBuilder, type OffsetMap } from './offset-map.js';
import { bmpScriptKinds, SCRIPT_ASTRAL_FORM, SCRIPT_NEUTRAL, SCRIPT_SIMPLIFIED_FORM, SCRIPT_TRADITIONAL, ScriptVotes, toSimplifiedChar } from './script.js';

export interface NormalizedDraft {
  /** The text rules read. */
  text: string;
  /** Maps ranges of `text` to ranges of the draft's original text (`Draft.text`). */
  map: OffsetMap;
  /** The script the draft is written in; rewrites are given in it. */
  script: Script;
  /** Ranges of the original text that rules do not read (hidden markup, placeholders, URLs). */
  opaque: Range[];
}

/**
 * Placeholders and codes in quick-reply exports and scripts: not prose. A URL is ASCII only, so it
 * ends where Chinese text starts (https://x.cn/a，谢谢); trailing sentence punctuation is trimmed.
 */
const PLACEHOLDER = new RegExp(
  [
    String.raw`\$\{[^{}\s]{1,40}\}`, // ${name}
    String.raw`\{[^{}
]{1,20}\}`, // {订单号}
    String.raw`\[[^\[\]
]{1,12}\]`, // [微笑] [数字x] [订单x] [图片]
    String.raw`#E-[a-z]{0,2}\d{1,3}`, // #E-s12 (seller workbench emoticon codes)
    String.raw`(?:https?:\/\/|www\.)[!-~]+`, // URLs
  ].join('|'),
  'giu',
);
const URL_TRAILING = /[.,;:!?'")\]]+$/;
/** What a placeholder reads as: U+FFFC OBJECT REPLACEMENT CHARACTER. */
export const PLACEHOLDER_STAND_IN = '\uFFFC';

/** What every placeholder holds one of: most drafts hold none, and skip the search. */
const PLACEHOLDER_HINT = /[{[#]|:\/\/|www\./i;

/** Placeholder ranges in the visible parts of a draft, merged with its hidden parts, sorted. */
function unreadParts(draft: Draft): Hidden[] {
  const hidden = draft.hidden ?? [];
  if (!PLACEHOLDER_HINT.test(draft.text)) return hidden;
  const found: Hidden[] = [];
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(draft.text); m; m = PLACEHOLDER.exec(draft.text)) {
    let end = m.index + m[0].length;
    if (/^(?:https?:|www\.)/i.test(m[0])) end -= URL_TRAILING.exec(m[0])?.[0].length ?? 0;
    const range: Range = [m.index, end];
    if (!hidden.some((h) => h.range[0] < range[1] && h.range[1] > range[0])) found.push({ range, replacement: PLACEHOLDER_STAND_IN });
  }
  return found.length ? [...hidden, ...found].sort((a, b) => a.range[0] - b.range[0]) : hidden;
}

const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/** The matching form of one code point (may be the empty string); Han characters vote for the script. */
function foldCodePoint(cp: number, ch: string, votes: ScriptVotes): string {
  if (cp >= 0xff01 && cp <= 0xff5e) {
    const half = cp - 0xfee0;
    // Fold letters to lower case in the same step.
    return String.fromCharCode(half >= 0x41 && half <= 0x5a ? half + 0x20 : half);
  }
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 0x20) : ch;
  if (cp === 0x3000) return ' ';
  if (ZERO_WIDTH.has(cp)) return '';
  if (cp >= 0x2e80) {
    const simplified = toSimplifiedChar(cp);
    votes.add(cp, simplified);
    return simplified ?? ch;
  }
  return ch;
}

/**
 * How foldRange treats a UTF-16 unit: the script's kinds (script.ts) — neutral characters fold to
 * themselves and cast no vote, Simplified-only ones fold to themselves and vote Simplified,
 * Traditional ones fold to their BMP Simplified form and vote Traditional — and OTHER for what
 * takes foldCodePoint: upper case, full-width forms, zero-width characters, surrogates, and
 * characters whose Simplified form is astral.
 */
const OTHER = SCRIPT_ASTRAL_FORM;

let foldKinds: { kinds: Uint8Array; simplified: Uint16Array } | undefined;

/** The kind of every UTF-16 unit, so that foldRange decides most characters with one array read. */
function foldTable(): { kinds: Uint8Array; simplified: Uint16Array } {
  if (!foldKinds) {
    const script = bmpScriptKinds();
    const kinds = new Uint8Array(script.kinds);
    kinds.fill(OTHER, 0x41, 0x5b); // A-Z
    kinds.fill(OTHER, 0xff01, 0xff5f); // full-width ASCII
    kinds.fill(OTHER, 0xd800, 0xe000); // surrogates
    kinds[0x3000] = OTHER;
    for (const cp of ZERO_WIDTH) kinds[cp] = OTHER;
    foldKinds = { kinds, simplified: script.simplified };
  }
  return foldKinds;
}

/** Normalizes the part [from, to) of `text` into `out`, code point by code point. */
function foldRange(text: string, from: number, to: number, out: OffsetMapBuilder, votes: ScriptVotes): void {
  const { kinds, simplified } = foldTable();
  let runStart = from; // start of a run of code points that fold to themselves
  let i = from;
  while (i < to) {
    const unit = text.charCodeAt(i);
    const kind = kinds[unit];
    if (kind === SCRIPT_NEUTRAL) {
      i++;
      continue;
    }
    if (kind === SCRIPT_SIMPLIFIED_FORM) {
      votes.simplified++;
      i++;
      continue;
    }
    if (kind === SCRIPT_TRADITIONAL) {
      votes.traditional++;
      if (runStart < i) out.copy(text, runStart, i);
      out.push(String.fromCharCode(simplified[unit]!), i, i + 1);
      runStart = ++i;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = width === 1 ? text[i]! : text.slice(i, i + 2);
    const folded = foldCodePoint(cp, ch, votes);
    if (folded !== ch) {
      if (runStart < i) out.copy(text, runStart, i);
      out.push(folded, i, i + width);
      runStart = i + width;
    }
    i += width;
  }
  if (runStart < to) out.copy(text, runStart, to);
}

/** Normalizes one draft. Pure and cheap: no segmentation happens here. */
export function normalizeDraft(draft: Draft): NormalizedDraft {
  const { text } = draft;
  const unread = unreadParts(draft);
  const out = new OffsetMapBuilder();
  // The script is decided by what the writer wrote as prose: hidden parts (code, URLs) do not vote.
  const votes = new ScriptVotes();
  let cursor = 0;
  for (const { range, replacement } of unread) {
    foldRange(text, cursor, range[0], out, votes);
    out.push(replacement, range[0], range[1]);
    cursor = range[1];
  }
  foldRange(text, cursor, text.length, out, votes);
  const map = out.build(text.length);
  return { text: map.text, map, script: votes.script, opaque: unread.map((h) => h.range) };
}

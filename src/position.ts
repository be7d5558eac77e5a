/**
 * Offsets → lines and columns, derived once at output time.
 *
 * Input: 0-based UTF-16 offsets into a text. Output: 1-based line, and 1-based column counted in
 * Unicode code points (an emoji or 𠮷 is one column). Line breaks are LF, CRLF and lone CR; an
 * offset between the CR and LF of a CRLF belongs to the line the CRLF ends.
 *
 * Places (see `Place` in types.ts): when a text is not the file's text (a workbook's cells one
 * after another), each part of it is reported where it is in the file: an offset inside a place
 * gets the place's line, and its column plus the code points from the place's start. Offsets
 * outside every place are located in the text as usual.
 */
import type { Place } from './types.js';

export interface LineColumn {
  line: number;
  column: number;
}

export type Locate = (offset: number) => LineColumn;

/**
 * Precomputes line starts of `text` and returns a locator (binary search per call). `places`,
 * when given, must be sorted by start and not overlap.
 */
export function createLocator(text: string, places: readonly Place[] = []): Locate {
  const codePoints = pairCounter(text);
  const starts = lineStarts(text);
  const inText = (offset: number): LineColumn => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo]!;
    return { line: lo + 1, column: codePoints(lineStart, at) + 1 };
  };
  if (!places.length) return inText;
  return (offset: number): LineColumn => {
    const place = placeAt(places, offset);
    if (!place) return inText(offset);
    return { line: place.line, column: place.column + codePoints(place.range[0], offset) };
  };
}

/** Where each line of `text` starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // LF only (most files): the breaks are found by indexOf, not unit by unit.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The last place starting at or before `offset`, when `offset` lies in it (its end included). */
function placeAt(places: readonly Place[], offset: number): Place | undefined {
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (places[mid]!.range[0] <= offset) lo = mid;
    else hi = mid - 1;
  }
  const place = places[lo]!;
  return place.range[0] <= offset && offset <= place.range[1] ? place : undefined;
}

/** UTF-16 units between checkpoints of `pairCounter` (its memory is text.length / this). */
const CHECKPOINT = 256;

/**
 * `countCodePoints` for many ranges of one text in constant time each (a long line with many
 * findings must not cost line length × findings): the code points of [from, to) are its units
 * less the surrogate pairs inside it, counted from checkpoints every CHECKPOINT units.
 */
function pairCounter(text: string): (from: number, to: number) => number {
  // Text without surrogates (most Chinese text): one unit, one code point.
  if (!/[\uD800-\uDFFF]/.test(text)) return (from, to) => Math.max(0, to - from);
  const isPairEnd = (j: number) => endsSurrogatePair(text, j);
  // pairsBefore[k]: pairs whose low half is at an index < k * CHECKPOINT.
  const pairsBefore = new Int32Array(Math.floor(text.length / CHECKPOINT) + 1);
  let n = 0;
  for (let j = 1; j < text.length; j++) {
    if (j % CHECKPOINT === 0) pairsBefore[j / CHECKPOINT] = n;
    if (isPairEnd(j)) n++;
  }
  if (text.length % CHECKPOINT === 0 && text.length > 0) pairsBefore[text.length / CHECKPOINT] = n;
  const pairs = (x: number) => {
    const k = Math.floor(x / CHECKPOINT);
    let count = pairsBefore[k]!;
    for (let j = Math.max(1, k * CHECKPOINT); j < x; j++) if (isPairEnd(j)) count++;
    return count;
  };
  // A pair counts once when both halves are inside: its low half lies in [from + 1, to).
  return (from, to) => (to <= from ? 0 : to - from - (pairs(to) - pairs(from + 1)));
}

/** Whether the unit at `j` of `text` is the low half of a surrogate pair (the pair starts at j - 1). */
export function endsSurrogatePair(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  const b = text.charCodeAt(j - 1);
  return c >= 0xdc00 && c <= 0xdfff && b >= 0xd800 && b <= 0xdbff;
}

/** Number of code points in text[from, to); a lone surrogate counts as one. */
export function countCodePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low surrogate inside the range is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

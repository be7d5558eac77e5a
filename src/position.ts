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
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
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
    return { line: lo + 1, column: countCodePoints(text, lineStart, at) + 1 };
  };
  if (!places.length) return inText;
  return (offset: number): LineColumn => {
    const place = placeAt(places, offset);
    if (!place) return inText(offset);
    return { line: place.line, column: place.column + countCodePoints(text, place.range[0], offset) };
  };
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

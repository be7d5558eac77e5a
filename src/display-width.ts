/**
 * How many terminal columns text takes (a CJK character two, an emoji two, a combining mark none),
 * for lining up carets under a span (stylish) and cutting a file name to fit (progress). Unicode's
 * East Asian Width via get-east-asian-width; the common characters are answered directly.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import { endsSurrogatePair } from './position.js';

/** Characters a terminal draws with no width: combining marks, format and control characters. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;
/** Emoji are drawn two columns wide whatever their East Asian width says. */
const EMOJI = /^\p{Extended_Pictographic}$/u;

/** Display width of one character (a code point): 0, 1 or 2 terminal columns. */
export function charWidth(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 0x20 && c < 0x7f) return 1;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x3029) || (c >= 0xff01 && c <= 0xff60)) return 2;
  if (ZERO_WIDTH.test(ch)) return 0;
  if (EMOJI.test(ch)) return 2;
  return eastAsianWidth(ch.codePointAt(0)!);
}

/** Widths of the BMP characters met so far, by UTF-16 unit (UNKNOWN: not yet asked). */
let bmpWidths: Uint8Array | undefined;
const UNKNOWN = 255;

/** Display width of a line of text (see charWidth). */
export function textWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // The common characters without making a string of each. Written out rather than calling
    // widthAt per character: stylish measures every context line, and the call cost 4% of the
    // instructions of a 1M-character report (valgrind).
    if (c >= 0x20 && c < 0x7f) width += 1;
    else if (c >= 0x4e00 && c <= 0x9fff) width += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      width += charWidth(text.slice(i, i + 2));
      i++;
    } else width += otherWidth(c);
  }
  return width;
}

/** Display width of the character that starts at unit `i` of `text` (a surrogate pair is one character). */
export function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0x20 && c < 0x7f) return 1;
  if (c >= 0x4e00 && c <= 0x9fff) return 2;
  if (c >= 0xd800 && c <= 0xdbff && endsSurrogatePair(text, i + 1)) return charWidth(text.slice(i, i + 2));
  return otherWidth(c);
}

/** Other BMP characters (Chinese punctuation, …, “”): asked once each, then looked up. */
function otherWidth(unit: number): number {
  bmpWidths ??= new Uint8Array(0x10000).fill(UNKNOWN);
  let w = bmpWidths[unit]!;
  if (w === UNKNOWN) bmpWidths[unit] = w = charWidth(String.fromCharCode(unit));
  return w;
}

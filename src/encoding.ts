/**
 * Bytes of a file → text, and text → the same kind of bytes again (for `--fix`).
 *
 * Seller workbenches export quick-reply tables in whatever their platform or Excel wrote: UTF-8
 * with or without a byte-order mark, UTF-16 ("Unicode text" from Excel: UTF-16LE with a BOM), or
 * GBK/GB18030 (Excel "CSV" on a Chinese Windows). Detection, in order:
 *
 * 1. A byte-order mark: EF BB BF → UTF-8, FF FE → UTF-16LE, FE FF → UTF-16BE.
 * 2. No BOM: a NUL byte in the first 8000 bytes → binary, not linted (UTF-16 without a BOM is
 *    read as binary too: we never guess it).
 * 3. Strict UTF-8 (every byte sequence valid) → UTF-8. Pure ASCII is UTF-8.
 * 4. Otherwise GB18030 (a superset of GBK and GB2312). When the bytes are not GB18030 either
 *    (invalid sequences that decode to U+FFFD and do not survive re-encoding) the file is refused.
 *
 * `exact` says whether encoding the decoded text again gives back the very same bytes. It is
 * always true for UTF-8 and UTF-16 that decoded; for GB18030 a few legacy single bytes (0x80 read
 * as €) do not round-trip: such a file is linted, but `--fix` refuses to write it, so that a fix
 * never changes bytes outside the fixed cell.
 *
 * The BOM is not part of `text`; `encodeText` puts it back when `bom` is true.
 */
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';

type Iconv = typeof import('iconv-lite');
let loaded: Iconv | undefined;

/** iconv-lite, loaded on first use: UTF-8 text (most files, every UTF-8 draft) never needs it. */
export function iconv(): Iconv {
  loaded ??= createRequire(import.meta.url)('iconv-lite') as Iconv;
  return loaded;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  /** The text without its byte-order mark. */
  text: string;
  encoding: Encoding;
  /** Whether the file started with a byte-order mark. */
  bom: boolean;
  /** Whether `encodeText(text, encoding, bom)` gives back the original bytes exactly. */
  exact: boolean;
  /** Something the user should know about how the bytes were read (one line, no file name). */
  note?: string;
}

/** How many leading bytes are searched for NUL to call a file binary. */
const BINARY_PROBE = 8000;

/** Decodes the bytes of a file, or says why it cannot be read as text. */
export function decodeBytes(bytes: Uint8Array): Decoded | { error: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xff && buf[1] === 0xfe) return decodeUtf16(buf, 'utf-16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return decodeUtf16(buf, 'utf-16be');
  if (buf.subarray(0, BINARY_PROBE).includes(0)) return { error: 'binary file, not linted' };
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? buf.subarray(3) : buf);
    return { text, encoding: 'utf-8', bom, exact: true };
  } catch {
    const cut = cutUtf8(bom ? buf.subarray(3) : buf);
    if (cut) return { ...cut, bom };
    if (bom) return { error: 'not valid UTF-8 text (the file starts with a UTF-8 byte-order mark)' };
  }
  const decoded = iconv().decode(buf, 'gb18030', { stripBOM: false });
  const exact = iconv().encode(decoded, 'gb18030').equals(buf);
  if (!exact && decoded.includes('\uFFFD')) return { error: 'not valid UTF-8 or GB18030 text' };
  // GB18030 has its own byte-order mark (84 31 95 33): it decodes to U+FEFF.
  const gbBom = decoded.startsWith('\uFEFF');
  return { text: gbBom ? decoded.slice(1) : decoded, encoding: 'gb18030', bom: gbBom, exact };
}

/**
 * UTF-8 cut off in the middle of its last character (`head -c 5` on a draft, an interrupted
 * download): valid UTF-8 with non-ASCII characters up to an incomplete final sequence. Decoded
 * without that sequence, and never written back (`exact: false`). Text without any multi-byte
 * character before the cut is left to GB18030, which it is as likely to be.
 */
function cutUtf8(body: Buffer): Omit<Decoded, 'bom'> | undefined {
  // The last lead byte, at most three bytes from the end (a cut 4-byte character leaves 1–3).
  let lead = body.length - 1;
  while (lead > 0 && lead > body.length - 3 && (body[lead]! & 0xc0) === 0x80) lead--;
  const byte = body[lead];
  if (byte === undefined) return undefined;
  const needed = byte >= 0xf0 && byte <= 0xf4 ? 4 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xc2 && byte <= 0xdf ? 2 : 0;
  if (!needed || body.length - lead >= needed) return undefined;
  const head = body.subarray(0, lead);
  if (!isUtf8(head) || head.every((b) => b < 0x80)) return undefined;
  const dropped = body.length - lead;
  return {
    text: head.toString('utf8'),
    encoding: 'utf-8',
    exact: false,
    note: `ends in the middle of a UTF-8 character (${dropped} byte${dropped > 1 ? 's' : ''} cut off); linted without it`,
  };
}

function decodeUtf16(buf: Buffer, encoding: 'utf-16le' | 'utf-16be'): Decoded | { error: string } {
  const body = buf.subarray(2);
  if (body.length % 2 !== 0) return { error: `not valid ${encoding.toUpperCase()} text (odd number of bytes)` };
  const text = iconv().decode(body, encoding, { stripBOM: false });
  // Unpaired surrogates decode and encode as themselves, so this holds for any even length; the
  // check keeps the promise explicit.
  const exact = iconv().encode(text, encoding).equals(body);
  return { text, encoding, bom: true, exact };
}

/** Encodes text in an encoding, with its byte-order mark when `bom` is true. */
export function encodeText(text: string, encoding: Encoding, bom: boolean): Buffer {
  const withBom = bom ? '\uFEFF' + text : text;
  if (encoding === 'utf-8') return Buffer.from(withBom, 'utf8');
  return iconv().encode(withBom, encoding, { addBOM: false });
}

/** A short name for messages: UTF-8, UTF-8 (BOM), UTF-16LE, GB18030. */
export function describeEncoding(d: Pick<Decoded, 'encoding' | 'bom'>): string {
  const name = d.encoding.toUpperCase();
  return d.encoding === 'utf-8' && d.bom ? `${name} (BOM)` : name;
}

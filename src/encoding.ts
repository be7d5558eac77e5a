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
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  /** The text without its byte-order mark. */
  text: string;
  encoding: Encoding;
  /** Whether the file started with a byte-order mark. */
  bom: boolean;
  /** Whether `encodeText(text, encoding, bom)` gives back the original bytes exactly. */
  exact: boolean;
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
    if (bom) return { error: 'not valid UTF-8 text (the file starts with a UTF-8 byte-order mark)' };
  }
  const decoded = iconv.decode(buf, 'gb18030', { stripBOM: false });
  const exact = iconv.encode(decoded, 'gb18030').equals(buf);
  if (!exact && decoded.includes('\uFFFD')) return { error: 'not valid UTF-8 or GB18030 text' };
  // GB18030 has its own byte-order mark (84 31 95 33): it decodes to U+FEFF.
  const gbBom = decoded.startsWith('\uFEFF');
  return { text: gbBom ? decoded.slice(1) : decoded, encoding: 'gb18030', bom: gbBom, exact };
}

function decodeUtf16(buf: Buffer, encoding: 'utf-16le' | 'utf-16be'): Decoded | { error: string } {
  const body = buf.subarray(2);
  if (body.length % 2 !== 0) return { error: `not valid ${encoding.toUpperCase()} text (odd number of bytes)` };
  const text = iconv.decode(body, encoding, { stripBOM: false });
  // Unpaired surrogates decode and encode as themselves, so this holds for any even length; the
  // check keeps the promise explicit.
  const exact = iconv.encode(text, encoding).equals(body);
  return { text, encoding, bom: true, exact };
}

/** Encodes text in an encoding, with its byte-order mark when `bom` is true. */
export function encodeText(text: string, encoding: Encoding, bom: boolean): Buffer {
  const withBom = bom ? '\uFEFF' + text : text;
  if (encoding === 'utf-8') return Buffer.from(withBom, 'utf8');
  return iconv.encode(withBom, encoding, { addBOM: false });
}

/** A short name for messages: UTF-8, UTF-8 (BOM), UTF-16LE, GB18030. */
export function describeEncoding(d: Pick<Decoded, 'encoding' | 'bom'>): string {
  const name = d.encoding.toUpperCase();
  return d.encoding === 'utf-8' && d.bom ? `${name} (BOM)` : name;
}

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, encodeText, type Decoded } from '../src/encoding.js';

const TEXT = '分组,快捷编码,快捷短语\r\n售后,sh01,"亲，""放心""吧😀"\r\n';

function decoded(bytes: Uint8Array): Decoded {
  const d = decodeBytes(bytes);
  if ('error' in d) throw new Error(d.error);
  return d;
}

describe('decodeBytes', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decoded(Buffer.from(TEXT, 'utf8'))).toEqual({ text: TEXT, encoding: 'utf-8', bom: false, exact: true });
  });

  it('reads UTF-8 with a BOM, leaving the BOM out of the text', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]);
    expect(decoded(bytes)).toEqual({ text: TEXT, encoding: 'utf-8', bom: true, exact: true });
  });

  it('reads UTF-16LE and UTF-16BE by their BOM (NUL bytes are not binary then)', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    expect(decoded(le)).toEqual({ text: TEXT, encoding: 'utf-16le', bom: true, exact: true });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()]);
    expect(decoded(be)).toEqual({ text: TEXT, encoding: 'utf-16be', bom: true, exact: true });
  });

  it('reads GBK bytes (not valid UTF-8) as GB18030', () => {
    const bytes = iconv.encode(TEXT.replace('😀', ''), 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decoded(bytes)).toEqual({ text: TEXT.replace('😀', ''), encoding: 'gb18030', bom: false, exact: true });
  });

  it('reads GB18030 four-byte sequences (an emoji) and the GB18030 BOM', () => {
    const bytes = iconv.encode('\uFEFF' + TEXT, 'gb18030');
    expect([...bytes.subarray(0, 4)]).toEqual([0x84, 0x31, 0x95, 0x33]);
    expect(decoded(bytes)).toEqual({ text: TEXT, encoding: 'gb18030', bom: true, exact: true });
  });

  it('refuses binary files, odd-length UTF-16 and bytes that are neither UTF-8 nor GB18030', () => {
    expect(decodeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]))).toEqual({ error: 'binary file, not linted' });
    // UTF-16 without a BOM is never guessed.
    expect(decodeBytes(Buffer.from('亲a', 'utf16le'))).toEqual({ error: 'binary file, not linted' });
    expect(decodeBytes(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]))).toEqual({ error: 'not valid UTF-16LE text (odd number of bytes)' });
    expect(decodeBytes(Buffer.from([0x41, 0xff, 0xff, 0x42]))).toEqual({ error: 'not valid UTF-8 or GB18030 text' });
    expect(decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0xc4, 0xe3]))).toMatchObject({ error: expect.stringMatching(/^not valid UTF-8 text/) });
  });

  it('marks GB18030 text that does not re-encode to the same bytes as not exact', () => {
    // 0x80 is € in Windows code page 936; GB18030 writes € as A2 E3.
    const bytes = Buffer.concat([iconv.encode('价格', 'gbk'), Buffer.from([0x80])]);
    expect(decoded(bytes)).toEqual({ text: '价格€', encoding: 'gb18030', bom: false, exact: false });
  });
});

describe('encodeText', () => {
  const cases: [string, Uint8Array][] = [
    ['UTF-8', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')])],
    ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
    ['UTF-16BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()])],
    ['GBK', iconv.encode(TEXT.replace('😀', ''), 'gbk')],
    ['GB18030 with BOM', iconv.encode('\uFEFF' + TEXT, 'gb18030')],
  ];
  it.each(cases)('gives back the bytes it decoded: %s', (_name, bytes) => {
    const d = decoded(bytes);
    expect(encodeText(d.text, d.encoding, d.bom).equals(Buffer.from(bytes))).toBe(true);
  });

  it('encodes a changed text in the same encoding, the rest byte for byte', () => {
    const bytes = iconv.encode('售后,亲爱哒\r\n', 'gbk');
    const d = decoded(bytes);
    const out = encodeText(d.text.replace('亲爱哒', '亲爱的'), d.encoding, d.bom);
    expect(out.equals(iconv.encode('售后,亲爱的\r\n', 'gbk'))).toBe(true);
    expect(out.subarray(0, 5).equals(bytes.subarray(0, 5))).toBe(true);
  });
});

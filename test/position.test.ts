import { describe, expect, it } from 'vitest';
import { countCodePoints, createLocator } from '../src/position.js';

describe('createLocator', () => {
  it('counts lines for LF, CRLF and CR', () => {
    const text = 'a\nb\r\nc\rd';
    const locate = createLocator(text);
    expect(locate(0)).toEqual({ line: 1, column: 1 });
    expect(locate(2)).toEqual({ line: 2, column: 1 });
    expect(locate(5)).toEqual({ line: 3, column: 1 });
    expect(locate(7)).toEqual({ line: 4, column: 1 });
  });

  it('puts the offset between CR and LF on the line the CRLF ends', () => {
    const locate = createLocator('ab\r\ncd');
    expect(locate(3)).toEqual({ line: 1, column: 4 });
  });

  it('counts columns in code points, not UTF-16 units', () => {
    const text = '😀𠮷我保证';
    const locate = createLocator(text);
    expect(locate(text.indexOf('保'))).toEqual({ line: 1, column: 4 });
  });

  it('handles the end of the text and an empty text', () => {
    expect(createLocator('abc')(3)).toEqual({ line: 1, column: 4 });
    expect(createLocator('')(0)).toEqual({ line: 1, column: 1 });
    expect(createLocator('a\n')(2)).toEqual({ line: 2, column: 1 });
  });
});

describe('createLocator with places', () => {
  // Two workbook cells, rows 12 and 3, one after the other in a synthetic text.
  const text = '亲，\n我保证\n😀好的';
  const places = [
    { range: [0, 6] as const, line: 12, column: 1 },
    { range: [7, 11] as const, line: 3, column: 1 },
  ];

  it('reports an offset in a place at its line, counting columns across line breaks', () => {
    const locate = createLocator(text, places);
    expect(locate(0)).toEqual({ line: 12, column: 1 });
    expect(locate(text.indexOf('保'))).toEqual({ line: 12, column: 5 });
    // The end of a place (exclusive end of a span that ends the cell) is still in it.
    expect(locate(6)).toEqual({ line: 12, column: 7 });
    expect(locate(7)).toEqual({ line: 3, column: 1 });
    expect(locate(text.indexOf('好'))).toEqual({ line: 3, column: 2 });
  });

  it('starts at the place column, and falls back to the text outside every place', () => {
    const locate = createLocator('ab\ncd', [{ range: [3, 5], line: 40, column: 7 }]);
    expect(locate(4)).toEqual({ line: 40, column: 8 });
    expect(locate(1)).toEqual({ line: 1, column: 2 });
    expect(createLocator('ab\ncd', [])(4)).toEqual({ line: 2, column: 2 });
  });
});

describe('countCodePoints', () => {
  it('counts a surrogate pair once and a lone surrogate once', () => {
    expect(countCodePoints('a😀b', 0, 4)).toBe(3);
    expect(countCodePoints('\ud83d', 0, 1)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { OffsetMapBuilder } from '../src/normalize/offset-map.js';

describe('OffsetMapBuilder', () => {
  it('maps copied text unit by unit', () => {
    const b = new OffsetMapBuilder();
    b.copy('abcdef', 0, 6);
    const map = b.build(6);
    expect(map.text).toBe('abcdef');
    expect(map.toOriginal([2, 4])).toEqual([2, 4]);
    expect(map.toOriginal([0, 6])).toEqual([0, 6]);
  });

  it('snaps ranges inside an atomic piece to the whole piece', () => {
    // original "a𠮷b" (𠮷 is two UTF-16 units) → derived "aXb" with X one unit
    const b = new OffsetMapBuilder();
    b.copy('a𠮷b', 0, 1);
    b.push('X', 1, 3);
    b.copy('a𠮷b', 3, 4);
    const map = b.build(4);
    expect(map.text).toBe('aXb');
    expect(map.toOriginal([1, 2])).toEqual([1, 3]);
    expect(map.toOriginal([2, 3])).toEqual([3, 4]);
    expect(map.toOriginal([0, 3])).toEqual([0, 4]);
  });

  it('spans dropped markup when a range crosses it, and excludes it at the edges', () => {
    // original "我**保证**" → derived "我保证"
    const original = '我**保证**';
    const b = new OffsetMapBuilder();
    b.copy(original, 0, 1);
    b.push('', 1, 3);
    b.copy(original, 3, 5);
    b.push('', 5, 7);
    const map = b.build(original.length);
    expect(map.text).toBe('我保证');
    expect(map.toOriginal([1, 3])).toEqual([3, 5]);
    expect(original.slice(...map.toOriginal([1, 3]))).toBe('保证');
    expect(original.slice(...map.toOriginal([0, 2]))).toBe('我**保');
  });

  it('maps empty ranges to a point and rejects ranges outside the text', () => {
    const b = new OffsetMapBuilder();
    b.copy('abc', 0, 3);
    const map = b.build(3);
    expect(map.toOriginal([1, 1])).toEqual([1, 1]);
    expect(map.toOriginal([3, 3])).toEqual([3, 3]);
    expect(() => map.toOriginal([0, 4])).toThrow(RangeError);
  });

  it('refuses pieces out of order', () => {
    const b = new OffsetMapBuilder();
    b.copy('abc', 1, 2);
    expect(() => b.copy('abc', 0, 1)).toThrow(/out of order/);
  });
});

/**
 * The one offset map of huashu: how a derived text (the normalized text that rules read) was
 * built from an original text, so that every range found in the derived text maps back to the
 * exact characters of the original.
 *
 * The derived text is built left to right from pieces. Each piece says "these derived UTF-16
 * units came from that original range". A piece is either:
 * - linear: derived and original have the same length and correspond unit by unit (copied text,
 *   full-width → half-width folding, a BMP → BMP OpenCC conversion); or
 * - atomic: the lengths differ (an astral character converted to a BMP one, markup dropped, an
 *   opaque span replaced by one space). Any offset inside an atomic piece maps to the whole
 *   original range of the piece: a start snaps to its start, an end to its end.
 *
 * Offsets are 0-based UTF-16 units; ranges are half-open, like everywhere in huashu.
 */
import type { Range } from '../types.js';

export interface OffsetMap {
  /** The derived text. */
  readonly text: string;
  /** Length of the original text. */
  readonly originalLength: number;
  /** Maps a range of the derived text to the smallest original range that produced it. */
  toOriginal(range: Range): Range;
}

/** Builds a derived text and its map together. Call `push`/`copy` in original order. */
export class OffsetMapBuilder {
  private readonly chunks: string[] = [];
  /** Per piece: derived start, original start, original end, linear flag (parallel arrays). */
  private readonly outStarts: number[] = [];
  private readonly origStarts: number[] = [];
  private readonly origEnds: number[] = [];
  private readonly linear: boolean[] = [];
  private outLength = 0;
  private origCursor = 0;

  /**
   * Appends `out` (derived text) as produced by original range [origStart, origEnd).
   * Pieces must come in original order and must not overlap; a gap in the original (text
   * that produced nothing) is allowed and behaves like an empty atomic piece.
   */
  push(out: string, origStart: number, origEnd: number): void {
    if (origStart < this.origCursor || origEnd < origStart) {
      throw new Error(`offset map pieces out of order: [${origStart}, ${origEnd}) after ${this.origCursor}`);
    }
    const isLinear = out.length === origEnd - origStart;
    const last = this.outStarts.length - 1;
    // Merge a linear piece into a preceding linear piece that ends exactly where it starts,
    // so that long runs of copied text stay one piece (binary search stays short).
    if (isLinear && last >= 0 && this.linear[last] && this.origEnds[last] === origStart) {
      this.origEnds[last] = origEnd;
    } else if (out.length > 0 || origEnd > origStart) {
      this.outStarts.push(this.outLength);
      this.origStarts.push(origStart);
      this.origEnds.push(origEnd);
      this.linear.push(isLinear);
    }
    this.chunks.push(out);
    this.outLength += out.length;
    this.origCursor = origEnd;
  }

  /** Copies original text unchanged: shorthand for `push(slice, start, end)`. */
  copy(original: string, origStart: number, origEnd: number): void {
    this.push(original.slice(origStart, origEnd), origStart, origEnd);
  }

  build(originalLength: number): OffsetMap {
    return new PieceMap(this.chunks.join(''), originalLength, this.outLength, this.outStarts, this.origStarts, this.origEnds, this.linear);
  }
}

/**
 * The map `OffsetMapBuilder.build` makes: the pieces as parallel arrays, searched by derived offset.
 * A class (methods shared by every draft's map), not closures made per draft.
 */
class PieceMap implements OffsetMap {
  constructor(
    readonly text: string,
    readonly originalLength: number,
    private readonly outLength: number,
    private readonly outStarts: readonly number[],
    private readonly origStarts: readonly number[],
    private readonly origEnds: readonly number[],
    private readonly linear: readonly boolean[],
  ) {}

  toOriginal(range: Range): Range {
    // Indexed, not destructured (see matchDraft in linter.ts).
    const start = range[0];
    const end = range[1];
    if (start < 0 || end > this.outLength || end < start) {
      throw new RangeError(`range [${start}, ${end}) outside derived text of length ${this.outLength}`);
    }
    if (end === start) {
      const at = start >= this.outLength ? this.originalLength : this.startOf(start);
      return [at, at];
    }
    return [this.startOf(start), this.endOf(end)];
  }

  /** Index of the last piece whose derived start is <= pos, skipping zero-width pieces. */
  private pieceAt(pos: number): number {
    const outStarts = this.outStarts;
    let lo = 0;
    let hi = outStarts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (outStarts[mid]! <= pos) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private pieceOutLength(i: number): number {
    return (i + 1 < this.outStarts.length ? this.outStarts[i + 1]! : this.outLength) - this.outStarts[i]!;
  }

  /** Original offset of the derived unit at `pos` (as a start). */
  private startOf(pos: number): number {
    let i = this.pieceAt(pos);
    if (i < 0) return 0;
    // Zero-width pieces (dropped markup) share their derived start with the next piece:
    // step back to the one that really holds `pos`.
    while (i > 0 && this.pieceOutLength(i) === 0) i--;
    const delta = pos - this.outStarts[i]!;
    if (delta >= this.pieceOutLength(i)) return this.origEnds[i]!;
    return this.linear[i] ? this.origStarts[i]! + delta : this.origStarts[i]!;
  }

  /** Original offset just after the derived unit at `pos - 1` (as an end). */
  private endOf(pos: number): number {
    if (pos <= 0) return 0;
    let i = this.pieceAt(pos - 1);
    while (i > 0 && this.pieceOutLength(i) === 0) i--;
    if (i < 0) return 0;
    const delta = pos - this.outStarts[i]!;
    return this.linear[i] ? this.origStarts[i]! + delta : this.origEnds[i]!;
  }
}

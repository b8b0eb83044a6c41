import { describe, expect, it } from 'vitest';
import { byteRange } from './byte-range.js';

describe('byteRange', () => {
  it('reads start-end, start- and suffix ranges, clamped to the file', () => {
    expect(byteRange('bytes=0-3', 10)).toEqual({ kind: 'range', start: 0, end: 3 });
    expect(byteRange('bytes=4-', 10)).toEqual({ kind: 'range', start: 4, end: 9 });
    expect(byteRange('bytes=-4', 10)).toEqual({ kind: 'range', start: 6, end: 9 });
    expect(byteRange('bytes=-40', 10)).toEqual({ kind: 'range', start: 0, end: 9 });
    expect(byteRange('bytes=8-40', 10)).toEqual({ kind: 'range', start: 8, end: 9 });
  });

  it('is unsatisfiable past the end, and ignores what it cannot read', () => {
    expect(byteRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(byteRange('bytes=-0', 10)).toEqual({ kind: 'unsatisfiable' });
    for (const header of [undefined, 'bytes=0-1,4-5', 'items=0-1', 'bytes=-', 'bytes=5-2', 'bytes=a-b']) {
      expect(byteRange(header, 10)).toEqual({ kind: 'all' });
    }
  });
});

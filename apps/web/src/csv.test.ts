import { describe, expect, it } from 'vitest';
import { lineColumnOf, toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes what needs quoting and leaves NULL empty', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', null],
          ['say "hi"', 3],
        ],
      ),
    ).toBe('a,b\n"x,y",\n"say ""hi""",3\n');
  });
});

describe('lineColumnOf', () => {
  it('turns an offset into a 1-based line and column', () => {
    expect(lineColumnOf('SELECT\n  * FROM x', 9)).toEqual({ line: 2, column: 3 });
    expect(lineColumnOf('abc', 0)).toEqual({ line: 1, column: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean.js';

describe('didYouMean', () => {
  it('suggests the closest candidate for a typo', () => {
    expect(didYouMean('qualty', ['quality', 'schema', 'servers'])).toBe('quality');
    expect(didYouMean('Schema', ['quality', 'schema'])).toBe('schema');
  });
  it('suggests nothing when no candidate is close', () => {
    expect(didYouMean('banana', ['quality', 'schema'])).toBeUndefined();
  });
});

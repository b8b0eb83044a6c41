import { describe, expect, it } from 'vitest';
import { lastSixMonths, monthOf } from './months.js';

describe('months', () => {
  it('names a month in UTC and shifts across years', () => {
    expect(monthOf(new Date('2026-01-31T23:30:00Z'))).toBe('2026-01');
    expect(monthOf(new Date('2026-01-15T00:00:00Z'), -1)).toBe('2025-12');
  });

  it('lists the month and the five before it, oldest first', () => {
    expect(lastSixMonths('2026-03')).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
  });
});

import type { IsolationPattern } from '@meshwork/core';

/** The isolation patterns from lightest to strongest: the only direction a domain moves. */
export const PATTERN_ORDER: readonly IsolationPattern[] = ['schema', 'workspace', 'account'];

/** The rank of a pattern: 0 schema, 1 workspace, 2 account. */
export function patternRank(pattern: IsolationPattern): number {
  return PATTERN_ORDER.indexOf(pattern);
}

/** The stronger of two patterns. */
export function strongerOf(a: IsolationPattern, b: IsolationPattern): IsolationPattern {
  return patternRank(a) >= patternRank(b) ? a : b;
}

/** The lighter of two patterns. */
export function lighterOf(a: IsolationPattern, b: IsolationPattern): IsolationPattern {
  return patternRank(a) <= patternRank(b) ? a : b;
}

/** The long name of a pattern, as the seed and the docs write it: `schema` → `schema-per-domain`. */
export function patternName(pattern: IsolationPattern): string {
  return `${pattern}-per-domain`;
}

/** The ODCS comparison operators of a quality rule. */
export const OPERATORS = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** What a check's measured value must satisfy, e.g. `mustBeLessThan: 5`. */
export interface Expectation {
  readonly operator: Operator;
  readonly value: number | readonly [number, number];
}

/** The expectation that a count is zero: every implied constraint (required, unique, bounds) uses it. */
export const MUST_BE_ZERO: Expectation = Object.freeze({ operator: 'mustBe', value: 0 });

/**
 * Reads the operator of an ODCS quality rule. Undefined when the rule has none (validation already
 * reported it) or its value is not a number (or a pair of numbers for the between operators).
 */
export function expectationOf(rule: Record<string, unknown>): Expectation | undefined {
  for (const operator of OPERATORS) {
    const value = rule[operator];
    if (value === undefined) continue;
    if (operator === 'mustBeBetween' || operator === 'mustNotBeBetween') {
      if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) {
        return { operator, value: [value[0] as number, value[1] as number] };
      }
      return undefined;
    }
    return typeof value === 'number' ? { operator, value } : undefined;
  }
  return undefined;
}

/** True when `actual` satisfies the expectation. */
export function satisfies(actual: number, e: Expectation): boolean {
  const [low, high] = Array.isArray(e.value) ? e.value : [e.value, e.value];
  const v = e.value as number;
  switch (e.operator) {
    case 'mustBe':
      return actual === v;
    case 'mustNotBe':
      return actual !== v;
    case 'mustBeGreaterThan':
      return actual > v;
    case 'mustBeGreaterOrEqualTo':
      return actual >= v;
    case 'mustBeLessThan':
      return actual < v;
    case 'mustBeLessOrEqualTo':
      return actual <= v;
    case 'mustBeBetween':
      return actual >= (low as number) && actual <= (high as number);
    case 'mustNotBeBetween':
      return actual < (low as number) || actual > (high as number);
  }
}

/** The expectation as text for reports: `= 0`, `> 1000`, `between 10 and 20`. */
export function describeExpectation(e: Expectation, unit = ''): string {
  const suffix = unit === 'percent' ? ' %' : '';
  if (Array.isArray(e.value)) {
    return `${e.operator === 'mustBeBetween' ? 'between' : 'not between'} ${e.value[0]} and ${e.value[1]}${suffix}`;
  }
  const symbol = {
    mustBe: '=',
    mustNotBe: '≠',
    mustBeGreaterThan: '>',
    mustBeGreaterOrEqualTo: '≥',
    mustBeLessThan: '<',
    mustBeLessOrEqualTo: '≤',
  }[e.operator as Exclude<Operator, 'mustBeBetween' | 'mustNotBeBetween'>];
  return `${symbol} ${e.value as number}${suffix}`;
}

import type { Position } from '@meshwork/core';
import type { CheckNode } from './check-node.js';

/** How a check's value was obtained. */
export type CheckMethod = 'statistics' | 'fused-scan' | 'query' | 'none';

/**
 * The outcome of one check. `failed` means the data violates the expectation; `error` means the check could
 * not run (a missing column, a bad custom query): both are results, never exceptions.
 */
export interface CheckResult {
  readonly id: string;
  readonly kind: CheckNode['kind'];
  readonly object: string;
  readonly columns: readonly string[];
  readonly dimension: string;
  readonly description: string;
  readonly severity: CheckNode['severity'];
  readonly origin: CheckNode['origin'];
  /** The expectation as text: `= 0`, `> 1000`, `≤ 24 h`. */
  readonly expected: string;
  /** The measured value (a count, a percentage or an age in hours), or null when it could not be measured. */
  readonly actual: number | null;
  readonly unit: 'rows' | 'percent' | 'hours';
  readonly status: 'passed' | 'failed' | 'error';
  readonly method: CheckMethod;
  readonly durationMs: number;
  /** Why it failed or could not run. */
  readonly reason: string | undefined;
  /** The contract position that declared the check. */
  readonly file: string;
  readonly position: Position;
}

/** True when a result should fail `meshwork test`: an error-severity failure, or a check that could not run. */
export function isBlocking(result: CheckResult): boolean {
  return result.status === 'error' || (result.status === 'failed' && result.severity === 'error');
}

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
  /** The single number the expectation compares with (its first bound for between), for status bands. */
  readonly threshold: number;
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

/** SLA status of a product from its latest results: breached, at risk (within 20 % of a limit), met, unknown. */
export function slaStatusFromResults(results: readonly CheckResult[]): {
  status: 'met' | 'at_risk' | 'breached' | 'unknown';
  details: Record<string, unknown>;
} {
  const sla = results.filter((r) => r.origin === 'sla');
  if (sla.length === 0)
    return { status: 'unknown', details: { reason: 'the contract declares no freshness or retention SLA' } };
  const breached = sla.filter((r) => r.status !== 'passed');
  if (breached.length > 0)
    return {
      status: 'breached',
      details: { checks: breached.map((r) => ({ id: r.id, actual: r.actual, expected: r.expected })) },
    };
  const atRisk = sla.filter((r) => r.actual !== null && r.threshold > 0 && r.actual > 0.8 * r.threshold);
  if (atRisk.length > 0)
    return {
      status: 'at_risk',
      details: { checks: atRisk.map((r) => ({ id: r.id, actual: r.actual, expected: r.expected })) },
    };
  return { status: 'met', details: { checks: sla.map((r) => ({ id: r.id, actual: r.actual, expected: r.expected })) } };
}

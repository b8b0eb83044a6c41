import type { CheckNode } from '../src/quality/check-node.js';
import { MUST_BE_ZERO } from '../src/quality/expectation.js';

const base = {
  object: 't',
  expectation: MUST_BE_ZERO,
  unit: 'rows',
  severity: 'error',
  dimension: 'completeness',
  origin: 'rule',
  description: 'test',
  file: 't.odcs.yaml',
  position: { line: 1, column: 1 },
} as const;

/** A check node for tests: defaults for every common field, the kind-specific ones given. */
export function check(kind: CheckNode['kind'], fields: Record<string, unknown>): CheckNode {
  return { ...base, id: `${kind}-${Math.random().toString(36).slice(2, 8)}`, kind, ...fields } as CheckNode;
}

/** 10 rows with known violations: 2 null names, one '' name, ages 5..95 with one -1, codes with one 'zz'. */
export const SAMPLE_TABLE = `CREATE TABLE t AS SELECT * FROM (VALUES
  (1, 'ana', 25, 'de', TIMESTAMP '2026-01-01 10:00:00'),
  (2, 'ben', 35, 'fr', TIMESTAMP '2026-01-02 10:00:00'),
  (3, NULL, 45, 'de', TIMESTAMP '2026-01-03 10:00:00'),
  (4, '', 55, 'nl', TIMESTAMP '2026-01-04 10:00:00'),
  (5, 'dee', -1, 'zz', TIMESTAMP '2026-01-05 10:00:00'),
  (6, 'eve', 65, 'de', TIMESTAMP '2026-01-06 10:00:00'),
  (7, NULL, 75, 'fr', TIMESTAMP '2026-01-07 10:00:00'),
  (8, 'fay-longname', 85, 'de', TIMESTAMP '2026-01-08 10:00:00'),
  (9, 'gus', 95, 'de', TIMESTAMP '2026-01-09 10:00:00'),
  (9, 'hal', 5, 'de', TIMESTAMP '2026-01-10 10:00:00')
) AS v(id, name, age, code, seen_at)`;

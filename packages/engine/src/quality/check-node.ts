import type { Position } from '@meshwork/core';
import type { Expectation } from './expectation.js';

/** Fields every check carries. */
interface CheckBase {
  /** Stable within a contract: `<object>.<property>.<kind>#<n>` or the rule's own `id`. */
  readonly id: string;
  /** The schema object (table) checked. */
  readonly object: string;
  /** What the measured value must satisfy. */
  readonly expectation: Expectation;
  /** `rows` (the default) or `percent` of the table's rows. */
  readonly unit: 'rows' | 'percent';
  /** A failing check with severity `error` fails `meshwork test`; `warning` and `info` do not. */
  readonly severity: 'error' | 'warning' | 'info';
  /** ODCS data quality dimension: completeness, conformity, uniqueness, timeliness, ... */
  readonly dimension: string;
  /** Where it comes from: a quality rule, a property constraint (`required`, bounds), or an SLA property. */
  readonly origin: 'rule' | 'constraint' | 'sla';
  /** One line for reports, e.g. "email has no invalid values". */
  readonly description: string;
  /** The contract position that declared it. */
  readonly file: string;
  readonly position: Position;
}

/** Rows where the column is null. */
export interface NullValuesCheck extends CheckBase {
  readonly kind: 'nullValues';
  readonly column: string;
}

/** Rows where the column is null or one of the listed missing markers (`''`, `'N/A'`). */
export interface MissingValuesCheck extends CheckBase {
  readonly kind: 'missingValues';
  readonly column: string;
  readonly missing: readonly (string | number)[];
}

/** Non-null rows whose value is not in `validValues` (or does not fully match `pattern`). */
export interface InvalidValuesCheck extends CheckBase {
  readonly kind: 'invalidValues';
  readonly column: string;
  readonly validValues: readonly (string | number | boolean)[] | undefined;
  readonly pattern: string | undefined;
}

/** Non-null rows outside numeric or temporal bounds (`logicalTypeOptions`). */
export interface RangeCheck extends CheckBase {
  readonly kind: 'range';
  readonly column: string;
  readonly minimum: number | string | undefined;
  readonly maximum: number | string | undefined;
  readonly exclusiveMinimum: number | string | undefined;
  readonly exclusiveMaximum: number | string | undefined;
}

/** Non-null rows whose string length is outside `minLength`..`maxLength`. */
export interface LengthCheck extends CheckBase {
  readonly kind: 'length';
  readonly column: string;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
}

/** Rows that repeat another row's value (one column) or combination of values (several). */
export interface DuplicateValuesCheck extends CheckBase {
  readonly kind: 'duplicateValues';
  readonly columns: readonly string[];
}

/** The number of rows. */
export interface RowCountCheck extends CheckBase {
  readonly kind: 'rowCount';
}

/** Age in hours of the newest (freshness) or oldest (retention) value of a timestamp column. */
export interface AgeCheck extends CheckBase {
  readonly kind: 'freshness' | 'retention';
  readonly column: string;
  /** The SLA property it comes from: latency, frequency or retention. */
  readonly property: string;
  readonly maxAgeMs: number;
}

/** A custom SQL query returning one number (ODCS `type: sql`), run read-only in the sandbox. */
export interface SqlCheck extends CheckBase {
  readonly kind: 'sql';
  readonly query: string;
  readonly column: string | undefined;
}

/**
 * A quality check as an immutable node. The compiler turns nodes into SQL; the runner decides per node
 * whether statistics prove it, the fused scan measures it, or it needs its own statement.
 */
export type CheckNode =
  | NullValuesCheck
  | MissingValuesCheck
  | InvalidValuesCheck
  | RangeCheck
  | LengthCheck
  | DuplicateValuesCheck
  | RowCountCheck
  | AgeCheck
  | SqlCheck;

/** The columns a check reads (none for row count and custom SQL). */
export function columnsOf(node: CheckNode): readonly string[] {
  switch (node.kind) {
    case 'duplicateValues':
      return node.columns;
    case 'rowCount':
      return [];
    case 'sql':
      return node.column ? [node.column] : [];
    default:
      return [node.column];
  }
}

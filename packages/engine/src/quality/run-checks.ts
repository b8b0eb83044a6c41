import { analyzeSelect } from '../build/sql-analysis.js';
import type { Engine } from '../engine.js';
import { compileFusedScan, compileSeparate, compileSqlCheck, isFusable } from './check-compiler.js';
import { type CheckNode, columnsOf } from './check-node.js';
import type { CheckMethod, CheckResult } from './check-result.js';
import { proveFromStatistics, readStatistics, type TableStatistics } from './column-statistics.js';
import { describeExpectation, satisfies } from './expectation.js';
import { compileProbeScan } from './probe-scan.js';

/** Options of a check run. */
export interface RunChecksOptions {
  /** Use row-group statistics to prove checks without a scan (default true). */
  readonly useStatistics?: boolean;
  /** The current time, for freshness and retention (default: now). */
  readonly now?: number;
}

/** The results of every check on one table, and what each phase cost. */
export interface TableCheckRun {
  readonly rows: number | null;
  readonly results: readonly CheckResult[];
  readonly timings: { readonly statisticsMs: number; readonly fusedScanMs: number; readonly queriesMs: number };
}

/**
 * Runs checks against one table (`table` is the quoted relation name, `name` its plain name for custom
 * SQL). Statistics first: what they prove costs no scan. The rest that can be fused is measured by one
 * aggregate query; only several-column duplicates and custom SQL get statements of their own. Returns a
 * result per check and never throws: a check that cannot run is an `error` result with the reason.
 */
export async function runChecks(
  engine: Engine,
  table: string,
  name: string,
  checks: readonly CheckNode[],
  options: RunChecksOptions = {},
): Promise<TableCheckRun> {
  const now = options.now ?? Date.now();
  const results = new Map<string, CheckResult>();
  const timings = { statisticsMs: 0, fusedScanMs: 0, queriesMs: 0 };
  const record = (node: CheckNode, outcome: Outcome) => results.set(node.id, toResult(node, outcome));
  const ordered = () => checks.map((c) => results.get(c.id) as CheckResult);

  let types: Map<string, string>;
  try {
    types = new Map(
      (await engine.query(`DESCRIBE ${table}`)).map((r) => [String(r.column_name), String(r.column_type)]),
    );
  } catch (error) {
    for (const node of checks) record(node, { error: `table ${name} cannot be read: ${messageOf(error)}` });
    return { rows: null, results: ordered(), timings };
  }

  const runnable: CheckNode[] = [];
  for (const node of checks) {
    const missing = columnsOf(node).filter((c) => !types.has(c));
    if (missing.length > 0) {
      record(node, {
        error: `column ${missing.join(', ')} does not exist in ${name} (it has ${[...types.keys()].join(', ')})`,
      });
    } else runnable.push(node);
  }

  let stats: TableStatistics | undefined;
  let start = performance.now();
  if (options.useStatistics !== false && engine.capabilities.rowGroupStatistics) {
    try {
      stats = await readStatistics(engine, table, types);
      for (const node of runnable) {
        const proven = proveFromStatistics(node, stats, now);
        if (proven !== undefined) record(node, { value: proven, rows: stats.rows, method: 'statistics' });
      }
      // Checks proven together share the cost of the one statistics query.
      const shared = performance.now() - start;
      for (const [id, r] of results)
        if (r.method === 'statistics') results.set(id, { ...r, durationMs: round(shared) });
    } catch {
      stats = undefined; // statistics are an optimisation: without them every check is measured by the scan
    }
  }
  timings.statisticsMs = performance.now() - start;

  const fused = runnable.filter((n) => !results.has(n.id) && isFusable(n));
  let rows = stats?.rows ?? null;
  start = performance.now();
  if (fused.length > 0) {
    // The probe scan reads the table once and settles every check that holds; only checks where it saw
    // a possible violation go on to the violation-counting scan.
    const probe = compileProbeScan(table, fused, types, stats);
    const toCount: CheckNode[] = [];
    try {
      const [row] = await engine.query(probe.sql, probe.parameters);
      rows = Number(row?.n ?? 0);
      for (const [alias, id] of probe.slots) {
        const node = fused.find((n) => n.id === id) as CheckNode;
        const raw = row?.[alias];
        if (raw !== null && raw !== undefined) {
          record(node, { value: Number(raw), rows, method: 'fused-scan', durationMs: performance.now() - start });
        } else if (node.kind === 'freshness' || node.kind === 'retention') {
          record(node, { value: null, rows, method: 'fused-scan', durationMs: performance.now() - start });
        } else toCount.push(node);
      }
    } catch (error) {
      for (const id of probe.slots.values()) {
        record(fused.find((n) => n.id === id) as CheckNode, { error: `the fused scan failed: ${messageOf(error)}` });
      }
    }
    if (toCount.length > 0) {
      const scan = compileFusedScan(table, toCount, types);
      try {
        const [row] = await engine.query(scan.sql, scan.parameters);
        for (const [alias, id] of scan.slots) {
          const node = toCount.find((n) => n.id === id) as CheckNode;
          const raw = row?.[alias];
          record(node, {
            value: raw === null || raw === undefined ? null : Number(raw),
            rows,
            method: 'fused-scan',
            durationMs: performance.now() - start,
          });
        }
      } catch (error) {
        for (const node of toCount) record(node, { error: `the violation-counting scan failed: ${messageOf(error)}` });
      }
    }
  }
  timings.fusedScanMs = performance.now() - start;

  start = performance.now();
  for (const node of runnable.filter((n) => !results.has(n.id))) {
    const began = performance.now();
    try {
      const value =
        node.kind === 'sql' ? await runSqlCheck(engine, table, name, node) : await runSeparate(engine, table, node);
      record(node, { value, rows, method: 'query', durationMs: performance.now() - began });
    } catch (error) {
      record(node, { error: messageOf(error), durationMs: performance.now() - began });
    }
  }
  timings.queriesMs = performance.now() - start;
  return { rows, results: ordered(), timings };
}

async function runSeparate(engine: Engine, table: string, node: CheckNode): Promise<number | null> {
  const query = compileSeparate(table, node);
  if (!query) throw new Error(`no statement for check kind ${node.kind}`);
  const [row] = await engine.query(query.sql, query.parameters);
  return row?.value === null || row?.value === undefined ? null : Number(row.value);
}

/** Custom SQL may read only the checked table (and its own CTEs); it runs in the locked-down engine. */
async function runSqlCheck(
  engine: Engine,
  table: string,
  name: string,
  node: CheckNode & { kind: 'sql' },
): Promise<number | null> {
  const sql = compileSqlCheck(table, node);
  const analysis = await analyzeSelect(engine, sql);
  if (!analysis.ok) throw new Error(`the custom SQL is not a single SELECT: ${analysis.message}`);
  for (const relation of analysis.relations) {
    const own = relation.cte || (!relation.catalog && !relation.schema && relation.table === name);
    if (!own) {
      throw new Error(
        `the custom SQL reads ${[relation.catalog, relation.schema, relation.table].filter(Boolean).join('.')}; a check may read only ${name} (use \${object})`,
      );
    }
  }
  if (analysis.tableFunctions.some((f) => !['range', 'generate_series', 'unnest'].includes(f.name.toLowerCase()))) {
    throw new Error('the custom SQL calls a table function; a check may read only its table');
  }
  const rows = await engine.query(`SELECT * FROM (\n${sql}\n) AS "check" LIMIT 2`);
  if (rows.length !== 1)
    throw new Error(
      `the custom SQL returned ${rows.length === 0 ? 'no row' : 'more than one row'}; it must return exactly one number`,
    );
  const value = Object.values(rows[0] as object)[0];
  if (value === null || value === undefined) return null;
  const number = typeof value === 'bigint' ? Number(value) : Number(value);
  if (!Number.isFinite(number))
    throw new Error(`the custom SQL returned ${JSON.stringify(String(value))}, not a number`);
  return number;
}

type Outcome =
  | { value: number | null; rows: number | null; method: CheckMethod; durationMs?: number }
  | { error: string; durationMs?: number };

function toResult(node: CheckNode, outcome: Outcome): CheckResult {
  const age = node.kind === 'freshness' || node.kind === 'retention';
  const unit = age ? 'hours' : node.unit;
  const base = {
    id: node.id,
    kind: node.kind,
    object: node.object,
    columns: columnsOf(node),
    dimension: node.dimension,
    description: node.description,
    severity: node.severity,
    origin: node.origin,
    expected: age ? `${describeExpectation(node.expectation)} h` : describeExpectation(node.expectation, node.unit),
    unit,
    threshold: Array.isArray(node.expectation.value)
      ? (node.expectation.value[0] as number)
      : (node.expectation.value as number),
    file: node.file,
    position: node.position,
    durationMs: round(outcome.durationMs ?? 0),
  } as const;
  if ('error' in outcome) return { ...base, actual: null, status: 'error', method: 'none', reason: outcome.error };
  if (outcome.value === null) {
    return {
      ...base,
      actual: null,
      status: 'failed',
      method: outcome.method,
      reason: age ? `${columnsOf(node)[0]} has no values` : 'no value measured',
    };
  }
  const actual =
    node.unit === 'percent' && !age && node.kind !== 'rowCount'
      ? outcome.rows
        ? (outcome.value / outcome.rows) * 100
        : 0
      : outcome.value;
  const rounded = Math.round(actual * 1000) / 1000;
  const passed = satisfies(rounded, node.expectation);
  return {
    ...base,
    actual: rounded,
    status: passed ? 'passed' : 'failed',
    method: outcome.method,
    reason: passed
      ? undefined
      : `${node.description}: measured ${rounded}${unit === 'percent' ? ' %' : unit === 'hours' ? ' h' : ''}, expected ${base.expected}`,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? String(error);
}

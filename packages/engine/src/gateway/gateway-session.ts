import { dirname } from 'node:path';
import { qualified, quoteIdentifier, quoteLiteral } from '../duckdb/duckdb-dialect.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import type { EngineLimits } from '../engine.js';
import { maskedOutputs } from './masked-outputs.js';
import { type MaskingMethod, maskedColumn } from './masking.js';
import { DEFAULT_MAX_RESULT_BYTES, estimateBytes } from './result-size.js';
import { selectTree } from './sql-tree.js';

/**
 * Where a product's rows are read from: its store (attached read-only) or a Parquet snapshot of a share
 * (read into the query's instance, masked, before the consumer's SQL runs).
 */
export type GatewaySource =
  | { readonly kind: 'store'; readonly file: string; readonly table: string }
  | { readonly kind: 'parquet'; readonly file: string };

/** One column of a product view and how it is shown to this consumer. */
export interface GatewayColumn {
  readonly name: string;
  /** The DuckDB type of the stored column (from the build manifest). */
  readonly type: string;
  readonly mask: MaskingMethod;
}

/** A product as one consumer may see it: a view named by its address, with masked columns. */
export interface GatewayView {
  readonly address: string;
  readonly source: GatewaySource;
  readonly columns: readonly GatewayColumn[];
}

/** The result of a gateway query. */
export interface GatewayResult {
  /** Output columns; `masked` when the column may derive from a masked column (see masked-outputs.ts). */
  readonly columns: readonly { readonly name: string; readonly type: string; readonly masked: boolean }[];
  readonly rows: readonly unknown[][];
  /** Rows returned, or written to the export file. */
  readonly rowCount: number;
  /** True when the answer stops short of the query's rows: see `truncatedBy`. */
  readonly truncated: boolean;
  /**
   * Why the answer stops short: `rows`, the query has more than `rowLimit` rows; `bytes`, the next row would
   * take the answer over `maxResultBytes`. Absent when nothing was left out.
   */
  readonly truncatedBy?: 'rows' | 'bytes';
  readonly durationMs: number;
  /** CPU time of this process while the query ran (DuckDB's worker threads included). */
  readonly cpuMs: number;
}

/** What bounds a query. */
export interface GatewayOptions {
  readonly limits: EngineLimits;
  readonly rowLimit: number;
  /**
   * Bytes of rows an answer carries at most (about their size as JSON, estimated while rows are read; 64 MiB
   * by default). Reading stops at the row that would pass it, and the answer says it was truncated; a first
   * row alone over it fails the query. Exports are not bounded by it: they go to a file.
   */
  readonly maxResultBytes?: number;
  /** Secret salt of hashed masks. */
  readonly salt: string;
  /**
   * A blank engine opened ahead of time with these limits (opening one is about half the cost of a small
   * query). It must be fresh: nothing attached, nothing set. It is used for this query and closed.
   */
  readonly engine?: DuckDBEngine;
  /**
   * Write the result to this Parquet file (in a private folder of the server's) instead of returning rows.
   * The consumer's SQL, already checked to be one SELECT, is wrapped in the server's own COPY statement; the
   * folder is the only one the instance may write to.
   */
  readonly exportTo?: string;
}

/**
 * Runs one consumer query in a fresh DuckDB instance that can read nothing but the given views. Setup order:
 * stores attached read-only and views created (the only relations the query can name, their masked columns
 * computed inside the view; shares' snapshots copied in masked), then `allowed_directories` (only an
 * export's own folder), `enable_external_access =
 * false`, `lock_configuration = true`. The instance lives for this query only.
 */
export async function runGatewayQuery(
  views: readonly GatewayView[],
  sql: string,
  options: GatewayOptions,
): Promise<GatewayResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const engine = options.engine ?? (await DuckDBEngine.open(options.limits));
  try {
    const aliases = new Map<string, string>();
    const masked = new Set<string>();
    for (const view of views) {
      const [domain, product] = view.address.split('.') as [string, string];
      const select = view.columns.map((c) => maskedColumn(c.name, c.type, c.mask, options.salt)).join(', ');
      for (const c of view.columns) if (c.mask !== 'none') masked.add(c.name.toLowerCase());
      await engine.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(domain)}`);
      if (view.source.kind === 'store') {
        let alias = aliases.get(view.source.file);
        if (!alias) {
          alias = `mw_src_${aliases.size}`;
          aliases.set(view.source.file, alias);
          await engine.run(`ATTACH ${quoteLiteral(view.source.file)} AS ${alias} (READ_ONLY)`);
        }
        const [schema, table] = view.source.table.split('.') as [string, string];
        await engine.run(
          `CREATE VIEW ${qualified(domain, product)} AS SELECT ${select} FROM ${qualified(alias, schema, table)}`,
        );
      } else {
        // A share's snapshot holds raw values: it is read, masked, into this instance before external access
        // is switched off, so its folder is never readable by the consumer's SQL.
        await engine.run(
          `CREATE TABLE ${qualified(domain, product)} AS SELECT ${select} FROM read_parquet(${quoteLiteral(view.source.file)})`,
        );
      }
    }
    const body = sql.trim().replace(/;\s*$/, '');
    const tree = await selectTree(engine, body);
    if (options.exportTo)
      await engine.run(`SET allowed_directories = [${quoteLiteral(`${dirname(options.exportTo)}/`)}]`);
    await engine.run('SET enable_external_access = false');
    await engine.run('SET lock_configuration = true');
    if (options.exportTo) {
      const selected = `SELECT * FROM (\n${body}\n) AS mw_query LIMIT ${options.rowLimit}`;
      const described = await engine.queryTable(`DESCRIBE ${selected}`);
      const [written] = (
        await engine.queryTable(`COPY (${selected}) TO ${quoteLiteral(options.exportTo)} (FORMAT parquet)`)
      ).rows;
      const used = process.cpuUsage(cpu);
      const names = described.rows.map((r) => String(r[0]));
      const flags = maskedOutputs(tree, names, masked);
      return {
        columns: described.rows.map((r, i) => ({ name: String(r[0]), type: String(r[1]), masked: flags[i] ?? true })),
        rows: [],
        rowCount: Number(written?.[0] ?? 0),
        truncated: false,
        durationMs: performance.now() - started,
        cpuMs: (used.user + used.system) / 1000,
      };
    }
    const rows: unknown[][] = [];
    const maxBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
    let bytes = 0;
    let truncatedBy: 'rows' | 'bytes' | undefined;
    const { columns } = await engine.readRows(
      `SELECT * FROM (\n${body}\n) AS mw_query LIMIT ${options.rowLimit + 1}`,
      (row) => {
        const size = estimateBytes(row);
        if (rows.length === options.rowLimit) truncatedBy = 'rows';
        else if (bytes + size > maxBytes) truncatedBy = 'bytes';
        else {
          bytes += size;
          rows.push(row);
        }
        return truncatedBy === undefined;
      },
    );
    if (truncatedBy === 'bytes' && rows.length === 0) {
      throw new Error(
        `the first row of the answer is larger than the gateway's cap of ${maxBytes} bytes on an answer; select fewer or smaller columns (left(), substr()), or aggregate in SQL`,
      );
    }
    const used = process.cpuUsage(cpu);
    const flags = maskedOutputs(
      tree,
      columns.map((c) => c.name),
      masked,
    );
    return {
      columns: columns.map((c, i) => ({ ...c, masked: flags[i] ?? true })),
      rows,
      rowCount: rows.length,
      truncated: truncatedBy !== undefined,
      ...(truncatedBy ? { truncatedBy } : {}),
      durationMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
    };
  } finally {
    engine.close();
  }
}

import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, JSDuckDBValueConverter } from '@duckdb/node-api';
import { type Engine, type EngineCapabilities, type EngineLimits, QueryTimeoutError, type Row } from '../engine.js';

const CAPABILITIES: EngineCapabilities = {
  rowGroupStatistics: true,
  approxDistinct: true,
  regex: true,
  nativeEncryption: false,
};

/** Options for a DuckDB engine beyond its limits. */
export interface DuckDBEngineOptions {
  /** Database file; in memory when omitted. */
  readonly path?: string;
  readonly readOnly?: boolean;
  /** Directory DuckDB may spill to when over its memory limit; none when omitted. */
  readonly tempDirectory?: string;
}

/**
 * The DuckDB adapter: one DuckDB instance with its own memory limit, thread count and query timeout, so a
 * domain's work cannot starve another's. Nothing is downloaded: autoloading and installing extensions are
 * off, and only the built-in ones (parquet, json, icu) are used.
 */
export class DuckDBEngine implements Engine {
  readonly capabilities = CAPABILITIES;

  private constructor(
    readonly limits: EngineLimits,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens an engine with the given limits. */
  static async open(limits: EngineLimits, options: DuckDBEngineOptions = {}): Promise<DuckDBEngine> {
    const config: Record<string, string> = {
      memory_limit: `${Math.max(1, Math.floor(limits.memoryBytes / 1024 / 1024))}MiB`,
      threads: String(limits.threads),
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
    const connection = await instance.connect();
    // Timestamps without a time zone are read and written as UTC, whatever the machine's zone.
    await connection.run("SET TimeZone = 'UTC'");
    return new DuckDBEngine(limits, instance, connection);
  }

  async query(sql: string, parameters: readonly unknown[] = []): Promise<Row[]> {
    const reader = await this.withTimeout(() =>
      this.connection.runAndReadAll(sql, parameters.length > 0 ? (parameters as DuckDBValue[]) : undefined),
    );
    return reader.getRowObjectsJS() as Row[];
  }

  /** Runs a query and returns its columns (names in order, duplicates kept, with DuckDB types) and rows as arrays. */
  async queryTable(sql: string): Promise<{ columns: { name: string; type: string }[]; rows: unknown[][] }> {
    const reader = await this.withTimeout(() => this.connection.runAndReadAll(sql));
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return {
      columns: names.map((name, i) => ({ name, type: String(types[i]) })),
      rows: reader.getRowsJS() as unknown[][],
    };
  }

  /**
   * Streams a query's rows to `take`, converted to JavaScript values one row at a time, and stops reading
   * (DuckDB computes no further chunk) as soon as `take` returns false. Returns the columns, as `queryTable`.
   */
  async readRows(
    sql: string,
    take: (row: unknown[]) => boolean,
  ): Promise<{ columns: { name: string; type: string }[] }> {
    return this.withTimeout(async () => {
      const result = await this.connection.stream(sql);
      const types = result.columnTypes();
      const columns = result.columnNames().map((name, i) => ({ name, type: String(types[i]) }));
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        for (let row = 0; row < chunk.rowCount; row++) {
          if (!take(chunk.convertRowValues(row, JSDuckDBValueConverter))) return { columns };
        }
      }
      return { columns };
    });
  }

  async run(sql: string, parameters: readonly unknown[] = []): Promise<void> {
    await this.withTimeout(() =>
      this.connection.run(sql, parameters.length > 0 ? (parameters as DuckDBValue[]) : undefined),
    );
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Interrupts the statement when it outlives the query timeout; DuckDB has no per-statement timeout. */
  private async withTimeout<T>(work: () => Promise<T>): Promise<T> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.connection.interrupt();
    }, this.limits.queryTimeoutMs);
    try {
      return await work();
    } catch (error) {
      if (timedOut) throw new QueryTimeoutError(this.limits.queryTimeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

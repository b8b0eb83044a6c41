/**
 * What an engine can do. Code asks for a capability, never for an engine by name, so a PostgreSQL or
 * Trino adapter can be added beside DuckDB without touching callers.
 */
export interface EngineCapabilities {
  /** Min/max/null statistics per row group that prove checks without a scan. */
  readonly rowGroupStatistics: boolean;
  /** `approx_count_distinct` (HyperLogLog). */
  readonly approxDistinct: boolean;
  /** Full-match regular expressions in SQL. */
  readonly regex: boolean;
  /** Writes encrypted storage natively. DuckDB here cannot (it needs httpfs); Meshwork encrypts files itself. */
  readonly nativeEncryption: boolean;
}

/** A row as plain JavaScript values (bigints for 64-bit integers, strings for decimals and timestamps). */
export type Row = Record<string, unknown>;

/** Resource limits of one engine instance: a domain's own, or the shared platform defaults. */
export interface EngineLimits {
  /** Bytes of memory the engine may use. */
  readonly memoryBytes: number;
  readonly threads: number;
  /** Milliseconds a single statement may run before it is interrupted. */
  readonly queryTimeoutMs: number;
}

/** An engine: runs SQL within its limits. */
export interface Engine {
  readonly capabilities: EngineCapabilities;
  readonly limits: EngineLimits;
  /** Runs a statement and returns its rows. Interrupted with a `QueryTimeoutError` past the time limit. */
  query(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
  /** Runs statements that return nothing of interest. */
  run(sql: string, parameters?: readonly unknown[]): Promise<void>;
  close(): void;
}

/** A statement ran longer than the engine's query timeout and was interrupted. */
export class QueryTimeoutError extends Error {
  override readonly name = 'QueryTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`query interrupted after ${timeoutMs} ms (the engine's query timeout)`);
  }
}

/**
 * DuckDB's error classes that come from the engine and its files rather than from the SQL it was given: a
 * store locked by another process (`IO Error: Could not set lock on file …`), a file that cannot be read,
 * an internal or fatal error. DuckDB reports the class only as the message's prefix.
 */
const ENGINE_SIDE = /^(IO|INTERNAL|FATAL|Connection) Error:/;

/**
 * True when `error` is a failure of the engine or its storage, which the caller cannot fix by changing the
 * query (a service error, 503), rather than a problem with the query itself (400).
 *
 * @example isEngineFailure(new Error('IO Error: Could not set lock on file "stores/shared.duckdb"')) // true
 * @example isEngineFailure(new Error('Binder Error: Referenced column "x" not found')) // false
 */
export function isEngineFailure(error: unknown): boolean {
  return error instanceof Error && ENGINE_SIDE.test(error.message);
}

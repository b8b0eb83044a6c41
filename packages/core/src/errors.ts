/**
 * The named errors of Meshwork's APIs. Each maps to one HTTP status at one place (the server's error
 * handler); code checks them by `name`, not `instanceof`, so they work across packages and processes.
 *
 * | error | status |
 * |---|---|
 * | InputError | 400 |
 * | AuthenticationError | 401 |
 * | NotAllowedError | 403 |
 * | NotFoundError | 404 |
 * | ConflictError | 409 |
 * | ContentError | 422 |
 * | InvalidQueryError | 400 (`invalid_query`) |
 * | QueryTimeLimitError | 408 (`query_timeout`) |
 * | UnavailableError | 503 |
 */
export class MeshworkError extends Error {
  constructor(
    message: string,
    /** Structured details for API clients (for a conflict: the breaking changes and consumers). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The request is malformed: a field is missing, of the wrong type, or out of range. */
export class InputError extends MeshworkError {
  override readonly name = 'InputError';
}

/** No valid credentials were presented. */
export class AuthenticationError extends MeshworkError {
  override readonly name = 'AuthenticationError';
}

/** The caller is known but may not do this. */
export class NotAllowedError extends MeshworkError {
  override readonly name = 'NotAllowedError';
}

/** The thing addressed does not exist. */
export class NotFoundError extends MeshworkError {
  override readonly name = 'NotFoundError';
}

/** The request conflicts with the current state (an existing version, a concurrent write). */
export class ConflictError extends MeshworkError {
  override readonly name = 'ConflictError';
}

/** The request is well-formed but what it carries is not valid (a contract with errors); details hold the diagnostics. */
export class ContentError extends MeshworkError {
  override readonly name = 'ContentError';
}

/** A consumer's SQL cannot run as written (it does not parse, reads what it may not, fails in the engine). */
export class InvalidQueryError extends MeshworkError {
  override readonly name = 'InvalidQueryError';
}

/** A query ran past its time limit and was stopped. */
export class QueryTimeLimitError extends MeshworkError {
  override readonly name = 'QueryTimeLimitError';
}

/** The server cannot answer now: a part it needs is not configured or failed; the message says which. */
export class UnavailableError extends MeshworkError {
  override readonly name = 'UnavailableError';
}

/** True when `error` is the named Meshwork error `name`. */
export function isNamedError(error: unknown, name: string): error is MeshworkError {
  return error instanceof Error && error.name === name;
}

/**
 * An answer of the API that is not a success, with the status and the `{ error: { code, message, details } }`
 * of its body; a server that could not be reached is status 0, code `unreachable`.
 *
 * @example
 * try {
 *   await client.approveRequest(id);
 * } catch (error) {
 *   if (error instanceof ApiError && error.code === 'not_allowed') console.error(error.message);
 * }
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** The HTTP status (0: no answer). */
    readonly status: number,
    /** The error code of the body (`not_found`, `conflict`, ...; see ERROR_CODES). */
    readonly code: string,
    message: string,
    /** What a client can act on: the field, the diagnostics, the breaking changes. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The error of a response that is not ok, read from its body (a body that is not the API's still gives one). */
  static async fromResponse(res: Response): Promise<ApiError> {
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    if (error && typeof error.message === 'string') {
      const details = error.details;
      return new ApiError(
        res.status,
        typeof error.code === 'string' ? error.code : 'error',
        error.message,
        details && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : {},
      );
    }
    return new ApiError(res.status, 'error', res.statusText || `the server answered ${res.status}`);
  }
}

/** True for an ApiError, checked by name so that copies of this package loaded twice still agree. */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof Error && error.name === 'ApiError';
}

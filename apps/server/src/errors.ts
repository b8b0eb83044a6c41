import { ERROR_CODES, type ErrorResponse } from '@meshwork/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** HTTP status of each named error: the one place names become statuses. */
const STATUS: Record<string, number> = {
  InputError: 400,
  InvalidQueryError: 400,
  QueryMemoryError: 400,
  QueryTimeLimitError: 408,
  UnavailableError: 503,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ContentError: 422,
  QueryBusyError: 429,
};

/** Codes of errors that share a status with others but mean something else to a client. */
const CODE_OF: Record<string, string> = {
  InvalidQueryError: 'invalid_query',
  QueryMemoryError: 'invalid_query',
  QueryTimeLimitError: 'query_timeout',
};

/** The error code of each status: the API's contract (@meshwork/api). */
const CODE: Record<number, string> = ERROR_CODES;

/**
 * The HTTP status of a named error (500 for anything else): for adapters with a body of their own
 * (Delta Sharing, MCP) that must refuse exactly as the API does.
 */
export function statusOf(error: unknown): number {
  return error instanceof Error ? (STATUS[error.name] ?? 500) : 500;
}

/**
 * Maps any error to `{ error: { code, message, details } }`: named Meshwork errors by name (a 429 with its
 * `Retry-After`), request validation to 400 naming the field, parser limits to 413/400; anything else is a
 * 500 whose details are logged with the request id and not sent.
 */
export function errorHandler(
  error: FastifyError & { details?: Record<string, unknown>; retryAfterSeconds?: number },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  let status = STATUS[error.name] ?? 500;
  let message = error.message;
  let details: Record<string, unknown> = error.details ?? {};
  if (error.validation) {
    status = 400;
    const first = error.validation[0];
    const field =
      (first?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') ||
      String((first?.params as { missingProperty?: string })?.missingProperty ?? '');
    const where = error.validationContext ?? 'body';
    const extra = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    message = extra
      ? `${where} has unknown field "${extra}"`
      : `${where}${field ? ` field "${field}"` : ''} ${first?.message ?? 'is invalid'}`;
    details = { field: extra ?? field, location: where };
  } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    status = 413;
    message = 'the request body is larger than the server accepts (1 MiB)';
  } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    status = 415;
    message = 'send the body as application/json';
  } else if (status === 500 && error.statusCode !== undefined && error.statusCode < 500) {
    status = error.statusCode;
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
      message = `the body is not valid JSON: ${error.message}`;
  }
  if (status >= 500 && status !== 503) {
    request.log.error({ err: error }, 'request failed');
    message = `internal error; the server log has the details under request id ${request.id}`;
    details = {};
  }
  // A refusal for lack of room says when to come back.
  if (status === 429 && error.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(error.retryAfterSeconds));
  const code = (status < 500 || status === 503 ? CODE_OF[error.name] : undefined) ?? CODE[status] ?? 'error';
  const body: ErrorResponse = { error: { code, message, details } };
  return reply.status(status).send(body);
}

import type { IcebergErrorResponse } from '@meshwork/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { statusOf } from '../errors.js';

/** The exception each status stands for in Iceberg's REST specification: what clients rethrow. */
const TYPE_OF: Record<number, string> = {
  400: 'BadRequestException',
  401: 'NotAuthorizedException',
  403: 'ForbiddenException',
  404: 'NoSuchTableException',
  406: 'UnsupportedOperationException',
  409: 'AlreadyExistsException',
  416: 'RangeNotSatisfiableException',
  422: 'UnprocessableEntityException',
  503: 'ServiceUnavailableException',
};

/** The spec's error body. */
export function icebergError(code: number, type: string, message: string): IcebergErrorResponse {
  return { error: { message, type, code } };
}

/**
 * Iceberg's error shape (`{ error: { message, type, code } }`) for every error under /iceberg. Statuses
 * come from the one mapping of named errors (`statusOf`); a missing namespace is a `NoSuchNamespaceException`,
 * which clients tell apart from a missing table. Anything unnamed is a 500 whose details are only logged.
 */
export function icebergErrorHandler(
  error: FastifyError & { details?: Record<string, unknown> },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  let status = statusOf(error);
  let message = error.message;
  if (status === 500 && (error.validation || (error.statusCode !== undefined && error.statusCode < 500))) {
    status = error.validation ? 400 : (error.statusCode ?? 400);
  }
  if (status === 500) {
    request.log.error({ err: error }, 'request failed');
    message = `internal error; the server log has the details under request id ${request.id}`;
  }
  const type =
    status === 404 && error.details?.namespace !== undefined
      ? 'NoSuchNamespaceException'
      : (TYPE_OF[status] ?? 'InternalServerError');
  return reply.status(status).send(icebergError(status, type, message));
}

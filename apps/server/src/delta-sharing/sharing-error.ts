import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** The error codes of the Delta Sharing protocol this server answers with. */
export type SharingErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL_ERROR'
  | 'TEMPORARILY_UNAVAILABLE';

/** A Delta Sharing error: answered as `{ errorCode, message }` with its HTTP status. */
export class SharingError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 429 | 500 | 503,
    readonly errorCode: SharingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Delta Sharing's error shape for every error under /delta-sharing (the protocol's, not Meshwork's). */
export function sharingErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof SharingError) {
    return reply.status(error.status).send({ errorCode: error.errorCode, message: error.message });
  }
  const fastify = error as FastifyError;
  if (fastify.validation || (fastify.statusCode !== undefined && fastify.statusCode < 500)) {
    return reply.status(400).send({ errorCode: 'INVALID_PARAMETER_VALUE', message: error.message });
  }
  request.log.error(error);
  return reply.status(500).send({ errorCode: 'INTERNAL_ERROR', message: 'internal error' });
}

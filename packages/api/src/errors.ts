import { type Static, Type } from '@sinclair/typebox';

/**
 * The `code` of an error body for each HTTP status the API answers with; `invalid_query` (400) and
 * `query_timeout` (408) come from the SQL gateway. Clients branch on the code, never on the message.
 */
export const ERROR_CODES = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'not_allowed',
  404: 'not_found',
  408: 'query_timeout',
  409: 'conflict',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_content',
  429: 'busy',
  500: 'internal',
  503: 'unavailable',
} as const;

/** Every documented error code, including `invalid_query` (a refused SQL statement, 400). */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES] | 'invalid_query';

/**
 * The body of every error response of `/api/v1`: `{ error: { code, message, details } }`. `message` is one
 * sentence naming the input; `details` carries what a client can act on (the field, the diagnostics, the
 * breaking changes).
 */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
  }),
});
/** The body of every error response. */
export type ErrorResponse = Static<typeof ErrorResponse>;

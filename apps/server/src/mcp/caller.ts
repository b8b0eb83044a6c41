import type { ErrorResponse } from '@meshwork/api';
import type { User } from '@meshwork/catalog';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { FastifyInstance } from 'fastify';

/**
 * Who is calling a tool: the user of the bearer token of the HTTP request that carries the call, the token
 * itself (to call the API in-process as them) and that request's id. Taken per request, never per session,
 * so a revoked token or a changed role applies to the next call.
 */
export interface Caller {
  readonly user: User;
  readonly token: string;
  readonly requestId: string;
}

/** The `auth` the endpoint hands the transport; the SDK passes it to every handler as `extra.authInfo`. */
export function authInfoOf(caller: Caller): AuthInfo {
  return { token: caller.token, clientId: caller.user.email, scopes: [], extra: { caller } };
}

/** The caller of an MCP request; the endpoint authenticates every request before the SDK sees it. */
export function callerOf(extra: { readonly authInfo?: AuthInfo | undefined }): Caller {
  const caller = extra.authInfo?.extra?.caller as Caller | undefined;
  if (!caller) throw new Error('an MCP request reached a handler without an authenticated caller');
  return caller;
}

/** An answer of the HTTP API that is not a success: its status, and the API's own message and details. */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Calls the server's own `/api/v1` in-process (`inject`, no socket) with the caller's token: the route's
 * schema validation, Cedar checks, audit and events apply exactly as over HTTP. Throws ApiRefusal on 4xx/5xx.
 */
export async function callApi<T>(
  app: Pick<FastifyInstance, 'inject'>,
  caller: Caller,
  method: 'GET' | 'POST',
  url: string,
  body?: Record<string, unknown>,
): Promise<T> {
  const response = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${caller.token}` },
    ...(body === undefined ? {} : { payload: body }),
  });
  const json = response.json() as Partial<ErrorResponse>;
  if (response.statusCode >= 400) {
    throw new ApiRefusal(
      response.statusCode,
      json.error?.message ?? `the API answered ${response.statusCode}`,
      json.error?.details ?? {},
    );
  }
  return json as T;
}

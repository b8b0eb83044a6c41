import type { User } from '@meshwork/catalog';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/**
 * Who is calling a tool: the user of the bearer token of the HTTP request that carries the call, and that
 * request's id. Taken per request, never per session, so a revoked token or a changed role applies to the
 * next call. Tools hand `user` to the same service functions the HTTP routes call.
 */
export interface Caller {
  readonly user: User;
  readonly requestId: string;
}

/** The `auth` the endpoint hands the transport; the SDK passes it to every handler as `extra.authInfo`. */
export function authInfoOf(caller: Caller, token: string): AuthInfo {
  return { token, clientId: caller.user.email, scopes: [], extra: { caller } };
}

/** The caller of an MCP request; the endpoint authenticates every request before the SDK sees it. */
export function callerOf(extra: { readonly authInfo?: AuthInfo | undefined }): Caller {
  const caller = extra.authInfo?.extra?.caller as Caller | undefined;
  if (!caller) throw new Error('an MCP request reached a handler without an authenticated caller');
  return caller;
}

import { type ApiClient, type ApiError, createApiClient, isApiError } from '@meshwork/api';
import { UsageError } from '../errors.js';

/** Where the server is and who is calling: flags over MESHWORK_URL / MESHWORK_TOKEN. */
export function apiTarget(flags: { readonly server?: string; readonly token?: string }): {
  url: string;
  token: string;
} {
  const url = (flags.server ?? process.env.MESHWORK_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const token = flags.token ?? process.env.MESHWORK_TOKEN;
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new UsageError(`--server takes an http(s) URL, not "${url}"`);
  if (!token)
    throw new UsageError(
      'no token: pass --token or set MESHWORK_TOKEN (meshwork up writes dev tokens to .meshwork/dev-tokens.json)',
    );
  return { url, token };
}

/** The typed API client for the server and token of the flags (see {@link apiTarget}). */
export function apiClient(flags: { readonly server?: string; readonly token?: string }): ApiClient {
  const { url, token } = apiTarget(flags);
  return createApiClient({ baseUrl: url, token });
}

/**
 * The answer of a call, or the API's refusal as an ApiError; a server that cannot be reached is a
 * UsageError (exit 2), since nothing was refused.
 */
export async function settle<T>(call: Promise<T>): Promise<{ ok: true; body: T } | { ok: false; error: ApiError }> {
  try {
    return { ok: true, body: await call };
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.status === 0) throw new UsageError(`${error.message}; start it with meshwork up`);
    return { ok: false, error: error as ApiError };
  }
}

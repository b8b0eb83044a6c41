import { UsageError } from '../errors.js';

/** An error answer of the Meshwork API. */
export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

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

/** Calls the API; resolves with the JSON body or an ApiError; a server that cannot be reached is a UsageError. */
export async function callApi<T>(
  target: { url: string; token: string },
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ ok: true; status: number; body: T } | { ok: false; error: ApiError }> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new UsageError(
      `cannot reach the Meshwork server at ${target.url} (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}); start it with meshwork up`,
    );
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, status: response.status, body: json as T };
  const error = (json.error ?? {}) as Partial<ApiError>;
  return {
    ok: false,
    error: {
      status: response.status,
      code: error.code ?? 'error',
      message: error.message ?? response.statusText,
      details: error.details ?? {},
    },
  };
}

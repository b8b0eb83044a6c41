/** The HTTP client of the UI: the token from sessionStorage on every call, errors as sentences. */

const TOKEN_KEY = 'meshwork.token';

/** An error the API answered with `{ error: { code, message, details } }`, or a network failure in words. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

type SignedOutListener = (message: string) => void;
const signedOutListeners = new Set<SignedOutListener>();

/** Called when the server refuses the token (401): the app goes back to sign-in with the message. */
export function onSignedOut(listener: SignedOutListener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** Calls `/api/v1{path}` with the session's token; resolves with the parsed JSON body. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const token = init.token ?? getToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'The Meshwork server could not be reached. Is it still running?');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = errorOf(response.status, body);
    if (response.status === 401 && init.token === undefined) {
      setToken(null);
      for (const listener of signedOutListeners) listener(error.message);
    }
    throw error;
  }
  return body as T;
}

function errorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.message === 'string') {
    return new ApiError(
      status,
      typeof error.code === 'string' ? error.code : 'error',
      sentence(error.message),
      (error.details as Record<string, unknown>) ?? {},
    );
  }
  return new ApiError(status, 'error', `The server answered ${status} without an explanation.`);
}

/** A message as a sentence: capitalised, ending with a full stop. */
export function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return 'Something went wrong.';
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** The message of anything thrown, for display. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

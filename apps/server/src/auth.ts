import { authenticate, type Catalog, hashToken, type User } from '@meshwork/catalog';
import { AuthenticationError } from '@meshwork/core';
import type { FastifyRequest } from 'fastify';
import { isRecipientToken } from './delta-sharing/recipient-tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set on every /api/v1 request. */
    user: User;
  }
}

/** How long a verified token is trusted without asking the catalog again. */
export const TOKEN_CACHE_MS = 5_000;
const MAX_CACHED = 10_000;

/**
 * Reads `Authorization: Bearer <token>`; unknown, revoked or expired tokens are 401. Verified tokens are
 * remembered for {@link TOKEN_CACHE_MS} by their hash (never the token itself): a revocation through this
 * server takes effect at once (see `forget`), one made elsewhere within that time.
 */
export function bearerAuth(catalog: Catalog) {
  const cache = new Map<string, { user: User; until: number }>();
  const check = async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token)
      throw new AuthenticationError(
        'send a token: Authorization: Bearer <token> (meshwork token create, or the dev tokens of meshwork up)',
      );
    // A Delta Sharing recipient token opens /delta-sharing only.
    if (isRecipientToken(token)) throw new AuthenticationError('a Delta Sharing token works only under /delta-sharing');
    const key = hashToken(token);
    const cached = cache.get(key);
    if (cached && cached.until > Date.now()) {
      request.user = cached.user;
      return;
    }
    const user = await authenticate(catalog.db, token);
    if (!user) {
      cache.delete(key);
      throw new AuthenticationError('the token is unknown, revoked or expired');
    }
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, { user, until: Date.now() + TOKEN_CACHE_MS });
    request.user = user;
  };
  /** Drops every cached token of a user (after a revocation). */
  const forget = (userId: string) => {
    for (const [key, entry] of cache) if (entry.user.id === userId) cache.delete(key);
  };
  return Object.assign(check, { forget });
}

/** The authentication hook with its cache control. */
export type BearerAuth = ReturnType<typeof bearerAuth>;

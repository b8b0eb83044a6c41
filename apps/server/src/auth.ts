import type { Catalog } from '@meshwork/catalog';
import { authenticate, type User } from '@meshwork/catalog';
import { AuthenticationError } from '@meshwork/core';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set on every /api/v1 request. */
    user: User;
  }
}

/** Reads `Authorization: Bearer <token>`; unknown, revoked or expired tokens are 401. */
export function bearerAuth(catalog: Catalog) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token)
      throw new AuthenticationError(
        'send a token: Authorization: Bearer <token> (meshwork token create, or the dev tokens of meshwork up)',
      );
    const user = await authenticate(catalog.db, token);
    if (!user) throw new AuthenticationError('the token is unknown, revoked or expired');
    request.user = user;
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreatedToken,
  CreateTokenBody,
  ErrorResponse,
  RevokedTokens,
  TokenLabelParams,
  TokenList,
} from '@meshwork/api';
import { type Catalog, createToken, listTokens, revokeTokens } from '@meshwork/catalog';

/** The caller's own tokens: create (shown once), list, revoke. */
export function tokenRoutes(catalog: Catalog, forget: (userId: string) => void): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/tokens',
      {
        schema: {
          tags: ['auth'],
          body: CreateTokenBody,
          response: {
            201: CreatedToken,
            400: ErrorResponse,
            401: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const { label, expiresInDays } = request.body;
        const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : undefined;
        const token = await createToken(catalog.db, request.user.id, label, expiresAt);
        return reply.status(201).send({ label, token, expiresAt: expiresAt?.toISOString() ?? null });
      },
    );
    app.get(
      '/tokens',
      {
        schema: {
          tags: ['auth'],
          response: {
            200: TokenList,
            401: ErrorResponse,
          },
        },
      },
      async (request) => {
        const tokens = await listTokens(catalog.db, request.user.id);
        return tokens.map((t) => ({
          label: t.label,
          createdAt: t.createdAt.toISOString(),
          expiresAt: t.expiresAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        }));
      },
    );
    app.delete(
      '/tokens/:label',
      {
        schema: {
          tags: ['auth'],
          params: TokenLabelParams,
          response: { 200: RevokedTokens, 400: ErrorResponse, 401: ErrorResponse },
        },
      },
      async (request) => {
        const revoked = await revokeTokens(catalog.db, request.user.id, request.params.label);
        forget(request.user.id);
        return { revoked };
      },
    );
  };
}

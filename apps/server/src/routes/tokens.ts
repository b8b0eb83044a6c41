import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Catalog, createToken, listTokens, revokeTokens } from '@meshwork/catalog';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from './product-schemas.js';

const Label = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });

/** The caller's own tokens: create (shown once), list, revoke. */
export function tokenRoutes(catalog: Catalog, forget: (userId: string) => void): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/tokens',
      {
        schema: {
          tags: ['auth'],
          body: Type.Object(
            { label: Label, expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              label: Type.String(),
              token: Type.String(),
              expiresAt: Type.Union([Type.String(), Type.Null()]),
            }),
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
            200: Type.Array(
              Type.Object({
                label: Type.String(),
                createdAt: Type.String(),
                expiresAt: Type.Union([Type.String(), Type.Null()]),
                revokedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
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
          params: Type.Object({ label: Label }),
          response: { 200: Type.Object({ revoked: Type.Integer() }), 400: ErrorResponse, 401: ErrorResponse },
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

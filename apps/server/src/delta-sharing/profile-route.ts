import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, SharingProfile } from '@meshwork/api';
import type { Catalog } from '@meshwork/catalog';
import { issueRecipientToken } from './recipient-tokens.js';

/**
 * `GET /api/v1/delta-sharing/profile`: the caller's Delta Sharing profile file, with a new recipient token
 * of its own (shown once). Its shares are the caller's grants, whenever the token is used. Its `endpoint`
 * is under `baseUrl`, the server's configured public URL: a Host header chosen by the caller would
 * otherwise send the recipient's token to a host of the caller's choosing.
 */
export function profileRoutes(catalog: Catalog, baseUrl: () => string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/delta-sharing/profile',
      {
        schema: {
          tags: ['access'],
          response: {
            200: SharingProfile,
            401: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const { token, expiresAt } = await issueRecipientToken(catalog, request.user);
        reply.header('content-disposition', 'attachment; filename="meshwork.share"');
        return {
          shareCredentialsVersion: 1 as const,
          endpoint: `${baseUrl()}/delta-sharing`,
          bearerToken: token,
          expirationTime: expiresAt.toISOString(),
        };
      },
    );
  };
}

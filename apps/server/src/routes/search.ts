import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { searchCatalog } from '../services/search.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { ErrorResponse } from './product-schemas.js';

const Name = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const Query = Type.Object(
  {
    q: Type.String({ maxLength: 200 }),
    domain: Type.Optional(Name),
    tag: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(Name),
    classification: Type.Optional(Name),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
const Facet = Type.Record(Type.String(), Type.Integer());
const Result = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      address: Type.String(),
      name: Type.String(),
      description: Type.String(),
      domain: Type.String(),
      status: Type.String(),
      tags: Type.Array(Type.String()),
      rank: Type.Number(),
    }),
  ),
  facets: Type.Object({ domain: Facet, tag: Facet, status: Facet, classification: Facet }),
});

/** GET /search: full-text search over products with prefix matching and facets. */
export function searchRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          querystring: Query,
          response: { 200: Result, 400: ErrorResponse, 401: ErrorResponse },
        },
      },
      async (request) => {
        return searchCatalog(services, request.user, { ...request.query, limit: request.query.limit ?? 20 });
      },
    );
  };
}

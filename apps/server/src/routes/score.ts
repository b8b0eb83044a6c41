import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddressParams,
  ErrorResponse,
  MeshScore as MeshScoreSchema,
  ProductScore as ProductScoreSchema,
} from '@meshwork/api';
import type { ProductScore } from '@meshwork/governance';
import { meshScore, productScore } from '../services/scores.js';
import type { ServiceDeps } from '../services/service-deps.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;

/** DATSIS scorecards from the catalog: the latest published version, its check runs and SLA status. */
export function scoreRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/products/:address/score',
      {
        schema: { tags: ['governance'], params: AddressParams, response: { 200: ProductScoreSchema, ...errors } },
      },
      async (request) => toJson(await productScore(services, request.user, request.params)),
    );
    app.get(
      '/score',
      { schema: { tags: ['governance'], response: { 200: MeshScoreSchema, ...errors } } },
      async (request) => {
        const mesh = await meshScore(services, request.user);
        return { products: mesh.products.map(toJson), average: mesh.average };
      },
    );
  };
}

/** The JSON body of a score (mutable arrays, as the response schema types them). */
function toJson(score: ProductScore) {
  return { ...score, points: [...score.points], missing: [...score.missing] };
}

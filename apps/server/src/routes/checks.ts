import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { buildRunHistory, type Catalog, checkRunHistory, getProduct, slaStatusOf } from '@meshwork/catalog';
import { Type } from '@sinclair/typebox';
import { AddressParams, ErrorResponse } from './product-schemas.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;

/** `?limit=` of the history routes. */
const LimitQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) },
  { additionalProperties: false },
);

const CheckRuns = Type.Object({
  runs: Type.Array(
    Type.Object({
      id: Type.String(),
      startedAt: Type.String(),
      finishedAt: Type.String(),
      trigger: Type.String(),
      rows: Type.Union([Type.Integer(), Type.Null()]),
      passed: Type.Integer(),
      failed: Type.Integer(),
      errors: Type.Integer(),
      results: Type.Array(Type.Unknown()),
    }),
  ),
});

const SlaStatus = Type.Object({
  status: Type.Union([Type.Literal('met'), Type.Literal('at_risk'), Type.Literal('breached'), Type.Literal('unknown')]),
  changedAt: Type.Union([Type.String(), Type.Null()]),
  checkedAt: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** Check-run history and SLA status of a product. */
export function checkRoutes(catalog: Catalog): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/products/:address/checks',
      {
        schema: {
          tags: ['checks'],
          params: AddressParams,
          querystring: LimitQuery,
          response: { 200: CheckRuns, ...errors },
        },
      },
      async (request) => {
        await getProduct(catalog.db, request.params.address);
        return { runs: await checkRunHistory(catalog.db, request.params.address, request.query.limit ?? 10) };
      },
    );
    app.get(
      '/products/:address/builds',
      {
        schema: {
          tags: ['checks'],
          params: AddressParams,
          querystring: LimitQuery,
          response: {
            200: Type.Object({
              builds: Type.Array(
                Type.Object({
                  version: Type.String(),
                  builtAt: Type.String(),
                  durationMs: Type.Integer(),
                  rows: Type.Integer(),
                  bytes: Type.Integer(),
                  contentHash: Type.String(),
                  inputs: Type.Record(Type.String(), Type.String()),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        await getProduct(catalog.db, request.params.address);
        return { builds: await buildRunHistory(catalog.db, request.params.address, request.query.limit ?? 10) };
      },
    );
    app.get(
      '/products/:address/sla',
      { schema: { tags: ['checks'], params: AddressParams, response: { 200: SlaStatus, ...errors } } },
      async (request) => {
        await getProduct(catalog.db, request.params.address);
        return (
          (await slaStatusOf(catalog.db, request.params.address)) ?? {
            status: 'unknown' as const,
            changedAt: null,
            checkedAt: null,
            details: { reason: 'no check has run yet' },
          }
        );
      },
    );
  };
}

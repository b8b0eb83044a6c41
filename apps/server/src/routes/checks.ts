import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { buildRuns, checkRuns, slaStatus } from '../services/checks.js';
import type { ServiceDeps } from '../services/service-deps.js';
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
export function checkRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
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
        const input = { address: request.params.address, limit: request.query.limit ?? 10 };
        return { runs: await checkRuns(services, request.user, input) };
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
        const input = { address: request.params.address, limit: request.query.limit ?? 10 };
        return { builds: await buildRuns(services, request.user, input) };
      },
    );
    app.get(
      '/products/:address/sla',
      { schema: { tags: ['checks'], params: AddressParams, response: { 200: SlaStatus, ...errors } } },
      async (request) => {
        return (
          (await slaStatus(services, request.user, request.params)) ?? {
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

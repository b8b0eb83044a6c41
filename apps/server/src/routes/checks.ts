import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddressParams,
  BuildRuns,
  CheckRuns,
  ErrorResponse,
  HistoryLimitQuery as LimitQuery,
  SlaStatus,
} from '@meshwork/api';
import { buildRuns, checkRuns, slaStatus } from '../services/checks.js';
import type { ServiceDeps } from '../services/service-deps.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;

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
            200: BuildRuns,
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

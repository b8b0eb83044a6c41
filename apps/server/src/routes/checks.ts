import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddressParams,
  BuildRuns,
  CheckRuns,
  ErrorResponse,
  HistoryLimitQuery as LimitQuery,
  SlaStatus,
} from '@meshwork/api';
import { buildRunHistory, type Catalog, checkRunHistory, getProduct, slaStatusOf } from '@meshwork/catalog';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;

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
            200: BuildRuns,
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

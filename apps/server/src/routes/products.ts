import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddressParams,
  ErrorResponse,
  ListQuery,
  ProductPage,
  Product as ProductSchema,
  PublishBody,
  PublishResult,
  VersionChanges,
  VersionList,
  VersionParams,
} from '@meshwork/api';
import { productPage, productVersionChanges, productVersions, readProduct } from '../services/products.js';
import { publishProduct } from '../services/publish.js';
import type { ServiceDeps } from '../services/service-deps.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } as const;

/** Product routes: list, read, versions, publish. */
export function productRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/products',
      { schema: { tags: ['products'], querystring: ListQuery, response: { 200: ProductPage, ...errors } } },
      async (request) => {
        const page = await productPage(services, request.user, { ...request.query, limit: request.query.limit ?? 50 });
        return { items: page.items.map(toJson), next: page.next };
      },
    );

    app.get(
      '/products/:address',
      { schema: { tags: ['products'], params: AddressParams, response: { 200: ProductSchema, ...errors } } },
      async (request) => toJson(await readProduct(services, request.user, request.params)),
    );

    app.get(
      '/products/:address/versions',
      { schema: { tags: ['products'], params: AddressParams, response: { 200: VersionList, ...errors } } },
      async (request) => {
        return (await productVersions(services, request.user, request.params)).map((v) => ({
          ...v,
          publishedAt: v.publishedAt.toISOString(),
        }));
      },
    );

    app.get(
      '/products/:address/versions/:version/changes',
      {
        schema: {
          tags: ['products'],
          summary: "A version's changelog: its classified contract changes against the previous version",
          params: VersionParams,
          response: { 200: VersionChanges, ...errors },
        },
      },
      async (request) => {
        return productVersionChanges(services, request.user, request.params);
      },
    );

    app.post(
      '/products/:address/versions',
      {
        schema: {
          tags: ['products'],
          params: AddressParams,
          body: PublishBody,
          response: { 200: PublishResult, 201: PublishResult, ...errors, 409: ErrorResponse, 422: ErrorResponse },
        },
      },
      async (request, reply) => {
        const outcome = await publishProduct(services, request.user, {
          ...request.body,
          address: request.params.address,
          requestId: request.id,
        });
        return reply.status(outcome.status === 'published' ? 201 : 200).send({
          ...outcome,
          changes: [...outcome.changes],
          affectedConsumers: [...outcome.affectedConsumers],
          warnings: outcome.warnings,
        });
      },
    );
  };
}

function toJson(p: Awaited<ReturnType<typeof readProduct>>) {
  return { ...p, updatedAt: p.updatedAt.toISOString() };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IcebergCatalogConfig,
  IcebergConfigQuery,
  IcebergErrorResponse,
  IcebergExists,
  IcebergListQuery,
  IcebergLoadTableQuery,
  IcebergLoadTableResult,
  IcebergNamespace,
  IcebergNamespaceList,
  IcebergNamespaceParams,
  IcebergTableList,
  IcebergTableParams,
} from '@meshwork/api';
import { NotFoundError } from '@meshwork/core';
import type { BearerAuth } from '../auth.js';
import {
  type IcebergDeps,
  icebergNamespace,
  icebergNamespaces,
  icebergTableExists,
  icebergTables,
  loadIcebergTable,
} from '../services/iceberg-catalog.js';
import { icebergErrorHandler } from './iceberg-errors.js';
import { icebergFileRoute } from './iceberg-file-route.js';

/** The routes this catalog serves, as `CatalogConfig.endpoints` names them (the spec's `{prefix}` form). */
export const ICEBERG_ENDPOINTS = [
  'GET /v1/{prefix}/namespaces',
  'GET /v1/{prefix}/namespaces/{namespace}',
  'HEAD /v1/{prefix}/namespaces/{namespace}',
  'GET /v1/{prefix}/namespaces/{namespace}/tables',
  'GET /v1/{prefix}/namespaces/{namespace}/tables/{table}',
  'HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}',
  'GET /v1/{prefix}/namespaces/{namespace}/views',
] as const;

const errors = {
  400: IcebergErrorResponse,
  401: IcebergErrorResponse,
  403: IcebergErrorResponse,
  404: IcebergErrorResponse,
} as const;

/**
 * A read-only Iceberg REST catalog (Apache Iceberg's rest-catalog-open-api.yaml) over the warehouse, mounted
 * at /iceberg: namespaces are domains, tables are products. The same bearer tokens as /api/v1; errors in
 * the spec's shape; the table files under /iceberg/files with loadTable's governance.
 */
export function icebergRoutes(deps: IcebergDeps, auth: BearerAuth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.setErrorHandler(icebergErrorHandler);
    app.setNotFoundHandler((request) => {
      throw new NotFoundError(
        `no Iceberg route ${request.method} ${request.url.split('?')[0]}; see GET /iceberg/v1/config`,
      );
    });
    app.addHook('onRequest', auth);
    const tags = ['iceberg'];

    app.get(
      '/v1/config',
      { schema: { tags, querystring: IcebergConfigQuery, response: { 200: IcebergCatalogConfig, ...errors } } },
      async () => ({ defaults: {}, overrides: {}, endpoints: [...ICEBERG_ENDPOINTS] }),
    );

    // One page holds every namespace and table: a mesh has tens of domains and products, not millions.
    app.get(
      '/v1/namespaces',
      { schema: { tags, querystring: IcebergListQuery, response: { 200: IcebergNamespaceList, ...errors } } },
      async (request) => {
        // Namespaces are one level deep: nothing lies under a domain.
        if (request.query.parent) return { namespaces: [] };
        return { namespaces: (await icebergNamespaces(deps, request.user)).map((n) => [n]) };
      },
    );

    // HEAD answers 204 when the namespace or table exists (the spec's namespaceExists / tableExists).
    app.head(
      '/v1/namespaces/:namespace',
      { schema: { tags, params: IcebergNamespaceParams, response: { 204: IcebergExists, ...errors } } },
      async (request, reply) => {
        await icebergNamespace(deps, request.user, request.params);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/v1/namespaces/:namespace',
      {
        exposeHeadRoute: false,
        schema: { tags, params: IcebergNamespaceParams, response: { 200: IcebergNamespace, ...errors } },
      },
      async (request) => ({
        namespace: [request.params.namespace],
        properties: await icebergNamespace(deps, request.user, request.params),
      }),
    );

    app.get(
      '/v1/namespaces/:namespace/tables',
      {
        schema: {
          tags,
          params: IcebergNamespaceParams,
          querystring: IcebergListQuery,
          response: { 200: IcebergTableList, ...errors },
        },
      },
      async (request) => {
        const namespace = [request.params.namespace];
        const names = await icebergTables(deps, request.user, request.params);
        return { identifiers: names.map((name) => ({ namespace, name })) };
      },
    );

    app.head(
      '/v1/namespaces/:namespace/tables/:table',
      { schema: { tags, params: IcebergTableParams, response: { 204: IcebergExists, ...errors } } },
      async (request, reply) => {
        await icebergTableExists(deps, request.user, request.params);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/v1/namespaces/:namespace/tables/:table',
      {
        exposeHeadRoute: false,
        schema: {
          tags,
          params: IcebergTableParams,
          querystring: IcebergLoadTableQuery,
          response: { 200: IcebergLoadTableResult, ...errors },
        },
      },
      async (request) => {
        const table = await loadIcebergTable(deps, request.user, request.params);
        return { 'metadata-location': table.metadataLocation, metadata: table.metadata, config: {} };
      },
    );

    // Views are not served; the empty list lets clients that list them go on.
    app.get(
      '/v1/namespaces/:namespace/views',
      {
        schema: {
          tags,
          params: IcebergNamespaceParams,
          querystring: IcebergListQuery,
          response: { 200: IcebergTableList, ...errors },
        },
      },
      async (request) => {
        await icebergNamespace(deps, request.user, request.params);
        return { identifiers: [] };
      },
    );

    await app.register(icebergFileRoute(deps));
  };
}

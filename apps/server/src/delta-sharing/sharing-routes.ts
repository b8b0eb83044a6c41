import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  OptionalSharingQueryBody,
  SharingPageQuery as PageQuery,
  SchemaParams,
  ShareParams,
  SignedFileParams,
  SignedFileQuery,
  TableParams,
} from '@meshwork/api';
import type { BuildManifest } from '@meshwork/engine';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { statusOf } from '../errors.js';
import type { DataPlane, QueryService } from '../gateway/query-service.js';
import { activeGrants } from '../services/grants.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { schemaString } from './delta-schema.js';
import { page } from './pagination.js';
import { recipientOf } from './recipient-tokens.js';
import {
  builtTable,
  findTable,
  type SharedTable,
  sharedTables,
  shareNames,
  tablesOfShare,
  tableVersion,
} from './shares.js';
import { SharingError, sharingErrorHandler } from './sharing-error.js';
import { FileQuotaExceeded, type SignedFiles } from './signed-files.js';

const NDJSON = 'application/x-ndjson; charset=utf-8';
const VERSION_HEADER = 'delta-table-version';

/** What the Delta Sharing server needs. */
export interface SharingDeps {
  /** The same service dependencies as the API's routes: shares are derived from grants by the grants service. */
  readonly services: ServiceDeps;
  readonly plane: DataPlane;
  readonly queries: QueryService;
  readonly files: SignedFiles;
  /** The server's public base URL, for the files' absolute URLs (never the request's Host). */
  readonly baseUrl: () => string;
}

/** The `protocol` and `metaData` lines of a table. */
function tableHeader(table: SharedTable, manifest: BuildManifest): string[] {
  return [
    JSON.stringify({ protocol: { minReaderVersion: 1 } }),
    JSON.stringify({
      metaData: {
        id: `${table.address}@${manifest.contentHash}`.slice(0, 200),
        name: table.name,
        format: { provider: 'parquet' },
        schemaString: schemaString(manifest.columns),
        partitionColumns: [],
        configuration: {},
      },
    }),
  ];
}

/**
 * The Delta Sharing server (protocol v1) under /delta-sharing, for the bearer token of a recipient's
 * profile file: shares, schemas and tables derived from the recipient's grants, table version and
 * metadata, and query responses whose files are Parquet files written through the governed gateway for
 * that recipient and served by signed, short-lived URLs. Errors are `{ errorCode, message }`.
 */
export function sharingRoutes(deps: SharingDeps): FastifyPluginAsyncTypebox {
  const { services, plane, queries, files, baseUrl } = deps;
  const { catalog } = services;
  return async (app) => {
    app.setErrorHandler(sharingErrorHandler);
    const tablesOf = async (request: FastifyRequest) =>
      sharedTables(services, plane.mesh, await recipientOf(catalog, request.headers.authorization));

    app.get('/shares', { schema: { hide: true, querystring: PageQuery } }, async (request) => {
      const names = shareNames(await tablesOf(request));
      const { maxResults, pageToken } = request.query;
      return page(
        names.map((name) => ({ name, id: name })),
        maxResults,
        pageToken,
      );
    });

    app.get('/shares/:share', { schema: { hide: true, params: ShareParams } }, async (request) => {
      const { share } = request.params;
      tablesOfShare(await tablesOf(request), share);
      return { share: { name: share, id: share } };
    });

    app.get(
      '/shares/:share/schemas',
      { schema: { hide: true, params: ShareParams, querystring: PageQuery } },
      async (request) => {
        const { share } = request.params;
        const schemas = [...new Set(tablesOfShare(await tablesOf(request), share).map((t) => t.schema))].sort();
        return page(
          schemas.map((name) => ({ name, share })),
          request.query.maxResults,
          request.query.pageToken,
        );
      },
    );

    const tableItem = (t: SharedTable) => ({
      name: t.name,
      schema: t.schema,
      share: t.share,
      shareId: t.share,
      id: t.address,
    });

    app.get(
      '/shares/:share/schemas/:schema/tables',
      { schema: { hide: true, params: SchemaParams, querystring: PageQuery } },
      async (request) => {
        const { share, schema } = request.params;
        const inSchema = tablesOfShare(await tablesOf(request), share).filter((t) => t.schema === schema);
        if (inSchema.length === 0) {
          throw new SharingError(404, 'RESOURCE_DOES_NOT_EXIST', `schema ${schema} does not exist in share ${share}`);
        }
        return page(inSchema.map(tableItem), request.query.maxResults, request.query.pageToken);
      },
    );

    app.get(
      '/shares/:share/all-tables',
      { schema: { hide: true, params: ShareParams, querystring: PageQuery } },
      async (request) => {
        const tables = tablesOfShare(await tablesOf(request), request.params.share);
        return page(tables.map(tableItem), request.query.maxResults, request.query.pageToken);
      },
    );

    const versionOf = async (
      request: FastifyRequest,
      { share, schema, table }: { share: string; schema: string; table: string },
    ) => {
      const found = findTable(await tablesOf(request), share, schema, table);
      return { table: found, manifest: builtTable(plane.dataDir, found) };
    };

    app.head(
      '/shares/:share/schemas/:schema/tables/:table',
      { schema: { hide: true, params: TableParams } },
      async (request, reply) => {
        const { manifest } = await versionOf(request, request.params);
        return reply
          .header(VERSION_HEADER, String(tableVersion(manifest)))
          .status(200)
          .send();
      },
    );

    app.get(
      '/shares/:share/schemas/:schema/tables/:table/version',
      { schema: { hide: true, params: TableParams } },
      async (request, reply) => {
        const { manifest } = await versionOf(request, request.params);
        return reply.header(VERSION_HEADER, String(tableVersion(manifest))).send({});
      },
    );

    app.get(
      '/shares/:share/schemas/:schema/tables/:table/metadata',
      { schema: { hide: true, params: TableParams } },
      async (request, reply) => {
        const { table, manifest } = await versionOf(request, request.params);
        return (reply as unknown as FastifyReply)
          .header(VERSION_HEADER, String(tableVersion(manifest)))
          .type(NDJSON)
          .serializer(String)
          .send(`${tableHeader(table, manifest).join('\n')}\n`);
      },
    );

    app.post(
      '/shares/:share/schemas/:schema/tables/:table/query',
      { schema: { hide: true, params: TableParams, body: OptionalSharingQueryBody } },
      async (request, reply) => {
        const recipient = await recipientOf(catalog, request.headers.authorization);
        const { share, schema, table } = request.params;
        const found = findTable(await sharedTables(services, plane.mesh, recipient), share, schema, table);
        const manifest = builtTable(plane.dataDir, found);
        const version = tableVersion(manifest);
        const body = request.body ?? {};
        for (const asked of [body.version, body.startingVersion, body.endingVersion]) {
          if (asked !== undefined && asked !== version) {
            throw new SharingError(
              400,
              'INVALID_PARAMETER_VALUE',
              `only the current version ${version} can be read: this server keeps no table history`,
            );
          }
        }
        if (body.timestamp !== undefined) {
          throw new SharingError(400, 'INVALID_PARAMETER_VALUE', 'reading a table as of a timestamp is not supported');
        }
        // limitHint is honoured exactly; predicate hints are ignored (the client filters, as the protocol allows).
        const rowLimit = body.limitHint ?? Math.max(1, manifest.rows);
        let rowCount = 0;
        let file: Awaited<ReturnType<SignedFiles['create']>>;
        try {
          file = await files.create(
            recipient.email,
            async (path) => {
              const answer = await queries.query({
                user: recipient,
                sql: `SELECT * FROM ${found.address}`,
                rowLimit,
                requestId: request.id,
                kind: 'data',
                exportTo: path,
                origin: { via: 'delta-sharing' },
              });
              rowCount = answer.rowCount;
            },
            Date.now(),
            found.address,
          );
        } catch (error) {
          if (error instanceof FileQuotaExceeded) throw new SharingError(429, 'RESOURCE_EXHAUSTED', error.message);
          // The API's status of the refusal (errors.ts), in the protocol's error codes.
          const status = statusOf(error);
          const message = error instanceof Error ? error.message : String(error);
          if (status === 403) throw new SharingError(403, 'PERMISSION_DENIED', message);
          if (status === 429) throw new SharingError(429, 'RESOURCE_EXHAUSTED', message);
          if (status === 503) throw new SharingError(503, 'TEMPORARILY_UNAVAILABLE', message);
          if (status >= 400 && status < 500) throw new SharingError(400, 'INVALID_PARAMETER_VALUE', message);
          throw error;
        }
        const line = JSON.stringify({
          file: {
            url: `${baseUrl()}${files.signedPath(file)}`,
            id: file.id,
            partitionValues: {},
            size: file.size,
            stats: JSON.stringify({ numRecords: rowCount }),
            expirationTimestamp: file.expiresAt,
          },
        });
        return (reply as unknown as FastifyReply)
          .header(VERSION_HEADER, String(version))
          .type(NDJSON)
          .serializer(String)
          .send(`${[...tableHeader(found, manifest), line].join('\n')}\n`);
      },
    );

    app.get(
      '/files/:id',
      {
        schema: {
          hide: true,
          params: SignedFileParams,
          querystring: SignedFileQuery,
        },
      },
      async (request, reply) => {
        const opened = files.open(request.params.id, request.query.expires, request.query.sig);
        if (!opened.ok) {
          throw opened.why === 'gone'
            ? new SharingError(404, 'RESOURCE_DOES_NOT_EXIST', 'the file was removed')
            : new SharingError(403, 'PERMISSION_DENIED', 'the URL is expired or its signature is not valid');
        }
        // Shares are grants: a file stops being served the moment its grant is revoked or expires.
        const { product, recipient } = opened.file;
        if (product !== null && (await activeGrants(services, { email: recipient }, { product })).length === 0) {
          files.remove(opened.file.id);
          throw new SharingError(
            403,
            'PERMISSION_DENIED',
            `${recipient} no longer holds an active grant on ${product}; the file is withdrawn`,
          );
        }
        return (reply as unknown as FastifyReply)
          .type('application/vnd.apache.parquet')
          .header('content-length', String(opened.file.size))
          .serializer((x: unknown) => x as string)
          .send(createReadStream(opened.file.path));
      },
    );
  };
}

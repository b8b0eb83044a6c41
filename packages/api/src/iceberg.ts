import { type Static, Type } from '@sinclair/typebox';

// The read-only part of Apache Iceberg's REST catalog (open-api/rest-catalog-open-api.yaml), under /iceberg.
// Field names are the specification's (kebab-case), not Meshwork's.

/** `?warehouse` of `GET /v1/config`: accepted and ignored (the server has one warehouse). */
export const IcebergConfigQuery = Type.Object({ warehouse: Type.Optional(Type.String({ maxLength: 1000 })) });
/** `CatalogConfig`: properties for clients, and the routes this server answers (`GET /v1/namespaces`, ...). */
export const IcebergCatalogConfig = Type.Object({
  defaults: Type.Record(Type.String(), Type.String()),
  overrides: Type.Record(Type.String(), Type.String()),
  endpoints: Type.Array(Type.String()),
});
/** The empty answer of `HEAD` on a namespace or table that exists (204). */
export const IcebergExists = Type.Null({ description: 'No body: the namespace or table exists.' });
/** `?pageToken&pageSize` of the list routes, and `?parent` of `GET /v1/namespaces`. */
export const IcebergListQuery = Type.Object({
  pageToken: Type.Optional(Type.String({ maxLength: 1000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1 })),
  parent: Type.Optional(Type.String({ maxLength: 1000 })),
});
/** `/v1/namespaces/{namespace}`: a namespace is a domain (one level). */
export const IcebergNamespaceParams = Type.Object({ namespace: Type.String({ minLength: 1, maxLength: 200 }) });
/** `/v1/namespaces/{namespace}/tables/{table}`: a table is a product of that domain. */
export const IcebergTableParams = Type.Object({
  namespace: Type.String({ minLength: 1, maxLength: 200 }),
  table: Type.String({ minLength: 1, maxLength: 200 }),
});
/** `?snapshots` of loadTable (`all` or `refs`): every snapshot is returned either way. */
export const IcebergLoadTableQuery = Type.Object({
  snapshots: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('refs')])),
});
/** `ListNamespacesResponse`. */
export const IcebergNamespaceList = Type.Object({
  'next-page-token': Type.Optional(Type.Union([Type.String(), Type.Null()])),
  namespaces: Type.Array(Type.Array(Type.String())),
});
/** `GetNamespaceResponse`. */
export const IcebergNamespace = Type.Object({
  namespace: Type.Array(Type.String()),
  properties: Type.Record(Type.String(), Type.String()),
});
/** `TableIdentifier`. */
export const IcebergTableIdentifier = Type.Object({ namespace: Type.Array(Type.String()), name: Type.String() });
/** `ListTablesResponse` (also the answer of the views list, always empty here). */
export const IcebergTableList = Type.Object({
  'next-page-token': Type.Optional(Type.Union([Type.String(), Type.Null()])),
  identifiers: Type.Array(IcebergTableIdentifier),
});
/** `LoadTableResult`: the table's current metadata as written (`TableMetadata` of the table spec, v2). */
export const IcebergLoadTableResult = Type.Object({
  'metadata-location': Type.String(),
  metadata: Type.Unknown(),
  config: Type.Record(Type.String(), Type.String()),
});
/** `IcebergErrorResponse`: every error under /iceberg. `type` names the exception clients expect. */
export const IcebergErrorResponse = Type.Object({
  error: Type.Object({ message: Type.String(), type: Type.String(), code: Type.Integer() }),
});
/** `/files/{domain}/{product}/*`: a file of a product's table, by its path under the table's location. */
export const IcebergFileParams = Type.Object({
  domain: Type.String({ minLength: 1, maxLength: 200 }),
  product: Type.String({ minLength: 1, maxLength: 200 }),
  '*': Type.String({ maxLength: 1000 }),
});

/** The static type of {@link IcebergConfigQuery}. */
export type IcebergConfigQuery = Static<typeof IcebergConfigQuery>;
/** The static type of {@link IcebergCatalogConfig}. */
export type IcebergCatalogConfig = Static<typeof IcebergCatalogConfig>;
/** The static type of {@link IcebergListQuery}. */
export type IcebergListQuery = Static<typeof IcebergListQuery>;
/** The static type of {@link IcebergNamespaceParams}. */
export type IcebergNamespaceParams = Static<typeof IcebergNamespaceParams>;
/** The static type of {@link IcebergTableParams}. */
export type IcebergTableParams = Static<typeof IcebergTableParams>;
/** The static type of {@link IcebergLoadTableQuery}. */
export type IcebergLoadTableQuery = Static<typeof IcebergLoadTableQuery>;
/** The static type of {@link IcebergNamespaceList}. */
export type IcebergNamespaceList = Static<typeof IcebergNamespaceList>;
/** The static type of {@link IcebergNamespace}. */
export type IcebergNamespace = Static<typeof IcebergNamespace>;
/** The static type of {@link IcebergTableIdentifier}. */
export type IcebergTableIdentifier = Static<typeof IcebergTableIdentifier>;
/** The static type of {@link IcebergTableList}. */
export type IcebergTableList = Static<typeof IcebergTableList>;
/** The static type of {@link IcebergLoadTableResult}. */
export type IcebergLoadTableResult = Static<typeof IcebergLoadTableResult>;
/** The static type of {@link IcebergErrorResponse}. */
export type IcebergErrorResponse = Static<typeof IcebergErrorResponse>;
/** The static type of {@link IcebergFileParams}. */
export type IcebergFileParams = Static<typeof IcebergFileParams>;

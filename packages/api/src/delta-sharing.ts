import { type Static, Type } from '@sinclair/typebox';

/** `?maxResults&pageToken` of the Delta Sharing list routes. */
export const SharingPageQuery = Type.Object({
  maxResults: Type.Optional(Type.Integer({ minimum: 0 })),
  pageToken: Type.Optional(Type.String({ maxLength: 200 })),
});
/** `/shares/{share}`. */
export const ShareParams = Type.Object({ share: Type.String({ maxLength: 200 }) });
/** `/shares/{share}/schemas/{schema}`. */
export const SchemaParams = Type.Object({
  share: Type.String({ maxLength: 200 }),
  schema: Type.String({ maxLength: 200 }),
});
/** `/shares/{share}/schemas/{schema}/tables/{table}`. */
export const TableParams = Type.Object({
  share: Type.String({ maxLength: 200 }),
  schema: Type.String({ maxLength: 200 }),
  table: Type.String({ maxLength: 200 }),
});
/** The body of a query request; `predicateHints` and `jsonPredicateHints` are accepted and ignored. */
export const SharingQueryBody = Type.Object({
  predicateHints: Type.Optional(Type.Array(Type.String())),
  jsonPredicateHints: Type.Optional(Type.String()),
  limitHint: Type.Optional(Type.Integer({ minimum: 0 })),
  version: Type.Optional(Type.Integer({ minimum: 0 })),
  timestamp: Type.Optional(Type.String()),
  startingVersion: Type.Optional(Type.Integer({ minimum: 0 })),
  endingVersion: Type.Optional(Type.Integer({ minimum: 0 })),
});

/** The static type of {@link SharingPageQuery}. */
export type SharingPageQuery = Static<typeof SharingPageQuery>;
/** The static type of {@link ShareParams}. */
export type ShareParams = Static<typeof ShareParams>;
/** The static type of {@link SchemaParams}. */
export type SchemaParams = Static<typeof SchemaParams>;
/** The static type of {@link TableParams}. */
export type TableParams = Static<typeof TableParams>;
/** The static type of {@link SharingQueryBody}. */
export type SharingQueryBody = Static<typeof SharingQueryBody>;

/** The optional body of a table query. */
export const OptionalSharingQueryBody = Type.Optional(SharingQueryBody);

/** `/delta-sharing/files/{id}`. */
export const SignedFileParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
/** `?expires&sig` of a signed file URL. */
export const SignedFileQuery = Type.Object({
  expires: Type.String({ maxLength: 20 }),
  sig: Type.String({ maxLength: 100 }),
});

/** `GET /api/v1/delta-sharing/profile`: a Delta Sharing profile file for the caller. */
export const SharingProfile = Type.Object({
  shareCredentialsVersion: Type.Literal(1),
  endpoint: Type.String(),
  bearerToken: Type.String(),
  expirationTime: Type.String(),
});
/** A Delta Sharing profile file. */
export type SharingProfile = Static<typeof SharingProfile>;

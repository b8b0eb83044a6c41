import { type Static, Type } from '@sinclair/typebox';
import { Address, Instant, Nullable } from './common.js';

/** Days a request may run at most. */
export const MAX_ACCESS_DAYS = 365;

const Id = Type.String({ format: 'uuid', description: 'The id the server gave it.' });
const ColumnName = Type.String({ minLength: 1, maxLength: 255 });

/** Where an access request stands. */
export const AccessRequestStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('withdrawn'),
]);
/** Where an access request stands. */
export type AccessRequestStatus = Static<typeof AccessRequestStatus>;

/** A request for access: the product, why, until when, and the columns above the caller's clearance. */
export const AccessRequestBody = Type.Object(
  {
    product: Address,
    purpose: Type.String({
      minLength: 10,
      maxLength: 2000,
      description: 'Why the data is wanted, in a sentence (at least 10 characters).',
    }),
    expiresAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When access ends: in the future, at most 365 days ahead.' }),
    ),
    expiresInDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_ACCESS_DAYS, description: 'Instead of expiresAt: days from now.' }),
    ),
    columns: Type.Optional(
      Type.Array(ColumnName, {
        maxItems: 500,
        uniqueItems: true,
        description: "Columns above the caller's clearance to see unmasked; none for masked access.",
      }),
    ),
    consumerProduct: Type.Optional(Address),
  },
  { additionalProperties: false },
);
/** The body of `POST /access/requests`. */
export type AccessRequestBody = Static<typeof AccessRequestBody>;

/** An access request as the API answers it. */
export const AccessRequest = Type.Object({
  id: Type.String(),
  product: Type.String(),
  requesterEmail: Type.String(),
  requesterDomain: Nullable(Type.String()),
  consumerProduct: Nullable(Type.String()),
  columns: Type.Array(Type.String()),
  purpose: Type.String(),
  expiresAt: Instant,
  status: AccessRequestStatus,
  createdAt: Instant,
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Instant),
  decisionNote: Nullable(Type.String()),
});
/** An access request. */
export type AccessRequest = Static<typeof AccessRequest>;

/** A grant: what an approved request lets its requester read, until when. */
export const Grant = Type.Object({
  id: Type.String(),
  requestId: Type.String(),
  product: Type.String(),
  granteeEmail: Type.String(),
  granteeDomain: Nullable(Type.String()),
  columns: Type.Array(Type.String()),
  purpose: Type.String(),
  createdAt: Instant,
  expiresAt: Instant,
  revokedAt: Nullable(Instant),
  revokedBy: Nullable(Type.String()),
  active: Type.Boolean({ description: 'Neither expired nor revoked.' }),
});
/** A grant. */
export type Grant = Static<typeof Grant>;

/** A request and, once approved, its grant. */
export const AccessOutcome = Type.Object({ request: AccessRequest, grant: Nullable(Grant) });
/** A request and, once approved, its grant. */
export type AccessOutcome = Static<typeof AccessOutcome>;

/** `/access/requests/{id}/...` and `/access/grants/{id}`. */
export const RequestIdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** The body of an approval or a rejection. */
export const DecisionBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000, description: 'Why, for the requester and the audit log.' })) },
  { additionalProperties: false },
);
/** The body of an approval or a rejection. */
export type DecisionBody = Static<typeof DecisionBody>;

/** `GET /access/requests?status&product&mine&limit`. */
export const RequestListQuery = Type.Object(
  {
    status: Type.Optional(AccessRequestStatus),
    product: Type.Optional(Address),
    mine: Type.Optional(Type.Boolean({ description: "Only the caller's own requests." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
/** The query of `GET /access/requests`. */
export type RequestListQuery = Static<typeof RequestListQuery>;

/** `GET /access/grants?product&active&mine&limit`. */
export const GrantListQuery = Type.Object(
  {
    product: Type.Optional(Address),
    active: Type.Optional(Type.Boolean({ description: 'Only grants neither expired nor revoked.' })),
    mine: Type.Optional(Type.Boolean({ description: "Only the caller's own grants." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
/** The query of `GET /access/grants`. */
export type GrantListQuery = Static<typeof GrantListQuery>;

/** The access requests the caller may see. */
export const RequestList = Type.Object({ items: Type.Array(AccessRequest) });
/** The access requests the caller may see. */
export type RequestList = Static<typeof RequestList>;

/** The grants the caller may see. */
export const GrantList = Type.Object({ items: Type.Array(Grant) });
/** The grants the caller may see. */
export type GrantList = Static<typeof GrantList>;

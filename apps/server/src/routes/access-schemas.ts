import { Type } from '@sinclair/typebox';
import { Address } from './product-schemas.js';

/** Days a request may run at most. */
export const MAX_ACCESS_DAYS = 365;

const Id = Type.String({ format: 'uuid', description: 'The id the server gave it.' });
const ColumnName = Type.String({ minLength: 1, maxLength: 255 });
const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('withdrawn'),
]);
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

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

export const AccessRequestSchema = Type.Object({
  id: Type.String(),
  product: Type.String(),
  requesterEmail: Type.String(),
  requesterDomain: Nullable(Type.String()),
  consumerProduct: Nullable(Type.String()),
  columns: Type.Array(Type.String()),
  purpose: Type.String(),
  expiresAt: Instant,
  status: Status,
  createdAt: Instant,
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Instant),
  decisionNote: Nullable(Type.String()),
});

export const GrantSchema = Type.Object({
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

/** A request and, once approved, its grant. */
export const AccessOutcomeSchema = Type.Object({
  request: AccessRequestSchema,
  grant: Type.Union([GrantSchema, Type.Null()]),
});

export const RequestIdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const DecisionBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000, description: 'Why, for the requester and the audit log.' })) },
  { additionalProperties: false },
);

export const RequestListQuery = Type.Object(
  {
    status: Type.Optional(Status),
    product: Type.Optional(Address),
    mine: Type.Optional(Type.Boolean({ description: "Only the caller's own requests." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const GrantListQuery = Type.Object(
  {
    product: Type.Optional(Address),
    active: Type.Optional(Type.Boolean({ description: 'Only grants neither expired nor revoked.' })),
    mine: Type.Optional(Type.Boolean({ description: "Only the caller's own grants." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const RequestList = Type.Object({ items: Type.Array(AccessRequestSchema) });
export const GrantList = Type.Object({ items: Type.Array(GrantSchema) });

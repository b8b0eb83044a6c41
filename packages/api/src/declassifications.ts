import { type Static, Type } from '@sinclair/typebox';
import { Address, Instant, Nullable, Version } from './common.js';

const Level = Type.String({ minLength: 1, maxLength: 64 });
const ContentHash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The SHA-256 content hash of the version.' });

/** Where a declassification approval stands: open until a publish uses it or governance revokes it. */
export const DeclassificationApprovalState = Type.Union([
  Type.Literal('open'),
  Type.Literal('used'),
  Type.Literal('revoked'),
]);
/** Where a declassification approval stands. */
export type DeclassificationApprovalState = Static<typeof DeclassificationApprovalState>;

/** One column lowered: its name, its published level and the level it goes to (null: unclassified). */
export const DeclassifiedColumn = Type.Object(
  {
    column: Type.String({ minLength: 1, maxLength: 255 }),
    from: Level,
    to: Type.Union([Level, Type.Null()], { description: 'The new level, or null to remove the classification.' }),
  },
  { additionalProperties: false },
);
/** One column lowered, from its published level to a less sensitive one (or null). */
export type DeclassifiedColumn = Static<typeof DeclassifiedColumn>;

/** An approval to record: the version (or content hash) to be published, the exact columns, and why. */
export const DeclassificationApprovalBody = Type.Object(
  {
    version: Type.Optional(Version),
    contentHash: Type.Optional(ContentHash),
    columns: Type.Array(DeclassifiedColumn, {
      minItems: 1,
      maxItems: 500,
      description: 'Every column the version lowers, exactly: an approval covering more or fewer does not count.',
    }),
    reason: Type.String({
      minLength: 10,
      maxLength: 2000,
      description: 'Why the data may be less protected, in a sentence (at least 10 characters).',
    }),
  },
  { additionalProperties: false },
);
/** The body of `POST /products/{address}/declassifications`. */
export type DeclassificationApprovalBody = Static<typeof DeclassificationApprovalBody>;

/** A declassification approval as the API answers it: who approved what, and whether it was used or revoked. */
export const DeclassificationApproval = Type.Object({
  id: Type.String(),
  product: Type.String(),
  version: Nullable(Type.String()),
  contentHash: Nullable(Type.String()),
  columns: Type.Array(DeclassifiedColumn),
  reason: Type.String(),
  approvedBy: Type.String(),
  approvedAt: Instant,
  state: DeclassificationApprovalState,
  revokedAt: Nullable(Instant),
  revokedBy: Nullable(Type.String()),
  usedAt: Nullable(Instant),
  usedBy: Nullable(Type.String()),
  usedVersion: Nullable(Type.String()),
});
/** A declassification approval. */
export type DeclassificationApproval = Static<typeof DeclassificationApproval>;

/** `GET /products/{address}/declassifications?state&limit`. */
export const DeclassificationListQuery = Type.Object(
  {
    state: Type.Optional(DeclassificationApprovalState),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
/** The query of `GET /products/{address}/declassifications`. */
export type DeclassificationListQuery = Static<typeof DeclassificationListQuery>;

/** A product's declassification approvals, newest first. */
export const DeclassificationList = Type.Object({ items: Type.Array(DeclassificationApproval) });
/** A product's declassification approvals, newest first. */
export type DeclassificationList = Static<typeof DeclassificationList>;

/** `/products/{address}/declassifications/{id}`. */
export const DeclassificationParams = Type.Object(
  { address: Address, id: Type.String({ format: 'uuid', description: 'The id the server gave it.' }) },
  { additionalProperties: false },
);

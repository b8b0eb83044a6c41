import { Type } from '@sinclair/typebox';
import { Address, Version } from './product-schemas.js';

const Level = Type.String({ minLength: 1, maxLength: 64 });
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const ContentHash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The SHA-256 content hash of the version.' });

/** One column lowered: its name, its published level and the level it goes to (null: unclassified). */
export const DeclassifiedColumnSchema = Type.Object(
  {
    column: Type.String({ minLength: 1, maxLength: 255 }),
    from: Level,
    to: Type.Union([Level, Type.Null()], { description: 'The new level, or null to remove the classification.' }),
  },
  { additionalProperties: false },
);

/** An approval to record: the version (or content hash) to be published, the exact columns, and why. */
export const DeclassificationApprovalBody = Type.Object(
  {
    version: Type.Optional(Version),
    contentHash: Type.Optional(ContentHash),
    columns: Type.Array(DeclassifiedColumnSchema, {
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

export const DeclassificationApprovalSchema = Type.Object({
  id: Type.String(),
  product: Type.String(),
  version: Nullable(Type.String()),
  contentHash: Nullable(Type.String()),
  columns: Type.Array(DeclassifiedColumnSchema),
  reason: Type.String(),
  approvedBy: Type.String(),
  approvedAt: Instant,
  state: Type.Union([Type.Literal('open'), Type.Literal('used'), Type.Literal('revoked')]),
  revokedAt: Nullable(Instant),
  revokedBy: Nullable(Type.String()),
  usedAt: Nullable(Instant),
  usedBy: Nullable(Type.String()),
  usedVersion: Nullable(Type.String()),
});

export const DeclassificationListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('used'), Type.Literal('revoked')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const DeclassificationList = Type.Object({ items: Type.Array(DeclassificationApprovalSchema) });

export const DeclassificationParams = Type.Object(
  { address: Address, id: Type.String({ format: 'uuid', description: 'The id the server gave it.' }) },
  { additionalProperties: false },
);

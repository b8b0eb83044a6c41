import { type Static, Type } from '@sinclair/typebox';

/** A token's label: letters, digits, `_`, `.` and `-`, at most 64. */
export const TokenLabel = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });

/** The static type of {@link TokenLabel}. */
export type TokenLabel = Static<typeof TokenLabel>;

/** The body of `POST /tokens`. */
export const CreateTokenBody = Type.Object(
  { label: TokenLabel, expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) },
  { additionalProperties: false },
);
/** The body of `POST /tokens`. */
export type CreateTokenBody = Static<typeof CreateTokenBody>;

/** A new token: shown once, never stored in the clear. */
export const CreatedToken = Type.Object({
  label: Type.String(),
  token: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});
/** A new token. */
export type CreatedToken = Static<typeof CreatedToken>;

/** `GET /tokens`: the caller's tokens, without their secrets. */
export const TokenList = Type.Array(
  Type.Object({
    label: Type.String(),
    createdAt: Type.String(),
    expiresAt: Type.Union([Type.String(), Type.Null()]),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
  }),
);
/** The caller's tokens. */
export type TokenList = Static<typeof TokenList>;

/** `DELETE /tokens/{label}`. */
export const TokenLabelParams = Type.Object({ label: TokenLabel });

/** How many tokens a revocation revoked. */
export const RevokedTokens = Type.Object({ revoked: Type.Integer() });
/** How many tokens a revocation revoked. */
export type RevokedTokens = Static<typeof RevokedTokens>;

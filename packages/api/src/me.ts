import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

/** The roles of Meshwork's users. */
export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('governance'),
  Type.Literal('owner'),
  Type.Literal('member'),
  Type.Literal('consumer'),
]);
/** The roles of Meshwork's users. */
export type Role = Static<typeof Role>;

/**
 * `GET /me`: the caller, and what the mesh's access model lets them do (a client shows only what would not
 * be refused). `can` holds one flag per mesh action; the ones below are those clients read.
 */
export const Me = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Role,
  domain: Nullable(Type.String()),
  clearance: Type.String({ description: 'The most sensitive classification level the user sees unmasked.' }),
  can: Type.Object(
    {
      viewAllAccess: Type.Boolean(),
      viewDomainAccess: Type.Boolean(),
      decideRequests: Type.Boolean(),
      viewFindings: Type.Boolean(),
      viewChargeback: Type.Boolean(),
      viewAudit: Type.Boolean(),
    },
    { additionalProperties: Type.Boolean() },
  ),
});
/** The caller and what they may do. */
export type Me = Static<typeof Me>;

/** One seeded user of `meshwork up` (`GET /api/v1/dev/users`, only on a dev server). */
export const DevUser = Type.Object({
  label: Type.String(),
  email: Type.String(),
  role: Type.String(),
  domain: Nullable(Type.String()),
  token: Type.String(),
});
/** One seeded user of `meshwork up`. */
export type DevUser = Static<typeof DevUser>;

/** `GET /api/v1/dev/users`. */
export const DevUserList = Type.Object({ items: Type.Array(DevUser) });
/** The seeded users of `meshwork up`. */
export type DevUserList = Static<typeof DevUserList>;

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** The roles of Meshwork users, most powerful first. */
export const ROLES = ['admin', 'governance', 'owner', 'member', 'consumer'] as const;
export type Role = (typeof ROLES)[number];

/** A user as the API sees it. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly domain: string | null;
  /** The most sensitive classification level the user sees unmasked (a level of the mesh's taxonomy). */
  readonly clearance: string;
}

/** SHA-256 of a token: only this is stored, so a database leak reveals no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a user (or returns the existing one with that e-mail). A clearance, when given, is set on the
 * existing user too (seeded users get theirs on every start); without one a new user is cleared for
 * `internal`.
 */
export async function ensureUser(
  db: Kysely<CatalogDatabase>,
  user: {
    readonly name: string;
    readonly email: string;
    readonly role: Role;
    readonly domain?: string | null;
    readonly clearance?: string;
  },
): Promise<User> {
  const existing = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', user.email)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (existing) {
    if (user.clearance === undefined || user.clearance === existing.clearance) return toUser(existing);
    const updated = await db
      .updateTable('users')
      .set({ clearance: user.clearance })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(updated);
  }
  const row = await db
    .insertInto('users')
    .values({
      id: randomUUID(),
      name: user.name,
      email: user.email,
      role: user.role,
      domain: user.domain ?? null,
      ...(user.clearance === undefined ? {} : { clearance: user.clearance }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/**
 * Issues a bearer token for a user: 256 random bits, returned once as `mw_<base64url>`; only its hash is
 * stored.
 */
export async function createToken(
  db: Kysely<CatalogDatabase>,
  userId: string,
  label: string,
  expiresAt?: Date,
  /** A token chosen by the operator (MESHWORK_ADMIN_TOKEN); at least 32 characters. */
  given?: string,
): Promise<string> {
  if (given !== undefined && given.length < 32) throw new Error('a given token must have at least 32 characters');
  const token = given ?? `mw_${randomBytes(32).toString('base64url')}`;
  await db
    .insertInto('tokens')
    .values({ id: randomUUID(), user_id: userId, hash: hashToken(token), label, expires_at: expiresAt ?? null })
    .execute();
  return token;
}

/** The user a token belongs to, or undefined when it is unknown, revoked, expired or its user deleted. */
export async function authenticate(db: Kysely<CatalogDatabase>, token: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.role',
      'users.domain',
      'users.clearance',
      'tokens.expires_at',
    ])
    .where('tokens.hash', '=', hashToken(token))
    .where('tokens.revoked_at', 'is', null)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row || (row.expires_at && row.expires_at.getTime() < Date.now())) return undefined;
  return toUser(row);
}

/** A token of a user as listed to them: never the token itself, which is shown once, at creation. */
export interface TokenRecord {
  readonly label: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}

/** The tokens of a user, revoked and expired ones included, newest first. */
export async function listTokens(db: Kysely<CatalogDatabase>, userId: string): Promise<TokenRecord[]> {
  const rows = await db
    .selectFrom('tokens')
    .select(['label', 'created_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  const date = (d: Date | string | null) => (d === null ? null : new Date(d));
  return rows.map((r) => ({
    label: r.label,
    createdAt: new Date(r.created_at),
    expiresAt: date(r.expires_at),
    revokedAt: date(r.revoked_at),
  }));
}

/** Every user who is not deleted, in e-mail order. */
export async function listUsers(db: Kysely<CatalogDatabase>): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().where('deleted_at', 'is', null).orderBy('email').execute();
  return rows.map(toUser);
}

/** Revokes every token of a user with the given label (or all of them). */
export async function revokeTokens(db: Kysely<CatalogDatabase>, userId: string, label?: string): Promise<number> {
  let query = db
    .updateTable('tokens')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (label !== undefined) query = query.where('label', '=', label);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks a user deleted: their tokens stop working at once. */
export async function deleteUser(db: Kysely<CatalogDatabase>, userId: string): Promise<void> {
  await db.updateTable('users').set({ deleted_at: new Date() }).where('id', '=', userId).execute();
}

function toUser(row: {
  id: string;
  name: string;
  email: string;
  role: string;
  domain: string | null;
  clearance: string;
}): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    domain: row.domain,
    clearance: row.clearance,
  };
}

import { randomBytes } from 'node:crypto';
import { activeGrantsOf, authenticate, type Catalog, createToken, type User } from '@meshwork/catalog';
import { SharingError } from './sharing-error.js';

/** Prefix of recipient tokens: they open /delta-sharing only, never /api/v1. */
export const RECIPIENT_TOKEN_PREFIX = 'mwds_';
/** Label of recipient tokens in the tokens table (listed and revoked like any token of the user). */
export const RECIPIENT_TOKEN_LABEL = 'delta-sharing';
/** The longest a recipient token lives. */
export const RECIPIENT_TOKEN_MAX_MS = 30 * 86_400_000;

/** True for a Delta Sharing recipient token (which the Meshwork API refuses). */
export function isRecipientToken(token: string): boolean {
  return token.startsWith(RECIPIENT_TOKEN_PREFIX);
}

/**
 * Issues a recipient token for `user`: 256 random bits, stored hashed in the tokens table like Meshwork
 * tokens, expiring with the user's latest active grant, at most 30 days from now.
 */
export async function issueRecipientToken(
  catalog: Catalog,
  user: User,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const grants = await activeGrantsOf(catalog.db, user.email, now);
  const cap = now.getTime() + RECIPIENT_TOKEN_MAX_MS;
  const latest = Math.max(0, ...grants.map((g) => g.expiresAt.getTime()));
  const expiresAt = new Date(latest > 0 ? Math.min(latest, cap) : cap);
  const token = `${RECIPIENT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await createToken(catalog.db, user.id, RECIPIENT_TOKEN_LABEL, expiresAt, token);
  return { token, expiresAt };
}

/** The user behind `Authorization: Bearer <recipient token>`, or a 401 SharingError. */
export async function recipientOf(catalog: Catalog, header: string | undefined): Promise<User> {
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) throw new SharingError(401, 'UNAUTHENTICATED', 'send the bearer token of your profile file');
  const user = isRecipientToken(token) ? await authenticate(catalog.db, token) : undefined;
  if (!user) throw new SharingError(401, 'UNAUTHENTICATED', 'the bearer token is unknown, revoked or expired');
  return user;
}

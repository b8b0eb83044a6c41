import type { StoredEvent, User } from '@meshwork/catalog';

/**
 * Whether a user may see an event: admins and the governance group see every event; anyone else sees the
 * events about products of their own domain and the events of their own access requests.
 */
export function maySee(user: User, event: StoredEvent): boolean {
  if (user.role === 'admin' || user.role === 'governance') return true;
  if (user.domain !== null && event.domain === user.domain) return true;
  return event.actor !== null && event.actor === user.email;
}

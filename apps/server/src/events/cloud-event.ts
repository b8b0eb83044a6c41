import type { StoredEvent } from '@meshwork/catalog';

/** The change events Meshwork raises, by their short name (docs/events.md). */
export const EVENT_NAMES = [
  'product.published',
  'contract.breaking_change',
  'check.failed',
  'sla.breached',
  'access.requested',
  'access.granted',
  'access.revoked',
  'declassification.approved',
  'declassification.revoked',
] as const;

/** A short event name: `product.published`. */
export type EventName = (typeof EVENT_NAMES)[number];

/** The reverse-DNS prefix of every CloudEvents `type`: `dev.meshwork.product.published`. */
export const EVENT_TYPE_PREFIX = 'dev.meshwork.';

/** The CloudEvents `type` of a short event name. */
export function eventType(name: EventName): string {
  return `${EVENT_TYPE_PREFIX}${name}`;
}

/** The full CloudEvents type of a name given either way (`product.published` or `dev.meshwork.product.published`). */
export function normalizeType(type: string): string {
  return type.startsWith(EVENT_TYPE_PREFIX) ? type : `${EVENT_TYPE_PREFIX}${type}`;
}

/** A CloudEvents 1.0 event in structured JSON form. */
export interface CloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  /** The product address the event is about. */
  readonly subject?: string;
  readonly datacontenttype: 'application/json';
  readonly data: Record<string, unknown>;
}

/** The CloudEvent of a stored event. */
export function toCloudEvent(event: StoredEvent): CloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    time: event.time.toISOString(),
    ...(event.subject !== null ? { subject: event.subject } : {}),
    datacontenttype: 'application/json',
    data: event.data,
  };
}

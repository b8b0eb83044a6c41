import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** A change event as stored: the CloudEvent's attributes, its data, and who may see it. */
export interface StoredEvent {
  /** Position in the log: increasing, the order of replay. */
  readonly seq: string;
  /** The CloudEvent id (a UUID). */
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string | null;
  readonly time: Date;
  /** The domain of the product the event is about, when it is about one. */
  readonly domain: string | null;
  /** The e-mail of the user the event concerns (an access requester), when there is one. */
  readonly actor: string | null;
  readonly data: Record<string, unknown>;
}

/** An event to append. */
export type NewEvent = Omit<StoredEvent, 'seq'>;

/** Appends an event to the log (never updated or deleted) and returns it with its position. */
export async function appendEvent(db: Kysely<CatalogDatabase>, event: NewEvent): Promise<StoredEvent> {
  const row = await db
    .insertInto('events')
    .values({
      id: event.id,
      type: event.type,
      source: event.source,
      subject: event.subject,
      time: event.time,
      domain: event.domain,
      actor: event.actor,
      data: JSON.stringify(event.data),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return { ...event, seq: String(row.seq) };
}

/** Which events to list, oldest first. */
export interface EventFilter {
  /** Only events after the one with this CloudEvent id (an unknown id lists from the start). */
  readonly afterId?: string;
  /** Only these types (all when empty or absent). */
  readonly types?: readonly string[];
  readonly limit: number;
}

/** Stored events in the order they were raised. */
export async function listEvents(db: Kysely<CatalogDatabase>, filter: EventFilter): Promise<StoredEvent[]> {
  let query = db.selectFrom('events').selectAll();
  if (filter.afterId !== undefined) {
    const after = await db.selectFrom('events').select('seq').where('id', '=', filter.afterId).executeTakeFirst();
    if (after) query = query.where('seq', '>', after.seq);
  }
  if (filter.types && filter.types.length > 0) query = query.where('type', 'in', [...filter.types]);
  const rows = await query.orderBy('seq').limit(filter.limit).execute();
  return rows.map((r) => ({
    seq: String(r.seq),
    id: r.id,
    type: r.type,
    source: r.source,
    subject: r.subject,
    time: new Date(r.time),
    domain: r.domain,
    actor: r.actor,
    data: jsonOf(r.data) as Record<string, unknown>,
  }));
}

/** A webhook subscription as shown: never its secret. */
export interface Webhook {
  readonly id: string;
  readonly url: string;
  /** The event types it receives; empty means all. */
  readonly types: readonly string[];
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** A webhook with the secret that signs its deliveries: for the deliverer only. */
export interface WebhookTarget extends Webhook {
  readonly secret: string;
}

/** Subscribes a URL to events. */
export async function createWebhook(
  db: Kysely<CatalogDatabase>,
  hook: { id: string; url: string; types: readonly string[]; secret: string; createdBy: string },
): Promise<Webhook> {
  const row = await db
    .insertInto('webhooks')
    .values({
      id: hook.id,
      url: hook.url,
      types: JSON.stringify(hook.types),
      secret: hook.secret,
      created_by: hook.createdBy,
    })
    .returning('created_at')
    .executeTakeFirstOrThrow();
  return {
    id: hook.id,
    url: hook.url,
    types: [...hook.types],
    createdBy: hook.createdBy,
    createdAt: new Date(row.created_at),
  };
}

/** Every webhook, oldest first, without secrets. */
export async function listWebhooks(db: Kysely<CatalogDatabase>): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('webhooks')
    .select(['id', 'url', 'types', 'created_by', 'created_at'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    types: jsonOf(r.types) as string[],
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
  }));
}

/** The webhooks that receive an event of `type`, with their secrets. */
export async function webhooksFor(db: Kysely<CatalogDatabase>, type: string): Promise<WebhookTarget[]> {
  const rows = await db.selectFrom('webhooks').selectAll().orderBy('seq').execute();
  return rows
    .map((r) => ({
      id: r.id,
      url: r.url,
      types: jsonOf(r.types) as string[],
      secret: r.secret,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at),
    }))
    .filter((h) => h.types.length === 0 || h.types.includes(type));
}

/** Removes a webhook and its delivery records; false when there was none. */
export async function deleteWebhook(db: Kysely<CatalogDatabase>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Where the delivery of one event to one webhook stands. */
export interface DeliveryState {
  readonly webhookId: string;
  readonly eventSeq: string;
  readonly status: 'pending' | 'delivered' | 'dead';
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
}

/** Records an attempt's result (one row per event and webhook, updated on each attempt). */
export async function recordDelivery(db: Kysely<CatalogDatabase>, state: DeliveryState): Promise<void> {
  const values = {
    status: state.status,
    attempts: state.attempts,
    last_status: state.lastStatus,
    last_error: state.lastError,
    updated_at: new Date(),
  };
  await db
    .insertInto('webhook_deliveries')
    .values({ webhook_id: state.webhookId, event_seq: state.eventSeq, ...values })
    .onConflict((oc) => oc.columns(['webhook_id', 'event_seq']).doUpdateSet(values))
    .execute();
}

/** A delivery as listed, with the event it carries. */
export interface DeliveryRecord extends DeliveryState {
  readonly url: string;
  readonly updatedAt: Date;
  readonly event: StoredEvent;
}

/** Deliveries in a state (`dead`: the dead letters), newest first. */
export async function listDeliveries(
  db: Kysely<CatalogDatabase>,
  filter: { status?: DeliveryState['status']; limit: number },
): Promise<DeliveryRecord[]> {
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .innerJoin('events as e', 'e.seq', 'd.event_seq')
    .select([
      'd.webhook_id',
      'd.event_seq',
      'd.status',
      'd.attempts',
      'd.last_status',
      'd.last_error',
      'd.updated_at',
      'w.url',
      'e.id',
      'e.type',
      'e.source',
      'e.subject',
      'e.time',
      'e.domain',
      'e.actor',
      'e.data',
    ]);
  if (filter.status !== undefined) query = query.where('d.status', '=', filter.status);
  const rows = await query.orderBy('d.id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    webhookId: r.webhook_id,
    eventSeq: String(r.event_seq),
    status: r.status as DeliveryState['status'],
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    url: r.url,
    updatedAt: new Date(r.updated_at),
    event: {
      seq: String(r.event_seq),
      id: r.id,
      type: r.type,
      source: r.source,
      subject: r.subject,
      time: new Date(r.time),
      domain: r.domain,
      actor: r.actor,
      data: jsonOf(r.data) as Record<string, unknown>,
    },
  }));
}

function jsonOf(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

import { randomUUID } from 'node:crypto';
import { appendEvent, type Catalog, type StoredEvent } from '@meshwork/catalog';
import { type EventName, eventType } from './cloud-event.js';

/** An event to raise: what happened, about which product, and who may see it besides admins and governance. */
export interface RaisedEvent {
  readonly name: EventName;
  /** The product address the event is about. */
  readonly subject: string;
  /** The domain of that product (members of the domain see the event). */
  readonly domain: string | null;
  /** The user the event concerns (an access requester sees their own request's events). */
  readonly actor?: string | null;
  readonly data: Record<string, unknown>;
}

/** Something that receives every stored event: the webhook deliverer, NATS, the SSE streams. */
export type EventSink = (event: StoredEvent) => void;

/** Raises events; what routes and monitors depend on. */
export interface EventRaiser {
  raise(event: RaisedEvent): Promise<StoredEvent | undefined>;
}

/**
 * The event bus: each raised event becomes a CloudEvent, is appended to the catalog's `events` table, and only
 * then is handed to every sink. Sinks deliver in the background; raising never throws (a failure to store is
 * logged) so the request that raised it is never failed by its events.
 */
export class EventBus implements EventRaiser {
  private readonly sinks = new Set<EventSink>();

  constructor(
    private readonly catalog: Catalog,
    /** The CloudEvents `source`: `meshwork://<mesh name>` (default `meshwork://server`). */
    readonly source: string = 'meshwork://server',
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Adds a sink; the returned function removes it. */
  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  async raise(event: RaisedEvent): Promise<StoredEvent | undefined> {
    let stored: StoredEvent;
    try {
      stored = await appendEvent(this.catalog.db, {
        id: randomUUID(),
        type: eventType(event.name),
        source: this.source,
        subject: event.subject,
        time: new Date(),
        domain: event.domain,
        actor: event.actor ?? null,
        data: event.data,
      });
    } catch (error) {
      this.log(`event ${event.name} on ${event.subject} was not stored: ${messageOf(error)}`);
      return undefined;
    }
    for (const sink of this.sinks) {
      try {
        sink(stored);
      } catch (error) {
        this.log(`event ${stored.id}: a sink failed: ${messageOf(error)}`);
      }
    }
    return stored;
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { StoredEvent } from '@meshwork/catalog';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { toCloudEvent } from './cloud-event.js';
import { messageOf } from './event-bus.js';

/** The JetStream stream Meshwork publishes to (created when missing). */
export const NATS_STREAM = 'MESHWORK';

/** The subject of an event: `meshwork.<CloudEvents type>`, e.g. `meshwork.dev.meshwork.contract.breaking_change`. */
export function natsSubject(type: string): string {
  return `meshwork.${type}`;
}

/**
 * Publishes every event to NATS JetStream (when `MESHWORK_NATS_URL` is set): subject `meshwork.<type>` on the
 * stream `MESHWORK` (subjects `meshwork.>`), the CloudEvent as the JSON payload and its id as `Nats-Msg-Id`, so
 * a retried publish is stored once. Publishing happens in the background: failures are retried with backoff
 * and logged, never passed to the request that raised the event.
 */
export class NatsPublisher {
  private connection: Promise<NatsConnection> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly log: (message: string) => void = () => undefined,
    private readonly attempts = 5,
    private readonly backoffMs = 500,
  ) {}

  /** Starts publishing an event (the bus's sink). */
  readonly publish = (event: StoredEvent): void => {
    if (this.closed) return;
    const job = this.publishWithRetries(event);
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  };

  /** Waits for the publishes under way, then closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    const connection = await this.connection?.catch(() => undefined);
    await connection?.close();
  }

  private async publishWithRetries(event: StoredEvent): Promise<void> {
    const payload = JSON.stringify(toCloudEvent(event));
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const nc = await this.connect();
        await jetstream(nc).publish(natsSubject(event.type), payload, { msgID: event.id });
        return;
      } catch (error) {
        this.log(`NATS: event ${event.id} (${event.type}) not published, attempt ${attempt}: ${messageOf(error)}`);
        if (attempt === this.attempts || this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** (attempt - 1)));
      }
    }
  }

  /** The connection, with the stream ensured; a failed connect is tried again on the next publish. */
  private connect(): Promise<NatsConnection> {
    this.connection ??= (async () => {
      const nc = await connect({ servers: this.url, name: 'meshwork' });
      try {
        const jsm = await jetstreamManager(nc);
        try {
          await jsm.streams.info(NATS_STREAM);
        } catch {
          await jsm.streams.add({ name: NATS_STREAM, subjects: [natsSubject('>')] });
        }
      } catch (error) {
        await nc.close();
        throw error;
      }
      return nc;
    })();
    const pending = this.connection;
    pending.catch(() => {
      if (this.connection === pending) this.connection = undefined;
    });
    return pending;
  }
}

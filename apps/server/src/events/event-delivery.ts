import type { Catalog } from '@meshwork/catalog';
import { EventBus } from './event-bus.js';
import { NatsPublisher } from './nats-publisher.js';
import { WebhookDeliverer, type WebhookOptions } from './webhook-deliverer.js';
import type { WebhookTargets } from './webhook-targets.js';

/** How the server raises and delivers change events (docs/events.md). */
export interface EventOptions {
  /** The CloudEvents `source` (default `meshwork://server`; `meshwork up` uses `meshwork://<mesh name>`). */
  readonly source?: string;
  /** The NATS server to publish to (default `MESHWORK_NATS_URL`; `false` or unset: no NATS). */
  readonly natsUrl?: string | false;
  /** A bus made beforehand (so the monitors raise on it too); by default the server makes one. */
  readonly bus?: EventBus;
  /** Webhook retries and the allow-list of non-public targets. */
  readonly webhooks?: WebhookOptions;
}

/** The bus with its delivery sinks attached, and how to stop them. */
export interface EventDelivery {
  readonly bus: EventBus;
  /** Where webhooks may be delivered, for the routes that subscribe them. */
  readonly webhookTargets: WebhookTargets;
  close(): Promise<void>;
}

/** Creates the event bus and attaches webhooks and, when configured, NATS JetStream. */
export function startEventDelivery(
  catalog: Catalog,
  options: EventOptions = {},
  log: (message: string) => void = () => undefined,
): EventDelivery {
  const bus = options.bus ?? new EventBus(catalog, options.source, log);
  const webhooks = new WebhookDeliverer(catalog, options.webhooks, log);
  bus.subscribe(webhooks.deliver);
  const natsUrl = options.natsUrl === undefined ? process.env.MESHWORK_NATS_URL : options.natsUrl;
  const nats = natsUrl ? new NatsPublisher(natsUrl, log) : undefined;
  if (nats) bus.subscribe(nats.publish);
  return {
    bus,
    webhookTargets: webhooks.targets,
    async close() {
      await Promise.all([webhooks.close(), nats?.close()]);
    },
  };
}

import { type Catalog, recordDelivery, type StoredEvent, type WebhookTarget, webhooksFor } from '@meshwork/catalog';
import { toCloudEvent } from './cloud-event.js';
import { messageOf } from './event-bus.js';
import { redactUrl } from './redact-url.js';
import { failureOf, postWebhook } from './webhook-post.js';
import { SIGNATURE_HEADER, signBody } from './webhook-signature.js';
import { WebhookTargets } from './webhook-targets.js';

/** How webhooks are retried. */
export interface RetryOptions {
  /** Attempts before the delivery becomes a dead letter (default 5). */
  readonly attempts?: number;
  /** The wait before the first retry, doubled after each (default 1000 ms: 1 s, 2 s, 4 s, 8 s). */
  readonly backoffMs?: number;
  /** How long one attempt may take (default 10 s). */
  readonly timeoutMs?: number;
}

/** How webhooks are delivered: retries, and the non-public targets they may reach. */
export interface WebhookOptions extends RetryOptions {
  /**
   * Loopback, private and link-local targets webhooks may reach: host names, `*.domain` patterns, IP
   * addresses or CIDRs (default `MESHWORK_WEBHOOK_ALLOW`, comma-separated; none when unset).
   */
  readonly allow?: readonly string[];
}

/**
 * Delivers events to the webhooks subscribed to their type: a POST of the CloudEvent in structured mode
 * (`application/cloudevents+json`) signed with the webhook's secret, to public addresses and those the
 * allow-list names only, never following a redirect. A 2xx answer delivers it; anything else is retried with
 * exponential backoff, and after the last attempt the delivery is a dead letter. Every attempt updates the
 * delivery's row, whose error says no more than the HTTP status (the cause goes to the log).
 */
export class WebhookDeliverer {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private closed = false;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  /** Where deliveries may go; the webhook routes check new URLs against the same list. */
  readonly targets: WebhookTargets;

  constructor(
    private readonly catalog: Catalog,
    options: WebhookOptions = {},
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.targets = WebhookTargets.configured(options.allow);
    this.attempts = options.attempts ?? 5;
    this.backoffMs = options.backoffMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Starts the deliveries of an event in the background (the bus's sink). */
  readonly deliver = (event: StoredEvent): void => {
    if (this.closed) return;
    const job = this.deliverAll(event).catch((error) => this.log(`webhooks of ${event.id}: ${messageOf(error)}`));
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  };

  /** Stops retrying and waits for the attempts under way. */
  async close(): Promise<void> {
    this.closed = true;
    // Waits end at once; the loop then sees `closed` and stops after recording where it stood.
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliverAll(event: StoredEvent): Promise<void> {
    const hooks = await webhooksFor(this.catalog.db, event.type);
    await Promise.all(hooks.map((hook) => this.deliverOne(event, hook)));
  }

  private async deliverOne(event: StoredEvent, hook: WebhookTarget): Promise<void> {
    const body = JSON.stringify(toCloudEvent(event));
    const base = { webhookId: hook.id, eventSeq: event.seq };
    await recordDelivery(this.catalog.db, {
      ...base,
      status: 'pending',
      attempts: 0,
      lastStatus: null,
      lastError: null,
    });
    const headers = { 'content-type': 'application/cloudevents+json', [SIGNATURE_HEADER]: signBody(body, hook.secret) };
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const result = await postWebhook(hook.url, body, { headers, timeoutMs: this.timeoutMs, targets: this.targets });
      const lastStatus = result.status;
      if (lastStatus !== null && lastStatus >= 200 && lastStatus < 300) {
        await recordDelivery(this.catalog.db, {
          ...base,
          status: 'delivered',
          attempts: attempt,
          lastStatus,
          lastError: null,
        });
        return;
      }
      const lastError = failureOf(result);
      const last = attempt === this.attempts;
      await recordDelivery(this.catalog.db, {
        ...base,
        status: last ? 'dead' : 'pending',
        attempts: attempt,
        lastStatus,
        lastError,
      });
      if (last) {
        const cause = result.status === null ? result.cause : lastError;
        this.log(
          `webhook ${hook.id} (${redactUrl(hook.url)}): event ${event.id} is a dead letter after ${attempt} attempts (${cause})`,
        );
        return;
      }
      await this.sleep(this.backoffMs * 2 ** (attempt - 1));
      if (this.closed) return; // the server stops: the delivery stays pending
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, ms);
      this.waits.set(timer, resolve);
    });
  }
}

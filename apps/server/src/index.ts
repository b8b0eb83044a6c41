/** @meshwork/server: Meshwork's HTTP API (Fastify), composed from the catalog and the model. */
export { principalOf } from './access/principal.js';
export { type ProductColumn, productResource } from './access/product-resource.js';
export { createServer, type ServerOptions } from './create-server.js';
export { errorHandler } from './errors.js';
export {
  type CloudEvent,
  EVENT_NAMES,
  EVENT_TYPE_PREFIX,
  type EventName,
  eventType,
  toCloudEvent,
} from './events/cloud-event.js';
export { EventBus, type EventRaiser, type EventSink, type RaisedEvent } from './events/event-bus.js';
export type { EventOptions } from './events/event-delivery.js';
export { NATS_STREAM, natsSubject } from './events/nats-publisher.js';
export type { RetryOptions, WebhookOptions } from './events/webhook-deliverer.js';
export { SIGNATURE_HEADER, signBody, verifySignature } from './events/webhook-signature.js';
export {
  type LineageProblem,
  MAX_DATASETS,
  MAX_NAME_LENGTH,
  type ParsedLineageEvent,
  parseLineageEvent,
} from './lineage/parse-lineage-event.js';
export {
  STORAGE_SAMPLE_CRON,
  StorageSampler,
  sampleStorage,
  storageByDomain,
} from './metering/storage-sampler.js';
export { Monitors, recordTestResult, type Schedule, scheduleOf } from './monitors.js';
export { icebergFilesUrl, PUBLIC_URL_ENV } from './public-url.js';
export { DEFAULT_WEB_ROOT, type DevUserEntry } from './web-ui.js';

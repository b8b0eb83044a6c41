import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Catalog, StoredEvent } from '@meshwork/catalog';
import type { ProductTestResult } from '@meshwork/engine';
import { type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBus, NATS_STREAM, natsSubject, recordTestResult } from '../src/index.js';

const NATS_URL = 'nats://127.0.0.1:4222';
const acme = join(import.meta.dirname, '../../../examples/acme/domains/marketing/products/campaigns');
const descriptor = readFileSync(join(acme, 'product.yaml'), 'utf8');
const contract = readFileSync(join(acme, 'campaigns.odcs.yaml'), 'utf8');
const added = `      - name: utm_source
        logicalType: string
        physicalType: VARCHAR
        description: Tracking source of the campaign's links.
        classification: internal
`;
const withAdded = (text: string) =>
  text.replace('    quality:\n      - metric: rowCount', `${added}    quality:\n      - metric: rowCount`);
/** 2.0.0 removes budget_eur (breaking, new major); 2.1.0 adds a column; 2.2.0 also removes utm_source (refused). */
const contracts = {
  '1.0.0': contract,
  '2.0.0': contract.replace(/ {6}- name: budget_eur[\s\S]*?minimum: 0\n/, ''),
  '2.1.0': withAdded(contract.replace(/ {6}- name: budget_eur[\s\S]*?minimum: 0\n/, '')),
  '2.2.0': contract.replace(/ {6}- name: budget_eur[\s\S]*?minimum: 0\n/, ''),
};

/** A webhook receiver on a random port: records each request, answers `status`. */
interface Receiver {
  readonly url: string;
  readonly received: { headers: Record<string, string | string[] | undefined>; body: string }[];
  status: number;
  close(): Promise<void>;
}

async function startReceiver(status: number): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const state = { status };
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    get status() {
      return state.status;
    },
    set status(s: number) {
      state.status = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown> & { id: string; type: string; data: Record<string, unknown> };
}

/** Opens `GET /api/v1/events` with fetch and parses what arrives, in the background. */
async function openStream(token: string, options: { lastEventId?: string; query?: string } = {}) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/events${options.query ?? ''}`, {
    headers: {
      authorization: `Bearer ${token}`,
      ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            const at = line.indexOf(': ');
            if (!line.startsWith(':') && at > 0) fields[line.slice(0, at)] = line.slice(at + 2);
          }
          if (fields.data)
            events.push({ id: fields.id ?? '', event: fields.event ?? '', data: JSON.parse(fields.data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { response, events, close: () => controller.abort() };
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let example: TestServer;
let catalog: Catalog;
let app: FastifyInstance;
let base: string;
let nats: NatsConnection;
let ok: Receiver;
let failing: Receiver;
let tokens: Record<PersonaKey, string>;
const publishUrl = '/api/v1/products/marketing.campaigns/versions';

const call = (user: PersonaKey, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${tokens[user]}` }, ...(payload ? { payload } : {}) });
const publish = (version: keyof typeof contracts) =>
  call('owner', 'POST', publishUrl, {
    version,
    descriptor: descriptor.replace(/^version: .*$/m, `version: ${version}`),
    contracts: [{ path: 'campaigns.odcs.yaml', text: contracts[version] }],
  });

beforeAll(async () => {
  // NATS runs on these machines and in CI: unreachable is a failure, never a skip.
  nats = await connect({ servers: NATS_URL, timeout: 3000 });
  ok = await startReceiver(204);
  failing = await startReceiver(500);
});
// Each test starts from a fresh catalog and server (no webhook, no event) and empty receivers.
beforeEach(async () => {
  example = await startServer({
    publish: false,
    // The receivers listen on loopback, which webhooks reach only when allowed (webhook-targets.test.ts).
    events: {
      source: 'meshwork://acme',
      natsUrl: NATS_URL,
      webhooks: { attempts: 3, backoffMs: 20, allow: ['127.0.0.1'] },
    },
  });
  ({ catalog, app, url: base, tokens } = example);
  ok.received.length = 0;
  failing.received.length = 0;
});
afterEach(async () => {
  await example?.close();
});
afterAll(async () => {
  await ok?.close();
  await failing?.close();
  await nats?.close();
});

/**
 * Publishes 1.0.0 and the breaking 2.0.0 of marketing.campaigns while an admin's stream is open, then 2.1.0
 * and the refused 2.2.0: the events of a breaking publish, and the id of the first (1.0.0 published).
 */
async function walkPublishes(): Promise<string> {
  const stream = await openStream(tokens.admin);
  expect((await publish('1.0.0')).statusCode).toBe(201);
  expect((await publish('2.0.0')).statusCode).toBe(201);
  const events = await waitFor('the first three events', () => (stream.events.length >= 3 ? stream.events : undefined));
  stream.close();
  expect((await publish('2.1.0')).statusCode).toBe(201);
  expect((await publish('2.2.0')).statusCode).toBe(409);
  return (events[0] as SseEvent).id;
}

describe('webhook subscriptions', () => {
  it('are managed by admins and the governance group only; the secret is never returned', async () => {
    const body = {
      url: 'https://hooks.example/x',
      types: ['product.published'],
      secret: 'a-secret-of-16-chars-or-more',
    };
    for (const user of ['consumer', 'owner'] as const) {
      expect((await call(user, 'POST', '/api/v1/webhooks', body)).statusCode).toBe(403);
      expect((await call(user, 'GET', '/api/v1/webhooks')).statusCode).toBe(403);
      expect((await call(user, 'GET', '/api/v1/webhooks/dead-letters')).statusCode).toBe(403);
      expect((await call(user, 'DELETE', '/api/v1/webhooks/x')).statusCode).toBe(403);
    }
    const created = await call('governance', 'POST', '/api/v1/webhooks', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ url: 'https://hooks.example/x', types: ['dev.meshwork.product.published'] });
    expect(created.body).not.toContain(body.secret);
    const listed = await call('admin', 'GET', '/api/v1/webhooks');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((h: { id: string }) => h.id)).toContain(created.json().id);
    expect(listed.body).not.toContain(body.secret);
    expect(listed.body).not.toContain('secret');
    expect((await call('admin', 'DELETE', `/api/v1/webhooks/${created.json().id}`)).statusCode).toBe(204);
    expect((await call('admin', 'DELETE', `/api/v1/webhooks/${created.json().id}`)).statusCode).toBe(404);
    expect((await call('admin', 'GET', '/api/v1/webhooks')).json().items).toEqual([]);
  });

  it('refuses a URL that is not http or https, and unknown event types', async () => {
    const secret = 'a-secret-of-16-chars-or-more';
    expect((await call('admin', 'POST', '/api/v1/webhooks', { url: 'ftp://x.example/', secret })).statusCode).toBe(400);
    expect(
      (await call('admin', 'POST', '/api/v1/webhooks', { url: 'https://x.example/', types: ['nope'], secret }))
        .statusCode,
    ).toBe(400);
  });
});

describe('a breaking publish', () => {
  const secret = 'whsec-0123456789abcdef';

  it('raises contract.breaking_change on a signed webhook, the SSE stream and NATS JetStream', async () => {
    const hook = await call('admin', 'POST', '/api/v1/webhooks', {
      url: ok.url,
      types: ['contract.breaking_change'],
      secret,
    });
    expect(hook.statusCode).toBe(201);
    // The NATS consumer reads what is published from now on, on the breaking-change subject.
    const jsm = await jetstreamManager(nats);
    await jsm.streams
      .info(NATS_STREAM)
      .catch(() => jsm.streams.add({ name: NATS_STREAM, subjects: [natsSubject('>')] }));
    const consumer = await jetstream(nats).consumers.get(NATS_STREAM, {
      filter_subjects: natsSubject('dev.meshwork.contract.breaking_change'),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date().toISOString(),
    });
    const stream = await openStream(tokens.admin);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');

    expect((await publish('1.0.0')).statusCode).toBe(201);
    const response = await publish('2.0.0');
    expect(response.statusCode, response.body).toBe(201);

    // (a) the webhook, in structured mode, with a signature that verifies
    const delivery = await waitFor('the webhook delivery', () => ok.received[0]);
    expect(ok.received).toHaveLength(1); // product.published is not subscribed
    expect(delivery.headers['content-type']).toBe('application/cloudevents+json');
    const expected = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`;
    expect(delivery.headers['x-meshwork-signature']).toBe(expected);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'dev.meshwork.contract.breaking_change',
      source: 'meshwork://acme',
      subject: 'marketing.campaigns',
      datacontenttype: 'application/json',
      data: { address: 'marketing.campaigns', version: '2.0.0', refused: false },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(event.time))).toBe(false);
    expect(JSON.stringify(event.data.breakingChanges)).toContain('budget_eur');

    // (b) the SSE stream: published 1.0.0, published 2.0.0, then the breaking change
    const sse = await waitFor('the SSE event', () =>
      stream.events.find((e) => e.event === 'dev.meshwork.contract.breaking_change'),
    );
    expect(sse.id).toBe(event.id);
    expect(sse.data).toEqual(event);
    expect(stream.events.map((e) => e.event)).toEqual([
      'dev.meshwork.product.published',
      'dev.meshwork.product.published',
      'dev.meshwork.contract.breaking_change',
    ]);
    stream.close();

    // (c) NATS JetStream, subject meshwork.<type>
    const message = await waitFor('the NATS message', async () => {
      const m = await consumer.next({ expires: 2000 });
      return m && m.json<{ id: string }>().id === event.id ? m : undefined;
    });
    expect(message.subject).toBe('meshwork.dev.meshwork.contract.breaking_change');
    expect(message.json()).toEqual(event);
    expect(message.headers?.get('Nats-Msg-Id')).toBe(event.id);
  });

  it('raises contract.breaking_change with refused: true when the publish is refused with 409', async () => {
    const hook = await call('admin', 'POST', '/api/v1/webhooks', {
      url: ok.url,
      types: ['contract.breaking_change'],
      secret,
    });
    expect(hook.statusCode).toBe(201);
    expect((await publish('1.0.0')).statusCode).toBe(201);
    expect((await publish('2.0.0')).statusCode).toBe(201);
    await waitFor('the webhook delivery of 2.0.0', () => ok.received[0]);
    const stream = await openStream(tokens.admin, { query: '?types=contract.breaking_change' });
    expect((await publish('2.1.0')).statusCode).toBe(201);
    const refused = await publish('2.2.0');
    expect(refused.statusCode).toBe(409);
    const event = await waitFor('the refused breaking change', () => stream.events[0]);
    expect(stream.events).toHaveLength(1); // ?types= left out the product.published of 2.1.0
    expect(event.data.data).toMatchObject({ version: '2.2.0', refused: true, requiredVersion: '3.0.0' });
    const delivery = await waitFor('its webhook delivery', () => ok.received[1]);
    expect(JSON.parse(delivery.body).data).toMatchObject({ version: '2.2.0', refused: true });
    stream.close();
  });

  it('replays the stored events after Last-Event-ID, then goes live', async () => {
    const first = await walkPublishes();
    const stream = await openStream(tokens.admin, { lastEventId: first });
    const replayed = await waitFor('the replay', () => (stream.events.length >= 4 ? stream.events : undefined));
    expect(replayed.slice(0, 4).map((e) => e.event)).toEqual([
      'dev.meshwork.product.published',
      'dev.meshwork.contract.breaking_change',
      'dev.meshwork.product.published',
      'dev.meshwork.contract.breaking_change',
    ]);
    expect(replayed.some((e) => e.id === first)).toBe(false);
    stream.close();
  });

  it('shows a user only the events of their domain (or their own requests)', async () => {
    const first = await walkPublishes();
    const outsider = await openStream(tokens.consumer, { lastEventId: first });
    const owner = await openStream(tokens.owner, { lastEventId: first });
    await waitFor('the owner replay', () => (owner.events.length >= 4 ? true : undefined));
    expect(outsider.events).toEqual([]);
    outsider.close();
    owner.close();
  });
});

describe('webhook retries', () => {
  it('retries a receiver answering 500 with backoff, then lists a dead letter', async () => {
    const hook = await call('admin', 'POST', '/api/v1/webhooks', {
      url: failing.url,
      types: ['product.published'],
      secret: 'another-secret-0123456789',
    });
    expect(hook.statusCode).toBe(201);
    const descriptorText = descriptor.replace(/^version: .*$/m, 'version: 2.1.1');
    const response = await call('owner', 'POST', publishUrl, {
      version: '2.1.1',
      descriptor: descriptorText,
      contracts: [{ path: 'campaigns.odcs.yaml', text: contracts['2.1.0'] }],
      docs: 'Campaigns, documented.',
    });
    expect(response.statusCode, response.body).toBe(201);
    const dead = await waitFor('the dead letter', async () => {
      const items = (await call('governance', 'GET', '/api/v1/webhooks/dead-letters')).json().items;
      return items.length > 0 ? items : undefined;
    });
    expect(failing.received).toHaveLength(3);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      webhookId: hook.json().id,
      url: failing.url,
      attempts: 3,
      lastStatus: 500,
      event: { type: 'dev.meshwork.product.published', data: { version: '2.1.1' } },
    });
    expect(JSON.stringify(dead)).not.toContain('another-secret');
    expect((await call('consumer', 'GET', '/api/v1/webhooks/dead-letters')).statusCode).toBe(403);
  });
});

describe('check runs', () => {
  it('raise check.failed for failed error-severity checks, and sla.breached when the SLA status turns breached', async () => {
    expect((await publish('1.0.0')).statusCode).toBe(201);
    const bus = new EventBus(catalog, 'meshwork://acme');
    const seen: StoredEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    const check = (id: string, origin: string, status: string, severity = 'error') => ({
      id,
      kind: 'rowCount',
      object: 'campaigns',
      columns: [],
      dimension: 'completeness',
      description: id,
      severity,
      origin,
      expected: '> 0',
      actual: 0,
      unit: 'rows',
      threshold: 0,
      status,
      method: 'sql',
      durationMs: 1,
      reason: undefined,
      file: 'campaigns.odcs.yaml',
      position: { line: 1, column: 1 },
    });
    const run = (results: object[]) =>
      ({
        address: 'marketing.campaigns',
        rows: 0,
        results,
        timings: [],
        diagnostics: [],
        reason: undefined,
      }) as unknown as ProductTestResult;
    const types = () => seen.map((e) => e.type.replace('dev.meshwork.', ''));

    await recordTestResult(
      catalog,
      run([check('rows', 'quality', 'passed'), check('fresh', 'sla', 'passed')]),
      new Date(),
      'manual',
      bus,
    );
    expect(types()).toEqual([]);
    await recordTestResult(
      catalog,
      run([check('rows', 'quality', 'failed', 'warning'), check('fresh', 'sla', 'failed', 'warning')]),
      new Date(),
      'manual',
      bus,
    );
    expect(types()).toEqual(['sla.breached']);
    await recordTestResult(
      catalog,
      run([check('rows', 'quality', 'failed'), check('fresh', 'sla', 'failed', 'warning')]),
      new Date(),
      'schedule',
      bus,
    );
    expect(types()).toEqual(['sla.breached', 'check.failed']); // still breached: not raised again
    expect(seen[1]?.data).toMatchObject({
      address: 'marketing.campaigns',
      trigger: 'schedule',
      failed: [{ id: 'rows' }],
    });
    expect(seen[0]).toMatchObject({ subject: 'marketing.campaigns', domain: 'marketing', data: { previous: 'met' } });
  });
});

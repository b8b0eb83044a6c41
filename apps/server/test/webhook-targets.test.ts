import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, deleteWebhook, listWebhooks, openCatalog } from '@meshwork/catalog';
import { seedPersonas } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, EventBus } from '../src/index.js';

/** A local HTTP server that records what it receives and answers with `handle`. */
interface Receiver {
  readonly port: number;
  readonly received: IncomingHttpHeaders[];
  close(): Promise<void>;
}

async function startReceiver(handle: (res: import('node:http').ServerResponse) => void): Promise<Receiver> {
  const received: IncomingHttpHeaders[] = [];
  const server: Server = createHttpServer((req, res) => {
    received.push(req.headers);
    req.resume();
    req.on('end', () => handle(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const receiver = await startReceiver((res) => res.end());
  await receiver.close();
  return receiver.port;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const work = mkdtempSync(join(tmpdir(), 'meshwork-webhook-targets-'));
const secret = 'a-secret-of-16-chars-or-more';
let catalog: Catalog;
let token: string;
const receivers: Receiver[] = [];
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  // The allow-list comes from the environment unless given: a developer's own setting must not leak in.
  delete process.env.MESHWORK_WEBHOOK_ALLOW;
  catalog = await openCatalog();
  // The mesh admin of the shared personas: webhooks are an admin's, and they need no domain in the catalog.
  token = (await seedPersonas(catalog, ['admin'])).admin;
});
// Every server delivers to every webhook of the shared catalog: each test starts without any.
afterEach(async () => {
  for (const hook of await listWebhooks(catalog.db)) await deleteWebhook(catalog.db, hook.id);
});
afterAll(async () => {
  for (const server of servers) await server.close();
  for (const receiver of receivers) await receiver.close();
  await catalog?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A server with its own event bus and a log file; `allow` is its webhook allow-list. */
async function serve(allow?: readonly string[]) {
  const bus = new EventBus(catalog, 'meshwork://acme');
  const log = join(work, `server-${servers.length}.log`);
  const app = await createServer({
    catalog,
    logger: log,
    webRoot: false,
    events: {
      bus,
      natsUrl: false,
      webhooks: { attempts: 2, backoffMs: 10, timeoutMs: 500, ...(allow ? { allow } : {}) },
    },
  });
  servers.push(app);
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  const subscribe = (url: string) => call('POST', '/api/v1/webhooks', { url, types: ['product.published'], secret });
  const raise = () =>
    bus.raise({ name: 'product.published', subject: 'sales.orders', domain: 'sales', data: { version: '1.0.0' } });
  const deadLetter = (webhookId: string) =>
    waitFor(`the dead letter of ${webhookId}`, async () => {
      const items = (await call('GET', '/api/v1/webhooks/dead-letters')).json().items as Record<string, unknown>[];
      return items.find((d) => d.webhookId === webhookId);
    });
  const logged = (text: string | RegExp) =>
    waitFor(`"${text}" in the log`, async () => {
      const lines = existsSync(log) ? readFileSync(log, 'utf8') : '';
      return (typeof text === 'string' ? lines.includes(text) : text.test(lines)) ? lines : undefined;
    });
  return { app, call, subscribe, raise, deadLetter, logged };
}

describe('webhook targets by default', () => {
  it('refuses loopback, private and link-local addresses when the URL is subscribed', async () => {
    const server = await serve();
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/',
      'http://192.168.0.10/',
      'http://[::ffff:127.0.0.1]/',
      'http://0x7f.1/',
      'http://0/',
      'http://[fd00::1]/',
    ]) {
      const refused = await server.subscribe(url);
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().error.message).toMatch(
        /^webhook URL host .* is a loopback, private or link-local address; use a public host, or allow it with MESHWORK_WEBHOOK_ALLOW/,
      );
    }
    expect((await server.subscribe('https://93.184.215.14/hook')).statusCode).toBe(201);
  });

  it('checks the addresses a name resolves to at delivery, and never connects to a refused one', async () => {
    const server = await serve();
    const receiver = await startReceiver((res) => res.writeHead(204).end());
    receivers.push(receiver);
    const hook = await server.subscribe(`http://localhost:${receiver.port}/hook`);
    expect(hook.statusCode, hook.body).toBe(201);
    await server.raise();
    const dead = await server.deadLetter(hook.json().id);
    expect(dead).toMatchObject({ attempts: 2, lastStatus: null, lastError: 'delivery failed' });
    expect(receiver.received).toEqual([]);
    // The operator's log says why; the API does not.
    await server.logged(/localhost resolves to (127\.0\.0\.1|::1), which is not public/);
  });
});

describe('allowed webhook targets', () => {
  it('takes the allow-list from MESHWORK_WEBHOOK_ALLOW, and refuses to start on an entry it cannot read', async () => {
    process.env.MESHWORK_WEBHOOK_ALLOW = 'hooks.internal, *.corp.example, 127.0.0.0/8';
    try {
      const server = await serve();
      expect((await server.subscribe('http://127.0.0.1:8080/hook')).statusCode).toBe(201);
      expect((await server.subscribe('http://10.0.0.1/hook')).statusCode).toBe(400);
      process.env.MESHWORK_WEBHOOK_ALLOW = '10.0.0.0/';
      await expect(serve()).rejects.toThrow(
        'MESHWORK_WEBHOOK_ALLOW entry "10.0.0.0/" is neither a host name, a "*.domain" pattern, an IP address nor a CIDR such as 10.0.0.0/8; fix or remove it',
      );
    } finally {
      delete process.env.MESHWORK_WEBHOOK_ALLOW;
    }
  });

  it('never follows a redirect: a 3xx is a failed delivery', async () => {
    const server = await serve(['127.0.0.1']);
    const target = await startReceiver((res) => res.writeHead(204).end());
    const redirecting = await startReceiver((res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${target.port}/elsewhere` }).end(),
    );
    receivers.push(target, redirecting);
    const hook = await server.subscribe(`http://127.0.0.1:${redirecting.port}/hook`);
    expect(hook.statusCode, hook.body).toBe(201);
    await server.raise();
    const dead = await server.deadLetter(hook.json().id);
    expect(dead).toMatchObject({
      attempts: 2,
      lastStatus: 302,
      lastError: 'delivery failed: HTTP 302 (redirects are not followed)',
    });
    expect(redirecting.received).toHaveLength(2);
    expect(target.received).toEqual([]);
  });

  it('records a refused, a reset and a silent target alike, so dead letters do not map open ports', async () => {
    const server = await serve(['127.0.0.1']);
    const silent = await startReceiver(() => undefined);
    const reset = await startReceiver((res) => res.socket?.destroy());
    receivers.push(silent, reset);
    const ports = [await closedPort(), reset.port, silent.port];
    const hooks = [];
    for (const port of ports) hooks.push((await server.subscribe(`http://127.0.0.1:${port}/hook`)).json().id);
    await server.raise();
    const dead = await Promise.all(hooks.map((id) => server.deadLetter(id)));
    const shown = dead.map(({ attempts, lastStatus, lastError }) => ({ attempts, lastStatus, lastError }));
    expect(shown).toEqual(ports.map(() => ({ attempts: 2, lastStatus: null, lastError: 'delivery failed' })));
  });

  it('uses the credentials of a URL but lists and logs it with them redacted', async () => {
    const server = await serve(['127.0.0.1']);
    const receiver = await startReceiver((res) => res.writeHead(500).end());
    receivers.push(receiver);
    const url = `http://deliver:pa55word@127.0.0.1:${receiver.port}/hook?token=tok-123&team=data`;
    const shown = `http://***@127.0.0.1:${receiver.port}/hook?token=***&team=data`;
    const hook = await server.subscribe(url);
    expect(hook.statusCode, hook.body).toBe(201);
    expect(hook.json().url).toBe(shown);
    const listed = (await server.call('GET', '/api/v1/webhooks')).json().items;
    expect(listed.find((h: { id: string }) => h.id === hook.json().id).url).toBe(shown);
    await server.raise();
    const dead = await server.deadLetter(hook.json().id);
    expect(dead).toMatchObject({ url: shown, lastStatus: 500, lastError: 'delivery failed: HTTP 500' });
    expect(receiver.received[0]?.authorization).toBe(`Basic ${Buffer.from('deliver:pa55word').toString('base64')}`);
    const log = await server.logged('dead letter');
    expect(log).toContain(shown);
    expect(log).not.toContain('pa55word');
    expect(log).not.toContain('tok-123');
  });
});

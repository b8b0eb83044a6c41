import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appendEvent,
  type Catalog,
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listEvents,
  listWebhooks,
  recordDelivery,
  webhooksFor,
} from '../src/index.js';

/** The events, webhooks and deliveries repositories, on every store. */
export function eventsSuite(catalogOf: () => Catalog): void {
  describe('change events', () => {
    const event = (type: string, subject: string) => ({
      id: randomUUID(),
      type,
      source: 'meshwork://test',
      subject,
      time: new Date('2026-01-02T03:04:05.000Z'),
      domain: subject.split('.')[0] ?? null,
      actor: null,
      data: { address: subject, nested: { n: 1 } },
    });

    it('appends events in order and lists them after an id, by type', async () => {
      const db = catalogOf().db;
      const a = await appendEvent(db, event('dev.meshwork.product.published', 'ev.a'));
      const b = await appendEvent(db, event('dev.meshwork.contract.breaking_change', 'ev.a'));
      const c = await appendEvent(db, event('dev.meshwork.product.published', 'ev.b'));
      expect(BigInt(b.seq)).toBeGreaterThan(BigInt(a.seq));
      const all = await listEvents(db, { limit: 100 });
      expect(all.slice(-3)).toEqual([a, b, c]);
      expect((await listEvents(db, { afterId: a.id, limit: 100 })).map((e) => e.id)).toEqual([b.id, c.id]);
      expect(
        (await listEvents(db, { afterId: a.id, types: ['dev.meshwork.product.published'], limit: 100 })).map(
          (e) => e.id,
        ),
      ).toEqual([c.id]);
      expect(await listEvents(db, { afterId: c.id, limit: 100 })).toEqual([]);
      await expect(appendEvent(db, { ...event('x', 'ev.a'), id: a.id })).rejects.toThrow();
    });

    it('keeps webhook secrets for delivery only, filters by type, records deliveries and dead letters', async () => {
      const db = catalogOf().db;
      const all = await createWebhook(db, {
        id: randomUUID(),
        url: 'https://a.example/',
        types: [],
        secret: 's3cret-all',
        createdBy: 'admin@example.com',
      });
      const some = await createWebhook(db, {
        id: randomUUID(),
        url: 'https://b.example/',
        types: ['dev.meshwork.check.failed'],
        secret: 's3cret-some',
        createdBy: 'admin@example.com',
      });
      expect(JSON.stringify(await listWebhooks(db))).not.toContain('s3cret');
      expect((await listWebhooks(db)).map((h) => h.id)).toEqual([all.id, some.id]);
      expect((await webhooksFor(db, 'dev.meshwork.product.published')).map((h) => h.secret)).toEqual(['s3cret-all']);
      expect((await webhooksFor(db, 'dev.meshwork.check.failed')).map((h) => h.secret)).toEqual([
        's3cret-all',
        's3cret-some',
      ]);

      const e = await appendEvent(db, event('dev.meshwork.check.failed', 'ev.c'));
      const base = { webhookId: some.id, eventSeq: e.seq, lastError: null };
      await recordDelivery(db, { ...base, status: 'pending', attempts: 0, lastStatus: null });
      expect(await listDeliveries(db, { status: 'dead', limit: 10 })).toEqual([]);
      await recordDelivery(db, { ...base, status: 'dead', attempts: 5, lastStatus: 503, lastError: 'HTTP 503' });
      await recordDelivery(db, {
        webhookId: all.id,
        eventSeq: e.seq,
        status: 'delivered',
        attempts: 1,
        lastStatus: 200,
        lastError: null,
      });
      const dead = await listDeliveries(db, { status: 'dead', limit: 10 });
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ webhookId: some.id, url: 'https://b.example/', attempts: 5, lastStatus: 503 });
      expect(dead[0]?.event).toEqual(e);
      expect(await listDeliveries(db, { limit: 10 })).toHaveLength(2);

      expect(await deleteWebhook(db, some.id)).toBe(true);
      expect(await deleteWebhook(db, some.id)).toBe(false);
      expect(await listDeliveries(db, { status: 'dead', limit: 10 })).toEqual([]);
      expect(await deleteWebhook(db, all.id)).toBe(true);
      expect(await listWebhooks(db)).toEqual([]);
    });
  });
}

import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../errors.js';
import { gatewayCapacity } from './gateway-runner.js';
import { QueryAdmission, QueryBusyError } from './query-admission.js';

/** A query that runs until the test ends it. */
function held() {
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { work: () => done, finish };
}

const LIMITS = { running: 2, queued: 2, perUser: 1, maxWaitMs: 60_000, retryAfterSeconds: 3 };

describe('admission of gateway queries', () => {
  it('runs at most `running` at once, queues a few, and refuses the rest with a Retry-After', async () => {
    const admission = new QueryAdmission({ ...LIMITS, perUser: 4 });
    const queries = Array.from({ length: 4 }, held);
    const runs = queries.map((q) => admission.run('ana@example.com', q.work));
    expect(admission.active).toBe(2);
    const refused = await admission.run('ana@example.com', async () => 'never').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QueryBusyError);
    expect(refused).toMatchObject({
      retryAfterSeconds: 3,
      message: expect.stringMatching(/its limit of 2 queries at once and 2 more are waiting/),
    });
    queries[0]?.finish();
    queries[1]?.finish();
    await Promise.all(runs.slice(0, 2));
    expect(admission.active).toBe(2);
    queries[2]?.finish();
    queries[3]?.finish();
    await Promise.all(runs);
    expect(admission.active).toBe(0);
  });

  it('lets another user’s query pass one waiting on its user’s share', async () => {
    const admission = new QueryAdmission(LIMITS);
    const [first, second] = [held(), held()];
    const ana = admission.run('ana@example.com', first.work);
    const order: string[] = [];
    const anaAgain = admission.run('ana@example.com', async () => order.push('ana'));
    const ben = admission.run('ben@example.com', async () => {
      order.push('ben');
      await second.work();
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['ben']);
    const third = await admission.run('ana@example.com', async () => 0).catch((e: unknown) => e);
    expect(third).toMatchObject({ name: 'QueryBusyError', message: expect.stringMatching(/most one user may have/) });
    first.finish();
    second.finish();
    await Promise.all([ana, anaAgain, ben]);
    expect(order).toEqual(['ben', 'ana']);
  });

  it('refuses a query that waited its longest wait', async () => {
    const admission = new QueryAdmission({ ...LIMITS, running: 1, maxWaitMs: 10 });
    const q = held();
    const running = admission.run('ana@example.com', q.work);
    await expect(admission.run('ben@example.com', async () => 0)).rejects.toThrow(/waited 0.01 s for one of/);
    q.finish();
    await running;
  });

  it('answers 429 with Retry-After over HTTP', async () => {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    app.get('/busy', () => {
      throw new QueryBusyError('the gateway is running its limit of 2 queries at once', 3);
    });
    const response = await app.inject({ method: 'GET', url: '/busy' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
    expect(response.json()).toMatchObject({ error: { code: 'busy', message: expect.stringMatching(/limit of 2/) } });
    await app.close();
  });

  it('sizes the gateway from the memory budget and one query’s memory, unless told', () => {
    const limits = { memoryBytes: 1e9, threads: 2, queryTimeoutMs: 30_000 };
    expect(gatewayCapacity(limits, { memoryBudgetBytes: 8e9 }, {})).toMatchObject({
      maxRunning: 6,
      maxQueued: 12,
      maxPerUser: 3,
      maxResultBytes: 64 * 1024 * 1024,
    });
    const env = { MESHWORK_GATEWAY_CONCURRENCY: '3', MESHWORK_GATEWAY_MAX_RESULT: '1MiB' };
    expect(gatewayCapacity(limits, {}, env)).toMatchObject({ maxRunning: 3, maxResultBytes: 1024 * 1024 });
    expect(() => gatewayCapacity(limits, {}, { MESHWORK_GATEWAY_MEMORY: 'lots' })).toThrow(
      'MESHWORK_GATEWAY_MEMORY is "lots"; set it to a positive size or count, such as 8GiB',
    );
  });
});

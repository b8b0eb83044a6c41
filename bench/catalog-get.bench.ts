import { createToken, ensureUser, openCatalog, publishVersion, upsertDomain } from '@meshwork/catalog';
import { createServer } from '@meshwork/server';
import type { Benchmark } from './lib/bench-result.js';

const SECONDS = 5;
const CONCURRENCY = 16;

/** Requests per second from CONCURRENCY keep-alive clients over real HTTP for SECONDS. */
async function throughput(url: string, headers: Record<string, string>): Promise<number> {
  let count = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        count++;
      }
    }),
  );
  return count / SECONDS;
}

export const benchmark: Benchmark = {
  name: 'catalog-get',
  description: `GET /api/v1/products/{id} throughput vs the same server's hello-world route (/healthz), ${CONCURRENCY} clients`,
  async run() {
    const catalog = await openCatalog();
    await upsertDomain(catalog.db, { name: 'sales', description: 'Sales.', isolation: 'schema', spec: {} });
    const user = await ensureUser(catalog.db, { name: 'Reader', email: 'reader@example.com', role: 'consumer' });
    const token = await createToken(catalog.db, user.id, 'bench');
    await publishVersion(catalog.db, {
      address: 'sales.orders',
      domain: 'sales',
      name: 'Orders',
      description: 'Every order.',
      status: 'active',
      version: '1.0.0',
      contentHash: 'h',
      descriptor: { name: 'Orders' },
      contracts: [],
      docs: null,
      publishedBy: 'bench',
    });
    const app = await createServer({ catalog, logger: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await throughput(`${base}/healthz`, {}); // warm-up
      const hello = await throughput(`${base}/healthz`, {});
      const get = await throughput(`${base}/api/v1/products/sales.orders`, { authorization: `Bearer ${token}` });
      return {
        name: 'catalog-get',
        figures: {
          hello_rps: { value: hello, unit: 'req/s' },
          get_product_rps: { value: get, unit: 'req/s' },
        },
        ratios: { get_vs_hello: get / hello },
        notes: [
          'goal: get_vs_hello >= 0.4; the product route authenticates the token (one indexed lookup) and reads one row, on PGlite',
        ],
      };
    } finally {
      await app.close();
      await catalog.close();
    }
  },
};

import { authenticate, type Catalog, openCatalog, type User } from '@meshwork/catalog';
import { publishAll, seedPersonas } from '@meshwork/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productGraph, productLineage } from './dependencies.js';
import { productContent } from './products.js';

let catalog: Catalog;
let user: User;

beforeAll(async () => {
  catalog = await openCatalog();
  await publishAll(catalog);
  const { consumer } = await seedPersonas(catalog, ['consumer']);
  const found = await authenticate(catalog.db, consumer);
  if (!found) throw new Error('the consumer persona has no user');
  user = found;
}, 60_000);
afterAll(async () => catalog?.close());

describe('the dependency services behind GET /graph and the get_lineage tool', () => {
  it('draws an edge from each product read to the product reading it, named by the port', async () => {
    const graph = await productGraph({ catalog }, user);
    expect(graph.nodes.map((n) => n.address)).toContain('finance.invoices');
    expect(graph.edges).toContainEqual({ from: 'marketing.customers', to: 'finance.invoices', port: 'customers' });
    // Every edge joins two products of the graph.
    const addresses = new Set(graph.nodes.map((n) => n.address));
    expect(graph.edges.every((e) => addresses.has(e.from) && addresses.has(e.to))).toBe(true);
  });

  it('walks the same edges up and down, hop by hop, and names the external sources', async () => {
    const one = await productLineage({ catalog }, user, { address: 'finance.invoices', depth: 1 });
    expect(one.upstream).toEqual([{ address: 'marketing.customers', depth: 1 }]);
    expect(one.downstream.map((d) => d.address)).toContain('finance.revenue_by_channel');
    expect(one.sources).toEqual(['raw_invoices: sources/invoices.parquet']);
    const graph = await productGraph({ catalog }, user);
    const readers = graph.edges.filter((e) => e.from === 'finance.invoices').map((e) => e.to);
    expect(one.downstream.map((d) => d.address).sort()).toEqual([...new Set(readers)].sort());
    const deep = await productLineage({ catalog }, user, { address: 'finance.revenue_by_channel', depth: 3 });
    expect(deep.upstream).toContainEqual({ address: 'marketing.customers', depth: 2 });
  });

  it('refuses an unknown product with NotFoundError, as the content of a product does', async () => {
    await expect(productLineage({ catalog }, user, { address: 'nope.nothing', depth: 1 })).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'product nope.nothing is not in the catalog',
    });
    await expect(productContent({ catalog }, user, { address: 'nope.nothing' })).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});

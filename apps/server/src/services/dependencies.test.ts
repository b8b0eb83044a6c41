import { join } from 'node:path';
import { type Catalog, ensureUser, openCatalog, publishVersion, type User, upsertDomain } from '@meshwork/catalog';
import { validateMesh } from '@meshwork/governance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleMeshSource } from '../../test/example-mesh.js';
import { productGraph, productLineage } from './dependencies.js';
import { productContent } from './products.js';

const acme = join(import.meta.dirname, '../../../../examples/acme');
let catalog: Catalog;
let user: User;

beforeAll(async () => {
  const { mesh } = validateMesh(exampleMeshSource(acme));
  catalog = await openCatalog();
  for (const domain of mesh.domains) {
    await upsertDomain(catalog.db, {
      name: domain.name,
      description: domain.loaded.spec.description,
      isolation: domain.loaded.spec.isolation,
      spec: domain.loaded.yaml.value,
    });
  }
  for (const product of mesh.products) {
    const spec = product.loaded.spec;
    await publishVersion(catalog.db, {
      address: product.address,
      domain: product.domain,
      name: spec.name,
      description: spec.description.purpose,
      status: spec.status,
      version: spec.version,
      contentHash: product.address,
      descriptor: product.loaded.yaml.value,
      contracts: product.contracts.map((c) => c.yaml.value),
      docs: null,
      publishedBy: 'test',
    });
  }
  user = await ensureUser(catalog.db, {
    name: 'fatima',
    email: 'fatima@acme.example',
    role: 'consumer',
    domain: 'finance',
    clearance: 'internal',
  });
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

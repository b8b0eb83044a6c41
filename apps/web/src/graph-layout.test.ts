import type { MeshGraph } from '@meshwork/api';
import { describe, expect, it } from 'vitest';
import { layoutGraph, lineageOf } from './graph-layout.js';

const node = (address: string) => ({
  address,
  domain: address.split('.')[0] as string,
  name: address,
  status: 'active',
});
const edge = (from: string, to: string) => ({ from, to, port: from.split('.')[1] as string });
// The example mesh's shape: a chain into finance, a fork out of it, and marketing's own chain.
const mesh: MeshGraph = {
  nodes: ['m.customers', 'f.invoices', 'f.revenue', 'l.shipments', 'l.performance', 'm.sessions', 'm.attribution'].map(
    node,
  ),
  edges: [
    edge('m.customers', 'f.invoices'),
    edge('f.invoices', 'f.revenue'),
    edge('f.invoices', 'l.shipments'),
    edge('l.shipments', 'l.performance'),
    edge('m.sessions', 'm.attribution'),
    edge('m.attribution', 'f.revenue'),
  ],
};

describe('layoutGraph', () => {
  it('puts each product in the column of its longest chain of upstream products', () => {
    const { nodes } = layoutGraph(mesh);
    const column = Object.fromEntries(nodes.map((n) => [n.address, n.x]));
    expect(column['m.customers']).toBe(column['m.sessions']);
    expect(column['f.invoices']).toBe(column['m.attribution']);
    expect(column['f.revenue']).toBe(column['l.shipments']);
    expect(column['l.performance']).toBeGreaterThan(column['l.shipments'] as number);
    expect(column['f.invoices']).toBeGreaterThan(column['m.customers'] as number);
  });

  it('survives a cycle and an edge to a product it does not know', () => {
    const cyclic: MeshGraph = {
      nodes: [node('a.x'), node('b.y')],
      edges: [edge('a.x', 'b.y'), edge('b.y', 'a.x'), edge('c.gone', 'a.x')],
    };
    const { nodes, width, height } = layoutGraph(cyclic);
    expect(nodes).toHaveLength(2);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
  });
});

describe('lineageOf', () => {
  it('keeps what a product reads and what reads it, transitively, not its siblings', () => {
    const lineage = lineageOf(mesh, 'f.invoices');
    expect(lineage.nodes.map((n) => n.address).sort()).toEqual(
      ['f.invoices', 'f.revenue', 'l.performance', 'l.shipments', 'm.customers'].sort(),
    );
    expect(lineage.edges).not.toContainEqual(expect.objectContaining({ from: 'm.attribution' }));
    expect(lineage.edges).toHaveLength(4);
  });
});

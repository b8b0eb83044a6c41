import type { Mesh } from '@meshwork/core';
import { type HealthFinding, listOf, locatedAt } from './health-findings.js';
import { domainReads, type ProductRead, productReads } from './product-reads.js';

/**
 * "Products without consumers": an active product that no other product reads through a `product:` input
 * port. Info only, since people and tools outside the mesh may read it: catalog consumers and access
 * grants are not counted yet, and the message says so.
 */
export function checkProductsWithoutConsumers(mesh: Mesh): HealthFinding[] {
  const read = new Set(
    productReads(mesh)
      .filter((r) => r.reader.address !== r.upstream.address)
      .map((r) => r.upstream.address),
  );
  return mesh.products
    .filter((p) => p.loaded.spec.status === 'active' && !read.has(p.address))
    .map(
      (product): HealthFinding => ({
        id: 'doctor-product-without-consumers',
        severity: 'info',
        antiPattern: 'Products without consumers',
        subject: product.address,
        message: `no product of the mesh reads ${product.address} through an input port (catalog consumers and access grants are not counted yet)`,
        fix: 'If people or tools outside the mesh use it, nothing to do. If nobody does, set `status: deprecated`, tell its subscribers, and retire it: an unused product still costs its team upkeep.',
        ...locatedAt(product.loaded.yaml, ['id']),
      }),
    );
}

/**
 * "Dependency cycles": domains that read each other through products, directly or through other domains.
 * One error per strongly connected group of domains, naming one cycle in it with the reads that close it,
 * located at the first of those input ports.
 */
export function checkDomainCycles(mesh: Mesh): HealthFinding[] {
  const graph = domainReads(productReads(mesh));
  const out: HealthFinding[] = [];
  for (const group of stronglyConnected(
    mesh.domains.map((d) => d.name),
    (d) => [...(graph.get(d)?.keys() ?? [])],
  )) {
    if (group.length < 2) continue;
    const start = [...group].sort()[0] as string;
    const cycle = shortestCycle(start, new Set(group), (d) => [...(graph.get(d)?.keys() ?? [])].sort());
    const edges: ProductRead[] = cycle
      .slice(0, -1)
      .map((from, i) => graph.get(from)?.get(cycle[i + 1] as string)?.[0] as ProductRead);
    const first = edges[0] as ProductRead;
    const others = [...group].filter((d) => !cycle.includes(d)).sort();
    out.push({
      id: 'doctor-domain-cycle',
      severity: 'error',
      antiPattern: 'Dependency cycles',
      subject: cycle.join(' → '),
      message: `domains ${cycle.join(' → ')} read each other through products (${edges.map((e) => `${e.reader.address} reads ${e.upstream.address}`).join('; ')})${others.length > 0 ? `; ${listOf(others)} ${others.length === 1 ? 'is' : 'are'} in the loop too` : ''}: no domain in the loop can change a contract without the others`,
      fix: 'Make dependencies run one way: move the product that closes the loop into the domain it serves, or publish what both sides need once, as a product of the domain that owns the data, and have both read it.',
      ...locatedAt(first.reader.loaded.yaml, ['inputPorts', first.port, 'product']),
    });
  }
  return out;
}

/**
 * "Single domain most others depend on": a domain read by more than half of the other domains, and by at
 * least 2 of them: a bottleneck domain.
 */
export function checkBottleneckDomains(mesh: Mesh): HealthFinding[] {
  const others = mesh.domains.length - 1;
  const readers = new Map<string, Set<string>>();
  for (const [reader, upstreams] of domainReads(productReads(mesh))) {
    for (const upstream of upstreams.keys()) readers.set(upstream, (readers.get(upstream) ?? new Set()).add(reader));
  }
  const out: HealthFinding[] = [];
  for (const domain of mesh.domains) {
    const by = [...(readers.get(domain.name) ?? [])].sort();
    if (by.length < 2 || by.length * 2 <= others) continue;
    out.push({
      id: 'doctor-bottleneck-domain',
      severity: 'warning',
      antiPattern: 'Single domain most others depend on',
      subject: domain.name,
      message: `${by.length} of the ${others} other domains read products of ${domain.name} (${listOf(by)}): a bottleneck domain, whose every change and outage reaches most of the mesh`,
      fix: `Keep ${domain.name}'s contracts stable and versioned (meshwork diff names breaking changes) and its SLAs explicit, since most of the mesh waits on it; if ${domain.name} has become a central team that builds for everyone, hand the products it builds for others back to the domains that own that data.`,
      ...locatedAt(domain.loaded.yaml, ['name']),
    });
  }
  return out;
}

/** Tarjan's strongly connected components, each in discovery order. */
function stronglyConnected(nodes: readonly string[], next: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const to of next(node)) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      groups.push(group);
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return groups;
}

/** The shortest path from `start` back to itself inside `within` (breadth first), start repeated at the end. */
function shortestCycle(
  start: string,
  within: ReadonlySet<string>,
  next: (node: string) => readonly string[],
): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const to of next(node)) {
      if (!within.has(to)) continue;
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!parent.has(to) && to !== start) {
        parent.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

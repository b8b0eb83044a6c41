import type { GraphNode, MeshGraph } from '@meshwork/api';

/** Box of a product in the graph, and the gaps between columns and rows, in SVG units. */
export const NODE_W = 190;
export const NODE_H = 38;
const COL_GAP = 70;
const ROW_GAP = 14;
const PAD = 8;

export interface Placed extends GraphNode {
  readonly x: number;
  readonly y: number;
}

/**
 * A layered layout: each product in the column of its dependency depth (the longest chain of products it
 * reads), ordered by domain inside a column. Pure, for the map and the lineage graph.
 */
export function layoutGraph(graph: MeshGraph): { nodes: Placed[]; width: number; height: number } {
  const known = new Set(graph.nodes.map((n) => n.address));
  const upstream = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (known.has(e.from) && known.has(e.to)) upstream.set(e.to, [...(upstream.get(e.to) ?? []), e.from]);
  }
  const depth = new Map<string, number>();
  const depthOf = (address: string, seen: Set<string>): number => {
    const cached = depth.get(address);
    if (cached !== undefined) return cached;
    // A cycle (doctor reports it) is cut where it closes.
    if (seen.has(address)) return 0;
    seen.add(address);
    const d = Math.max(-1, ...(upstream.get(address) ?? []).map((u) => depthOf(u, seen))) + 1;
    seen.delete(address);
    depth.set(address, d);
    return d;
  };
  const columns = new Map<number, GraphNode[]>();
  for (const n of graph.nodes) {
    const d = depthOf(n.address, new Set());
    columns.set(d, [...(columns.get(d) ?? []), n]);
  }
  const nodes: Placed[] = [];
  let rows = 0;
  for (const [d, column] of columns) {
    column
      .sort((a, b) => a.domain.localeCompare(b.domain) || a.address.localeCompare(b.address))
      .forEach((n, i) => {
        nodes.push({ ...n, x: PAD + d * (NODE_W + COL_GAP), y: PAD + i * (NODE_H + ROW_GAP) });
      });
    rows = Math.max(rows, column.length);
  }
  const cols = Math.max(1, ...[...columns.keys()].map((d) => d + 1));
  return {
    nodes,
    width: PAD * 2 + cols * NODE_W + (cols - 1) * COL_GAP,
    height: PAD * 2 + rows * NODE_H + Math.max(0, rows - 1) * ROW_GAP,
  };
}

/** The products `address` reads and those that read it, transitively, with the edges between them. */
export function lineageOf(graph: MeshGraph, address: string): MeshGraph {
  const reach = (next: (a: string) => string[]) => {
    const seen = new Set<string>();
    const stack = [address];
    while (stack.length) {
      for (const n of next(stack.pop() as string)) {
        if (!seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    return seen;
  };
  const up = reach((a) => graph.edges.filter((e) => e.to === a).map((e) => e.from));
  const down = reach((a) => graph.edges.filter((e) => e.from === a).map((e) => e.to));
  const keep = new Set([address, ...up, ...down]);
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.address)),
    edges: graph.edges.filter(
      (e) =>
        (up.has(e.from) && (e.to === address || up.has(e.to))) ||
        (down.has(e.to) && (e.from === address || down.has(e.from))),
    ),
  };
}

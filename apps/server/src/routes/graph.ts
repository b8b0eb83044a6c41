import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, MeshGraph as Graph } from '@meshwork/api';
import { type Catalog, latestVersionContent, listProducts } from '@meshwork/catalog';
import type { ProductSpec } from '@meshwork/core';

/**
 * `GET /graph`: the products of the catalog and the dependencies between them, from the input ports of
 * each product's latest published version (an edge from the product read to the product reading it).
 */
export function graphRoutes(catalog: Catalog): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/graph',
      {
        schema: {
          tags: ['products'],
          description:
            "The products and the dependencies between them from the latest versions' input ports, for the dependency map and lineage graph of the web UI.",
          response: { 200: Graph, 401: ErrorResponse },
        },
      },
      async () => {
        const nodes: { address: string; domain: string; name: string; status: string }[] = [];
        const edges: { from: string; to: string; port: string }[] = [];
        let after: string | undefined;
        do {
          const page = await listProducts(catalog.db, { limit: 200, ...(after ? { after } : {}) });
          for (const p of page.items) {
            nodes.push({ address: p.address, domain: p.domain, name: p.name, status: p.status });
            const content = await latestVersionContent(catalog.db, p.address);
            const ports = (content?.descriptor as Partial<ProductSpec> | undefined)?.inputPorts ?? [];
            for (const port of ports) {
              if (typeof port.product === 'string') edges.push({ from: port.product, to: p.address, port: port.name });
            }
          }
          after = page.next ?? undefined;
        } while (after);
        return { nodes, edges };
      },
    );
  };
}

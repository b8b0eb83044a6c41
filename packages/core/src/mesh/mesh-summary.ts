import type { IsolationPattern } from './mesh-schemas.js';
import type { Mesh } from './mesh-types.js';

/** What `validate` and `start` print about a mesh: its name and, per domain, pattern and products. */
export interface MeshSummary {
  readonly name: string | undefined;
  readonly root: string;
  readonly domains: readonly {
    readonly name: string;
    readonly isolation: IsolationPattern;
    readonly products: readonly string[];
  }[];
  readonly productCount: number;
}

/** Summarises a loaded mesh, domains in name order. */
export function summarizeMesh(mesh: Mesh): MeshSummary {
  const domains = [...mesh.domains]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => ({
      name: d.name,
      isolation: d.loaded.spec.isolation,
      products: mesh.products
        .filter((p) => p.domain === d.name)
        .map((p) => p.address)
        .sort(),
    }));
  return { name: mesh.config?.spec.name, root: mesh.root, domains, productCount: mesh.products.length };
}

import type { Mesh } from '@meshwork/core';
import type { RuntimeEvidence } from './datsis-points.js';
import { type MeshScore, scoreMesh, scoreProduct } from './score-product.js';

/** Scores every product of a loaded mesh; `evidence` adds what only the catalog knows, per address. */
export function scoreLoadedMesh(mesh: Mesh, evidence: ReadonlyMap<string, RuntimeEvidence> = new Map()): MeshScore {
  const domains = new Map(mesh.domains.map((d) => [d.name, d.loaded.spec]));
  const allowedPatterns = new Map(mesh.taxonomy.levels.map((l) => [l.name, l.allowedPatterns]));
  const withPolicy = new Set(mesh.policyFiles.flatMap((f) => (f.scope.kind === 'domain' ? [f.scope.domain] : [])));
  return scoreMesh(
    mesh.products.map((p) =>
      scoreProduct({
        address: p.address,
        product: p.loaded.spec,
        contracts: p.contracts.map((c) => c.spec),
        files: p.files,
        domain: domains.get(p.domain),
        allowedPatterns,
        hasDomainPolicy: withPolicy.has(p.domain),
        evidence: evidence.get(p.address),
      }),
    ),
  );
}

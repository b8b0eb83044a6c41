import type { GovernanceScope, Mesh, MeshSource } from './mesh-types.js';

/**
 * The MeshSource a loaded mesh came from (its valid files only): plain data that can cross a process
 * boundary, so another process (an account-per-domain engine) can load the same mesh without the disk.
 */
export function meshSourceOf(mesh: Mesh): MeshSource {
  const meshFile = mesh.config?.yaml.file ?? { path: `${mesh.root}/meshwork.yaml`, text: '' };
  return {
    root: mesh.root,
    meshFile,
    ruleFiles: mesh.rulePacks.filter((p) => p.scope.kind === 'global').map((p) => p.loaded.yaml.file),
    policyFiles: mesh.policyFiles.filter((p) => p.scope.kind === 'global').map((p) => p.file),
    domains: mesh.domains.map((domain) => ({
      folder: domain.name,
      dir: domain.dir,
      domainFile: domain.loaded.yaml.file,
      ruleFiles: mesh.rulePacks.filter((p) => inDomain(p.scope, domain.name)).map((p) => p.loaded.yaml.file),
      policyFiles: mesh.policyFiles.filter((p) => inDomain(p.scope, domain.name)).map((p) => p.file),
      products: mesh.products
        .filter((p) => p.domain === domain.name)
        .map((p) => ({
          folder: p.id,
          dir: p.dir,
          productFile: p.loaded.yaml.file,
          contracts: p.contracts.map((c) => c.yaml.file),
          files: p.files,
        })),
    })),
  };
}

function inDomain(scope: GovernanceScope, domain: string): boolean {
  return scope.kind === 'domain' && scope.domain === domain;
}

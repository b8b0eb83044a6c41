import type { Mesh, MeshSource } from './mesh-types.js';

/**
 * The MeshSource a loaded mesh came from (its valid files only): plain data that can cross a process
 * boundary, so another process (an account-per-domain engine) can load the same mesh without the disk.
 */
export function meshSourceOf(mesh: Mesh): MeshSource {
  const meshFile = mesh.config?.yaml.file ?? { path: `${mesh.root}/meshwork.yaml`, text: '' };
  return {
    root: mesh.root,
    meshFile,
    domains: mesh.domains.map((domain) => ({
      folder: domain.name,
      dir: domain.dir,
      domainFile: domain.loaded.yaml.file,
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

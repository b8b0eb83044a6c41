import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Diagnostic, hasErrors, type Mesh } from '@meshwork/core';
import { type Governance, validateMesh } from '@meshwork/governance';
import { UsageError } from '../errors.js';
import { findMeshRoot, MESH_FILE, readMeshSource } from './find-mesh.js';
import { absolute } from './read-source.js';

/** A mesh loaded for a command that works on data (build, test): its root and data directory too. */
export interface LoadedMesh {
  readonly mesh: Mesh;
  readonly root: string;
  readonly dataDir: string;
  readonly diagnostics: Diagnostic[];
  /** The mesh's rules and access policies, compiled. */
  readonly governance: Governance;
  /** False when validation found errors; data commands stop there. */
  readonly valid: boolean;
}

/**
 * Finds the mesh at or above `path`, loads and validates it. The data directory is `--data-dir` or
 * `.meshwork/` under the mesh root.
 */
export async function loadMeshAt(path: string, dataDir?: string): Promise<LoadedMesh> {
  const start = absolute(path);
  if (!existsSync(start)) throw new UsageError(`path not found: ${path}`);
  const root = findMeshRoot(statSync(start).isDirectory() ? start : join(start, '..'));
  if (!root)
    throw new UsageError(`no mesh here: ${path} has no ${MESH_FILE} above it; run \`meshwork init\` to create one`);
  const { source } = await readMeshSource(root);
  const { mesh, diagnostics, governance } = validateMesh(source);
  return {
    mesh,
    root,
    dataDir: dataDir ? absolute(dataDir) : join(root, '.meshwork'),
    diagnostics,
    governance,
    valid: !hasErrors(diagnostics),
  };
}

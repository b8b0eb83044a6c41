import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import {
  type Diagnostic,
  isReadFailure,
  type MeshSummary,
  summarizeMesh,
  validateContract,
  validateSpec,
} from '@meshwork/core';
import { validateMesh } from '@meshwork/governance';
import { UsageError } from '../errors.js';
import { findLooseFiles, findMeshRoot, MESH_FILE, readMeshSource } from '../io/find-mesh.js';
import { absolute, displayPath, readSource } from '../io/read-source.js';

/** Everything `validate` found over its paths. */
export interface ValidationRun {
  readonly diagnostics: Diagnostic[];
  readonly files: number;
  readonly meshes: MeshSummary[];
}

/**
 * Validates each path: a mesh root or any folder or file inside a mesh validates the whole mesh (references
 * cross files) and reports findings under that path; a folder outside a mesh validates every contract and
 * descriptor in it; a file outside a mesh validates on its own.
 */
export async function validatePaths(paths: readonly string[], onFile?: () => void): Promise<ValidationRun> {
  const meshes = new Map<string, string[]>(); // mesh root → the paths whose findings to report
  const loose = new Set<string>();
  for (const given of paths) {
    const path = absolute(given);
    if (!existsSync(path)) throw new UsageError(`path not found: ${given}`);
    const isDir = statSync(path).isDirectory();
    const root = findMeshRoot(isDir ? path : dirname(path));
    if (root) {
      meshes.set(root, [...(meshes.get(root) ?? []), basename(path) === MESH_FILE ? root : path]);
    } else if (isDir) {
      const found = await findLooseFiles(path);
      if (found.length === 0) {
        throw new UsageError(
          `no mesh here: ${given} has no ${MESH_FILE} above it and no *.odcs.yaml contracts in it; run \`meshwork init\` to create a mesh`,
        );
      }
      for (const f of found) loose.add(f);
    } else loose.add(path);
  }

  const diagnostics: Diagnostic[] = [];
  const summaries: MeshSummary[] = [];
  let files = 0;
  for (const [root, scopes] of meshes) {
    const { source, files: count } = await readMeshSource(root);
    files += count;
    onFile?.();
    const { mesh, diagnostics: found } = validateMesh(source);
    diagnostics.push(...found.filter((d) => scopes.some((scope) => isInside(resolve(d.file), scope))));
    summaries.push(summarizeMesh(mesh));
    // A contract given by name inside a mesh folder but outside any product is still validated on its own.
    for (const scope of scopes) {
      if (!statSync(scope).isDirectory() && !isMeshManaged(scope, root)) loose.add(scope);
    }
  }
  for (const file of loose) {
    diagnostics.push(...(await validateLooseFile(file)));
    files++;
    onFile?.();
  }
  return { diagnostics, files, meshes: summaries };
}

async function validateLooseFile(file: string): Promise<Diagnostic[]> {
  const source = await readSource(file);
  if (isReadFailure(source)) return [source];
  const name = basename(file);
  if (name === 'product.yaml') return validateSpec('product', source).diagnostics;
  if (name === 'domain.yaml') return validateSpec('domain', source).diagnostics;
  if (name === MESH_FILE) return validateSpec('mesh', source).diagnostics;
  return validateContract(source).diagnostics;
}

/** Files the mesh loader reads itself: meshwork.yaml, domain.yaml, and what sits in a product folder. */
function isMeshManaged(file: string, root: string): boolean {
  const rel = displayPath(file, root).split(sep);
  if (rel.length === 1) return rel[0] === MESH_FILE;
  if (rel[0] !== 'domains') return false;
  if (rel.length === 3) return rel[2] === 'domain.yaml';
  return rel.length === 5 && rel[2] === 'products';
}

function isInside(file: string, scope: string): boolean {
  return file === scope || file.startsWith(scope.endsWith(sep) ? scope : scope + sep);
}

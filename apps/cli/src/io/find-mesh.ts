import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DomainSource, MeshSource, ProductSource, SourceInput } from '@meshwork/core';
import { displayPath, readSource } from './read-source.js';

/** The file that marks a mesh root. */
export const MESH_FILE = 'meshwork.yaml';

const CONTRACT_FILE = /\.odcs\.ya?ml$/;
const RULE_FILE = /\.ya?ml$/;
const POLICY_FILE = /\.cedar$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.meshwork', 'dist']);

/** The nearest directory at or above `start` that holds meshwork.yaml, or undefined. */
export function findMeshRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, MESH_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** True when `name` looks like an ODCS contract file. */
export function isContractFile(name: string): boolean {
  return CONTRACT_FILE.test(name);
}

/** Reads every Meshwork file of the mesh at `root` (absolute) into a MeshSource for the loader. */
export async function readMeshSource(root: string): Promise<{ source: MeshSource; files: number }> {
  let files = 1;
  const domains: DomainSource[] = [];
  for (const folder of await subdirectories(join(root, 'domains'))) {
    const dir = join(root, 'domains', folder);
    const products: ProductSource[] = [];
    for (const productFolder of await subdirectories(join(dir, 'products'))) {
      const productDir = join(dir, 'products', productFolder);
      const names = (await readdir(productDir)).sort();
      const contracts: SourceInput[] = [];
      for (const name of names.filter(isContractFile)) contracts.push(await readSource(join(productDir, name)));
      const productFile = names.includes('product.yaml')
        ? await readSource(join(productDir, 'product.yaml'))
        : undefined;
      files += contracts.length + (productFile ? 1 : 0);
      products.push({
        folder: productFolder,
        dir: displayPath(productDir),
        productFile,
        contracts,
        files: names.filter((n) => !isContractFile(n) && n !== 'product.yaml'),
      });
    }
    const domainFile = existsSync(join(dir, 'domain.yaml')) ? await readSource(join(dir, 'domain.yaml')) : undefined;
    if (domainFile) files++;
    const ruleFiles = await readAll(join(dir, 'rules'), RULE_FILE);
    const policyFiles = await readAll(join(dir, 'policies'), POLICY_FILE);
    files += ruleFiles.length + policyFiles.length;
    domains.push({ folder, dir: displayPath(dir), domainFile, products, ruleFiles, policyFiles });
  }
  const meshFile = await readSource(join(root, MESH_FILE));
  const taxonomyPath = join(root, 'governance', 'classification.yaml');
  const taxonomyFile = existsSync(taxonomyPath) ? await readSource(taxonomyPath) : undefined;
  if (taxonomyFile) files++;
  const ruleFiles = await readAll(join(root, 'governance', 'rules'), RULE_FILE);
  const policyFiles = await readAll(join(root, 'governance', 'policies'), POLICY_FILE);
  files += ruleFiles.length + policyFiles.length;
  return {
    source: { root: displayPath(root), meshFile, taxonomyFile, ruleFiles, policyFiles, domains },
    files,
  };
}

/** Every contract, product.yaml and domain.yaml under `dir`, for validating a folder that is not a mesh. */
export async function findLooseFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string) => {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
      } else if (isContractFile(entry.name) || entry.name === 'product.yaml' || entry.name === 'domain.yaml') {
        found.push(full);
      }
    }
  };
  await walk(dir);
  return found;
}

/** Every file in `dir` (not below) whose name matches, in name order; none when the folder is missing. */
async function readAll(dir: string, pattern: RegExp): Promise<SourceInput[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => e.name)
    .sort();
  const out: SourceInput[] = [];
  for (const name of names) out.push(await readSource(join(dir, name)));
  return out;
}

async function subdirectories(dir: string): Promise<string[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

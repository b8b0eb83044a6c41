import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { initTemplates } from '../init/init-templates.js';
import { MESH_FILE } from '../io/find-mesh.js';
import { absolute, displayPath } from '../io/read-source.js';

/** `meshwork init [DIR]`: writes a mesh with one domain and one product that validates. */
export async function initCommand(dir: string, flags: { force?: boolean }): Promise<number> {
  const root = absolute(dir);
  if (existsSync(join(root, MESH_FILE)) && !flags.force) {
    throw new UsageError(
      `${displayPath(join(root, MESH_FILE))} already exists; use --force to overwrite the example files`,
    );
  }
  const name =
    basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z]+/, '') || 'mesh';
  const files = initTemplates(name);
  for (const [relative, text] of Object.entries(files)) {
    const path = join(root, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  const shown = displayPath(root);
  process.stdout.write(
    `Created mesh "${name}" in ${shown}: 1 domain (sales), 1 product (sales.orders), ${Object.keys(files).length} files.\n` +
      `Next: npx meshwork validate ${shown}\n`,
  );
  return 0;
}

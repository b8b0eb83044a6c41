import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CLOUDS, type Cloud, generateTerraform, provisionInputFromMesh } from '@meshwork/provision';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { absolute, displayPath } from '../io/read-source.js';
import { reportInvalid } from './build.js';

/** Flags of `meshwork provision`. */
export interface ProvisionFlags {
  readonly cloud?: string;
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * `meshwork provision [PATH] --cloud aws|azure|gcp [--out DIR]`: Terraform for every domain of the mesh in
 * its isolation pattern, written to `--out` (default `infra/<cloud>` under the mesh root). Files are
 * overwritten, others in the folder are left alone. Exit 0 written, 1 the mesh does not validate, 2 usage.
 */
export async function provisionCommand(path: string | undefined, flags: ProvisionFlags): Promise<number> {
  if (!CLOUDS.includes(flags.cloud as Cloud)) {
    throw new UsageError(
      flags.cloud === undefined
        ? `--cloud is required; one of ${CLOUDS.join(', ')}`
        : `--cloud ${flags.cloud} is not a cloud Meshwork provisions; use one of ${CLOUDS.join(', ')}`,
    );
  }
  const cloud = flags.cloud as Cloud;
  const loaded = await loadMeshAt(path ?? '.');
  if (!loaded.valid) return reportInvalid(loaded.diagnostics, flags.json);
  const out = flags.out ? absolute(flags.out) : join(loaded.root, 'infra', cloud);
  const input = provisionInputFromMesh(loaded.mesh);
  const files = generateTerraform(input, cloud);
  for (const file of files) {
    const target = join(out, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          ok: true,
          cloud,
          out: displayPath(out),
          domains: input.domains.map((d) => ({ domain: d.name, pattern: d.pattern, module: `modules/${d.pattern}` })),
          files: files.map((f) => f.path),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const lines = [
    pc.green(`✔ wrote ${files.length} Terraform files for ${input.domains.length} domains to ${displayPath(out)}`),
    ...input.domains.map((d) => `  ${d.name.padEnd(16)} ${`${d.pattern}-per-domain`.padEnd(22)} modules/${d.pattern}`),
    pc.dim(
      `Next: fill in ${displayPath(join(out, 'platform.auto.tfvars'))}, then follow the apply order in its README.md.`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

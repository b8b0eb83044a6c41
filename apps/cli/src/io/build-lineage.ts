import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { type Catalog, ingestLineageEvent } from '@meshwork/catalog';
import type { Mesh } from '@meshwork/core';
import type { BuildManifest } from '@meshwork/engine';
import { parseLineageEvent } from '@meshwork/server';

/** What Meshwork's own lineage events name as their producer. */
export const MESHWORK_PRODUCER = 'urn:meshwork:build:0.1.0';
const SPEC = 'https://openlineage.io/spec';

/**
 * The OpenLineage RunEvent COMPLETE of one product build: job `build.<address>` in namespace
 * `meshwork://<mesh>`, inputs the upstream products (same namespace, named by address) and the file sources
 * (namespace `file`, the path as the mesh names it, resolved against the domain folder), the output the product
 * with a `schema` facet from the manifest's columns and an `outputStatistics` facet. The run id is derived from
 * the build (address, time, input hash), so sending the same build twice is one run.
 *
 * Column lineage is left out: deriving it needs the transform's column expressions resolved, and the
 * engine's SQL analysis resolves relations only; a guessed mapping (same column name upstream) would be
 * wrong for `SELECT upper(name) AS name` and would make impact lie.
 */
export function buildLineageEvent(mesh: Mesh, manifest: BuildManifest): Record<string, unknown> | undefined {
  const product = mesh.products.find((p) => p.address === manifest.address);
  if (!product) return undefined;
  const namespace = `meshwork://${mesh.config?.spec.name ?? 'mesh'}`;
  const domainDir = mesh.domains.find((d) => d.name === product.domain)?.dir ?? product.dir;
  const inputs = (product.loaded.spec.inputPorts ?? []).flatMap((port) => {
    if (port.product) return [{ namespace, name: port.product }];
    if (port.source) return [{ namespace: 'file', name: resolve(domainDir, port.source.path) }];
    return [];
  });
  const hash = createHash('sha256')
    .update(`${manifest.address}\n${manifest.builtAt}\n${manifest.inputHash}`)
    .digest('hex');
  const runId = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
  return {
    eventType: 'COMPLETE',
    eventTime: manifest.builtAt,
    run: { runId },
    job: { namespace, name: `build.${manifest.address}` },
    inputs,
    outputs: [
      {
        namespace,
        name: manifest.address,
        facets: {
          schema: {
            _producer: MESHWORK_PRODUCER,
            _schemaURL: `${SPEC}/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`,
            fields: manifest.columns.map((c) => ({ name: c.name, type: c.type })),
          },
        },
        outputFacets: {
          outputStatistics: {
            _producer: MESHWORK_PRODUCER,
            _schemaURL: `${SPEC}/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet`,
            rowCount: manifest.rows,
            size: manifest.bytes,
          },
        },
      },
    ],
    producer: MESHWORK_PRODUCER,
    schemaURL: `${SPEC}/2-0-2/OpenLineage.json#/$defs/RunEvent`,
  };
}

/**
 * Stores the lineage of each built product through the same reader as `POST /api/v1/lineage`; returns how
 * many events were stored and the problems of any that were not (never throws for one bad event).
 */
export async function recordBuildLineage(
  catalog: Catalog,
  mesh: Mesh,
  manifests: readonly BuildManifest[],
): Promise<{ stored: number; problems: string[] }> {
  let stored = 0;
  const problems: string[] = [];
  for (const manifest of manifests) {
    const event = buildLineageEvent(mesh, manifest);
    if (!event) continue;
    const parsed = parseLineageEvent(event);
    if (!parsed.ok) {
      problems.push(`${manifest.address}: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
      continue;
    }
    await ingestLineageEvent(catalog.db, parsed.event, {
      receivedBy: 'meshwork build',
      raw: event,
      warnings: parsed.warnings,
    });
    stored++;
  }
  return { stored, problems };
}

import { DATSIS, type DatsisDimension, type MeshScore, scoreLoadedMesh } from '@meshwork/governance';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { reportInvalid } from './build.js';

/** Flags of `meshwork score`. */
export interface ScoreFlags {
  readonly product?: string;
  readonly json?: boolean;
}

const LETTER: Record<DatsisDimension, string> = {
  discoverable: 'D',
  addressable: 'A',
  trustworthy: 'T',
  selfDescribing: 'S',
  interoperable: 'I',
  secure: 'S',
};

/**
 * `meshwork score [PATH] [--product ADDRESS] [--json]`: the DATSIS scorecard of each product from the
 * evidence in the mesh's files, each missing point with its fix, and the mesh average. Check results
 * and SLA status live in the catalog: `GET /api/v1/score` includes them.
 */
export async function scoreCommand(path: string | undefined, flags: ScoreFlags): Promise<number> {
  const loaded = await loadMeshAt(path ?? '.');
  if (!loaded.valid) return reportInvalid(loaded.diagnostics, flags.json);
  if (flags.product && !loaded.mesh.products.some((p) => p.address === flags.product)) {
    throw new UsageError(
      `product ${flags.product} is not in this mesh; it has ${loaded.mesh.products.map((p) => p.address).join(', ')}`,
    );
  }
  const all = scoreLoadedMesh(loaded.mesh);
  const score: MeshScore = flags.product
    ? { ...all, products: all.products.filter((p) => p.address === flags.product) }
    : all;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(score, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(7, ...score.products.map((p) => p.address.length));
  const cells = (d: Record<DatsisDimension, number>) => DATSIS.map((k) => String(d[k]).padStart(4)).join('');
  const lines = [pc.bold(`${'product'.padEnd(width)}  ${DATSIS.map((k) => LETTER[k].padStart(4)).join('')}  score`)];
  for (const p of score.products) {
    const color = p.score >= 90 ? pc.green : p.score >= 70 ? pc.yellow : pc.red;
    lines.push(`${p.address.padEnd(width)}  ${cells(p.dimensions)}  ${color(String(p.score).padStart(5))}`);
  }
  lines.push(
    pc.dim(
      `${'average'.padEnd(width)}  ${cells(score.average.dimensions)}  ${String(score.average.score).padStart(5)}`,
    ),
  );
  lines.push(pc.dim('D discoverable · A addressable · T trustworthy · S self-describing · I interoperable · S secure'));
  for (const p of score.products.filter((x) => x.missing.length > 0)) {
    lines.push('', pc.bold(`${p.address}: ${p.missing.length} to fix`));
    for (const m of p.missing)
      lines.push(`  ${pc.yellow('✗')} ${m.dimension}: ${m.description}`, `    ${pc.dim('fix:')} ${m.fix}`);
  }
  const unmeasured = [
    ...new Set(score.products.flatMap((p) => p.points.filter((x) => x.earned === null).map((x) => x.id))),
  ];
  if (unmeasured.length > 0) {
    lines.push(
      '',
      pc.dim(
        `Not measured from files: ${unmeasured.join(', ')}; the server's GET /api/v1/score includes check runs and SLA status.`,
      ),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

import {
  checkRunHistory,
  domainSpecOf,
  getProduct,
  latestVersionContent,
  slaStatusOf,
  type User,
} from '@meshwork/catalog';
import { type DomainSpec, NotFoundError, type OdcsContract, type ProductSpec } from '@meshwork/core';
import { type MeshScore, type ProductScore, scoreMesh, scoreProduct } from '@meshwork/governance';
import { allProducts } from './products.js';
import type { ServiceDeps } from './service-deps.js';

type ScoreDeps = Pick<ServiceDeps, 'catalog' | 'governance'>;

/** The DATSIS score of a product's latest published version, or undefined when it was never published. */
async function scoreOf(deps: ScoreDeps, address: string): Promise<ProductScore | undefined> {
  const { catalog, governance } = deps;
  const product = await getProduct(catalog.db, address);
  const content = await latestVersionContent(catalog.db, address);
  if (!content) return undefined;
  const [run] = await checkRunHistory(catalog.db, address, 1);
  const sla = await slaStatusOf(catalog.db, address);
  return scoreProduct({
    address,
    product: content.descriptor as ProductSpec,
    contracts: content.contracts as OdcsContract[],
    files: content.docs === null ? [] : ['README.md'],
    domain: (await domainSpecOf(catalog.db, product.domain)) as DomainSpec | undefined,
    ...(governance
      ? {
          allowedPatterns: new Map(governance.taxonomy.levels.map((l) => [l.name, l.allowedPatterns])),
          hasDomainPolicy: governance.access.policies.some((p) => p.owner === product.domain),
        }
      : {}),
    evidence: {
      published: true,
      checksPassed: run ? run.failed === 0 && run.errors === 0 : undefined,
      slaMet: sla && sla.status !== 'unknown' ? sla.status === 'met' : undefined,
    },
  });
}

/**
 * A product's DATSIS scorecard from the catalog: its latest published version, last check run and SLA status.
 * NotFoundError for an unknown product or one never published.
 */
export async function productScore(
  deps: ScoreDeps,
  _user: User,
  input: { readonly address: string },
): Promise<ProductScore> {
  const score = await scoreOf(deps, input.address);
  if (!score) throw new NotFoundError(`${input.address} has no published version to score yet; publish it first`);
  return score;
}

/** The scorecards of every published product and their average. */
export async function meshScore(deps: ScoreDeps, _user: User): Promise<MeshScore> {
  const scores: ProductScore[] = [];
  for (const p of await allProducts(deps.catalog)) {
    const score = await scoreOf(deps, p.address);
    if (score) scores.push(score);
  }
  return scoreMesh(scores);
}

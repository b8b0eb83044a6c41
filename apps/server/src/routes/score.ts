import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddressParams,
  ErrorResponse,
  MeshScore as MeshScoreSchema,
  ProductScore as ProductScoreSchema,
} from '@meshwork/api';
import {
  type Catalog,
  checkRunHistory,
  domainSpecOf,
  getProduct,
  latestVersionContent,
  listProducts,
  slaStatusOf,
} from '@meshwork/catalog';
import { type DomainSpec, NotFoundError, type OdcsContract, type ProductSpec } from '@meshwork/core';
import { type Governance, type ProductScore, scoreMesh, scoreProduct } from '@meshwork/governance';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;

/** DATSIS scorecards from the catalog: the latest published version, its check runs and SLA status. */
export function scoreRoutes(catalog: Catalog, governance?: Governance): FastifyPluginAsyncTypebox {
  const allowedPatterns = governance && new Map(governance.taxonomy.levels.map((l) => [l.name, l.allowedPatterns]));
  const withPolicy = new Set(governance?.access.policies.map((p) => p.owner) ?? []);

  const scoreOf = async (address: string): Promise<ProductScore | undefined> => {
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
      ...(allowedPatterns ? { allowedPatterns } : {}),
      ...(governance ? { hasDomainPolicy: withPolicy.has(product.domain) } : {}),
      evidence: {
        published: true,
        checksPassed: run ? run.failed === 0 && run.errors === 0 : undefined,
        slaMet: sla && sla.status !== 'unknown' ? sla.status === 'met' : undefined,
      },
    });
  };

  return async (app) => {
    app.get(
      '/products/:address/score',
      {
        schema: { tags: ['governance'], params: AddressParams, response: { 200: ProductScoreSchema, ...errors } },
      },
      async (request) => {
        const score = await scoreOf(request.params.address);
        if (!score) {
          throw new NotFoundError(`${request.params.address} has no published version to score yet; publish it first`);
        }
        return toJson(score);
      },
    );
    app.get('/score', { schema: { tags: ['governance'], response: { 200: MeshScoreSchema, ...errors } } }, async () => {
      const scores: ProductScore[] = [];
      let after: string | undefined;
      do {
        const page = await listProducts(catalog.db, { limit: 200, ...(after ? { after } : {}) });
        for (const p of page.items) {
          const score = await scoreOf(p.address);
          if (score) scores.push(score);
        }
        after = page.next ?? undefined;
      } while (after);
      const mesh = scoreMesh(scores);
      return { products: mesh.products.map(toJson), average: mesh.average };
    });
  };
}

/** The JSON body of a score (mutable arrays, as the response schema types them). */
function toJson(score: ProductScore) {
  return { ...score, points: [...score.points], missing: [...score.missing] };
}

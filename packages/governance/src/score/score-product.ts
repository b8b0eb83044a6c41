import { DATSIS, type DatsisDimension, factsOf, POINTS, type ScoreInput, type ScorePoint } from './datsis-points.js';

/** A product's DATSIS scorecard: each quality 0–100, the overall mean, and every point with its fix. */
export interface ProductScore {
  readonly address: string;
  /** Mean of the six qualities, 0–100. */
  readonly score: number;
  readonly dimensions: Record<DatsisDimension, number>;
  readonly points: readonly ScorePoint[];
  /** The missing points, each with its fix: what to do to raise the score. */
  readonly missing: readonly ScorePoint[];
}

/** A mesh's scorecard: every product, and the mean per quality and overall. */
export interface MeshScore {
  readonly products: readonly ProductScore[];
  readonly average: { readonly score: number; readonly dimensions: Record<DatsisDimension, number> };
}

/**
 * Scores a product on the seed's DATSIS qualities from concrete evidence. A point not measurable where
 * the score is computed (check results outside the catalog, say) is listed as not measured and left out,
 * so a score never counts what it could not see, for or against.
 */
export function scoreProduct(input: ScoreInput): ProductScore {
  const facts = factsOf(input);
  const points = POINTS.map(
    (p): ScorePoint => ({
      dimension: p.dimension,
      id: p.id,
      description: p.description,
      earned: p.test(facts),
      fix: p.fix,
    }),
  );
  const dimensions = Object.fromEntries(
    DATSIS.map((d) => {
      const measured = points.filter((p) => p.dimension === d && p.earned !== null);
      const earned = measured.filter((p) => p.earned).length;
      return [d, measured.length === 0 ? 0 : Math.round((100 * earned) / measured.length)];
    }),
  ) as Record<DatsisDimension, number>;
  return {
    address: input.address,
    score: mean(Object.values(dimensions)),
    dimensions,
    points,
    missing: points.filter((p) => p.earned === false),
  };
}

/** The mesh average of a set of product scores. */
export function scoreMesh(products: readonly ProductScore[]): MeshScore {
  const dimensions = Object.fromEntries(DATSIS.map((d) => [d, mean(products.map((p) => p.dimensions[d]))])) as Record<
    DatsisDimension,
    number
  >;
  return { products, average: { score: mean(products.map((p) => p.score)), dimensions } };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : Math.round(values.reduce((a, b) => a + b, 0) / values.length);
}

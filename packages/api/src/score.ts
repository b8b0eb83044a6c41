import { type Static, Type } from '@sinclair/typebox';

const Percent = Type.Integer({ minimum: 0, maximum: 100 });
/** The DATSIS dimensions of a score, each 0 to 100. */
export const Dimensions = Type.Object({
  discoverable: Percent,
  addressable: Percent,
  trustworthy: Percent,
  selfDescribing: Percent,
  interoperable: Percent,
  secure: Percent,
});
/** One point of a scorecard: earned, missed (with the fix) or not applicable (null). */
export const ScorePoint = Type.Object({
  dimension: Type.String(),
  id: Type.String(),
  description: Type.String(),
  earned: Type.Union([Type.Boolean(), Type.Null()]),
  fix: Type.String(),
});
/** `GET /products/{address}/score`: a product's DATSIS scorecard. */
export const ProductScore = Type.Object({
  address: Type.String(),
  score: Type.Integer(),
  dimensions: Dimensions,
  points: Type.Array(ScorePoint),
  missing: Type.Array(ScorePoint),
});
/** `GET /score`: every scored product and the average. */
export const MeshScore = Type.Object({
  products: Type.Array(ProductScore),
  average: Type.Object({ score: Type.Integer(), dimensions: Dimensions }),
});

/** The static type of {@link Dimensions}. */
export type Dimensions = Static<typeof Dimensions>;
/** The static type of {@link ScorePoint}. */
export type ScorePoint = Static<typeof ScorePoint>;
/** The static type of {@link ProductScore}. */
export type ProductScore = Static<typeof ProductScore>;
/** The static type of {@link MeshScore}. */
export type MeshScore = Static<typeof MeshScore>;

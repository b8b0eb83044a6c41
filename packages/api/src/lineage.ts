import { type Static, Type } from '@sinclair/typebox';

/** A leniency applied to an OpenLineage event, stored as a warning. */
export const LineageWarning = Type.Object({ path: Type.String(), message: Type.String() });

const Edge = Type.Object({ origin: Type.String(), destination: Type.String() });
/** A dataset or job of the lineage graph, with its edges. */
export const LineageNode = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('DATASET'), Type.Literal('JOB')]),
  data: Type.Record(Type.String(), Type.Unknown()),
  inEdges: Type.Array(Edge),
  outEdges: Type.Array(Edge),
});

/** `GET /products/{address}/impact`: every product, column and consumer downstream of a product. */
export const Impact = Type.Object({
  product: Type.String(),
  column: Type.Union([Type.String(), Type.Null()]),
  products: Type.Array(Type.Object({ address: Type.String(), columns: Type.Array(Type.String()) })),
  unmappedDatasets: Type.Integer(),
  columnLineage: Type.Boolean(),
  consumers: Type.Array(
    Type.Object({
      email: Type.String(),
      domain: Type.Union([Type.String(), Type.Null()]),
      product: Type.String(),
      grantId: Type.String(),
      columns: Type.Array(Type.String()),
      expiresAt: Type.String(),
    }),
  ),
});

/** The static type of {@link LineageWarning}. */
export type LineageWarning = Static<typeof LineageWarning>;
/** The static type of {@link LineageNode}. */
export type LineageNode = Static<typeof LineageNode>;
/** The static type of {@link Impact}. */
export type Impact = Static<typeof Impact>;

/** The deepest `GET /lineage` walks (the catalog's bound, `MAX_LINEAGE_DEPTH` of @meshwork/catalog). */
export const MAX_LINEAGE_DEPTH = 100;
/** How deep `GET /lineage` walks by default (`DEFAULT_LINEAGE_DEPTH` of @meshwork/catalog). */
export const DEFAULT_LINEAGE_DEPTH = 20;

/** The body of `POST /lineage`: read by the OpenLineage parser, not by the schema. */
export const LineageEventBody = Type.Unknown({
  description: 'An OpenLineage event (https://openlineage.io/spec/2-0-2/OpenLineage.json)',
});

/** What `POST /lineage` stored. */
export const LineageStored = Type.Object({
  eventId: Type.String(),
  runState: Type.Optional(Type.String()),
  warnings: Type.Array(LineageWarning),
});
/** What `POST /lineage` stored. */
export type LineageStored = Static<typeof LineageStored>;

/** `GET /lineage?nodeId&depth`. */
export const LineageQuery = Type.Object(
  {
    nodeId: Type.String({
      minLength: 1,
      maxLength: 4200,
      description: 'dataset:NAMESPACE:NAME or job:NAMESPACE:NAME',
    }),
    depth: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_LINEAGE_DEPTH, default: DEFAULT_LINEAGE_DEPTH })),
  },
  { additionalProperties: false },
);

/** The lineage graph around a node (Marquez-shaped). */
export const LineageGraph = Type.Object({ graph: Type.Array(LineageNode), truncated: Type.Boolean() });
/** The lineage graph around a node. */
export type LineageGraph = Static<typeof LineageGraph>;

/** `GET /products/{address}/impact?column`. */
export const ImpactQuery = Type.Object(
  { column: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })) },
  { additionalProperties: false },
);

import { type Static, Type } from '@sinclair/typebox';

/** `GET /graph`: the products and the dependencies between them. */
export const MeshGraph = Type.Object({
  nodes: Type.Array(
    Type.Object({ address: Type.String(), domain: Type.String(), name: Type.String(), status: Type.String() }),
  ),
  edges: Type.Array(
    Type.Object({
      from: Type.String({ description: 'The product read (upstream).' }),
      to: Type.String({ description: 'The product whose input port reads it (downstream).' }),
      port: Type.String({ description: 'The name of the input port.' }),
    }),
  ),
});

/** The static type of {@link MeshGraph}. */
export type MeshGraph = Static<typeof MeshGraph>;
/** One product of the {@link MeshGraph}. */
export type GraphNode = MeshGraph['nodes'][number];

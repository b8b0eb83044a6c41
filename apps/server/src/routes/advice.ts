import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Advice as AdviceSchema, ErrorResponse } from '@meshwork/api';
import { type Mesh, UnavailableError } from '@meshwork/core';
import { type Advice, advise, answersFromMesh } from '@meshwork/provision';

/** Why the route cannot answer without the served mesh. */
export const ADVICE_NEEDS_MESH =
  'the isolation advice needs the mesh the server serves; start the server with meshwork up, or run meshwork advise PATH';

/**
 * `GET /advice`: the isolation-pattern advice for the served mesh (`meshwork advise` on the mesh's files),
 * with the domains' current patterns; 503 when the server was started without a mesh.
 */
export function adviceRoutes(mesh: Mesh | undefined): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/advice',
      {
        schema: {
          tags: ['governance'],
          description:
            "The isolation pattern each domain of the served mesh needs by the seed's decision framework: reasons citing each rule, the upgrade path, and the 'when mesh is not the answer' warnings.",
          response: { 200: AdviceSchema, 401: ErrorResponse, 503: ErrorResponse },
        },
      },
      async () => {
        if (!mesh) {
          throw new UnavailableError(ADVICE_NEEDS_MESH);
        }
        const { answers, current, assumed } = answersFromMesh(mesh);
        return toJson(advise(answers, { current, assumed, source: 'mesh' }));
      },
    );
  };
}

/** The JSON body of the advice (mutable arrays, as the response schema types them). */
function toJson(advice: Advice): AdviceSchema {
  return {
    ...advice,
    domains: advice.domains.map((d) => ({
      ...d,
      compliance: [...d.compliance],
      reasons: [...d.reasons],
      upgradePath: [...d.upgradePath],
      warnings: [...d.warnings],
    })),
    warnings: [...advice.warnings],
    assumed: [...advice.assumed],
  };
}

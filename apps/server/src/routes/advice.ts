import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Mesh, UnavailableError } from '@meshwork/core';
import { type Advice, advise, answersFromMesh } from '@meshwork/provision';
import { type Static, Type } from '@sinclair/typebox';
import { ErrorResponse } from './product-schemas.js';

const Pattern = Type.Union([Type.Literal('schema'), Type.Literal('workspace'), Type.Literal('account')]);
const Cited = {
  rule: Type.String({ description: 'The advisor rule, for example compliance-override (docs/provisioning.md).' }),
  citation: Type.String({ description: "The rule of the seed's decision framework, in its words." }),
};
const Warning = Type.Object({ ...Cited, message: Type.String() });
const AdviceSchema = Type.Object({
  source: Type.Union([Type.Literal('answers'), Type.Literal('mesh')]),
  practitioners: Type.Integer(),
  domains: Type.Array(
    Type.Object({
      domain: Type.String(),
      engineers: Type.Integer(),
      compliance: Type.Array(Type.String()),
      recommended: Pattern,
      current: Type.Optional(Pattern),
      reasons: Type.Array(Type.Object({ ...Cited, detail: Type.String() })),
      upgradePath: Type.Array(
        Type.Object({ from: Pattern, to: Pattern, command: Type.String(), now: Type.Boolean(), when: Type.String() }),
      ),
      warnings: Type.Array(Warning),
    }),
  ),
  warnings: Type.Array(Warning),
  assumed: Type.Array(Type.String()),
});

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
function toJson(advice: Advice): Static<typeof AdviceSchema> {
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

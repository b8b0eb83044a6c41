import { type Static, Type } from '@sinclair/typebox';

/** An isolation pattern: schema-per-domain, workspace-per-domain or account-per-domain. */
export const IsolationPattern = Type.Union([
  Type.Literal('schema'),
  Type.Literal('workspace'),
  Type.Literal('account'),
]);
const Cited = {
  rule: Type.String({ description: 'The advisor rule, for example compliance-override (docs/provisioning.md).' }),
  citation: Type.String({ description: "The rule of the seed's decision framework, in its words." }),
};
/** A 'when mesh is not the answer' warning, citing its rule. */
export const AdviceWarning = Type.Object({ ...Cited, message: Type.String() });
/** `GET /advice`: the isolation pattern each domain of the served mesh needs, with reasons, upgrade path and warnings. */
export const Advice = Type.Object({
  source: Type.Union([Type.Literal('answers'), Type.Literal('mesh')]),
  practitioners: Type.Integer(),
  domains: Type.Array(
    Type.Object({
      domain: Type.String(),
      engineers: Type.Integer(),
      compliance: Type.Array(Type.String()),
      recommended: IsolationPattern,
      current: Type.Optional(IsolationPattern),
      reasons: Type.Array(Type.Object({ ...Cited, detail: Type.String() })),
      upgradePath: Type.Array(
        Type.Object({
          from: IsolationPattern,
          to: IsolationPattern,
          command: Type.String(),
          now: Type.Boolean(),
          when: Type.String(),
        }),
      ),
      warnings: Type.Array(AdviceWarning),
    }),
  ),
  warnings: Type.Array(AdviceWarning),
  assumed: Type.Array(Type.String()),
});

/** The static type of {@link IsolationPattern}. */
export type IsolationPattern = Static<typeof IsolationPattern>;
/** The static type of {@link AdviceWarning}. */
export type AdviceWarning = Static<typeof AdviceWarning>;
/** The static type of {@link Advice}. */
export type Advice = Static<typeof Advice>;

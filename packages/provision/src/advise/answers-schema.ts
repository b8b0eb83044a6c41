import { type Static, Type } from '@sinclair/typebox';

/**
 * The questions the advisor asks, as a TypeBox schema: the same object validates an answers file (YAML or
 * JSON) and types the answers. Every field carries the question as its description, which the interactive
 * prompt of `meshwork advise` reads.
 */

/** One domain's answers. */
export const DomainAnswersSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z][a-z0-9_]*$',
      description: 'The domain name (lower snake_case).',
    }),
    engineers: Type.Integer({ minimum: 0, description: 'How many engineers does the domain team have?' }),
    compliance: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }), {
      uniqueItems: true,
      description: 'Which compliance regimes apply to its data (for example gdpr-eu, sox, hipaa)?',
    }),
    needsComputeIsolation: Type.Boolean({
      description: 'Does it need compute of its own (heavy or spiky workloads, no noisy neighbours)?',
    }),
    independentDeploys: Type.Boolean({
      description: 'Does it deploy on its own cycle, independently of the other domains?',
    }),
  },
  { additionalProperties: false },
);
export type DomainAnswers = Static<typeof DomainAnswersSchema>;

/** The answers about the organisation and its domains. */
export const AdvisorAnswersSchema = Type.Object(
  {
    practitioners: Type.Integer({
      minimum: 0,
      description: 'How many data practitioners (engineers, analysts, scientists) work on data in total?',
    }),
    dominantUseCaseShare: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'What share of the data work (0 to 1) does the single largest use case take?',
    }),
    teamsWriteTests: Type.Boolean({ description: 'Do the data teams write tests for their pipelines?' }),
    regulatedIndustry: Type.Boolean({ description: 'Is the organisation in a regulated industry?' }),
    domains: Type.Array(DomainAnswersSchema, { minItems: 1, description: 'The domains of the mesh.' }),
  },
  { additionalProperties: false },
);
export type AdvisorAnswers = Static<typeof AdvisorAnswersSchema>;

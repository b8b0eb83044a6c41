import { type Static, Type } from '@sinclair/typebox';

/** A governance rule in force, with its severity for the domain. */
export const RuleInForce = Type.Object({
  id: Type.String(),
  description: Type.String(),
  target: Type.String({ description: 'domain, product, contract, object or property.' }),
  severity: Type.String({ description: 'The severity in force for the domain: warn or error.' }),
  owner: Type.String({ description: 'global, or the domain whose pack defines the rule.' }),
  file: Type.String(),
  line: Type.Integer(),
  tightened: Type.Boolean({ description: 'A global rule whose severity the domain raised.' }),
});
/** A Cedar access policy in force. */
export const PolicyInForce = Type.Object({
  id: Type.String(),
  effect: Type.Union([Type.Literal('permit'), Type.Literal('forbid')]),
  owner: Type.String({ description: 'global, or the domain whose folder holds the policy.' }),
  description: Type.Union([Type.String(), Type.Null()]),
  file: Type.String(),
  line: Type.Integer(),
});
/** `GET /governance`: the rules in force, globally and per domain, and the access policies. */
export const GovernanceView = Type.Object({
  global: Type.Array(RuleInForce),
  domains: Type.Array(Type.Object({ domain: Type.String(), rules: Type.Array(RuleInForce) })),
  policies: Type.Array(PolicyInForce),
});

/** A finding of a governance rule on the served mesh. */
export const RuleFinding = Type.Object({
  code: Type.String(),
  severity: Type.String(),
  message: Type.String(),
  subject: Type.String({ description: 'The domain or product address the finding is about.' }),
  file: Type.String(),
  line: Type.Integer(),
  hint: Type.Union([Type.String(), Type.Null()]),
});
/** `GET /governance/findings`: rule findings, doctor findings and classification coverage. */
export const GovernanceFindings = Type.Object({
  rules: Type.Object({
    total: Type.Integer(),
    byDomain: Type.Array(
      Type.Object({
        domain: Type.String(),
        errors: Type.Integer(),
        warnings: Type.Integer(),
        findings: Type.Array(RuleFinding),
      }),
    ),
    byRule: Type.Array(
      Type.Object({
        rule: Type.String(),
        severity: Type.String(),
        count: Type.Integer(),
        domains: Type.Array(Type.String()),
      }),
    ),
  }),
  doctor: Type.Object({
    ok: Type.Boolean(),
    findings: Type.Array(
      Type.Object({
        id: Type.String(),
        severity: Type.String(),
        antiPattern: Type.String(),
        subject: Type.String(),
        message: Type.String(),
        fix: Type.String(),
        file: Type.Optional(Type.String()),
        line: Type.Optional(Type.Integer()),
      }),
    ),
  }),
  coverage: Type.Array(
    Type.Object({
      domain: Type.String(),
      columns: Type.Integer(),
      classified: Type.Integer(),
      percent: Type.Union([Type.Integer(), Type.Null()], { description: 'Rounded down; null without columns.' }),
      products: Type.Integer(),
      meetingStandard: Type.Integer(),
    }),
  ),
});

/** The static type of {@link RuleInForce}. */
export type RuleInForce = Static<typeof RuleInForce>;
/** The static type of {@link PolicyInForce}. */
export type PolicyInForce = Static<typeof PolicyInForce>;
/** The static type of {@link GovernanceView}. */
export type GovernanceView = Static<typeof GovernanceView>;
/** The static type of {@link RuleFinding}. */
export type RuleFinding = Static<typeof RuleFinding>;
/** The static type of {@link GovernanceFindings}. */
export type GovernanceFindings = Static<typeof GovernanceFindings>;
/** One finding of `meshwork doctor` in {@link GovernanceFindings}. */
export type DoctorFinding = GovernanceFindings['doctor']['findings'][number];

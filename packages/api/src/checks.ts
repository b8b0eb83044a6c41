import { type Static, Type } from '@sinclair/typebox';

/** `?limit=` of the history routes (check runs, builds). */
export const HistoryLimitQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) },
  { additionalProperties: false },
);

/** `GET /products/{address}/checks`: the latest check runs, newest first. */
export const CheckRuns = Type.Object({
  runs: Type.Array(
    Type.Object({
      id: Type.String(),
      startedAt: Type.String(),
      finishedAt: Type.String(),
      trigger: Type.String(),
      rows: Type.Union([Type.Integer(), Type.Null()]),
      passed: Type.Integer(),
      failed: Type.Integer(),
      errors: Type.Integer(),
      results: Type.Array(Type.Unknown()),
    }),
  ),
});

/** `GET /products/{address}/sla`: where a product stands against its SLA. */
export const SlaStatus = Type.Object({
  status: Type.Union([Type.Literal('met'), Type.Literal('at_risk'), Type.Literal('breached'), Type.Literal('unknown')]),
  changedAt: Type.Union([Type.String(), Type.Null()]),
  checkedAt: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** The static type of {@link HistoryLimitQuery}. */
export type HistoryLimitQuery = Static<typeof HistoryLimitQuery>;
/** The static type of {@link CheckRuns}. */
export type CheckRuns = Static<typeof CheckRuns>;
/** The static type of {@link SlaStatus}. */
export type SlaStatus = Static<typeof SlaStatus>;

/** `GET /products/{address}/builds`: the latest builds, newest first. */
export const BuildRuns = Type.Object({
  builds: Type.Array(
    Type.Object({
      version: Type.String(),
      builtAt: Type.String(),
      durationMs: Type.Integer(),
      rows: Type.Integer(),
      bytes: Type.Integer(),
      contentHash: Type.String(),
      inputs: Type.Record(Type.String(), Type.String()),
    }),
  ),
});
/** The latest builds of a product. */
export type BuildRuns = Static<typeof BuildRuns>;
/** One check run of {@link CheckRuns}. */
export type CheckRun = CheckRuns['runs'][number];
/** Where a product stands against its SLA. */
export type SlaState = SlaStatus['status'];

import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import type { EngineLimits } from '../engine.js';
import { runGatewayQuery } from './gateway-session.js';
import type { WorkerJob, WorkerMessage } from './gateway-workers.js';

/**
 * A gateway query process: it runs one consumer query at a time, each in a fresh locked DuckDB instance
 * (runGatewayQuery), for the platform process that watches its memory and time and kills it when a query
 * outgrows them. It holds nothing between queries but a blank engine opened for the next one.
 */
const limits = JSON.parse(process.argv[2] ?? '{}') as EngineLimits;
let spare = DuckDBEngine.open(limits);

const send = (message: WorkerMessage) => process.send?.(message);

spare.then(
  () => send({ type: 'ready' }),
  (error: unknown) => send({ type: 'failed', error: describe(error) }),
);

process.on('message', async (job: WorkerJob) => {
  // The platform sends one job at a time: the spare is this job's.
  const engine = await spare.catch(() => DuckDBEngine.open(limits));
  try {
    send({ type: 'result', result: await runGatewayQuery(job.views, job.sql, { ...job.options, limits, engine }) });
  } catch (error) {
    send({ type: 'failed', error: describe(error) });
  }
  spare = DuckDBEngine.open(limits);
  spare.catch(() => undefined);
});

process.on('disconnect', () => process.exit(0));

function describe(error: unknown): { name: string; message: string; timeoutMs?: number } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const timeoutMs = (error as Error & { timeoutMs?: unknown }).timeoutMs;
  return { name: error.name, message: error.message, ...(typeof timeoutMs === 'number' ? { timeoutMs } : {}) };
}

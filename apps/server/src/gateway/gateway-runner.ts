import { totalmem } from 'node:os';
import {
  DEFAULT_MAX_RESULT_BYTES,
  type EngineLimits,
  type GatewayResult,
  type GatewayView,
  GatewayWorkers,
  parseBytes,
} from '@meshwork/engine';
import { QueryAdmission } from './query-admission.js';

/** How much the gateway takes on: answers' size, the memory of all its queries, how many run and wait. */
export interface GatewayCapacity {
  /** Bytes of rows one answer carries at most; the rest is cut and the answer says `truncatedBy: bytes`. */
  readonly maxResultBytes: number;
  /** Memory all running queries may use together: half the machine's (or container's) by default. */
  readonly memoryBudgetBytes: number;
  /** Queries running at once: the memory budget over one query's memory, by default. */
  readonly maxRunning: number;
  /** Queries waiting for a turn: twice `maxRunning` by default. */
  readonly maxQueued: number;
  /** Queries one user may have running (and waiting): half of `maxRunning`, at least 1, by default. */
  readonly maxPerUser: number;
  /** Longest wait for a turn (10 s by default). */
  readonly maxWaitMs: number;
  /** `Retry-After` of a refusal for lack of room, in seconds (2 by default). */
  readonly retryAfterSeconds: number;
}

/** Environment variables of `meshwork up` for the gateway's capacity, read when the server's options do not say. */
const ENV = {
  maxResultBytes: 'MESHWORK_GATEWAY_MAX_RESULT',
  memoryBudgetBytes: 'MESHWORK_GATEWAY_MEMORY',
  maxRunning: 'MESHWORK_GATEWAY_CONCURRENCY',
} as const;

/**
 * The gateway's capacity for queries with these limits: `options` over the environment (`MESHWORK_GATEWAY_
 * MAX_RESULT=64MiB`, `MESHWORK_GATEWAY_MEMORY=8GiB`, `MESHWORK_GATEWAY_CONCURRENCY=4`) over the defaults.
 */
export function gatewayCapacity(
  limits: EngineLimits,
  options: Partial<GatewayCapacity> = {},
  env: NodeJS.ProcessEnv = process.env,
): GatewayCapacity {
  const maxResultBytes =
    options.maxResultBytes ?? fromEnv(env, ENV.maxResultBytes, parseBytes) ?? DEFAULT_MAX_RESULT_BYTES;
  const memoryBudgetBytes =
    options.memoryBudgetBytes ?? fromEnv(env, ENV.memoryBudgetBytes, parseBytes) ?? machineMemory() / 2;
  const maxRunning =
    options.maxRunning ??
    fromEnv(env, ENV.maxRunning, (text) => (/^[1-9][0-9]*$/.test(text) ? Number(text) : Number.NaN)) ??
    Math.max(1, Math.floor(memoryBudgetBytes / GatewayWorkers.queryBytes(limits)));
  return {
    maxResultBytes,
    memoryBudgetBytes,
    maxRunning,
    maxQueued: options.maxQueued ?? maxRunning * 2,
    maxPerUser: options.maxPerUser ?? Math.max(1, Math.floor(maxRunning / 2)),
    maxWaitMs: options.maxWaitMs ?? 10_000,
    retryAfterSeconds: options.retryAfterSeconds ?? 2,
  };
}

/**
 * Runs the gateway's queries within its capacity: admitted (at most `maxRunning` at once, a short queue,
 * a share per user), then each in a watched process of its own (GatewayWorkers: memory and time limits that
 * hold whatever the SQL calls), its answer cut at `maxResultBytes`.
 */
export class GatewayRunner {
  private readonly admission: QueryAdmission;
  private readonly workers: GatewayWorkers;

  constructor(
    limits: EngineLimits,
    readonly capacity: GatewayCapacity,
  ) {
    this.admission = new QueryAdmission({
      running: capacity.maxRunning,
      queued: capacity.maxQueued,
      perUser: capacity.maxPerUser,
      maxWaitMs: capacity.maxWaitMs,
      retryAfterSeconds: capacity.retryAfterSeconds,
    });
    this.workers = new GatewayWorkers(limits);
  }

  /** Runs one consumer query for `user`; throws QueryBusyError when there is no room for it now. */
  run(
    user: string,
    views: readonly GatewayView[],
    sql: string,
    options: { readonly rowLimit: number; readonly salt: string; readonly exportTo?: string },
  ): Promise<GatewayResult> {
    const job = { views, sql, options: { ...options, maxResultBytes: this.capacity.maxResultBytes } };
    return this.admission.run(user, () => this.workers.run(job));
  }

  close(): void {
    this.workers.close();
  }
}

function fromEnv(env: NodeJS.ProcessEnv, name: string, parse: (text: string) => number): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  let value = Number.NaN;
  try {
    value = parse(text);
  } catch {
    // reported below, with the variable's name
  }
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(
      `${name} is "${text}"; set it to a positive size or count, such as ${name === ENV.maxRunning ? '4' : '8GiB'}`,
    );
  return value;
}

/** The machine's memory, or the container's when its cgroup allows less. */
function machineMemory(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  // Without a limit, cgroups report a huge number (or 0): the machine's memory is what bounds then.
  return constrained > 0 && constrained < totalmem() ? constrained : totalmem();
}

import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type EngineLimits, QueryTimeoutError } from '../engine.js';
import type { GatewayOptions, GatewayResult, GatewayView } from './gateway-session.js';

/** A query for a gateway process: what runGatewayQuery takes but the engine and its limits. */
export interface WorkerJob {
  readonly views: readonly GatewayView[];
  readonly sql: string;
  readonly options: Omit<GatewayOptions, 'limits' | 'engine'>;
}

/** What a gateway process says: ready for a job, the job's result, or why it failed. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly result: GatewayResult }
  | { readonly type: 'failed'; readonly error: { name: string; message: string; timeoutMs?: number } };

/** A gateway query outgrew its memory limit and was stopped with its process. */
export class QueryMemoryError extends Error {
  override readonly name = 'QueryMemoryError';
  constructor(readonly memoryBytes: number) {
    super(
      `the query needed more than the gateway's ${Math.round(memoryBytes / 1024 / 1024)} MiB of memory and was stopped; filter or aggregate earlier, read fewer columns, or build smaller values`,
    );
  }
}

/**
 * Memory a query's process may take above its idle size, as a multiple of the engine's memory limit:
 * DuckDB's limit holds for its buffers, not for values its functions build (repeat, lpad, range() as a
 * list…), so the process's resident memory is what is bounded.
 */
const HEADROOM = 1.25;
/** How often a running query's memory is read (from /proc: cheap). */
const POLL_MS = 50;
/** Time past the limit before the process is killed, so DuckDB's own interrupt answers first when it can. */
const GRACE_MS = 1000;
/** A process that stays this far above its idle size after a query is replaced (its allocator kept the memory). */
const RECYCLE_BYTES = 256 * 1024 * 1024;

/**
 * Runs gateway queries in child processes, one query at a time per process, each in a fresh locked DuckDB
 * instance, and holds them to their limits from outside: a process whose memory passes the query's limit
 * (with headroom) is killed and the query fails with `QueryMemoryError`; one still running a second after
 * the time limit is killed and the query fails with `QueryTimeoutError`. DuckDB's interrupt alone does not
 * stop a single huge function call, and its memory limit does not cover what functions allocate, so the
 * process is the unit that is bounded. Idle processes are reused (starting one costs about half a second);
 * the caller bounds how many run at once. Memory is read from /proc, so it is bounded on Linux only; the
 * time limit holds everywhere.
 */
export class GatewayWorkers {
  private readonly idle: GatewayProcess[] = [];
  private warming = 0;
  private closed = false;

  constructor(
    readonly limits: EngineLimits,
    /** Idle processes kept for the next queries. */
    private readonly keepIdle = 1,
  ) {}

  /** Memory one running query may take above its process's idle size before it is stopped. */
  static queryBytes(limits: EngineLimits): number {
    return limits.memoryBytes * HEADROOM;
  }

  /** Runs one query in an idle process, or a new one. */
  async run(job: WorkerJob): Promise<GatewayResult> {
    let worker = this.idle.pop();
    while (worker && !worker.alive) worker = this.idle.pop();
    worker ??= await GatewayProcess.start(this.limits);
    this.warm();
    try {
      return await worker.run(job);
    } finally {
      if (!this.closed && worker.reusable() && this.idle.length < this.keepIdle) this.idle.push(worker);
      else worker.kill();
    }
  }

  /** Ends every idle process (running queries end with theirs). */
  close(): void {
    this.closed = true;
    for (const worker of this.idle.splice(0)) worker.kill();
  }

  /** Starts a process ahead of the next query when none is idle. */
  private warm(): void {
    if (this.closed || this.idle.length + this.warming >= this.keepIdle) return;
    this.warming++;
    GatewayProcess.start(this.limits).then(
      (worker) => {
        this.warming--;
        if (this.closed || this.idle.length >= this.keepIdle) worker.kill();
        else this.idle.push(worker);
      },
      () => this.warming--,
    );
  }
}

/** One gateway process, watched while it runs a query. */
class GatewayProcess {
  private baseline = 0;
  private exited: string | undefined;
  /** Set when this side kills the process: its exit is reported later, and it must not be reused meanwhile. */
  private killed = false;
  private listener: ((message: WorkerMessage | Error) => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly limits: EngineLimits,
  ) {
    child.on('message', (message: WorkerMessage) => this.listener?.(message));
    child.on('exit', (code, signal) => {
      this.exited = signal ? `signal ${signal}` : `exit code ${code}`;
      this.listener?.(new Error(`the query's process ended (${this.exited}); run it again`));
    });
  }

  static start(limits: EngineLimits): Promise<GatewayProcess> {
    const js = fileURLToPath(new URL('./gateway-worker.js', import.meta.url));
    // From sources (tests) the worker is TypeScript, run through tsx; from a build it is plain JavaScript.
    const entry = existsSync(js) ? js : fileURLToPath(new URL('./gateway-worker.ts', import.meta.url));
    const child = fork(entry, [JSON.stringify(limits)], {
      serialization: 'advanced',
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new GatewayProcess(child, limits);
    return new Promise((resolve, reject) => {
      worker.listener = (message) => {
        worker.listener = undefined;
        if (message instanceof Error || message.type !== 'ready') {
          worker.kill();
          reject(message instanceof Error ? message : new Error(`a gateway process did not start: ${message.type}`));
        } else {
          worker.baseline = worker.rss() ?? 0;
          resolve(worker);
        }
      };
    });
  }

  /** Sends the query and watches the process until it answers, outgrows its memory or its time. */
  run(job: WorkerJob): Promise<GatewayResult> {
    const { memoryBytes, queryTimeoutMs } = this.limits;
    return new Promise((resolve, reject) => {
      const settle = (error: Error | undefined, result?: GatewayResult) => {
        clearInterval(watch);
        clearTimeout(deadline);
        this.listener = undefined;
        if (error) reject(error);
        else resolve(result as GatewayResult);
      };
      const stop = (error: Error) => {
        this.kill();
        settle(error);
      };
      const watch = setInterval(() => {
        const rss = this.rss();
        if (rss !== undefined && rss - this.baseline > memoryBytes * HEADROOM) stop(new QueryMemoryError(memoryBytes));
      }, POLL_MS);
      const deadline = setTimeout(() => stop(new QueryTimeoutError(queryTimeoutMs)), queryTimeoutMs + GRACE_MS);
      this.listener = (message) => {
        if (message instanceof Error) settle(message);
        else if (message.type === 'result') settle(undefined, message.result);
        else if (message.type === 'failed') settle(errorOf(message.error));
      };
      if (this.exited) settle(new Error(`the query's process ended (${this.exited}); run it again`));
      else this.child.send(job);
    });
  }

  get alive(): boolean {
    return this.exited === undefined && !this.killed;
  }

  /** True when the process may take another query: alive, and not holding on to a past query's memory. */
  reusable(): boolean {
    const rss = this.rss();
    return this.alive && (rss === undefined || rss - this.baseline < RECYCLE_BYTES);
  }

  kill(): void {
    if (!this.alive) return;
    this.killed = true;
    this.child.kill('SIGKILL');
  }

  /** Resident memory of the process, from /proc (Linux); undefined elsewhere or once it has ended. */
  private rss(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kib === undefined ? undefined : Number(kib) * 1024;
    } catch {
      return undefined;
    }
  }
}

/** The error a process reported, as an error of the same kind here. */
function errorOf(error: { name: string; message: string; timeoutMs?: number }): Error {
  if (error.name === 'QueryTimeoutError' && error.timeoutMs !== undefined)
    return new QueryTimeoutError(error.timeoutMs);
  const copy = new Error(error.message);
  copy.name = error.name;
  return copy;
}

/** How many gateway queries may run and wait at once. */
export interface AdmissionLimits {
  /** Queries running at once, over all users. */
  readonly running: number;
  /** Queries waiting for a turn, over all users; beyond it a query is refused at once. */
  readonly queued: number;
  /** Queries one user may have running at once, and waiting at once: the rest of the room is for others. */
  readonly perUser: number;
  /** Longest wait for a turn before the query is refused. */
  readonly maxWaitMs: number;
  /** What the refusal's `Retry-After` says, in seconds. */
  readonly retryAfterSeconds: number;
}

/** The gateway has no room for another query now: 429 with `Retry-After`. */
export class QueryBusyError extends Error {
  override readonly name = 'QueryBusyError';
  /** The status the API answers (errors.ts maps the name; the query service audits with it). */
  readonly status = 429;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Waiting {
  readonly user: string;
  readonly admit: () => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Global admission control of the SQL gateway: at most `running` queries run at once (each may use its
 * process's full memory, so this bounds the server's), at most `queued` wait in a first-come queue for at
 * most `maxWaitMs`, and no user holds more than `perUser` running or waiting, so one client's burst leaves
 * room for everyone else. Anything beyond is refused with `QueryBusyError`, never queued without bound.
 *
 * @example
 * const admission = new QueryAdmission({ running: 2, queued: 4, perUser: 1, maxWaitMs: 10_000, retryAfterSeconds: 2 });
 * await admission.run('ana@example.com', () => workers.run(job));
 */
export class QueryAdmission {
  private running = 0;
  private readonly runningBy = new Map<string, number>();
  private readonly queue: Waiting[] = [];

  constructor(readonly limits: AdmissionLimits) {}

  /** Runs `work` once admitted, and frees its turn when it ends; throws QueryBusyError when there is no room. */
  async run<T>(user: string, work: () => Promise<T>): Promise<T> {
    await this.enter(user);
    try {
      return await work();
    } finally {
      this.leave(user);
    }
  }

  /** Queries running now. */
  get active(): number {
    return this.running;
  }

  private enter(user: string): Promise<void> {
    const { running, queued, perUser, maxWaitMs } = this.limits;
    // A waiting query that could run would already have been given the turn (leave()): no one is passed over.
    if (this.running < running && this.count(user) < perUser) {
      this.take(user);
      return Promise.resolve();
    }
    const waitingOf = this.queue.filter((w) => w.user === user).length;
    if (this.count(user) + waitingOf >= perUser * 2) {
      return Promise.reject(
        this.busy(
          `${user} already has ${this.count(user)} running and ${waitingOf} waiting gateway queries, the most one user may have (${perUser} running, ${perUser} waiting); wait for them to finish, then send this one again`,
        ),
      );
    }
    if (this.queue.length >= queued) {
      return Promise.reject(
        this.busy(
          `the gateway is running its limit of ${running} queries at once and ${this.queue.length} more are waiting; send the query again after the Retry-After delay`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        user,
        admit: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(entry), 1);
          reject(
            this.busy(
              `the query waited ${maxWaitMs / 1000} s for one of the gateway's ${running} query slots without getting one; send it again after the Retry-After delay`,
            ),
          );
        }, maxWaitMs),
      };
      this.queue.push(entry);
    });
  }

  private leave(user: string): void {
    this.running--;
    const left = this.count(user) - 1;
    if (left > 0) this.runningBy.set(user, left);
    else this.runningBy.delete(user);
    // The first waiting query whose user is under their share gets the turn: a user at their share waits
    // while others' queries pass.
    while (this.running < this.limits.running) {
      const next = this.queue.findIndex((w) => this.count(w.user) < this.limits.perUser);
      if (next < 0) return;
      const [entry] = this.queue.splice(next, 1);
      if (!entry) return;
      this.take(entry.user);
      entry.admit();
    }
  }

  private take(user: string): void {
    this.running++;
    this.runningBy.set(user, this.count(user) + 1);
  }

  private count(user: string): number {
    return this.runningBy.get(user) ?? 0;
  }

  private busy(message: string): QueryBusyError {
    const { running, queued, perUser } = this.limits;
    return new QueryBusyError(message, this.limits.retryAfterSeconds, {
      running: this.running,
      waiting: this.queue.length,
      limits: { running, queued, perUser },
    });
  }
}

import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AccountRequest, AccountResponse } from './account-protocol.js';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
/** A request without its id: the client numbers them. */
type Request = AccountRequest extends infer R ? (R extends AccountRequest ? Omit<R, 'id'> : never) : never;

/** The engine process of one account-per-domain domain died (crash, out of memory, killed). */
export class AccountEngineExited extends Error {
  override readonly name = 'AccountEngineExited';
}

/**
 * The platform's handle on one account-per-domain engine process: requests go over IPC (structured
 * clone), and a process that dies fails its pending requests instead of taking the platform with it.
 */
export class AccountEngine {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: string | undefined;
  /** The engine's folder of decrypted data, removed here too if the process dies before it can. */
  private scratch: string | undefined;

  private constructor(
    readonly domain: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: AccountResponse) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error));
    });
    child.on('exit', (code, signal) => {
      this.exited = signal ? `signal ${signal}` : `exit code ${code}`;
      if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
      for (const { reject } of this.pending.values()) {
        reject(new AccountEngineExited(`the engine process of account domain ${domain} ended (${this.exited})`));
      }
      this.pending.clear();
    });
  }

  /** Starts the engine process of `domain` and opens its encrypted store. */
  static async start(dataDir: string, domain: string): Promise<AccountEngine> {
    const js = fileURLToPath(new URL('./account-worker.js', import.meta.url));
    // From sources (tests) the worker is TypeScript, run through tsx; from a build it is plain JavaScript.
    const entry = existsSync(js) ? js : fileURLToPath(new URL('./account-worker.ts', import.meta.url));
    const child = fork(entry, [], {
      serialization: 'advanced',
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const engine = new AccountEngine(domain, child);
    const opened = (await engine.request({ type: 'open', dataDir, domain })) as { scratch: string };
    engine.scratch = opened.scratch;
    return engine;
  }

  /** The operating-system process id (to watch it, or in tests to kill it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True while the process runs. */
  get alive(): boolean {
    return this.exited === undefined;
  }

  /** Sends a request and waits for its answer. */
  request(request: Request): Promise<unknown> {
    if (this.exited)
      return Promise.reject(
        new AccountEngineExited(`the engine process of account domain ${this.domain} ended (${this.exited})`),
      );
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...request, id } as AccountRequest);
    });
  }

  /** Wipes the decrypted store and ends the process. */
  async close(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    await this.request({ type: 'close' }).catch(() => undefined);
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5000).unref())]);
    if (this.alive) this.child.kill('SIGKILL');
  }
}

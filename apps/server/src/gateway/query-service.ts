import { randomBytes } from 'node:crypto';
import { activeGrantsOf, appendAudit, type Catalog, recordQuery, type User } from '@meshwork/catalog';
import {
  ConflictError,
  InvalidQueryError,
  type Mesh,
  type MeshworkError,
  NotAllowedError,
  QueryTimeLimitError,
  UnavailableError,
} from '@meshwork/core';
import {
  AccountEngines,
  checkGatewaySql,
  DEFAULT_LIMITS,
  DuckDBEngine,
  type EngineLimits,
  type GatewayResult,
  type GatewayView,
  isEngineFailure,
  QueryTimeoutError,
  readManifest,
} from '@meshwork/engine';
import type { DecisionReason, Governance } from '@meshwork/governance';
import { queryAccess } from '../services/query-access.js';
import { type GatewayCapacity, GatewayRunner, gatewayCapacity } from './gateway-runner.js';
import { ProductSources } from './product-sources.js';
import { QueryBusyError } from './query-admission.js';

/** Where the data plane is: the data directory of the built mesh, and the mesh itself. */
export interface DataPlane {
  readonly dataDir: string;
  readonly mesh: Mesh;
  /** Limits of one gateway query (default: 2 threads, 1 GB, 30 s). */
  readonly limits?: EngineLimits;
  /** Answer size, memory budget and concurrency of the gateway (gateway-runner.ts; defaults from the machine). */
  readonly gateway?: Partial<GatewayCapacity>;
}

/** One query to run: who asks, the SQL, and what bounds and records it. */
export interface QueryRequest {
  readonly user: User;
  readonly sql: string;
  /** Most rows returned (or written to `exportTo`). */
  readonly rowLimit: number;
  /** The HTTP request id (or the MCP call's), recorded in the audit log. */
  readonly requestId: string;
  /** Metered as a SQL query or a data API read (default `query`). */
  readonly kind?: 'query' | 'data';
  /** Write the result to this Parquet file instead of returning rows (the data API's parquet format). */
  readonly exportTo?: string;
  /** Where the query came from, recorded in its audit entries (`{ via: 'mcp', client: 'claude-ai' }`). */
  readonly origin?: QueryOrigin;
}

/** A query's answer, with what it read and how it was decided. */
export interface QueryAnswer extends GatewayResult {
  readonly products: readonly string[];
  readonly reasons: readonly DecisionReason[];
}

/** Where a query came from, for its audit entries: the channel and the client it declared. */
export interface QueryOrigin {
  readonly via: string;
  readonly client?: string | undefined;
}

const QUERY_LIMITS: EngineLimits = { ...DEFAULT_LIMITS, memoryBytes: 1e9, queryTimeoutMs: 30_000 };

/**
 * The governed SQL gateway: checks the SQL, authorizes every product it reads (Cedar policies and the
 * consumer's grants), masks columns above the consumer's clearance that their grant does not name, runs it
 * in a locked instance, and meters and audits every query, allowed or refused.
 */
export class QueryService {
  private parser: Promise<DuckDBEngine> | undefined;
  private readonly sources: ProductSources;
  private readonly salt = randomBytes(16).toString('hex');
  private readonly limits: EngineLimits;
  /** Admission, and a watched process per running query. */
  private readonly runner: GatewayRunner;
  private parsing: Promise<void> = Promise.resolve();

  constructor(
    private readonly catalog: Catalog,
    private readonly governance: Governance,
    private readonly plane: DataPlane,
  ) {
    this.sources = new ProductSources(plane.dataDir, plane.mesh, new AccountEngines(plane.dataDir));
    this.limits = plane.limits ?? QUERY_LIMITS;
    this.runner = new GatewayRunner(this.limits, gatewayCapacity(this.limits, plane.gateway));
  }

  /**
   * Runs a query. A refusal is a named error, mapped to HTTP in errors.ts only: InvalidQueryError (400),
   * NotAllowedError (403), QueryTimeLimitError (408), ConflictError (409, not built), QueryBusyError (429),
   * UnavailableError (503, the engine failed); every one is audited and metered.
   */
  async query(request: QueryRequest): Promise<QueryAnswer> {
    const { user, sql, rowLimit, requestId, kind = 'query', exportTo, origin } = request;
    const from = origin ? { via: origin.via, ...(origin.client ? { client: origin.client } : {}) } : {};
    const started = Date.now();
    const meter = async (
      status: 'ok' | 'refused' | 'failed' | 'timeout',
      products: readonly string[],
      rows = 0,
      bytes = 0,
      cpuMs = 0,
    ) =>
      recordQuery(this.catalog.db, {
        at: new Date(started),
        userEmail: user.email,
        userDomain: user.domain,
        kind,
        products,
        status,
        rows,
        bytesScanned: bytes,
        cpuMs,
        durationMs: Date.now() - started,
        sql,
      });
    const refuse = async (
      error: MeshworkError | QueryBusyError,
      products: readonly string[],
      reasons: readonly DecisionReason[] = [],
    ) => {
      await appendAudit(this.catalog.db, {
        actor: user.email,
        action: 'query',
        target: products.join(',') || '(none)',
        outcome: 'refused',
        requestId,
        details: { sql: sql.slice(0, 2000), reason: error.message, decisions: reasons, ...from },
      });
      const outcome = { QueryTimeLimitError: 'timeout', UnavailableError: 'failed' } as const;
      await meter(outcome[error.name as keyof typeof outcome] ?? 'refused', products);
      return error;
    };

    this.parser ??= DuckDBEngine.open({ ...DEFAULT_LIMITS, threads: 1, queryTimeoutMs: 5_000 });
    const known = new Set(this.plane.mesh.products.map((p) => p.address));
    const parser = await this.parser;
    // One parser connection, used by one check at a time.
    const turn = this.parsing.then(() => checkGatewaySql(parser, sql, known));
    this.parsing = turn.then(
      () => undefined,
      () => undefined,
    );
    const checked = await turn;
    if (!checked.ok) {
      throw await refuse(
        new InvalidQueryError(checked.message, checked.offset === undefined ? {} : { position: checked.offset }),
        [],
      );
    }
    const grants = await activeGrantsOf(this.catalog.db, user.email);
    const views: GatewayView[] = [];
    const reasons: DecisionReason[] = [];
    let bytes = 0;
    for (const address of checked.products) {
      const { decision, masks } = await queryAccess(
        { catalog: this.catalog, access: this.governance.access },
        user,
        address,
        grants,
      );
      reasons.push(...decision.reasons);
      if (decision.decision === 'deny') {
        throw await refuse(
          new NotAllowedError(`${decision.summary}. Ask for access: meshwork access request ${address} --purpose "…"`, {
            product: address,
            reasons: decision.reasons,
          }),
          checked.products,
          decision.reasons,
        );
      }
      const resolved = await this.sources.resolve(address, user.domain);
      if (!resolved.ok)
        throw await refuse(
          resolved.status === 403
            ? new NotAllowedError(resolved.message, { product: address })
            : new ConflictError(resolved.message, { product: address }),
          checked.products,
        );
      bytes += resolved.manifest.bytes;
      views.push({
        address,
        source: resolved.source,
        columns: resolved.manifest.columns.map((c) => ({
          name: c.name,
          type: c.type,
          // A column the contract does not describe is not classified.
          mask: masks.get(c.name) ?? 'none',
        })),
      });
    }
    let result: GatewayResult;
    try {
      const options = { rowLimit, salt: this.salt, ...(exportTo ? { exportTo } : {}) };
      result = await this.runner.run(user.email, views, sql, options);
    } catch (error) {
      if (error instanceof QueryBusyError) throw await refuse(error, checked.products);
      if (error instanceof QueryTimeoutError) {
        throw await refuse(
          new QueryTimeLimitError(
            `the query ran past the gateway's time limit of ${error.timeoutMs / 1000} s and was stopped`,
          ),
          checked.products,
        );
      }
      const message = this.sanitize(error instanceof Error ? error.message : String(error));
      // The engine or its files failed (a store locked by another process): not the consumer's SQL.
      const refusal = isEngineFailure(error)
        ? new UnavailableError(`the gateway could not read the data (${message}); try again in a moment`)
        : new InvalidQueryError(message);
      throw await refuse(refusal, checked.products);
    }
    await appendAudit(this.catalog.db, {
      actor: user.email,
      action: 'query',
      target: checked.products.join(',') || '(none)',
      outcome: 'ok',
      requestId,
      details: { sql: sql.slice(0, 2000), rows: result.rowCount, decisions: reasons, ...from },
    });
    await meter('ok', checked.products, result.rowCount, bytes, result.cpuMs);
    return { ...result, products: checked.products, reasons };
  }

  async close(): Promise<void> {
    if (this.parser) (await this.parser).close();
    this.runner.close();
    await this.sources.close();
  }

  /** The columns of a product's latest build, or undefined when it was never built. */
  columnsOf(address: string): readonly { readonly name: string; readonly type: string }[] | undefined {
    return readManifest(this.plane.dataDir, address)?.columns;
  }

  /** DuckDB's message without the server's paths, for the consumer. */
  private sanitize(message: string): string {
    return message
      .split(this.plane.dataDir)
      .join('<data>')
      .replace(/\/dev\/shm\/[^\s'"]+/g, '<snapshot>')
      .slice(0, 1000);
  }
}

import { existsSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { type Diagnostic, diagnostic, type LoadedContract } from '@meshwork/core';
import { quoteIdentifier, quoteLiteral } from '../duckdb/duckdb-dialect.js';
import type { EngineLimits } from '../engine.js';
import { DEFAULT_LIMITS } from '../limits.js';
import type { CheckResult } from './check-result.js';
import { checksFromContract } from './checks-from-contract.js';
import { runChecks, type TableCheckRun } from './run-checks.js';
import { openSandbox, type SandboxTable } from './sandbox.js';

/** The results of one schema object of a standalone contract. */
export interface ObjectTestResult {
  readonly object: string;
  readonly rows: number | null;
  readonly results: readonly CheckResult[];
  readonly timings: TableCheckRun['timings'];
}

/** The outcome of testing a contract against the data its `servers` entry names. */
export interface ContractTestResult {
  /** The server used, or undefined when none could be used (see diagnostics). */
  readonly server: string | undefined;
  readonly objects: readonly ObjectTestResult[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Why a server cannot be used: a usage problem the CLI reports with exit 2. */
export class ServerSelectionError extends Error {
  override readonly name = 'ServerSelectionError';
}

type Server = Record<string, unknown>;

/**
 * Tests an ODCS contract outside any mesh, against the data its `servers` entry names, as
 * datacontract-cli's `test` does: `type: local` with a CSV, JSON or Parquet `path` (a `{model}`
 * placeholder is replaced by the object name) and `format`, or `type: duckdb` with a `database` file.
 * Relative paths resolve against the contract's folder, then the working directory.
 */
export async function testContract(
  contract: LoadedContract,
  options: { readonly server?: string; readonly limits?: EngineLimits } = {},
): Promise<ContractTestResult> {
  const servers = (Array.isArray(contract.spec.servers) ? contract.spec.servers : []) as Server[];
  const server = pickServer(servers, options.server);
  const baseDir = dirname(resolve(contract.yaml.file.path));
  const diagnostics: Diagnostic[] = [];
  const objects = contract.spec.schema ?? [];
  const allowed: string[] = [];
  const located = objects.map((object) => {
    const table = String(object.physicalName ?? object.name);
    if (server.type === 'duckdb') {
      const file = locate(baseDir, String(server.database ?? ''));
      return {
        object,
        sandbox: {
          name: object.name,
          kind: 'store',
          file,
          table: `${String(server.schema ?? 'main')}.${table}`,
        } as SandboxTable,
      };
    }
    const path = locate(baseDir, String(server.path ?? '').replaceAll('{model}', object.name));
    const format = String(server.format ?? extname(path).slice(1)).toLowerCase();
    allowed.push(/[*?[{]/.test(path) ? `${dirname(path)}/` : path);
    const reader =
      format === 'csv'
        ? `read_csv(${quoteLiteral(path)}, header = true${typeof server.delimiter === 'string' ? `, delim = ${quoteLiteral(server.delimiter)}` : ''})`
        : format === 'json'
          ? `read_json(${quoteLiteral(path)})`
          : `read_parquet(${quoteLiteral(path)})`;
    return { object, sandbox: { name: object.name, kind: 'sql', select: reader } as SandboxTable };
  });
  const results: ObjectTestResult[] = [];
  for (const [index, { object, sandbox }] of located.entries()) {
    const { checks, diagnostics: notes } = checksFromContract(contract, index);
    diagnostics.push(...notes);
    const empty = { statisticsMs: 0, fusedScanMs: 0, queriesMs: 0 };
    let engine: Awaited<ReturnType<typeof openSandbox>> | undefined;
    try {
      engine = await openSandbox(options.limits ?? DEFAULT_LIMITS, [sandbox], allowed);
      const run = await runChecks(engine, quoteIdentifier(object.name), object.name, checks);
      results.push({ object: object.name, rows: run.rows, results: run.results, timings: run.timings });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      diagnostics.push(
        diagnostic({
          code: 'test-data-unreadable',
          severity: 'error',
          file: contract.yaml.file.path,
          position: contract.yaml.locate(['servers', servers.indexOf(server)]),
          message: `cannot read the data of ${object.name} on server ${String(server.server)}: ${message}`,
          hint: "Check the server's path (or database) and format; relative paths resolve against the contract's folder.",
        }),
      );
      results.push({ object: object.name, rows: null, results: [], timings: empty });
    } finally {
      engine?.close();
    }
  }
  return { server: String(server.server), objects: results, diagnostics };
}

function pickServer(servers: readonly Server[], name: string | undefined): Server {
  const supported = (s: Server) => s.type === 'local' || s.type === 'duckdb';
  if (servers.length === 0) {
    throw new ServerSelectionError(
      'the contract has no `servers` entry; add one of type local (path, format) or duckdb (database) to say where its data is',
    );
  }
  if (name !== undefined) {
    const found = servers.find((s) => s.server === name);
    if (!found)
      throw new ServerSelectionError(
        `no server named ${name}; the contract has ${servers.map((s) => String(s.server)).join(', ')}`,
      );
    if (!supported(found))
      throw new ServerSelectionError(
        `server ${name} is of type ${String(found.type)}; meshwork test reads type local (files) and duckdb`,
      );
    return found;
  }
  const found = servers.find(supported);
  if (!found) {
    throw new ServerSelectionError(
      `no server of type local or duckdb (the contract has ${servers.map((s) => `${String(s.server)} (${String(s.type)})`).join(', ')}); meshwork test reads local files and DuckDB databases`,
    );
  }
  return found;
}

function locate(baseDir: string, path: string): string {
  if (isAbsolute(path)) return path;
  const besideContract = resolve(baseDir, path);
  return existsSync(besideContract) || path.includes('*') ? besideContract : resolve(process.cwd(), path);
}

import { join } from 'node:path';
import type { IsolationPattern } from '@meshwork/core';

/**
 * Where a domain's products are stored under its isolation pattern. The address `domain.product` is the
 * same under every pattern; only the store behind it changes.
 *
 * | pattern   | file                                     | schema in the file |
 * |-----------|------------------------------------------|--------------------|
 * | schema    | <data>/stores/shared.duckdb              | the domain name    |
 * | workspace | <data>/stores/workspaces/<domain>.duckdb | main               |
 * | account   | <data>/stores/accounts/<domain>/<domain>.duckdb.enc (AES-256-GCM) | main |
 */
export interface DomainStore {
  readonly domain: string;
  readonly pattern: IsolationPattern;
  /** The DuckDB database file. */
  readonly file: string;
  /** The schema inside that file that holds the domain's product tables. */
  readonly schema: string;
}

/** The store of `domain` under `pattern`, inside the data directory `dataDir`. */
export function domainStore(dataDir: string, domain: string, pattern: IsolationPattern): DomainStore {
  switch (pattern) {
    case 'schema':
      return { domain, pattern, file: join(dataDir, 'stores', 'shared.duckdb'), schema: domain };
    case 'workspace':
      return { domain, pattern, file: join(dataDir, 'stores', 'workspaces', `${domain}.duckdb`), schema: 'main' };
    case 'account':
      // Encrypted at rest; only the domain's own engine process decrypts it, into memory.
      return {
        domain,
        pattern,
        file: join(dataDir, 'stores', 'accounts', domain, `${domain}.duckdb.enc`),
        schema: 'main',
      };
  }
}

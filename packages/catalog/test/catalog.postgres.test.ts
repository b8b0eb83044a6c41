import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { openCatalog } from '../src/index.js';
import { catalogSuite } from './catalog-suite.js';

/**
 * The same suite on PostgreSQL (127.0.0.1:5432 on these machines; MESHWORK_TEST_DATABASE_URL overrides),
 * each run in a schema of its own. In CI an unreachable server fails the run instead of skipping it.
 */
const url = process.env.MESHWORK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `meshwork_test_${randomBytes(4).toString('hex')}`;

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const up = await reachable();
if (!up && process.env.CI) throw new Error(`PostgreSQL is not reachable at ${url}; .ci/run starts it (pg_ctlcluster)`);

describe.skipIf(!up)('PostgreSQL store', () => {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });
  catalogSuite('PostgreSQL', () => openCatalog({ databaseUrl: url, schema }));
});

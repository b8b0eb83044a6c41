import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, DuckDBEngine } from '@meshwork/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-contract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const contract = (servers: string) => `apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
status: active
servers:
${servers}
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: integer
        primaryKey: true
      - name: status
        logicalType: string
        quality:
          - metric: invalidValues
            arguments:
              validValues: [open, paid]
            mustBe: 0
    quality:
      - metric: rowCount
        mustBeGreaterThan: 2
`;

beforeAll(async () => {
  writeFileSync(join(work, 'orders.csv'), 'order_id,status\n1,open\n2,paid\n3,paid\n');
  writeFileSync(join(work, 'bad.csv'), 'order_id,status\n1,open\n1,lost\n');
  const db = await DuckDBEngine.open(DEFAULT_LIMITS, { path: join(work, 'shop.duckdb') });
  await db.run(
    "CREATE TABLE orders AS SELECT * FROM (VALUES (1, 'open'), (2, 'paid'), (3, 'open')) v(order_id, status)",
  );
  db.close();
  writeFileSync(
    join(work, 'orders.odcs.yaml'),
    contract(`  - server: files
    type: local
    path: orders.csv
    format: csv
  - server: warehouse
    type: duckdb
    database: shop.duckdb
  - server: broken
    type: local
    path: bad.csv
    format: csv
  - server: cloud
    type: snowflake
    account: acme
    database: db
    schema: s
    warehouse: w`),
  );
});

describe('meshwork test CONTRACT', () => {
  it('tests a contract against the first local or duckdb server', () => {
    const { code, stdout } = runCli(['test', 'orders.odcs.yaml', '--json'], work);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.server).toBe('files');
    expect(body.objects[0].rows).toBe(3);
    expect(body.objects[0].checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['order_id.required', 'passed'],
      ['order_id.unique', 'passed'],
      ['status.invalidValues', 'passed'],
      ['rowCount', 'passed'],
    ]);
  });

  it('tests a DuckDB database server with --server', () => {
    const { code, stdout } = runCli(['test', 'orders.odcs.yaml', '--server', 'warehouse'], work);
    expect(code).toBe(0);
    expect(stdout).toContain('Testing orders.odcs.yaml on server warehouse');
  });

  it('fails with exit 1 when the data breaks the contract', () => {
    const { code, stdout } = runCli(['test', 'orders.odcs.yaml', '--server', 'broken', '--json'], work);
    expect(code).toBe(1);
    const failed = JSON.parse(stdout).objects[0].checks.filter((c: { status: string }) => c.status === 'failed');
    expect(failed.map((c: { id: string }) => c.id)).toEqual(['order_id.unique', 'status.invalidValues', 'rowCount']);
  });

  it('refuses an unknown or unsupported server with exit 2, naming the choices', () => {
    const unknown = runCli(['test', 'orders.odcs.yaml', '--server', 'nope'], work);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('meshwork: no server named nope; the contract has files, warehouse, broken, cloud\n');
    const cloud = runCli(['test', 'orders.odcs.yaml', '--server', 'cloud'], work);
    expect(cloud.stderr).toBe(
      'meshwork: server cloud is of type snowflake; meshwork test reads type local (files) and duckdb\n',
    );
  });

  it('reports schema findings as warnings and still runs the checks', () => {
    writeFileSync(
      join(work, 'loose.odcs.yaml'),
      contract('  - server: files\n    type: local\n    path: orders.csv\n    format: csv\n    compression: none'),
    );
    const { code, stdout } = runCli(['test', 'loose.odcs.yaml', '--json'], work);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.diagnostics).toMatchObject([{ severity: 'warning', code: 'schema-unknown-field', line: 11 }]);
    const strict = runCli(['validate', 'loose.odcs.yaml'], work);
    expect(strict.code).toBe(1);
  });

  it('says where the data is missing', () => {
    writeFileSync(
      join(work, 'gone.odcs.yaml'),
      contract('  - server: files\n    type: local\n    path: missing.csv\n    format: csv'),
    );
    const { code, stdout } = runCli(['test', 'gone.odcs.yaml', '--json'], work);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).diagnostics[0]).toMatchObject({ code: 'test-data-unreadable', line: 7 });
  });

  it('refuses a contract without servers', () => {
    writeFileSync(join(work, 'none.odcs.yaml'), contract('  []').replace('servers:\n  []\n', ''));
    const { code, stderr } = runCli(['test', 'none.odcs.yaml'], work);
    expect(code).toBe(2);
    expect(stderr).toContain('the contract has no `servers` entry');
  });
});

import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccountEngines } from '../src/account/account-engines.js';
import { buildMesh } from '../src/build/build-mesh.js';
import { DuckDBEngine } from '../src/duckdb/duckdb-engine.js';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { domainKey } from '../src/storage/domain-key.js';
import { decryptFile } from '../src/storage/encrypted-file.js';
import { contractYaml, domainYaml, productYaml, salesMesh, writeMesh } from './build-fixture.js';

async function rows(file: string, sql: string) {
  const engine = await DuckDBEngine.open(DEFAULT_LIMITS);
  try {
    await engine.run(`ATTACH '${file}' AS s (READ_ONLY)`);
    return await engine.query(sql);
  } finally {
    engine.close();
  }
}

describe('buildMesh', () => {
  it('builds in dependency order, then skips what did not change, and rebuilds with force', async () => {
    const { mesh, dataDir } = writeMesh(salesMesh());
    const first = await buildMesh(mesh, { dataDir });
    expect(first.ok).toBe(true);
    expect(first.products.map((p) => [p.address, p.status, p.manifest?.rows])).toEqual([
      ['sales.orders', 'built', 3],
      ['sales.daily', 'built', 2],
    ]);
    const manifest = first.products[1]?.manifest;
    expect(manifest?.inputs['sales.orders']).toBe(first.products[0]?.manifest?.contentHash);
    expect(manifest?.columns).toEqual([
      { name: 'day', type: 'DATE' },
      { name: 'total', type: 'DOUBLE' },
    ]);
    const totals = await rows(
      `${dataDir}/stores/shared.duckdb`,
      'SELECT day::VARCHAR AS day, total FROM s.sales.daily ORDER BY day',
    );
    expect(totals).toEqual([
      { day: '2026-01-01', total: 30.5 },
      { day: '2026-01-02', total: 5 },
    ]);
    const second = await buildMesh(mesh, { dataDir });
    expect(second.products.map((p) => p.status)).toEqual(['unchanged', 'unchanged']);
    const forced = await buildMesh(mesh, { dataDir, force: true });
    expect(forced.products.map((p) => p.status)).toEqual(['built', 'built']);
  });

  it('rebuilds a product and its dependants when its source changes', async () => {
    const fixture = writeMesh(salesMesh());
    await buildMesh(fixture.mesh, { dataDir: fixture.dataDir });
    const mesh = fixture.write('domains/sales/sources/orders.csv', 'order_id,amount,ordered_on\n1,1,2026-01-01\n');
    const again = await buildMesh(mesh, { dataDir: fixture.dataDir });
    expect(again.products.map((p) => [p.status, p.manifest?.rows])).toEqual([
      ['built', 1],
      ['built', 1],
    ]);
  });

  it('builds only the selected product and what it reads', async () => {
    const { mesh, dataDir } = writeMesh(salesMesh());
    const result = await buildMesh(mesh, { dataDir, product: 'sales.orders' });
    expect(result.products.map((p) => p.address)).toEqual(['sales.orders']);
  });

  it('refuses a transform that reads a product it did not declare, naming it at its position', async () => {
    const files = salesMesh();
    files['domains/sales/products/daily/build.sql'] =
      'SELECT ordered_on AS day, sum(amount) AS total\nFROM sales.orders JOIN sales.refunds USING (order_id)\nGROUP BY 1\n';
    const { mesh, dataDir } = writeMesh(files);
    const result = await buildMesh(mesh, { dataDir });
    const daily = result.products[1];
    expect(daily?.status).toBe('failed');
    expect(daily?.diagnostics).toMatchObject([
      {
        code: 'build-undeclared-input',
        line: 2,
        column: 24,
        message: 'the transform reads sales.refunds, which is not an input port of sales.daily',
      },
    ]);
    expect(daily?.diagnostics[0]?.file).toMatch(/daily\/build\.sql$/);
  });

  it('refuses file-reading table functions in a transform', async () => {
    const files = salesMesh();
    files['domains/sales/products/orders/build.sql'] = "SELECT * FROM read_csv('/etc/passwd')\n";
    const { mesh, dataDir } = writeMesh(files);
    const [orders] = (await buildMesh(mesh, { dataDir })).products;
    expect(orders?.diagnostics[0]).toMatchObject({ code: 'build-table-function', line: 1, column: 15 });
  });

  it('reports a syntax error in build.sql with line and column', async () => {
    const files = salesMesh();
    files['domains/sales/products/orders/build.sql'] = 'SELECT order_id,\n  amount\nFORM raw_orders\n';
    const { mesh, dataDir } = writeMesh(files);
    const [orders, daily] = (await buildMesh(mesh, { dataDir })).products;
    expect(orders?.status).toBe('failed');
    expect(orders?.diagnostics[0]).toMatchObject({ code: 'build-sql-syntax', line: 3, column: 6 });
    expect(daily).toMatchObject({ status: 'skipped', reason: 'its input sales.orders failed to build' });
  });

  it('fails a build whose output misses a contract column or has the wrong type, naming the contract line', async () => {
    const files = salesMesh();
    files['domains/sales/products/orders/build.sql'] = "SELECT order_id, 'x' AS amount FROM raw_orders\n";
    const { mesh, dataDir } = writeMesh(files);
    const [orders] = (await buildMesh(mesh, { dataDir })).products;
    expect(orders?.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      [
        'build-type-mismatch',
        12,
        'column "amount" of orders is built as VARCHAR, which is not a number as the contract says',
      ],
      ['build-missing-column', 13, 'the built table orders has no column "ordered_on" that the contract declares'],
    ]);
  });

  it('keeps the previous good output when a rebuild fails', async () => {
    const fixture = writeMesh(salesMesh());
    await buildMesh(fixture.mesh, { dataDir: fixture.dataDir });
    const broken = fixture.write(
      'domains/sales/products/orders/build.sql',
      "SELECT order_id, amount, ordered_on FROM raw_orders WHERE error('boom') IS NULL\n",
    );
    const result = await buildMesh(broken, { dataDir: fixture.dataDir });
    expect(result.products[0]).toMatchObject({ status: 'failed' });
    expect(result.products[0]?.diagnostics[0]?.message).toContain('boom');
    const count = await rows(
      `${fixture.dataDir}/stores/shared.duckdb`,
      'SELECT count(*)::INTEGER AS n FROM s.sales.orders',
    );
    expect(count).toEqual([{ n: 3 }]);
  });

  it('reports a missing source file', async () => {
    const files = salesMesh();
    delete files['domains/sales/sources/orders.csv'];
    const { mesh, dataDir } = writeMesh(files);
    const [orders] = (await buildMesh(mesh, { dataDir })).products;
    expect(orders?.reason).toBe(
      'input port "raw_orders": no file matches source sources/orders.csv; add the file, or a `generator:` SQL that writes it',
    );
  });

  it('generates a missing source from its generator, deterministically', async () => {
    const files = salesMesh();
    delete files['domains/sales/sources/orders.csv'];
    files['domains/sales/products/orders/product.yaml'] = productYaml(
      'sales',
      'orders',
      '  - name: raw_orders\n    source:\n      path: sources/orders.parquet\n      format: parquet\n      generator: sources/orders.gen.sql\n',
    );
    files['domains/sales/sources/orders.gen.sql'] =
      "SELECT i AS order_id, (hash(i) % 100)::DOUBLE AS amount, DATE '2026-01-01' + (i % 3)::INTEGER AS ordered_on FROM range(1, 1001) t(i)\n";
    const one = writeMesh(files);
    const two = writeMesh(files);
    const [a] = (await buildMesh(one.mesh, { dataDir: one.dataDir })).products;
    const [b] = (await buildMesh(two.mesh, { dataDir: two.dataDir })).products;
    expect(a?.manifest?.rows).toBe(1000);
    expect(a?.manifest?.contentHash).toBe(b?.manifest?.contentHash);
  });

  it('stores products under each isolation pattern and resolves addresses the same way', async () => {
    const files = salesMesh();
    files['domains/ops/domain.yaml'] = domainYaml('ops', 'workspace', 'engine:\n  memoryLimit: 256MB\n  threads: 1\n');
    files['domains/ops/products/report/product.yaml'] = productYaml(
      'ops',
      'report',
      '  - name: daily\n    product: sales.daily\n',
    );
    files['domains/ops/products/report/report.odcs.yaml'] = contractYaml('ops', 'report', { days: 'integer' });
    files['domains/ops/products/report/build.sql'] = 'SELECT count(*) AS days FROM sales.daily\n';
    files['domains/fin/domain.yaml'] = domainYaml('fin', 'account');
    files['domains/fin/products/ledger/product.yaml'] = productYaml(
      'fin',
      'ledger',
      '  - name: report\n    product: ops.report\n',
    );
    files['domains/fin/products/ledger/ledger.odcs.yaml'] = contractYaml('fin', 'ledger', { days: 'integer' });
    files['domains/fin/products/ledger/build.sql'] = 'SELECT days FROM ops.report\n';
    const { mesh, dataDir } = writeMesh(files);
    const result = await buildMesh(mesh, { dataDir });
    expect(result.ok).toBe(true);
    const stores = Object.fromEntries(result.products.map((p) => [p.address, p.manifest?.store]));
    expect(stores['sales.daily']).toEqual({ file: `${dataDir}/stores/shared.duckdb`, table: 'sales.daily' });
    expect(stores['ops.report']).toEqual({ file: `${dataDir}/stores/workspaces/ops.duckdb`, table: 'main.report' });
    expect(stores['fin.ledger']).toEqual({
      file: `${dataDir}/stores/accounts/fin/fin.duckdb.enc`,
      table: 'main.ledger',
    });
    // The account store is encrypted at rest with the domain's key; decrypted it holds the product.
    const plain = `${dataDir}/fin-plain.duckdb`;
    await decryptFile(`${dataDir}/stores/accounts/fin/fin.duckdb.enc`, plain, domainKey(dataDir, 'fin'));
    expect(await rows(plain, 'SELECT days::INTEGER AS days FROM s.main.ledger')).toEqual([{ days: 2 }]);
    expect(statSync(`${dataDir}/keys/fin.key`).mode & 0o777).toBe(0o600);
  });

  it('stops a runaway query in one workspace by its own limit while another domain builds normally', async () => {
    const files = salesMesh();
    files['domains/lab/domain.yaml'] = domainYaml('lab', 'workspace', 'engine:\n  threads: 1\n  queryTimeout: 1s\n');
    files['domains/lab/products/runaway/product.yaml'] = productYaml(
      'lab',
      'runaway',
      '  - name: seed\n    source:\n      path: seed.csv\n      format: csv\n',
    );
    files['domains/lab/seed.csv'] = 'n\n1\n';
    files['domains/lab/products/runaway/runaway.odcs.yaml'] = contractYaml('lab', 'runaway', { n: 'integer' });
    files['domains/lab/products/runaway/build.sql'] =
      'SELECT count(*) AS n FROM range(100000000) a, range(100000000) b WHERE a.range + b.range < 0\n';
    const { mesh, dataDir } = writeMesh(files);
    const started = Date.now();
    const [lab, sales] = await Promise.all([
      buildMesh(mesh, { dataDir: `${dataDir}-lab`, domain: 'lab' }),
      buildMesh(mesh, { dataDir: `${dataDir}-sales`, domain: 'sales' }),
    ]);
    expect(lab.products[0]).toMatchObject({ status: 'failed' });
    expect(lab.products[0]?.diagnostics[0]).toMatchObject({ code: 'build-timeout' });
    expect(lab.products[0]?.diagnostics[0]?.message).toBe(
      "query interrupted after 1000 ms (the engine's query timeout)",
    );
    expect(sales.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('lets other domains read an account domain only through an explicit share', async () => {
    const files = salesMesh();
    files['domains/fin/domain.yaml'] = domainYaml('fin', 'account');
    files['domains/fin/products/ledger/product.yaml'] = productYaml(
      'fin',
      'ledger',
      '  - name: orders\n    product: sales.orders\n',
    );
    files['domains/fin/products/ledger/ledger.odcs.yaml'] = contractYaml('fin', 'ledger', { total: 'number' });
    files['domains/fin/products/ledger/build.sql'] = 'SELECT sum(amount) AS total FROM sales.orders\n';
    files['domains/ops/domain.yaml'] = domainYaml('ops', 'workspace');
    files['domains/ops/products/audit/product.yaml'] = productYaml(
      'ops',
      'audit',
      '  - name: ledger\n    product: fin.ledger\n',
    );
    files['domains/ops/products/audit/audit.odcs.yaml'] = contractYaml('ops', 'audit', { total: 'number' });
    files['domains/ops/products/audit/build.sql'] = 'SELECT total FROM fin.ledger\n';
    const fixture = writeMesh(files);
    const refused = await buildMesh(fixture.mesh, { dataDir: fixture.dataDir });
    const audit = refused.products.find((p) => p.address === 'ops.audit');
    expect(audit?.status).toBe('failed');
    expect(audit?.diagnostics[0]).toMatchObject({
      code: 'build-not-shared',
      message: 'fin.ledger lives in account-per-domain domain fin and is not shared with ops',
      line: 13,
    });
    const shared = fixture.write(
      'domains/fin/domain.yaml',
      `${domainYaml('fin', 'account')}shares:\n  - product: ledger\n    with: [ops]\n`,
    );
    const result = await buildMesh(shared, { dataDir: fixture.dataDir });
    expect(result.products.find((p) => p.address === 'ops.audit')).toMatchObject({ status: 'built' });
    expect(await rows(`${fixture.dataDir}/stores/workspaces/ops.duckdb`, 'SELECT total FROM s.main.audit')).toEqual([
      { total: 35.5 },
    ]);
  });

  it('survives the crash of an account engine process: its build fails, the platform and other domains go on', async () => {
    const files = salesMesh();
    files['domains/fin/domain.yaml'] = domainYaml('fin', 'account', 'engine:\n  threads: 1\n  queryTimeout: 60s\n');
    files['domains/fin/products/spin/product.yaml'] = productYaml(
      'fin',
      'spin',
      '  - name: orders\n    product: sales.orders\n',
    );
    files['domains/fin/products/spin/spin.odcs.yaml'] = contractYaml('fin', 'spin', { n: 'integer' });
    files['domains/fin/products/spin/build.sql'] =
      'SELECT count(*) AS n FROM range(100000000) a, range(100000000) b, sales.orders WHERE a.range + b.range < 0\n';
    const { mesh, dataDir } = writeMesh(files);
    const engines = new AccountEngines(dataDir);
    try {
      // Once the engine has opened its store and started the runaway build, kill it as a crash would.
      let seen = 0;
      const killer = setInterval(() => {
        const engine = engines.peek('fin');
        if (engine?.pid && ++seen === 8) {
          process.kill(engine.pid, 'SIGKILL');
          clearInterval(killer);
        }
      }, 250);
      const [fin, sales] = await Promise.all([
        buildMesh(mesh, { dataDir, accountEngines: engines }),
        buildMesh(mesh, { dataDir: `${dataDir}-other`, domain: 'sales' }),
      ]);
      clearInterval(killer);
      const spin = fin.products.find((p) => p.address === 'fin.spin');
      expect(spin?.status).toBe('failed');
      expect(spin?.diagnostics[0]?.code).toBe('build-engine-crashed');
      expect(spin?.reason).toMatch(/^the engine process of account domain fin ended \(signal SIGKILL\)/);
      expect(fin.products.filter((p) => p.address.startsWith('sales.')).every((p) => p.status === 'built')).toBe(true);
      expect(sales.ok).toBe(true);
    } finally {
      await engines.closeAll();
    }
  });
});

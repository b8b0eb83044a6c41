import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMesh } from '../src/build/build-mesh.js';
import { currentSnapshot, dataFilesOf, snapshotHistory } from '../src/iceberg/snapshots.js';
import { readTableMetadata } from '../src/iceberg/table-files.js';
import { readWarehouseTable, warehouseTableDir } from '../src/iceberg/warehouse.js';
import { contractYaml, domainYaml, productYaml, salesMesh, writeMesh } from './build-fixture.js';

describe('builds commit Iceberg snapshots to the warehouse', () => {
  it('commits an overwrite snapshot per successful build, recorded at the warehouse URL given', async () => {
    const fixture = writeMesh(salesMesh());
    const url = 'http://mesh.test/iceberg/files';
    const first = await buildMesh(fixture.mesh, { dataDir: fixture.dataDir, warehouseUrl: url });
    expect(first.ok).toBe(true);
    const dir = warehouseTableDir(fixture.dataDir, 'sales.orders');
    expect(dir).toBe(`${fixture.dataDir}/warehouse/sales/orders`);
    const table = await readWarehouseTable(fixture.dataDir, 'sales.orders');
    expect(table.metadata.location).toBe(`${url}/sales/orders`);
    expect(table.metadataLocation).toBe(`${url}/sales/orders/metadata/v1.metadata.json`);
    expect(currentSnapshot(table.metadata)?.summary.operation).toBe('overwrite');
    expect((await dataFilesOf(dir)).reduce((n, f) => n + f.recordCount, 0)).toBe(3);

    // Unchanged products commit nothing; a rebuild adds a snapshot and keeps the older ones (time travel).
    await buildMesh(fixture.mesh, { dataDir: fixture.dataDir, warehouseUrl: url });
    expect((await readTableMetadata(dir)).version).toBe(1);
    const mesh = fixture.write('domains/sales/sources/orders.csv', 'order_id,amount,ordered_on\n1,1.5,2026-01-01\n');
    await buildMesh(mesh, { dataDir: fixture.dataDir, warehouseUrl: url });
    expect((await snapshotHistory(dir)).length).toBe(2);
    expect((await dataFilesOf(dir)).reduce((n, f) => n + f.recordCount, 0)).toBe(1);
  });

  it('leaves the previous snapshot current when a build fails', async () => {
    const fixture = writeMesh(salesMesh());
    await buildMesh(fixture.mesh, { dataDir: fixture.dataDir });
    const dir = warehouseTableDir(fixture.dataDir, 'sales.orders');
    const before = await readTableMetadata(dir);
    const broken = fixture.write('domains/sales/products/orders/build.sql', 'SELECT order_id FROM raw_orders\n');
    const result = await buildMesh(broken, { dataDir: fixture.dataDir, product: 'sales.orders' });
    expect(result.products[0]?.status).toBe('failed');
    const after = await readTableMetadata(dir);
    expect(after.version).toBe(before.version);
    expect(after.metadata['current-snapshot-id']).toBe(before.metadata['current-snapshot-id']);
  });

  it('records the folder’s file:// URI without a warehouse URL, and starts afresh when the URL changes', async () => {
    const fixture = writeMesh(salesMesh());
    await buildMesh(fixture.mesh, { dataDir: fixture.dataDir, product: 'sales.orders' });
    const dir = warehouseTableDir(fixture.dataDir, 'sales.orders');
    expect((await readTableMetadata(dir)).metadata.location).toBe(`file://${dir}`);
    const served = await buildMesh(fixture.mesh, {
      dataDir: fixture.dataDir,
      product: 'sales.orders',
      warehouseUrl: 'https://mesh.example.com/iceberg/files',
    });
    expect(served.products[0]?.status).toBe('built');
    const { metadata, version } = await readTableMetadata(dir);
    expect([metadata.location, version, metadata.snapshots.length]).toEqual([
      'https://mesh.example.com/iceberg/files/sales/orders',
      1,
      1,
    ]);
  });

  it('writes no table for account-per-domain products, and warns instead of failing on a type Iceberg lacks', async () => {
    const files = salesMesh();
    files['domains/fin/domain.yaml'] = domainYaml('fin', 'account');
    files['domains/fin/products/ledger/product.yaml'] = productYaml(
      'fin',
      'ledger',
      '  - name: orders\n    product: sales.orders\n',
    );
    files['domains/fin/products/ledger/ledger.odcs.yaml'] = contractYaml('fin', 'ledger', { n: 'integer' });
    files['domains/fin/products/ledger/build.sql'] = 'SELECT count(*)::INTEGER AS n FROM sales.orders\n';
    files['domains/sales/products/daily/build.sql'] =
      'SELECT ordered_on AS day, sum(order_id) AS total\nFROM sales.orders\nGROUP BY ordered_on\n';
    const { mesh, dataDir } = writeMesh(files);
    const result = await buildMesh(mesh, { dataDir });
    expect(result.ok).toBe(true);
    expect(existsSync(`${dataDir}/warehouse/fin`)).toBe(false);
    const daily = result.products.find((p) => p.address === 'sales.daily');
    expect(daily?.status).toBe('built');
    expect(daily?.diagnostics.map((d) => [d.code, d.severity])).toEqual([['build-iceberg-skipped', 'warning']]);
    expect(daily?.diagnostics[0]?.message).toContain('HUGEINT');
    expect(existsSync(warehouseTableDir(dataDir, 'sales.daily'))).toBe(false);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../src/index.js';
import { catalogSuite } from './catalog-suite.js';

catalogSuite('PGlite', () => openCatalog());

describe('PGlite data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across opens and migrates only once', async () => {
    const first = await openCatalog({ dataDir: dir });
    await first.db
      .insertInto('domains')
      .values({ name: 'x', description: 'x', isolation: 'schema', spec: '{}' })
      .execute();
    await first.close();
    const second = await openCatalog({ dataDir: dir });
    expect(await second.db.selectFrom('domains').select('name').execute()).toEqual([{ name: 'x' }]);
    await second.close();
  });
});

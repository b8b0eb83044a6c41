import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadMesh } from '@meshwork/core';
import { buildProduct } from '../build/build-product.js';
import { quoteLiteral } from '../duckdb/duckdb-dialect.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { testProduct } from '../quality/test-products.js';
import { domainKey } from '../storage/domain-key.js';
import { domainStore } from '../storage/domain-store.js';
import { decryptFile, encryptFile } from '../storage/encrypted-file.js';
import { privateScratch } from '../storage/scratch.js';
import type { AccountRequest, AccountResponse } from './account-protocol.js';

/**
 * The engine process of one account-per-domain domain. It holds the domain's key, decrypts its store into
 * a private in-memory folder, builds and checks its products there, re-encrypts after every build, and
 * exports snapshots of shared products. A crash or out-of-memory here ends this process only.
 */
let state:
  | { dataDir: string; domain: string; key: Buffer; plain: string; encrypted: string; dispose: () => void }
  | undefined;

async function handle(request: AccountRequest): Promise<unknown> {
  switch (request.type) {
    case 'open': {
      const key = domainKey(request.dataDir, request.domain);
      const scratch = privateScratch(request.domain);
      const encrypted = domainStore(request.dataDir, request.domain, 'account').file;
      const plain = join(scratch.dir, `${request.domain}.duckdb`);
      if (existsSync(encrypted)) await decryptFile(encrypted, plain, key);
      state = { dataDir: request.dataDir, domain: request.domain, key, plain, encrypted, dispose: scratch.dispose };
      return { pid: process.pid, scratch: scratch.dir };
    }
    case 'build': {
      const s = opened();
      const { mesh } = loadMesh(request.source);
      const product = mesh.products.find((p) => p.address === request.address);
      if (!product) throw new Error(`${request.address} is not in the mesh handed to the account engine`);
      const store = { ...domainStore(s.dataDir, s.domain, 'account'), file: s.plain };
      const upstream = new Map(
        request.upstream.map(([address, u]) => [
          address,
          u.kind === 'store' && u.store.domain === s.domain ? { ...u, store } : u,
        ]),
      );
      const result = await buildProduct({
        product,
        domainDir: request.domainDir,
        dataDir: s.dataDir,
        store,
        recordedStoreFile: s.encrypted,
        limits: request.limits,
        upstream,
        force: request.force,
      });
      if (result.status === 'built') {
        mkdirSync(dirname(s.encrypted), { recursive: true });
        await encryptFile(s.plain, s.encrypted, s.key);
      }
      return result;
    }
    case 'export': {
      const s = opened();
      const engine = await DuckDBEngine.open(DEFAULT_LIMITS);
      try {
        await engine.run(`ATTACH ${quoteLiteral(s.plain)} AS store (READ_ONLY)`);
        await engine.run(
          `COPY (SELECT * FROM store.${request.table}) TO ${quoteLiteral(request.target)} (FORMAT parquet)`,
        );
      } finally {
        engine.close();
      }
      return request.target;
    }
    case 'test': {
      const s = opened();
      const { mesh } = loadMesh(request.source);
      const product = mesh.products.find((p) => p.address === request.address);
      if (!product) throw new Error(`${request.address} is not in the mesh handed to the account engine`);
      return testProduct(product, request.limits, { ...request.options, dataDir: s.dataDir }, s.plain);
    }
    case 'close':
      state?.dispose();
      state = undefined;
      return null;
  }
}

function opened() {
  if (!state) throw new Error('the account engine was not opened');
  return state;
}

process.on('message', (message: AccountRequest) => {
  handle(message).then(
    (result) => process.send?.({ id: message.id, ok: true, result } satisfies AccountResponse),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies AccountResponse),
  );
  if (message.type === 'close') setImmediate(() => process.disconnect?.());
});
// Plaintext never outlives the process, whatever ends it short of SIGKILL (which only /dev/shm's
// lifetime and the 0700 folder then bound).
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    state?.dispose();
    process.exit(1);
  });
}
process.on('disconnect', () => {
  state?.dispose();
  process.exit(0);
});

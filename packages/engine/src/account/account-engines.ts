import type { Mesh } from '@meshwork/core';
import { AccountEngine } from './account-engine.js';

/** The account-per-domain engine processes of one run, started on first use and all closed at the end. */
export class AccountEngines {
  private readonly engines = new Map<string, AccountEngine>();

  constructor(private readonly dataDir: string) {}

  /** The running engine of `domain`, started (again, after a crash) when needed. */
  async get(domain: string): Promise<AccountEngine> {
    let engine = this.engines.get(domain);
    if (!engine?.alive) {
      engine = await AccountEngine.start(this.dataDir, domain);
      this.engines.set(domain, engine);
    }
    return engine;
  }

  /** The engine of `domain` if one runs now (for tests and monitoring). */
  peek(domain: string): AccountEngine | undefined {
    return this.engines.get(domain);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.engines.values()].map((e) => e.close()));
    this.engines.clear();
  }
}

/** True when `address` (a product of an account-per-domain domain) is shared with `consumerDomain`. */
export function isShared(mesh: Mesh, address: string, consumerDomain: string): boolean {
  const [owner, product] = address.split('.');
  const domain = mesh.domains.find((d) => d.name === owner);
  return (domain?.loaded.spec.shares ?? []).some((s) => s.product === product && s.with.includes(consumerDomain));
}

import { qualified, quoteIdentifier, quoteLiteral } from '../duckdb/duckdb-dialect.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import type { EngineLimits } from '../engine.js';

/** A table to expose in a sandbox under a plain name. */
export type SandboxTable =
  | { readonly name: string; readonly kind: 'store'; readonly file: string; readonly table: string }
  | { readonly name: string; readonly kind: 'sql'; readonly select: string };

/**
 * An engine for running checks (custom SQL included) that can read only the tables it was given: stores are
 * attached read-only and exposed as views, then external access is disabled and the configuration locked,
 * in that order, so nothing a check runs can read a file, attach a database or change a setting.
 */
export async function openSandbox(
  limits: EngineLimits,
  tables: readonly SandboxTable[],
  allowedPaths: readonly string[] = [],
): Promise<DuckDBEngine> {
  const engine = await DuckDBEngine.open(limits);
  try {
    const aliases = new Map<string, string>();
    for (const t of tables) {
      if (t.kind === 'store') {
        let alias = aliases.get(t.file);
        if (!alias) {
          alias = `mw_store_${aliases.size}`;
          aliases.set(t.file, alias);
          await engine.run(`ATTACH ${quoteLiteral(t.file)} AS ${alias} (READ_ONLY)`);
        }
        const [schema, table] = t.table.split('.') as [string, string];
        await engine.run(`CREATE VIEW ${quoteIdentifier(t.name)} AS SELECT * FROM ${qualified(alias, schema, table)}`);
      } else {
        await engine.run(`CREATE VIEW ${quoteIdentifier(t.name)} AS SELECT * FROM ${t.select}`);
      }
    }
    // Files behind `sql` views stay readable by those views only: nothing else can name a path.
    // Entries ending in "/" are directories (for globs); the others single files.
    const directories = allowedPaths.filter((p) => p.endsWith('/'));
    const files = allowedPaths.filter((p) => !p.endsWith('/'));
    if (files.length > 0) await engine.run(`SET allowed_paths = [${files.map(quoteLiteral).join(', ')}]`);
    if (directories.length > 0)
      await engine.run(`SET allowed_directories = [${directories.map(quoteLiteral).join(', ')}]`);
    await engine.run('SET enable_external_access = false');
    await engine.run('SET lock_configuration = true');
    return engine;
  } catch (error) {
    engine.close();
    throw error;
  }
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** Every non-test TypeScript source of the apps and packages (with `tests`: their tests too), as [path, text]. */
function sources(options: { tests?: boolean } = {}): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && (options.tests || !/\.test\.tsx?$/.test(name)))
        out.push([relative(root, path), readFileSync(path, 'utf8')]);
    }
  };
  // The shared test harness is test code of the whole tree.
  if (options.tests) walk(join(root, 'test-support'));
  for (const group of ['apps', 'packages']) {
    for (const pkg of readdirSync(join(root, group))) {
      if (!statSync(join(root, group, pkg)).isDirectory()) continue;
      const folders = readdirSync(join(root, group, pkg));
      for (const folder of options.tests ? ['src', 'test'] : ['src'])
        if (folders.includes(folder)) walk(join(root, group, pkg, folder));
    }
  }
  return out;
}

/** The files whose text matches `pattern`. */
const matching = (pattern: RegExp, options: { tests?: boolean } = {}) =>
  sources(options)
    .filter(([, text]) => pattern.test(text))
    .map(([path]) => path)
    .sort();

describe('one access model', () => {
  it('ranks classification levels against a clearance in one place', () => {
    // Ranking = a level's index in the taxonomy; only ClearanceScale computes it.
    expect(matching(/levels\.(findIndex|indexOf)\(|levels\.map\(\(\w+, \w+\) => \[\w+\.name, \w+\]\)/)).toEqual([
      'packages/governance/src/access/clearance.ts',
    ]);
  });

  it('decides which columns are masked in one place', () => {
    // The level's masking method is read by ClearanceScale only, and applied per column by AccessModel.
    expect(matching(/\)\?\.masking\b/)).toEqual(['packages/governance/src/access/clearance.ts']);
    expect(matching(/\bmaskingOf\(/)).toEqual([
      'packages/governance/src/access/access-model.ts',
      'packages/governance/src/access/clearance.ts',
    ]);
  });

  it('checks no role outside the access model', () => {
    // A user's role compared, or looked up in a list of roles, is an access rule: it belongs in Cedar.
    const roleCheck =
      /\b(user|me|principal|caller\.user)\.role\s*(===|!==)|\.(includes|has)\(\s*(\w+\.)*(user|me)\.role\s*\)|\broles\.includes\(/;
    expect(matching(roleCheck)).toEqual([]);
  });
});

describe('one services layer', () => {
  it('lets no MCP tool, resource or prompt call the HTTP API in-process', () => {
    // MCP handlers call the service functions of apps/server/src/services, as the routes do; going through
    // the routes (`app.inject`, the removed `callApi`) would hide the services behind a second HTTP layer.
    const inProcessHttp = /\binject\(|\bcallApi\b/;
    expect(matching(inProcessHttp, { tests: true }).filter((path) => path.startsWith('apps/server/src/mcp/'))).toEqual(
      [],
    );
  });
});

describe('the catalog owns its SQL', () => {
  it('builds no query on the catalog database outside packages/catalog, in sources and tests', () => {
    // Kysely query building, or its sql tag: other workspaces call a repository function of @meshwork/catalog
    // (passing catalog.db to one is fine), so the catalog's tables can change without breaking them.
    const queryBuilding =
      /\.(selectFrom|selectNoFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|import\s*(type\s*)?\{[^}]*\bsql\b[^}]*\}\s*from\s*'kysely'/;
    expect(matching(queryBuilding, { tests: true }).filter((path) => !path.startsWith('packages/catalog/'))).toEqual(
      [],
    );
  });
});

describe('docs/architecture.md, "Where things live"', () => {
  it('names files that exist', () => {
    const page = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const section = page.split('## Where things live')[1]?.split('\n## ')[0] ?? '';
    const files = [...section.matchAll(/^\|[^|]+\|\s*`([^`]+)`\s*\|$/gm)].map((m) => m[1] as string);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(statSync(join(root, file), { throwIfNoEntry: false })?.isFile(), file).toBe(true);
  });
});

describe('one API contract', () => {
  it('declares request and response schemas in packages/api only', () => {
    // Routes import their TypeBox schemas from @meshwork/api; no app builds one of its own.
    expect(
      matching(/from '@sinclair\/typebox'|\bType\.(Object|Array|Union|Record|String|Integer)\(/, {
        tests: true,
      }).filter((path) => path.startsWith('apps/')),
    ).toEqual([]);
  });

  it('derives static types of schemas in packages/api, and of the file models of core and provision', () => {
    // core's schemas describe meshwork.yaml, domain.yaml and product.yaml; provision's, the advisor's answers file.
    expect(matching(/\bStatic</, { tests: true }).filter((path) => !path.startsWith('packages/api/'))).toEqual([
      'packages/core/src/mesh/mesh-schemas.ts',
      'packages/provision/src/advise/answers-schema.ts',
    ]);
  });

  it('declares no API answer or body shape of its own in an app', () => {
    // An app that needs the shape of a request or answer imports it from @meshwork/api.
    expect(
      matching(/\b(interface|type)\s+\w+(Json|Body)\b/, { tests: true }).filter((path) => path.startsWith('apps/')),
    ).toEqual([]);
    expect(statSync(join(root, 'apps/web/src/types.ts'), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('lets the web UI import only types from @meshwork/api, so no schema lands in its bundle', () => {
    const web = sources({ tests: true }).filter(([path]) => path.startsWith('apps/web/'));
    const users = web.filter(([, text]) => /from '@meshwork\/api'/.test(text));
    expect(users.length).toBeGreaterThan(5);
    expect(users.filter(([, text]) => /import\s+\{[^}]*\}\s+from '@meshwork\/api'/.test(text)).map(([p]) => p)).toEqual(
      [],
    );
  });
});

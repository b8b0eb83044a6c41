/**
 * The dependency rules of docs/architecture.md ("Packages"), checked by dependency-cruiser (`npm run lint:deps`,
 * part of `npm run lint`). Every rule says why it exists; a violation names the rule, the importing file and the
 * imported one. Raw catalog SQL outside packages/catalog is a text rule, checked by test/architecture.test.ts.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** Every workspace of the root package.json: its folder and its package.json. */
const root = JSON.parse(readFileSync(join(__dirname, 'package.json'), 'utf8'));
const workspaces = root.workspaces.map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(join(__dirname, dir, 'package.json'), 'utf8')),
}));

/** Test files and tooling of a workspace: they may use its devDependencies and the shared test tools. */
const TEST_OR_TOOLING = '^(packages|apps)/[^/]+/(test/|src/.+\\.test\\.tsx?$|[^/]+\\.ts$)';
const TEST_FILE = '(^|/)test/|\\.test\\.tsx?$';
/** What a workspace ships: its sources without their tests. */
const SHIPPED = '^(packages|apps)/[^/]+/src/';
/** Declared once, in the root package.json, for the tests of every workspace. */
const SHARED_TEST_TOOLS = ['vitest', 'fast-check'];
for (const tool of SHARED_TEST_TOOLS) {
  if (!root.devDependencies?.[tool])
    throw new Error(`${tool} is a shared test tool: declare it in the root package.json`);
}

/** A literal string as a regular expression. */
const regexOf = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** The folders of the workspaces a workspace does not declare in `fields` of its package.json. */
const undeclared = (workspace, fields) => {
  const declared = new Set(fields.flatMap((f) => Object.keys(workspace.manifest[f] ?? {})));
  return workspaces.filter((w) => w !== workspace && !declared.has(w.manifest.name)).map((w) => regexOf(w.dir));
};

/**
 * One rule per workspace and kind of file: a workspace imports another only when its package.json declares
 * it (shipped sources: `dependencies`; tests and tooling: `devDependencies` too), so what npm installs for a
 * published package is what it needs.
 */
const declaredWorkspaceRules = workspaces.flatMap((workspace) =>
  [
    { kind: 'src', from: { path: `^${regexOf(workspace.dir)}/src/`, pathNot: TEST_FILE }, fields: ['dependencies'] },
    {
      kind: 'tests',
      from: { path: `^${regexOf(workspace.dir)}/(test/|src/.+\\.test\\.tsx?$|[^/]+\\.ts$)` },
      fields: ['dependencies', 'devDependencies'],
    },
  ].flatMap(({ kind, from, fields }) => {
    const missing = undeclared(workspace, fields);
    if (missing.length === 0) return [];
    return [
      {
        name: `declared-workspace-dependency:${workspace.dir}:${kind}`,
        comment: `${workspace.manifest.name} imports a workspace package that its package.json does not declare (${fields.join(', ')}).`,
        severity: 'error',
        from,
        to: { path: `^(${missing.join('|')})/` },
      },
    ];
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-nothing-of-ours',
      comment: '@meshwork/core is the model every other package builds on; it must not depend on any of them.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: '^(packages/(?!core/)|apps/)' },
    },
    {
      name: 'api-imports-nothing-of-ours',
      comment:
        '@meshwork/api is the HTTP contract the server, the CLI and the browser share; importing server code (or any other workspace) would ship it to every client.',
      severity: 'error',
      from: { path: '^packages/api/' },
      to: { path: '^(packages/(?!api/)|apps/)' },
    },
    {
      name: 'package-imports-only-core',
      comment:
        'catalog, governance and provision build on core only, so each can change (or be replaced) without the others.',
      severity: 'error',
      from: { path: '^packages/(catalog|governance|provision)/' },
      to: { path: '^packages/', pathNot: '^packages/(core|$1)/' },
    },
    {
      name: 'engine-imports-only-core-and-governance',
      comment: 'The engine builds on core, and may use governance for the shape of an access decision; nothing else.',
      severity: 'error',
      from: { path: '^packages/engine/' },
      to: { path: '^packages/', pathNot: '^packages/(core|engine|governance)/' },
    },
    {
      name: 'package-never-imports-an-app',
      comment: 'Apps compose packages, never the other way around.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'server-never-imports-cli',
      comment: 'The CLI starts the server (meshwork up); the server importing the CLI would make the two one program.',
      severity: 'error',
      from: { path: '^apps/server/' },
      to: { path: '^apps/cli/' },
    },
    {
      name: 'web-talks-http-only',
      comment:
        'The web UI runs in the browser and reaches Meshwork over HTTP; workspace code in its bundle would be server code shipped to users.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^(packages|apps/(?!web/))', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-types-from-core-and-api-only',
      comment:
        'The web UI may share types with @meshwork/api (the API contract) and @meshwork/core, erased at build, and with nothing else of ours.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^(packages/(?!(core|api)/)|apps/(?!web/))' },
    },
    {
      name: 'only-public-entry-points',
      comment:
        'Another workspace is used through its public API only (src/index.ts, the package.json `exports`), in sources and tests alike, so its internals can change without breaking its users.',
      severity: 'error',
      from: { path: '^(packages/[^/]+|apps/[^/]+|bench|test|test-support)/' },
      to: { path: '^(packages|apps)/', pathNot: ['^$1/', '^(packages|apps)/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'import-workspaces-by-name',
      comment:
        'Another workspace is imported by its package name (@meshwork/x), never by a relative path, so the import works the same from source, from dist and once published.',
      severity: 'error',
      from: { path: '^(packages/[^/]+|apps/[^/]+|bench|test|test-support)/' },
      to: { path: '^(packages|apps)/', pathNot: '^$1/', dependencyTypesNot: ['aliased'] },
    },
    ...declaredWorkspaceRules,
    {
      name: 'no-non-package-json',
      comment:
        "A workspace's sources use only packages its own package.json declares in `dependencies`: npm hoisting would hide the missing entry here and break the published package.",
      severity: 'error',
      from: { path: SHIPPED, pathNot: TEST_FILE },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dependency',
      comment: 'devDependencies are not installed with a published package, so shipped sources must not import them.',
      severity: 'error',
      from: { path: SHIPPED, pathNot: TEST_FILE },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'test-dependency-declared',
      comment: `Tests and tooling use packages their workspace declares (dependencies or devDependencies) or the shared test tools of the root package.json (${SHARED_TEST_TOOLS.join(', ')}).`,
      severity: 'error',
      from: { path: TEST_OR_TOOLING },
      to: {
        dependencyTypes: ['npm-no-pkg', 'npm-unknown'],
        pathNot: `(^|/)node_modules/(${SHARED_TEST_TOOLS.map(regexOf).join('|')})/`,
      },
    },
    {
      name: 'test-support-is-for-tests',
      comment:
        'test-support/ is the shared test harness (the example mesh, the personas, a started server); shipped sources never import it.',
      severity: 'error',
      from: { path: SHIPPED, pathNot: TEST_FILE },
      to: { path: '^test-support/' },
    },
    {
      name: 'test-support-uses-workspaces-and-shared-tools',
      comment: `test-support/ imports workspaces by name and the shared test tools of the root package.json (${SHARED_TEST_TOOLS.join(', ')}); a third-party package it needs belongs in the root devDependencies.`,
      severity: 'error',
      from: { path: '^test-support/' },
      to: {
        dependencyTypes: ['npm-no-pkg', 'npm-unknown'],
        pathNot: `(^|/)node_modules/(${SHARED_TEST_TOOLS.map(regexOf).join('|')})/`,
      },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import resolves to a file: a deep import of a package (@meshwork/x/dist/..., a path its `exports` do not list) or a missing module fails here.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Dependencies of built output and of third-party packages are not ours to check.
    doNotFollow: { path: ['node_modules', '^(packages|apps)/[^/]+/dist/'] },
    // `import type` counts: a type-only import is still a dependency between workspaces.
    tsPreCompilationDeps: true,
    // The root tsconfig maps each @meshwork/* name to its src/index.ts, as Vitest does.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // Without `types`: packages whose `exports` map `./*` to `*.d.ts` first would resolve to no file.
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    // Unchanged files are not parsed again (checksums, so a branch switch is seen); CI starts without it.
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};

import { describe, expect, it } from 'vitest';
import { minimalMesh } from '../../test/mesh-fixture.js';
import { loadMesh } from './load-mesh.js';
import { meshSourceFromFiles } from './mesh-source-from-files.js';
import { summarizeMesh } from './mesh-summary.js';

const load = (overrides: Record<string, string | undefined> = {}) =>
  loadMesh(meshSourceFromFiles(minimalMesh(overrides)));
const codes = (overrides: Record<string, string | undefined>) => load(overrides).diagnostics.map((d) => d.code);

describe('loadMesh', () => {
  it('loads a valid mesh with no findings', () => {
    const { mesh, diagnostics } = load();
    expect(diagnostics).toEqual([]);
    expect(mesh.products.map((p) => p.address)).toEqual(['a.p', 'a.q']);
    expect(summarizeMesh(mesh)).toEqual({
      name: 'test',
      root: '.',
      domains: [{ name: 'a', isolation: 'schema', products: ['a.p', 'a.q'] }],
      productCount: 2,
    });
  });

  it('reports an input port that names a product that does not exist, with a suggestion', () => {
    const product = minimalMesh()['domains/a/products/q/product.yaml']?.replace('product: a.p', 'product: a.pp');
    const { diagnostics } = load({ 'domains/a/products/q/product.yaml': product });
    expect(diagnostics).toMatchObject([
      { code: 'input-port-unresolved', file: 'domains/a/products/q/product.yaml', line: 13, column: 14 },
    ]);
    expect(diagnostics[0]?.hint).toBe('Did you mean `a.p`?');
  });

  it('reports a dependency cycle listing its products', () => {
    const p = minimalMesh()['domains/a/products/p/product.yaml']?.replace(
      'inputPorts:\n',
      'inputPorts:\n  - name: q\n    product: a.q\n',
    );
    const { diagnostics } = load({ 'domains/a/products/p/product.yaml': p });
    expect(diagnostics.map((d) => d.message)).toEqual(['dependency cycle between products: a.p → a.q → a.p']);
  });

  it('reports a product that reads itself', () => {
    const q = minimalMesh()['domains/a/products/q/product.yaml']?.replace('product: a.p', 'product: a.q');
    expect(codes({ 'domains/a/products/q/product.yaml': q })).toEqual(['dependency-cycle']);
  });

  it('reports an output port whose contract is not in the product folder', () => {
    const q = minimalMesh()['domains/a/products/q/product.yaml']?.replace('contractId: urn:a:q', 'contractId: urn:a:x');
    expect(codes({ 'domains/a/products/q/product.yaml': q })).toEqual([
      'output-port-contract-missing',
      'contract-unused',
    ]);
  });

  it('reports a product whose domain does not match its folder', () => {
    const q = minimalMesh()['domains/a/products/q/product.yaml']?.replace('domain: a', 'domain: b');
    expect(codes({ 'domains/a/products/q/product.yaml': q })).toContain('product-domain-mismatch');
  });

  it('reports a product id that does not match its folder and a domain name that does not match its folder', () => {
    const q = minimalMesh()['domains/a/products/q/product.yaml']?.replace('id: q', 'id: z');
    expect(codes({ 'domains/a/products/q/product.yaml': q })).toContain('product-folder-mismatch');
    const d = minimalMesh()['domains/a/domain.yaml']?.replace('name: a', 'name: b');
    expect(codes({ 'domains/a/domain.yaml': d })).toEqual(['domain-folder-mismatch']);
  });

  it('reports a product version that is not semver', () => {
    const q = minimalMesh()['domains/a/products/q/product.yaml']?.replace('version: 1.0.0', 'version: "1.0"');
    expect(codes({ 'domains/a/products/q/product.yaml': q })).toEqual(['product-version-not-semver']);
  });

  it('makes unresolved references inside a mesh contract errors', () => {
    const c = minimalMesh()['domains/a/products/q/q.odcs.yaml']?.replace('element: q.created_at', 'element: q.made_at');
    const { diagnostics } = load({ 'domains/a/products/q/q.odcs.yaml': c });
    expect(diagnostics).toMatchObject([{ code: 'contract-unresolved-reference', severity: 'error' }]);
  });

  it('reports contract ids used by two products', () => {
    const c = minimalMesh()['domains/a/products/q/q.odcs.yaml']?.replace('id: urn:a:q', 'id: urn:a:p');
    const q = minimalMesh()['domains/a/products/q/product.yaml']?.replace('contractId: urn:a:q', 'contractId: urn:a:p');
    expect(codes({ 'domains/a/products/q/q.odcs.yaml': c, 'domains/a/products/q/product.yaml': q })).toEqual([
      'contract-duplicate-id',
    ]);
  });

  it('reports a missing domain.yaml, a missing product.yaml and a missing transform', () => {
    expect(codes({ 'domains/a/domain.yaml': undefined })).toEqual(['domain-file-missing']);
    expect(codes({ 'domains/a/products/q/product.yaml': undefined })).toEqual(['product-file-missing']);
    expect(codes({ 'domains/a/products/q/build.sql': undefined })).toEqual(['product-transform-missing']);
  });

  it('does not repeat a broken upstream product as an unresolved input port', () => {
    const p = minimalMesh()['domains/a/products/p/product.yaml']?.replace('status: active', 'status: alive');
    expect(codes({ 'domains/a/products/p/product.yaml': p })).toEqual(['schema-enum']);
  });

  it('requires exactly one of product or source on an input port', () => {
    const q = minimalMesh()['domains/a/products/q/product.yaml']?.replace(
      '    product: a.p\n',
      '    product: a.p\n    source:\n      path: x.csv\n      format: csv\n',
    );
    expect(codes({ 'domains/a/products/q/product.yaml': q })).toEqual(['input-port-kind']);
  });

  it('reports unknown fields in descriptors with a did-you-mean hint', () => {
    const d = minimalMesh()['domains/a/domain.yaml']?.replace('isolation: schema', 'isolaton: schema');
    const { diagnostics } = load({ 'domains/a/domain.yaml': d });
    expect(diagnostics.find((x) => x.code === 'schema-unknown-field')?.hint).toBe('Did you mean `isolation`?');
  });

  it('passes read failures through as diagnostics', () => {
    const source = meshSourceFromFiles(minimalMesh());
    const failure = {
      code: 'file-binary',
      severity: 'error' as const,
      message: 'file is binary',
      file: 'domains/a/domain.yaml',
      line: 1,
      column: 1,
      hint: null,
    };
    const broken = { ...source, domains: source.domains.map((d) => ({ ...d, domainFile: failure })) };
    expect(loadMesh(broken).diagnostics.map((d) => d.code)).toEqual(['file-binary']);
  });
});

import { describe, expect, it } from 'vitest';
import { DATSIS, POINTS, scoreLoadedMesh, scoreMesh, scoreProduct, validateMesh } from '../src/index.js';
import { type GoodMeshFiles, goodMesh, meshSource } from './governance-fixture.js';

const scoreOf = (overrides: Partial<GoodMeshFiles> = {}) => {
  const { mesh } = validateMesh(meshSource(goodMesh(overrides)));
  const [product] = scoreLoadedMesh(mesh).products;
  if (!product) throw new Error('the fixture product did not load');
  return product;
};

describe('DATSIS score', () => {
  it('has points for each of the six qualities', () => {
    for (const d of DATSIS) expect(POINTS.filter((p) => p.dimension === d).length).toBeGreaterThanOrEqual(3);
  });

  it('lists each missing point with its fix, and leaves out what files cannot show', () => {
    const score = scoreOf();
    expect(score.missing.map((p) => p.id).sort()).toEqual(
      ['domain-policy', 'output-interfaces', 'physical-types', 'tables-described'].sort(),
    );
    expect(score.missing.every((p) => p.fix.length > 0)).toBe(true);
    const unmeasured = score.points.filter((p) => p.earned === null).map((p) => p.id);
    expect(unmeasured).toEqual(['published', 'checks-pass', 'sla-met']);
    // Trustworthy: quality checks, SLA declared, lineage: all measured points earned.
    expect(score.dimensions.trustworthy).toBe(100);
    expect(score.dimensions.addressable).toBe(67);
  });

  it('lowers the right quality for each missing piece of evidence', () => {
    const good = goodMesh();
    expect(scoreOf({ files: [] }).dimensions.discoverable).toBeLessThan(scoreOf().dimensions.discoverable);
    const untyped = good.contract.replace('        logicalType: timestamp\n', '');
    expect(scoreOf({ contract: untyped }).dimensions.selfDescribing).toBeLessThan(100);
    const unclassified = good.contract.replace('        classification: pii\n', '');
    const insecure = scoreOf({ contract: unclassified });
    expect(insecure.missing.map((p) => p.id)).toContain('pii-classified');
  });

  it('counts catalog evidence when it is there: failing checks and a breached SLA lower Trustworthy', () => {
    const { mesh } = validateMesh(meshSource(goodMesh()));
    const product = mesh.products[0];
    if (!product) throw new Error('no product');
    const input = {
      address: product.address,
      product: product.loaded.spec,
      contracts: product.contracts.map((c) => c.spec),
      files: product.files,
      domain: mesh.domains[0]?.loaded.spec,
    };
    const good = scoreProduct({ ...input, evidence: { published: true, checksPassed: true, slaMet: true } });
    const bad = scoreProduct({ ...input, evidence: { published: true, checksPassed: false, slaMet: false } });
    expect(good.dimensions.trustworthy).toBe(100);
    expect(bad.dimensions.trustworthy).toBe(60);
    expect(scoreMesh([good, bad]).average.dimensions.trustworthy).toBe(80);
  });
});

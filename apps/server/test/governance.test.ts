import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACME, startServer, type TestServer } from '@meshwork/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(join(ACME, path), 'utf8');
const productBody = (name: string, overrides: Record<string, unknown> = {}) => {
  const dir = `domains/marketing/products/${name}`;
  const descriptor = read(`${dir}/product.yaml`);
  return {
    version: /^version: (.+)$/m.exec(descriptor)?.[1],
    descriptor,
    contracts: [{ path: `${name}.odcs.yaml`, text: read(`${dir}/${name}.odcs.yaml`) }],
    docs: read(`${dir}/README.md`),
    files: ['README.md', 'build.sql'],
    ...overrides,
  };
};

let example: TestServer;

// Each test publishes what it needs on a fresh catalog with the example's domains. The server's governance
// comes from the governance group's files (the example mesh's), not from what a publisher sends.
beforeEach(async () => {
  example = await startServer({ governance: true, publish: false });
});
afterEach(async () => {
  await example?.close();
});

const call = (method: 'GET' | 'POST', url: string, payload?: object) => example.call('owner', method, url, payload);
const publish = async (name: string) => {
  const response = await call('POST', `/api/v1/products/marketing.${name}/versions`, productBody(name));
  expect(response.statusCode).toBe(201);
};

describe('governance at publish', () => {
  it('publishes a product that meets the rules, with no warnings', async () => {
    const response = await call('POST', '/api/v1/products/marketing.campaigns/versions', productBody('campaigns'));
    expect(response.statusCode).toBe(201);
    expect(response.json().warnings).toEqual([]);
  });

  it('refuses a publish that breaks an error-severity rule with 422 and the located findings; nothing is written', async () => {
    const body = productBody('customers', { docs: undefined, files: ['build.sql'] });
    const response = await call('POST', '/api/v1/products/marketing.customers/versions', body);
    expect(response.statusCode).toBe(422);
    const error = response.json().error;
    expect(error.message).toBe(
      'marketing.customers 1.2.0 breaks 1 governance rule of error severity; nothing was published',
    );
    expect(error.details.diagnostics).toMatchObject([
      { code: 'product-has-readme', severity: 'error', file: 'marketing.customers/product.yaml', line: 3 },
    ]);
    expect((await call('GET', '/api/v1/products/marketing.customers')).statusCode).toBe(404);
  });

  it('enforces the domain’s own rules at publish too', async () => {
    const text = read('domains/marketing/products/customers/customers.odcs.yaml').replace(
      'name: marketing_opt_in',
      'name: accepts_marketing',
    );
    const body = productBody('customers', { contracts: [{ path: 'customers.odcs.yaml', text }] });
    const response = await call('POST', '/api/v1/products/marketing.customers/versions', body);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details.diagnostics.map((d: { code: string }) => d.code)).toEqual([
      'marketing-consent-with-contact-data',
    ]);
  });

  it('publishes with a warn-severity finding and stores the warning with the version', async () => {
    const response = await call(
      'POST',
      '/api/v1/products/marketing.web_sessions/versions',
      productBody('web_sessions'),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().warnings).toMatchObject([{ code: 'product-tagged', severity: 'warning' }]);
    const versions = (await call('GET', '/api/v1/products/marketing.web_sessions/versions')).json();
    expect(versions).toMatchObject([{ findings: [{ code: 'product-tagged' }] }]);
  });
});

describe('DATSIS scores from the catalog', () => {
  it('scores a published product from its latest version, marking what the catalog has not measured', async () => {
    await publish('web_sessions');
    const response = await call('GET', '/api/v1/products/marketing.web_sessions/score');
    expect(response.statusCode).toBe(200);
    const score = response.json();
    expect(score.dimensions).toMatchObject({ addressable: 100, selfDescribing: 100, secure: 100 });
    expect(score.dimensions.discoverable).toBe(75); // purpose, readme, published; no tags
    expect(score.missing.map((p: { id: string }) => p.id)).toEqual(['tagged']);
    const checks = score.points.find((p: { id: string }) => p.id === 'checks-pass');
    expect(checks.earned).toBeNull(); // no check run yet: not counted for or against
  });

  it('scores the mesh: every published product and the average', async () => {
    await publish('campaigns');
    await publish('web_sessions');
    const mesh = (await call('GET', '/api/v1/score')).json();
    expect(mesh.products.map((p: { address: string }) => p.address)).toEqual([
      'marketing.campaigns',
      'marketing.web_sessions',
    ]);
    expect(mesh.average.score).toBeGreaterThan(90);
  });

  it('answers 404 for a product that was never published', async () => {
    expect((await call('GET', '/api/v1/products/marketing.customers/score')).statusCode).toBe(404);
  });
});

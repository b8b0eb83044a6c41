import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateContract } from '../src/index.js';

const root = join(import.meta.dirname, 'fixtures', 'odcs-examples');
const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).sort();

// The official examples of the Open Data Contract Standard (see fixtures/odcs-examples/SOURCE.md) must
// validate unchanged: no errors; warnings (references to tables defined elsewhere) are allowed.
describe('official ODCS examples', () => {
  it('are all present', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });
  it.each(files)('%s validates without errors', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const { diagnostics, contract } = validateContract({ path: relative(root, join(root, file)), text });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(contract).toBeDefined();
  });
});

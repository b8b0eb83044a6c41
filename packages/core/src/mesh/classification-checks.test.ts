import { describe, expect, it } from 'vitest';
import { minimalMesh } from '../../test/mesh-fixture.js';
import { DEFAULT_TAXONOMY_YAML } from './default-taxonomy.js';
import { loadMesh } from './load-mesh.js';
import { meshSourceFromFiles } from './mesh-source-from-files.js';

const withClassification = (classification: string, extra = '', taxonomy?: string) => {
  const files = minimalMesh();
  files['domains/a/products/p/p.odcs.yaml'] = `${(files['domains/a/products/p/p.odcs.yaml'] as string).replace(
    '      - name: id\n        logicalType: integer\n',
    `      - name: id\n        logicalType: integer\n        classification: ${classification}\n`,
  )}${extra}`;
  const source = meshSourceFromFiles(files);
  return loadMesh(
    taxonomy === undefined
      ? source
      : { ...source, taxonomyFile: { path: 'governance/classification.yaml', text: taxonomy } },
  );
};

describe('classification taxonomy', () => {
  it('accepts the levels of the default taxonomy', () => {
    expect(withClassification('pii').diagnostics).toEqual([]);
  });

  it('refuses an unknown level, listing the valid ones and suggesting the closest', () => {
    const { diagnostics } = withClassification('confidental');
    expect(diagnostics).toMatchObject([{ code: 'classification-unknown', severity: 'error', line: 11, column: 25 }]);
    expect(diagnostics[0]?.message).toBe(
      'property "id" has classification "confidental", which is not a level of the taxonomy (public, internal, confidential, pii)',
    );
    expect(diagnostics[0]?.hint).toBe('Did you mean `confidential`?');
  });

  it('enforces the patterns a level allows', () => {
    const strict = DEFAULT_TAXONOMY_YAML.replace(
      /(name: pii[\s\S]*?allowedPatterns: )\[schema, workspace, account\]/,
      '$1[workspace, account]',
    );
    const { diagnostics } = withClassification('pii', '', strict);
    expect(diagnostics.map((d) => d.code)).toEqual(['classification-pattern']);
    expect(diagnostics[0]?.hint).toBe(
      'Move the domain to a stronger pattern (meshwork domain upgrade a --to workspace) or reclassify the property.',
    );
  });

  it('enforces the maximum retention of the levels a contract holds', () => {
    const { diagnostics } = withClassification(
      'pii',
      '  - property: retention\n    value: 12\n    unit: y\n    element: p.created_at\n',
    );
    expect(diagnostics).toMatchObject([
      {
        code: 'classification-retention',
        message: 'retention 12 y exceeds the maximum retention of pii data (10y), which this contract holds',
      },
    ]);
  });

  it('validates the taxonomy file itself', () => {
    const { diagnostics } = withClassification(
      'internal',
      '',
      DEFAULT_TAXONOMY_YAML.replace('masking: redact', 'masking: blur'),
    );
    expect(diagnostics[0]).toMatchObject({ code: 'schema-enum', file: 'governance/classification.yaml' });
    expect(diagnostics[0]?.message).toMatch(/masking" is "blur"; expected one of none, redact, hash, null, partial/);
  });
});

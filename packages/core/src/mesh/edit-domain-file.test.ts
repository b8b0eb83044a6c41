import { describe, expect, it } from 'vitest';
import { editDomainFile } from './edit-domain-file.js';

const text = `# The finance domain.
name: finance
isolation: schema # shared for now
compliance: [sox]
shares:
  - product: invoices
    with: [logistics]
`;

describe('editDomainFile', () => {
  it('changes the pattern and keeps comments and layout', () => {
    expect(editDomainFile(text, 'workspace')).toBe(text.replace('isolation: schema', 'isolation: workspace'));
  });

  it('adds shares and merges domains into an existing share', () => {
    const out = editDomainFile(text, 'account', [
      { product: 'invoices', with: ['marketing'] },
      { product: 'ledger', with: ['ops'] },
    ]);
    expect(out).toContain('  - product: invoices\n    with: [logistics, marketing]\n');
    expect(out).toContain('  - product: ledger\n    with: [ops]\n');
    expect(out).toContain('# The finance domain.');
  });

  it('creates the shares list when there is none', () => {
    const out = editDomainFile('name: a\nisolation: workspace\n', 'account', [{ product: 'p', with: ['b'] }]);
    expect(out).toBe('name: a\nisolation: account\nshares:\n  - product: p\n    with: [b]\n');
  });
});

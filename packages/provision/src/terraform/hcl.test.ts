import { describe, expect, it } from 'vitest';
import { block, call, expr, quote, renderAttributes, renderHcl } from './hcl.js';

describe('the HCL writer', () => {
  it('aligns = across one-line attributes, sorts keys with meta-arguments first, breaks runs at multi-line values', () => {
    const text = renderHcl([
      block('resource', ['aws_s3_bucket', 'b'], {
        tags: { domain: 'x', cost_center: 'y' },
        bucket: 'b',
        for_each: expr('local.set'),
        acl: 'private',
      }),
    ]);
    expect(text).toBe(
      [
        'resource "aws_s3_bucket" "b" {',
        '  for_each = local.set',
        '  acl      = "private"',
        '  bucket   = "b"',
        '  tags = {',
        '    cost_center = "y"',
        '    domain      = "x"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes lists of scalars on one line, lists of maps one item per line, calls around their argument', () => {
    expect(
      renderAttributes({ a: ['x', 1, true], b: [{ k: 'v' }], c: call('jsonencode', { V: '1' }), d: [], e: {} }),
    ).toBe('a = ["x", 1, true]\nb = [\n  {\n    k = "v"\n  },\n]\nc = jsonencode({\n  V = "1"\n})\nd = []\ne = {}\n');
  });

  it('separates blocks by one blank line and nests blocks after attributes', () => {
    expect(renderHcl([block('a', [], { x: 1 }, [block('b', ['l'])]), block('c', [])])).toBe(
      'a {\n  x = 1\n\n  b "l" {}\n}\n\nc {}\n',
    );
  });

  it('escapes quotes, backslashes, newlines and template openers; quotes keys that are not identifiers', () => {
    expect(quote('a "b" \\ ${c} %{d}\n')).toBe('"a \\"b\\" \\\\ $${c} %%{d}\\n"');
    expect(renderAttributes({ m: { 'aws:Region': 'x' } })).toBe('m = {\n  "aws:Region" = "x"\n}\n');
  });
});

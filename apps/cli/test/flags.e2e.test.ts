import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const repo = join(import.meta.dirname, '..', '..', '..');

// Every flag that takes a value refuses a bad one with exit 2 and one line that says what it takes.
describe('flag values', () => {
  it.each([
    [['up', 'examples/acme', '--port', 'eighty'], 'meshwork: --port takes a number from 0 to 65535, not "eighty"\n'],
    [
      ['publish', 'examples/acme', '--server', 'ftp://x', '--token', 't'],
      'meshwork: --server takes an http(s) URL, not "ftp://x"\n',
    ],
    [
      ['publish', 'examples/acme', '--server', 'http://127.0.0.1:9'],
      'meshwork: no token: pass --token or set MESHWORK_TOKEN (meshwork up writes dev tokens to .meshwork/dev-tokens.json)\n',
    ],
    [
      ['token', 'create', 'x', '--expires-in-days', '0', '--token', 't'],
      'meshwork: --expires-in-days takes a whole number of days, 1 or more\n',
    ],
    [
      ['query', 'SELECT 1', '--format', 'xml', '--token', 't'],
      'meshwork: --format takes table, json, csv, not "xml"\n',
    ],
    [
      ['query', 'SELECT 1', '--limit', '0', '--token', 't'],
      'meshwork: --limit takes a whole number from 1 to 100000, not "0"\n',
    ],
    [['token', 'rotate', '--token', 't'], 'meshwork: unknown token action "rotate"; use create, list or revoke\n'],
    [
      ['test', 'examples/acme', '--server', 'prod'],
      'meshwork: --server applies to a contract file: meshwork test CONTRACT.odcs.yaml --server NAME\n',
    ],
  ])('meshwork %j', (args, message) => {
    const { code, stderr, stdout } = runCli(args, repo);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
    expect(stdout).toBe('');
  });

  it('says when the server cannot be reached', () => {
    const { code, stderr } = runCli(
      ['publish', 'examples/acme', '--server', 'http://127.0.0.1:9', '--token', 't'],
      repo,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^meshwork: cannot reach the Meshwork server at http:\/\/127\.0\.0\.1:9 .*; start it with meshwork up\n$/,
    );
  });
});

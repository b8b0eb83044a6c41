import { type Catalog, createToken, ensureUser, openCatalog } from '@meshwork/catalog';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { MAX_SESSIONS_PER_USER } from '../src/mcp/mcp-sessions.js';

let catalog: Catalog;
let app: FastifyInstance;
let server: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  catalog = await openCatalog();
  for (const name of ['mallory', 'alice']) {
    const user = await ensureUser(catalog.db, { name, email: `${name}@acme.example`, role: 'consumer', domain: null });
    tokens[name] = await createToken(catalog.db, user.id, 'test');
  }
  app = await createServer({ catalog, logger: false, webRoot: false });
  server = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await catalog?.close();
});

const headers = (user: string, session?: string) => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  authorization: `Bearer ${tokens[user]}`,
  ...(session ? { 'mcp-session-id': session } : {}),
});

/** Opens a session as `user` with a bare initialize request; resolves with its id. */
async function initialize(user: string): Promise<string> {
  const response = await fetch(`${server}/mcp`, {
    method: 'POST',
    headers: headers(user),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  await response.body?.cancel();
  return response.headers.get('mcp-session-id') ?? '';
}

/** The status of a `tools/list` in `session` as `user`: 200 while the session is open, 404 once closed. */
async function listTools(user: string, session: string): Promise<number> {
  const response = await fetch(`${server}/mcp`, {
    method: 'POST',
    headers: headers(user, session),
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }),
  });
  await response.body?.cancel();
  return response.status;
}

describe('MCP sessions', () => {
  it('caps the sessions of one user, closing only that user’s oldest, so a flood of initialize calls cannot close others’', async () => {
    const alices = await initialize('alice');
    const mallorys: string[] = [];
    for (let i = 0; i < 3 * MAX_SESSIONS_PER_USER; i++) mallorys.push(await initialize('mallory'));

    expect(await listTools('alice', alices)).toBe(200);
    const open = [];
    for (const session of mallorys) open.push(await listTools('mallory', session));
    // Each new session past the cap closed the user's least recently used one: only the newest remain.
    expect(open).toEqual(mallorys.map((_, i) => (i < 2 * MAX_SESSIONS_PER_USER ? 404 : 200)));
  });
});

import { type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SESSIONS_PER_USER } from '../src/mcp/mcp-sessions.js';

let example: TestServer;
let server: string;
let tokens: Record<PersonaKey, string>;

beforeAll(async () => {
  example = await startServer({ publish: false });
  ({ url: server, tokens } = example);
});
afterAll(async () => {
  await example?.close();
});

const headers = (user: PersonaKey, session?: string) => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  authorization: `Bearer ${tokens[user]}`,
  ...(session ? { 'mcp-session-id': session } : {}),
});

/** Opens a session as `user` with a bare initialize request; resolves with its id. */
async function initialize(user: PersonaKey): Promise<string> {
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
async function listTools(user: PersonaKey, session: string): Promise<number> {
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
    // The outsider floods; the finance analyst's one session must survive it.
    const analysts = await initialize('consumer');
    const floods: string[] = [];
    for (let i = 0; i < 3 * MAX_SESSIONS_PER_USER; i++) floods.push(await initialize('outsider'));

    expect(await listTools('consumer', analysts)).toBe(200);
    const open = [];
    for (const session of floods) open.push(await listTools('outsider', session));
    // Each new session past the cap closed the user's least recently used one: only the newest remain.
    expect(open).toEqual(floods.map((_, i) => (i < 2 * MAX_SESSIONS_PER_USER ? 404 : 200)));
  });
});

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { McpSessions } from './mcp-sessions.js';

const made: McpSessions[] = [];
afterEach(async () => {
  for (const sessions of made.splice(0)) await sessions.closeAll();
});

/** Sessions with small caps, and a way to open one for a user under an id. */
function withCaps(perUser: number, total: number) {
  const sessions = new McpSessions(perUser, total);
  made.push(sessions);
  const open = (id: string, userId: string) =>
    sessions.add(id, {
      transport: new StreamableHTTPServerTransport({ sessionIdGenerator: undefined }),
      server: new McpServer({ name: 'test', version: '1' }),
      userId,
      lastSeen: Date.now(),
    });
  const kept = (ids: [string, string][]) => ids.filter(([id, userId]) => sessions.find(id, userId)).map(([id]) => id);
  return { open, kept };
}

describe('McpSessions', () => {
  it('past the per-user cap closes that user’s least recently used session only', () => {
    const { open, kept } = withCaps(2, 100);
    open('a1', 'alice');
    open('m1', 'mallory');
    open('m2', 'mallory');
    open('m3', 'mallory');
    expect(
      kept([
        ['a1', 'alice'],
        ['m1', 'mallory'],
        ['m2', 'mallory'],
        ['m3', 'mallory'],
      ]),
    ).toEqual(['a1', 'm2', 'm3']);
  });

  it('when the server is full, closes a session of the user who holds the most', () => {
    const { open, kept } = withCaps(3, 5);
    open('a1', 'alice');
    for (const id of ['m1', 'm2', 'm3']) open(id, 'mallory');
    open('b1', 'bob');
    open('c1', 'carol');
    expect(
      kept([
        ['a1', 'alice'],
        ['m1', 'mallory'],
        ['m2', 'mallory'],
        ['m3', 'mallory'],
        ['b1', 'bob'],
        ['c1', 'carol'],
      ]),
    ).toEqual(['a1', 'm2', 'm3', 'b1', 'c1']);
  });
});

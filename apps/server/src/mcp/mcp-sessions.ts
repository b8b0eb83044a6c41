import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** One MCP session: its transport and server, bound to the user who opened it. */
export interface McpSession {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: McpServer;
  readonly userId: string;
  lastSeen: number;
}

/** How long an idle session is kept, and how many sessions a server holds at most. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const MAX_SESSIONS = 1000;

/**
 * The open MCP sessions of a server. A session belongs to the user whose token opened it: another user's
 * token never finds it. Idle sessions are closed after {@link SESSION_IDLE_MS}; past {@link MAX_SESSIONS}
 * the least recently used one is closed. A client whose session is gone gets 404 and initializes anew.
 */
export class McpSessions {
  private readonly sessions = new Map<string, McpSession>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(Date.now()), 60_000);
    this.sweeper.unref();
  }

  /** The session with this id if it belongs to `userId`, marked as used. */
  find(id: string, userId: string): McpSession | undefined {
    const session = this.sessions.get(id);
    if (!session || session.userId !== userId) return undefined;
    session.lastSeen = Date.now();
    // Re-inserting keeps the map in least-recently-used order.
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  add(id: string, session: McpSession): void {
    while (this.sessions.size >= MAX_SESSIONS) {
      const [oldest] = this.sessions.keys();
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    this.sessions.set(id, session);
  }

  /** Forgets a session (its transport closed) without closing it again. */
  forget(id: string): void {
    this.sessions.delete(id);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.sessions.keys()];
    await Promise.all(all.map((id) => this.drop(id)));
  }

  private sweep(now: number): void {
    for (const [id, session] of this.sessions) if (now - session.lastSeen > SESSION_IDLE_MS) void this.drop(id);
  }

  private async drop(id: string): Promise<void> {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    await session?.server.close().catch(() => undefined);
  }
}

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** One MCP session: its transport and server, bound to the user who opened it. */
export interface McpSession {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: McpServer;
  readonly userId: string;
  lastSeen: number;
}

/** How long an idle session is kept. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** How many sessions a server holds at most. */
export const MAX_SESSIONS = 1000;
/** How many sessions one user holds at most (an assistant or two, each with a few reconnects). */
export const MAX_SESSIONS_PER_USER = 16;

/**
 * The open MCP sessions of a server. A session belongs to the user whose token opened it: another user's
 * token never finds it. Idle sessions are closed after {@link SESSION_IDLE_MS}. A user past
 * {@link MAX_SESSIONS_PER_USER} loses their own least recently used session, never anyone else's; past
 * {@link MAX_SESSIONS} in all, the user holding the most sessions loses their least recently used one, so
 * opening sessions under one token cannot close other users'. A client whose session is gone gets 404 and
 * initializes anew.
 */
export class McpSessions {
  private readonly sessions = new Map<string, McpSession>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly perUser = MAX_SESSIONS_PER_USER,
    private readonly total = MAX_SESSIONS,
  ) {
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

  /** Keeps a new session, first closing the one the caps single out (see the class). */
  add(id: string, session: McpSession): void {
    const own = this.idsOf(session.userId);
    // The map is in least-recently-used order, so each user's first id is their oldest session.
    if (own.length >= this.perUser && own[0] !== undefined) void this.drop(own[0]);
    else if (this.sessions.size >= this.total) {
      const heaviest = this.heaviestUser();
      const oldest = heaviest === undefined ? undefined : this.idsOf(heaviest)[0];
      if (oldest !== undefined) void this.drop(oldest);
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

  private idsOf(userId: string): string[] {
    return [...this.sessions].filter(([, s]) => s.userId === userId).map(([id]) => id);
  }

  private heaviestUser(): string | undefined {
    const counts = new Map<string, number>();
    for (const { userId } of this.sessions.values()) counts.set(userId, (counts.get(userId) ?? 0) + 1);
    let heaviest: string | undefined;
    for (const [userId, count] of counts) if (count > (counts.get(heaviest ?? '') ?? 0)) heaviest = userId;
    return heaviest;
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

import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { DB } from "~/db/db.server";
import { sha256 } from "./hash";

/**
 * Lucia 3 adapter over Kysely. The sessions table holds SHA-256(session id),
 * so a leaked table cannot be replayed as cookies.
 */
export class SessionAdapter implements Adapter {
  constructor(private readonly db: () => DB) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db()
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select(["sessions.expires_at", "users.id as user_id", "users.role", "users.email", "users.name", "users.client_id"])
      .where("sessions.id", "=", sha256(sessionId))
      .executeTakeFirst();
    if (!row) return [null, null];
    return [
      { id: sessionId, userId: row.user_id, expiresAt: new Date(row.expires_at), attributes: {} },
      { id: row.user_id, attributes: { role: row.role, email: row.email, name: row.name, client_id: row.client_id } },
    ];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db().selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
    // Only hashes are stored, so these ids cannot be turned back into cookies.
    return rows.map((r) => ({ id: r.id, userId: r.user_id, expiresAt: new Date(r.expires_at), attributes: {} }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db()
      .insertInto("sessions")
      .values({ id: sha256(session.id), user_id: session.userId, expires_at: session.expiresAt, absolute_expires_at: session.expiresAt })
      .execute();
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db().updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", sha256(sessionId)).execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db().deleteFrom("sessions").where("id", "=", sha256(sessionId)).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db().deleteFrom("sessions").where("user_id", "=", userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db().deleteFrom("sessions").where("expires_at", "<=", new Date()).execute();
  }
}

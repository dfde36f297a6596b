import { Cookie } from "lucia";
import type { User } from "lucia";
import type { Kysely } from "kysely";
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { randomToken, sha256 } from "./hash";
import { lucia, SESSION_COOKIE, sessionCookieAttributes } from "./lucia.server";
import { requestContextOf } from "./request-context";
import { needsTouch, sessionExpiry, sessionLimits } from "./session-policy";

export type Role = "officer" | "liaison" | "complainant";

export interface SessionMeta {
  userAgent: string | null;
  ipAddress: string | null;
}

export interface ValidSession {
  /** The stored key (SHA-256 of the cookie's value): names the session on "your sessions". */
  key: string;
  user: User;
}

/**
 * Where a request comes from, for the "your sessions" page: the browser's own description and the
 * connection's address as the server saw it (load context; a header could be forged).
 */
export function sessionMetaOf(request: Request, context?: unknown): SessionMeta {
  return {
    userAgent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
    ipAddress: requestContextOf(context).clientAddress?.slice(0, 100) ?? null,
  };
}

/**
 * Starts a session (a sign-in) on `on`: records the time, returns the Set-Cookie value. A sign-in
 * that spends something (a link, a held filing's link, a second-factor code) passes its own
 * transaction, so the session starts with the spending or not at all: a failure here leaves the
 * link usable and the new recovery codes unwritten, instead of spent with no session (ADR 065).
 */
export async function startSession(on: Kysely<Database>, userId: string, meta: SessionMeta, now: Date): Promise<string> {
  const user = await on.updateTable("users").set({ last_sign_in_at: now }).where("id", "=", userId).returning("role").executeTakeFirstOrThrow();
  return (await sessions.create(userId, user.role, meta, now, on)).cookie;
}

/**
 * Session look-up and creation with our own clock (`now`): lucia 3's validateSession reads the
 * wall clock and knows one lifetime for everyone, and we need idle and absolute limits per role.
 * Lucia still reads and writes the cookie and its adapter still deletes sessions.
 */
export const sessions = {
  /** `on`: the caller's transaction, when the session must start with what it proves (startSession). */
  async create(userId: string, role: Role, meta: SessionMeta, now: Date, on: Kysely<Database> = db()): Promise<{ token: string; cookie: string }> {
    const token = randomToken(25);
    const limits = sessionLimits(role);
    const absolute = new Date(now.getTime() + limits.absoluteMs);
    await on
      .insertInto("sessions")
      .values({
        id: sha256(token),
        user_id: userId,
        created_at: now,
        last_seen_at: now,
        absolute_expires_at: absolute,
        expires_at: sessionExpiry(now, absolute, limits),
        user_agent: meta.userAgent,
        ip_address: meta.ipAddress,
      })
      .execute();
    // The cookie never outlives the session's absolute end.
    const cookie = new Cookie(SESSION_COOKIE, token, { ...sessionCookieAttributes, maxAge: Math.floor(limits.absoluteMs / 1000) });
    return { token, cookie: cookie.serialize() };
  },

  /**
   * The session and its person, or null when unknown, idle too long, past its absolute end, or
   * when the person or their client has been deactivated (such a session is removed).
   */
  async validate(token: string, now: Date): Promise<ValidSession | null> {
    const key = sha256(token);
    const row = await db()
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .leftJoin("clients", "clients.id", "users.client_id")
      .select([
        "sessions.last_seen_at",
        "sessions.absolute_expires_at",
        "users.id as user_id",
        "users.role",
        "users.email",
        "users.name",
        "users.client_id",
        "users.active",
        "clients.active as client_active",
      ])
      .where("sessions.id", "=", key)
      .executeTakeFirst();
    if (!row) return null;
    const limits = sessionLimits(row.role);
    const lastSeen = new Date(row.last_seen_at);
    const expires = sessionExpiry(lastSeen, new Date(row.absolute_expires_at), limits);
    const clientActive = row.role !== "liaison" || row.client_active === true;
    if (now >= expires || !row.active || !clientActive) {
      await db().deleteFrom("sessions").where("id", "=", key).execute();
      return null;
    }
    if (needsTouch(lastSeen, now)) {
      await db()
        .updateTable("sessions")
        .set({ last_seen_at: now, expires_at: sessionExpiry(now, new Date(row.absolute_expires_at), limits) })
        .where("id", "=", key)
        .execute();
    }
    return {
      key,
      user: { id: row.user_id, role: row.role, email: row.email, name: row.name, clientId: row.client_id },
    };
  },

  async end(token: string): Promise<void> {
    await db().deleteFrom("sessions").where("id", "=", sha256(token)).execute();
  },

  /** Ends one of a person's sessions by its stored key; another person's key ends nothing. */
  async endByKey(userId: string, key: string): Promise<boolean> {
    const gone = await db().deleteFrom("sessions").where("id", "=", key).where("user_id", "=", userId).executeTakeFirst();
    return Number(gone.numDeletedRows) > 0;
  },

  /** Every session of a person ends at once (sign out everywhere, deactivation, 2FA reset). */
  async endAllOf(userId: string, except?: string): Promise<number> {
    let q = db().deleteFrom("sessions").where("user_id", "=", userId);
    if (except) q = q.where("id", "!=", except);
    const gone = await q.executeTakeFirst();
    return Number(gone.numDeletedRows);
  },

  async listOf(userId: string, now: Date) {
    const rows = await db()
      .selectFrom("sessions")
      .select(["id", "created_at", "last_seen_at", "absolute_expires_at", "user_agent", "ip_address"])
      .where("user_id", "=", userId)
      .where("expires_at", ">", now)
      .orderBy("last_seen_at", "desc")
      .execute();
    return rows;
  },

  /** The session id the request carries; none when its cookie header cannot be read. */
  readCookie(request: Request): string | null {
    try {
      return lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
    } catch {
      return null;
    }
  },

  blankCookie(): string {
    return lucia.createBlankSessionCookie().serialize();
  },
};

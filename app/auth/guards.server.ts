import { redirect } from "@remix-run/node";
import type { User } from "lucia";
import type { Actor, Role } from "~/domain";
import { db } from "~/db/db.server";
import { sessionMetaOf, sessions, startSession } from "./sessions.server";

export interface SignedIn {
  user: User;
  actor: Actor;
  /** The stored key of this session (names it on "your sessions"). */
  sessionKey: string;
}

export function actorOf(user: User): Actor {
  if (user.role === "liaison") {
    if (!user.clientId) throw new Error(`liaison ${user.id} has no client`);
    return { role: "liaison", userId: user.id, clientId: user.clientId };
  }
  return { role: user.role, userId: user.id };
}

/**
 * What a loader or action receives. Remix hands every loader and the action of one request the
 * same `context` object (a fresh one per request), but each its own copy of the Request; so the
 * session found for a request is remembered on its context, and the root loader and the page's
 * loader share one database look-up. Callers pass the loader's or action's arguments, never the
 * bare Request: without the context every loader of the page looked the session up again.
 */
export type RequestArgs = { request: Request; context: unknown };

const lookups = new WeakMap<object, { sessionId: string; signedIn: Promise<SignedIn | null> }>();

export function getSignedIn({ request, context }: RequestArgs): Promise<SignedIn | null> {
  const sessionId = sessions.readCookie(request);
  if (!sessionId) return Promise.resolve(null);
  const key = typeof context === "object" && context !== null ? context : null;
  const known = key ? lookups.get(key) : undefined;
  if (known && known.sessionId === sessionId) return known.signedIn;
  // "Last seen" is written at most once a minute (session-policy.ts), not on every request.
  const signedIn = sessions
    .validate(sessionId, new Date())
    .then((valid) => (valid ? { user: valid.user, actor: actorOf(valid.user), sessionKey: valid.key } : null));
  if (key) {
    lookups.set(key, { sessionId, signedIn });
    // A failed look-up (database briefly away) is not remembered.
    signedIn.catch(() => lookups.delete(key));
  }
  return signedIn;
}

/** Every loader and action for signed-in people starts here. */
export async function requireSignedIn(from: RequestArgs, roles: Role[]): Promise<SignedIn> {
  const signedIn = await getSignedIn(from);
  const { request } = from;
  if (!signedIn) {
    const url = new URL(request.url);
    const back = encodeURIComponent(url.pathname + url.search);
    throw redirect(roles.includes("complainant") && roles.length === 1 ? `/signin?next=${back}` : `/login?next=${back}`);
  }
  if (!roles.includes(signedIn.actor.role)) {
    throw new Response("This page is not available to your account.", { status: 403 });
  }
  return signedIn;
}

/**
 * Starts a session (a sign-in) on its own: records the time, returns the Set-Cookie value. The
 * sign-ins that spend something start theirs inside that transaction instead (startSession).
 */
export async function sessionCookieFor(userId: string, from?: RequestArgs, now = new Date()): Promise<string> {
  const meta = from ? sessionMetaOf(from.request, from.context) : { userAgent: null, ipAddress: null };
  return startSession(db(), userId, meta, now);
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = sessions.readCookie(request);
  if (sessionId) await sessions.end(sessionId);
  return sessions.blankCookie();
}

/** Only local paths, so a crafted ?next= cannot send people to another site (app/auth/safe-next.ts). */
export { safeNext } from "./safe-next";

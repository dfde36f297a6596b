import { redirect } from "@remix-run/node";
import type { User } from "lucia";
import type { Actor, Role } from "~/domain";
import { lucia } from "./lucia.server";

export interface SignedIn {
  user: User;
  actor: Actor;
}

export function actorOf(user: User): Actor {
  if (user.role === "liaison") {
    if (!user.clientId) throw new Error(`liaison ${user.id} has no client`);
    return { role: "liaison", userId: user.id, clientId: user.clientId };
  }
  return { role: user.role, userId: user.id };
}

export async function getSignedIn(request: Request): Promise<SignedIn | null> {
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { user } = await lucia.validateSession(sessionId);
  return user ? { user, actor: actorOf(user) } : null;
}

/** Every loader and action for signed-in people starts here. */
export async function requireSignedIn(request: Request, roles: Role[]): Promise<SignedIn> {
  const signedIn = await getSignedIn(request);
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

export async function sessionCookieFor(userId: string): Promise<string> {
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}

/** Only local paths, so a crafted ?next= cannot send people to another site. */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  return next;
}

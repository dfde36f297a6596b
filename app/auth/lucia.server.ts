import { Lucia, TimeSpan } from "lucia";
import { db } from "~/db/db.server";
import { SessionAdapter } from "./session-adapter.server";

const secure = (process.env.APP_URL ?? "").startsWith("https://");

export const SESSION_COOKIE = "recourse_session";
export const sessionCookieAttributes = { secure, sameSite: "lax" as const, httpOnly: true, path: "/" };

/**
 * Lucia reads and clears the session cookie; validation and creation go through sessions.server.ts,
 * which knows idle and absolute limits per role (session-policy.ts).
 */
export const lucia = new Lucia(new SessionAdapter(db), {
  sessionExpiresIn: new TimeSpan(12, "h"),
  sessionCookie: {
    name: SESSION_COOKIE,
    expires: true,
    attributes: { secure, sameSite: "lax" },
  },
  getUserAttributes: (a) => ({ role: a.role, email: a.email, name: a.name, clientId: a.client_id }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: {
      role: "officer" | "liaison" | "complainant";
      email: string;
      name: string;
      client_id: string | null;
    };
  }
}

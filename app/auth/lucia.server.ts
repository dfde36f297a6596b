import { Lucia, TimeSpan } from "lucia";
import { db } from "~/db/db.server";
import { SessionAdapter } from "./session-adapter.server";

const secure = (process.env.APP_URL ?? "").startsWith("https://");

export const lucia = new Lucia(new SessionAdapter(db), {
  sessionExpiresIn: new TimeSpan(8, "h"),
  sessionCookie: {
    name: "recourse_session",
    expires: false, // a browser-session cookie; the server-side expiry still applies
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

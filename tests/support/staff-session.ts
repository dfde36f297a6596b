/**
 * A staff session for end-to-end tests without the sign-in form (ADR 022).
 *
 * The form's second step accepts each TOTP code once per account, so an account signing in again
 * within the same 30-second step waits for the next one: most e2e time went there. Specs that are
 * about something else start the session the way /login/verify does once the code is accepted
 * (app/auth/guards.server.ts `sessionCookieFor`, the app's own session code), and put the cookie
 * it returns into the browser. The password is still checked (the app's verifyPassword), and an
 * account without an enrolled second factor, or one that may not sign in, is refused, as it would
 * be on the form. Nothing here is in production code: it needs the database's owner URL, which only
 * the test run knows (global-setup.ts passes it to the workers as E2E_DATABASE_URL).
 */

// Types only: the modules themselves are imported on first use (appAuth), after the environment is set.
import type * as GuardsModule from "../../app/auth/guards.server";
import type * as PasswordModule from "../../app/auth/password.server";
import type * as DbModule from "../../app/db/db.server";
import type { Kysely } from "kysely";
import type { Database } from "../../app/db/schema";

export interface SessionCookie {
  name: string;
  value: string;
  /** Seconds since the epoch, from the cookie's Max-Age. */
  expires: number;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: "Lax" | "Strict" | "None";
}

type AppAuth = {
  verifyPassword: typeof PasswordModule.verifyPassword;
  sessionCookieFor: typeof GuardsModule.sessionCookieFor;
  db: typeof DbModule.db;
  closeDb: typeof DbModule.closeDb;
};

let loaded: Promise<AppAuth> | undefined;

/**
 * The app's session and password code, loaded on first use after pointing it at the e2e database
 * (it reads DATABASE_URL and APP_URL from the environment, as the server does). Only these small
 * modules: sign-in.server.ts would bring the mail templates, seconds of loading in every worker.
 */
function appAuth(): Promise<AppAuth> {
  loaded ??= (async () => {
    const url = process.env.E2E_DATABASE_URL;
    if (!url) throw new Error("E2E_DATABASE_URL is not set: run the e2e tests through `playwright test` (global-setup.ts)");
    process.env.DATABASE_URL = url;
    // The cookie's Secure attribute follows APP_URL (app/auth/lucia.server.ts): the same as the server's.
    process.env.APP_URL ??= process.env.E2E_BASE_URL;
    const [password, guards, database] = await Promise.all([
      import("../../app/auth/password.server"),
      import("../../app/auth/guards.server"),
      import("../../app/db/db.server"),
    ]);
    return { verifyPassword: password.verifyPassword, sessionCookieFor: guards.sessionCookieFor, db: database.db, closeDb: database.closeDb };
  })();
  return loaded;
}

/**
 * Starts a session for a staff account whose password is `password` and returns the cookie the
 * app would set. Throws where the form would refuse: a wrong password, a deactivated person or
 * client, or an account without a second factor (that one goes through signInStaffThroughForm).
 */
export async function startStaffSession(email: string, password: string, userAgent: string | null = null): Promise<SessionCookie> {
  const app = await appAuth();
  const request = new Request(process.env.E2E_BASE_URL ?? "http://127.0.0.1/", { headers: userAgent ? { "User-Agent": userAgent } : {} });
  return parseSetCookie(await staffSessionCookie(app.db(), email, password, request));
}

/**
 * The core of startStaffSession, also used by the bench (scripts/bench/run.ts): checks the staff
 * account and its password in `db` and returns the Set-Cookie value /login/verify would send once
 * the code is accepted. The app's modules must already point at the database (DATABASE_URL).
 */
export async function staffSessionCookie(db: Kysely<Database>, email: string, password: string, request?: Request): Promise<string> {
  const [{ verifyPassword }, { sessionCookieFor }] = await Promise.all([import("../../app/auth/password.server"), import("../../app/auth/guards.server")]);
  const user = await db
    .selectFrom("users")
    .leftJoin("clients", "clients.id", "users.client_id")
    .select(["users.id", "users.role", "users.password_hash", "users.totp_secret", "users.active", "clients.active as client_active"])
    .where("users.email", "=", email.toLowerCase())
    .where("users.role", "in", ["officer", "liaison"])
    .executeTakeFirst();
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, password))) {
    throw new Error(`startStaffSession: ${email} with that password is no staff account`);
  }
  if (!user.active || (user.role === "liaison" && user.client_active !== true)) throw new Error(`startStaffSession: ${email} may not sign in (deactivated)`);
  if (!user.totp_secret) throw new Error(`startStaffSession: ${email} has no second factor yet: sign in through the form`);
  // What /login/verify does once the code is accepted: the session row and its cookie.
  return sessionCookieFor(user.id, request ? { request, context: undefined } : undefined);
}

/** Closes the connections startStaffSession opened (at the end of a worker). */
export async function closeStaffSessions(): Promise<void> {
  if (!loaded) return;
  const app = await loaded;
  loaded = undefined;
  await app.closeDb();
}

/** A Set-Cookie value as a cookie for Playwright's BrowserContext.addCookies (name, value and every attribute). */
export function parseSetCookie(header: string, now = Date.now()): SessionCookie {
  const [pair, ...attributes] = header.split(";").map((part) => part.trim());
  const eq = pair!.indexOf("=");
  if (eq <= 0) throw new Error(`not a Set-Cookie value: ${header}`);
  const cookie: SessionCookie = {
    name: pair!.slice(0, eq),
    value: pair!.slice(eq + 1),
    expires: -1,
    path: "/",
    httpOnly: false,
    secure: false,
    sameSite: "Lax",
  };
  for (const attribute of attributes) {
    const [key = "", value = ""] = attribute.split("=");
    switch (key.toLowerCase()) {
      case "max-age":
        cookie.expires = Math.floor(now / 1000) + Number(value);
        break;
      case "expires":
        if (cookie.expires === -1) cookie.expires = Math.floor(new Date(value).getTime() / 1000);
        break;
      case "path":
        cookie.path = value;
        break;
      case "httponly":
        cookie.httpOnly = true;
        break;
      case "secure":
        cookie.secure = true;
        break;
      case "samesite":
        cookie.sameSite = value.toLowerCase() === "strict" ? "Strict" : value.toLowerCase() === "none" ? "None" : "Lax";
        break;
    }
  }
  return cookie;
}

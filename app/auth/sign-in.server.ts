import { randomUUID } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { db } from "~/db/db.server";
import { asSystem } from "~/db/actor.server";
import type { Database } from "~/db/schema";
import { appUrl } from "~/config/operator.server";
import { enqueueMail } from "~/jobs/enqueue.server";
import { randomToken, sha256 } from "./hash";
import type { Locale } from "~/i18n/locales";
import { burnPasswordCheck, verifyPassword } from "./password.server";
import { startSession, type SessionMeta } from "./sessions.server";
import { doorHits, hitQuotas, passAttempt, reserveAttempt, type FailureSubject } from "~/security/throttle.server";
import { clientKeyOf } from "~/security/client-address";

export const SIGN_IN_LINK_MINUTES = 30;
/** The background task that answers a request for a sign-in link (see askForSignInLink). */
export const SIGN_IN_REQUEST_TASK = "sign_in_request";

/**
 * Creates a single-use link inside the caller's transaction; only its hash is stored. `requestId`:
 * the /signin request it answers (unique, so one request never yields two links; ADR 065).
 */
export async function issueSignInLink(
  trx: Transaction<Database>,
  userId: string,
  redirectTo: string | null,
  now: Date,
  requestId: string | null = null,
): Promise<string> {
  const token = randomToken();
  await trx
    .insertInto("sign_in_tokens")
    .values({
      token_hash: sha256(token),
      user_id: userId,
      redirect_to: redirectTo,
      created_at: now,
      expires_at: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000),
      request_id: requestId,
    })
    .execute();
  return `${appUrl()}/auth/link?token=${encodeURIComponent(token)}`;
}

/**
 * The /signin form: quotas per client address and per network (over them: a wait, the same for
 * every address), then the work in the background, so that the answer takes the same time and
 * says the same words whether or not the address is a complainant's. The quota per (address
 * asked for, requesting network) drops requests silently: someone else asking for the owner's
 * links from their own network never uses up the owner's.
 */
/** `locale`: the language of the request, in which the link is mailed (ADR 033). */
export async function askForSignInLink(email: string, clientAddress: string | null, now: Date, locale: Locale = "en"): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const hits = doorHits("link", clientAddress, email);
  const requester = await hitQuotas(db(), hits.requester, now);
  if (!requester.ok) return requester;
  const target = await hitQuotas(db(), hits.target, now);
  if (!target.ok) return { ok: true };
  // The request's own id goes with its job, so a job run twice answers it once (ADR 065). Made
  // here, not in the database: the door sends the same statements for every address.
  const payload = JSON.stringify({ email: email.trim().toLowerCase(), locale, requestId: randomUUID() });
  // The app role queues through the owner's SECURITY DEFINER function (ADR 018).
  await sql`select recourse_add_job(${SIGN_IN_REQUEST_TASK}, ${payload}::json, null::timestamptz, 5, null::text)`.execute(db());
  return { ok: true };
}

/**
 * The background half of /signin: sends a link when the address belongs to a complainant, and
 * nothing otherwise. Nobody waits on it, so its time tells nobody anything. `requestId` (from the
 * job's payload): a request already answered (its link is stored under that id) is not answered
 * again, so a job that graphile-worker runs twice (its worker died after the commit, before
 * recording the end) mails one link, not two (ADR 065).
 */
export async function requestSignInLink(email: string, now: Date, on: Kysely<Database> = db(), locale: Locale = "en", requestId: string | null = null): Promise<void> {
  // No one is signed in: the system identity, which may write the mail (mail_deliveries is protected).
  await asSystem(
    "sign-in link",
    async (trx) => {
      const user = await trx
        .selectFrom("users")
        .select(["id", "name", "email"])
        .where("email", "=", email.toLowerCase())
        .where("role", "=", "complainant")
        .executeTakeFirst();
      if (!user) return;
      if (requestId) {
        const answered = await trx.selectFrom("sign_in_tokens").select("id").where("request_id", "=", requestId).executeTakeFirst();
        if (answered) return;
      }
      const link = await issueSignInLink(trx, user.id, null, now, requestId);
      await enqueueMail(trx, {
        template: "sign_in_link",
        to: user.email,
        data: { recipientName: user.name, link, expiresInMinutes: SIGN_IN_LINK_MINUTES, locale },
      });
    },
    on,
  );
}

/** `cookie`: the session started with the link's use, when one was asked for. */
export type LinkResult = { ok: true; userId: string; redirectTo: string | null; cookie?: string } | { ok: false; reason: string };

/**
 * Spends a sign-in link. With `session` (where the request comes from) it also starts the session,
 * in the same transaction: either the link is spent and the person signed in, or neither, and a
 * retry after a failure finds the link still good (ADR 065).
 */
export async function consumeSignInLink(token: string, now: Date, session?: SessionMeta): Promise<LinkResult> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .updateTable("sign_in_tokens")
        .set({ used_at: now })
        .where("token_hash", "=", sha256(token))
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returning(["user_id", "redirect_to"])
        .executeTakeFirst();
      if (!row) {
        return {
          ok: false as const,
          reason: "This sign-in link has expired or was already used. Ask for a new one below.",
        };
      }
      // Following the link proves the address is theirs.
      await trx
        .updateTable("users")
        .set({ email_verified_at: now })
        .where("id", "=", row.user_id)
        .where("email_verified_at", "is", null)
        .execute();
      const cookie = session ? await startSession(trx, row.user_id, session, now) : undefined;
      return { ok: true as const, userId: row.user_id, redirectTo: row.redirect_to, ...(cookie ? { cookie } : {}) };
    });
}

export async function checkStaffPassword(email: string, password: string): Promise<{ userId: string } | null> {
  const user = await db()
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where("email", "=", email.toLowerCase())
    .where("role", "in", ["officer", "liaison"])
    .executeTakeFirst();
  if (!user?.password_hash) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(user.password_hash, password)) ? { userId: user.id } : null;
}

export type LoginAttempt = { ok: true; userId: string } | { ok: false; kind: "mismatch" } | { ok: false; kind: "throttled"; retryAfterSeconds: number };

/**
 * The password check behind the login throttle: while the account or the client (its address; an
 * IPv6 client by its /64) is waiting (after five failures, a growing delay), the password is not
 * even tried. Each attempt is counted before the check, so a parallel burst gets no more guesses
 * than a patient one; a correct password takes its count back. The account counts by the address
 * typed, known or not, so the throttle says nothing about who has an account.
 */
export async function attemptStaffLogin(args: { email: string; password: string; clientAddress: string | null }, now: Date): Promise<LoginAttempt> {
  const subjects: FailureSubject[] = [{ kind: "account", id: args.email.trim().toLowerCase() }];
  if (args.clientAddress) subjects.push({ kind: "address", id: clientKeyOf(args.clientAddress) });
  const reserved = await reserveAttempt(db(), subjects, now);
  if (!reserved.ok) return { ok: false, kind: "throttled", retryAfterSeconds: reserved.retryAfterSeconds };
  const staff = await checkStaffPassword(args.email, args.password);
  // A wrong password: the count already made stands as its failure.
  if (!staff) return { ok: false, kind: "mismatch" };
  await passAttempt(db(), reserved.reservation);
  return { ok: true, userId: staff.userId };
}

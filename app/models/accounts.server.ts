import { randomBytes } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { Cookie } from "lucia";
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { randomToken, sha256 } from "~/auth/hash";
import { hashPassword } from "~/auth/password.server";
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeHash } from "~/auth/recovery-codes";
import { sessionCookieAttributes } from "~/auth/lucia.server";
import { startSession, type SessionMeta } from "~/auth/sessions.server";
import { matchTotp, newTotpSecret } from "~/auth/totp";
import { INVITE_GONE, MIN_PASSWORD_LENGTH } from "~/lib/account-words";
import { codeWaitAfter } from "~/domain/second-factor";
import { recordAdminEvent } from "./admin-events.server";

export { INVITE_GONE, MIN_PASSWORD_LENGTH };

/**
 * Staff accounts: the second step of staff sign-in (TOTP or a recovery code, or enrolment when the
 * person has none), accepting an invitation, and recovery codes. Officers and liaisons always
 * have a second factor; complainants sign in by mailed link and have none.
 */

/** Between password and code: a pending row named by a cookie, not a session (it opens no page). */
export const PENDING_COOKIE = "recourse_pending";
export const PENDING_MINUTES = 5;
/**
 * Wrong codes allowed per password check; then the password must be entered again. The person's
 * count across sign-ins (FREE_WRONG_CODES, ADR 061) is what bounds the guesses.
 */
export const CODE_ATTEMPTS = 5;

export function newSecret(): string {
  return newTotpSecret((n) => new Uint8Array(randomBytes(n)));
}

/** May this person sign in at all: active, staff, and (a liaison) of an active client. */
export async function staffMaySignIn(userId: string): Promise<boolean> {
  const row = await db()
    .selectFrom("users")
    .leftJoin("clients", "clients.id", "users.client_id")
    .select(["users.active", "users.role", "clients.active as client_active"])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!row || !row.active || row.role === "complainant") return false;
  return row.role !== "liaison" || row.client_active === true;
}

/** After a correct password: the pending step, and the cookie that names it. */
export async function beginSecondFactor(userId: string, next: string | null, now: Date): Promise<{ cookie: string }> {
  const token = randomToken();
  const user = await db().selectFrom("users").select("totp_secret").where("id", "=", userId).executeTakeFirstOrThrow();
  await db()
    .transaction()
    .execute(async (trx) => {
      // One pending step per person: a new password check replaces the old one.
      await trx.deleteFrom("sign_in_challenges").where("user_id", "=", userId).execute();
      await trx
        .insertInto("sign_in_challenges")
        .values({
          id: sha256(token),
          user_id: userId,
          enrol_secret: user.totp_secret ? null : newSecret(),
          next,
          created_at: now,
          expires_at: new Date(now.getTime() + PENDING_MINUTES * 60_000),
        })
        .execute();
    });
  const cookie = new Cookie(PENDING_COOKIE, token, { ...sessionCookieAttributes, maxAge: PENDING_MINUTES * 60 });
  return { cookie: cookie.serialize() };
}

export function clearPendingCookie(): string {
  return new Cookie(PENDING_COOKIE, "", { ...sessionCookieAttributes, maxAge: 0 }).serialize();
}

export function readPendingCookie(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === PENDING_COOKIE) return rest.join("=") || null;
  }
  return null;
}

export interface PendingSignIn {
  email: string;
  /** Set when the person has no second factor yet: the page shows it for enrolment. */
  enrolSecret: string | null;
}

export async function pendingSignIn(token: string, now: Date): Promise<PendingSignIn | null> {
  const row = await db()
    .selectFrom("sign_in_challenges")
    .innerJoin("users", "users.id", "sign_in_challenges.user_id")
    .select(["users.email", "sign_in_challenges.enrol_secret"])
    .where("sign_in_challenges.id", "=", sha256(token))
    .where("sign_in_challenges.expires_at", ">", now)
    .executeTakeFirst();
  return row ? { email: row.email, enrolSecret: row.enrol_secret } : null;
}

export type SecondFactorOutcome =
  | { ok: true; userId: string; next: string | null; recoveryCodes: string[] | null; cookie?: string }
  | { ok: false; reason: string; restart: boolean }
  /** Too many wrong codes for this person: no code is checked for retryAfterSeconds. */
  | { ok: false; reason: string; restart: false; retryAfterSeconds: number };

const TOO_MANY_CODES = "Too many wrong codes for this account.";
const AGAIN = "That code is not right, or it was already used. Enter the current code from your app, or a recovery code.";

/**
 * Checks the code of a pending sign-in (a TOTP code, a recovery code, or the first code of a new
 * enrolment). On success the pending row is gone; with `session` (where the request comes from)
 * the session starts in the same transaction, so a failure there leaves the code unspent, the
 * pending sign-in and the old recovery codes in place, not new codes written that nobody saw (ADR 065).
 */
export async function completeSecondFactor(token: string, code: string, now: Date, session?: SessionMeta): Promise<SecondFactorOutcome> {
  return db()
    .transaction()
    .execute(async (trx): Promise<SecondFactorOutcome> => {
      const pending = await trx
        .selectFrom("sign_in_challenges")
        .selectAll()
        .where("id", "=", sha256(token))
        .forUpdate()
        .executeTakeFirst();
      if (!pending || pending.expires_at <= now) {
        return { ok: false, reason: "Your sign-in took too long. Enter your e-mail address and password again.", restart: true };
      }
      // The person's row stays locked to the end, so two codes sent at once are counted one after the other.
      const person = await trx
        .selectFrom("users")
        .select(["second_factor_failures", "second_factor_wait_until"])
        .where("id", "=", pending.user_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (person.second_factor_wait_until && person.second_factor_wait_until > now) {
        // Not checked, and counted neither for the person nor for this sign-in.
        const retryAfterSeconds = Math.max(1, Math.ceil((person.second_factor_wait_until.getTime() - now.getTime()) / 1000));
        return { ok: false, reason: TOO_MANY_CODES, restart: false, retryAfterSeconds };
      }
      let recoveryCodes: string[] | null = null;
      let accepted: boolean;
      if (pending.enrol_secret) {
        accepted = await enrol(trx, pending.user_id, pending.enrol_secret, code, now);
        if (accepted) recoveryCodes = await replaceRecoveryCodes(trx, pending.user_id);
        if (accepted) await recordAdminEvent(trx, { type: "second_factor_enrolled", actorId: pending.user_id, userId: pending.user_id, now });
      } else {
        accepted = await useSecondFactor(trx, pending.user_id, code, now);
      }
      if (!accepted) {
        const failures = person.second_factor_failures + 1;
        const wait = codeWaitAfter(failures);
        await trx
          .updateTable("users")
          .set({ second_factor_failures: failures, ...(wait > 0 ? { second_factor_wait_until: new Date(now.getTime() + wait * 1000) } : {}) })
          .where("id", "=", pending.user_id)
          .execute();
        const attempts = pending.attempts + 1;
        if (attempts >= CODE_ATTEMPTS) {
          await trx.deleteFrom("sign_in_challenges").where("id", "=", pending.id).execute();
          return { ok: false, reason: "Too many wrong codes. Enter your e-mail address and password again.", restart: true };
        }
        await trx.updateTable("sign_in_challenges").set({ attempts }).where("id", "=", pending.id).execute();
        return { ok: false, reason: AGAIN, restart: false };
      }
      // Only a correct code starts the person's count again (a correct password does not).
      if (person.second_factor_failures > 0 || person.second_factor_wait_until) {
        await trx.updateTable("users").set({ second_factor_failures: 0, second_factor_wait_until: null }).where("id", "=", pending.user_id).execute();
      }
      await trx.deleteFrom("sign_in_challenges").where("id", "=", pending.id).execute();
      const cookie = session ? await startSession(trx, pending.user_id, session, now) : undefined;
      return { ok: true, userId: pending.user_id, next: pending.next, recoveryCodes, ...(cookie ? { cookie } : {}) };
    });
}

/**
 * A TOTP code (each 30-second step accepted once: the step is written only if it is later than the
 * last one used, in one statement, so two sign-ins racing with one code cannot both pass) or an
 * unused recovery code (spent in one statement likewise).
 */
export async function useSecondFactor(trx: Transaction<Database>, userId: string, code: string, now: Date): Promise<boolean> {
  const user = await trx.selectFrom("users").select(["totp_secret", "totp_last_step"]).where("id", "=", userId).executeTakeFirst();
  if (!user?.totp_secret) return false;
  const recovery = normalizeRecoveryCode(code);
  if (recovery) {
    const spent = await trx
      .updateTable("recovery_codes")
      .set({ used_at: now })
      .where("user_id", "=", userId)
      .where("code_hash", "=", recoveryCodeHash(recovery))
      .where("used_at", "is", null)
      .executeTakeFirst();
    return Number(spent.numUpdatedRows) === 1;
  }
  const step = matchTotp(user.totp_secret, code, now, user.totp_last_step === null ? null : BigInt(user.totp_last_step));
  if (step === null) return false;
  const taken = await trx
    .updateTable("users")
    .set({ totp_last_step: step.toString() })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step.toString())]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** The first code proves the app holds the secret; only then is it the person's second factor. */
async function enrol(trx: Transaction<Database>, userId: string, secret: string, code: string, now: Date): Promise<boolean> {
  const step = matchTotp(secret, code, now, null);
  if (step === null) return false;
  await trx
    .updateTable("users")
    .set({ totp_secret: secret, totp_enabled_at: now, totp_last_step: step.toString() })
    .where("id", "=", userId)
    .execute();
  return true;
}

/** New recovery codes replace all old ones; the plain codes are returned once, to be shown once. */
export async function replaceRecoveryCodes(trx: Transaction<Database>, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await trx
    .insertInto("recovery_codes")
    .values(codes.map((c) => ({ user_id: userId, code_hash: recoveryCodeHash(c) })))
    .execute();
  return codes;
}

export async function regenerateRecoveryCodes(userId: string, now: Date): Promise<string[]> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const codes = await replaceRecoveryCodes(trx, userId);
      await recordAdminEvent(trx, { type: "recovery_codes_replaced", actorId: userId, userId, now });
      return codes;
    });
}

export async function securityOverview(userId: string) {
  const user = await db()
    .selectFrom("users")
    .select(["email", "role", "totp_enabled_at"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const left = await db()
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return { email: user.email, role: user.role, totpEnabledAt: user.totp_enabled_at, recoveryCodesLeft: Number(left.n) };
}

// ---- invitations ----------------------------------------------------------------------

export interface InviteView {
  email: string;
  name: string;
  role: "officer" | "liaison" | "complainant";
  clientName: string | null;
  totpSecret: string;
}

function openInvite(token: string, now: Date) {
  return db()
    .selectFrom("staff_invites")
    .innerJoin("users", "users.id", "staff_invites.user_id")
    .leftJoin("clients", "clients.id", "users.client_id")
    .select([
      "staff_invites.id",
      "staff_invites.user_id",
      "staff_invites.totp_secret",
      "users.email",
      "users.name",
      "users.role",
      "users.active",
      "clients.name as client_name",
      "users.client_id",
    ])
    .where("staff_invites.token_hash", "=", sha256(token))
    .where("staff_invites.used_at", "is", null)
    .where("staff_invites.expires_at", ">", now);
}

const CLIENT_INACTIVE = "The organization you were invited for has been deactivated here, so this invitation can no longer be used. Ask the Security Officer who invited you.";

/** The invitation behind a link, while it is unused, unexpired and its person still active. */
export async function inviteByToken(token: string, now: Date): Promise<InviteView | null> {
  const row = await openInvite(token, now).executeTakeFirst();
  if (!row || !row.active) return null;
  return { email: row.email, name: row.name, role: row.role, clientName: row.client_name, totpSecret: row.totp_secret };
}

export type AcceptOutcome =
  | { ok: true; userId: string; recoveryCodes: string[] }
  | { ok: false; field: "password" | "confirm" | "code" | "_form"; reason: string };


/**
 * Sets the password and the second factor of an invited person. The invitation is spent by a
 * conditional update in the same transaction, so a link works exactly once.
 */
export async function acceptInvite(token: string, input: { password: string; confirm: string; code: string }, now: Date): Promise<AcceptOutcome> {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    return { ok: false, field: "password", reason: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.` };
  }
  if (input.password !== input.confirm) return { ok: false, field: "confirm", reason: "The two passwords are not the same." };
  const invite = await openInvite(token, now).executeTakeFirst();
  if (!invite || !invite.active) return { ok: false, field: "_form", reason: INVITE_GONE };
  const step = matchTotp(invite.totp_secret, input.code, now, null);
  if (step === null) {
    return { ok: false, field: "code", reason: "That code is not right. Enter the 6-digit code your app shows now." };
  }
  const passwordHash = await hashPassword(input.password);
  return db()
    .transaction()
    .execute(async (trx): Promise<AcceptOutcome> => {
      // A liaison works for their client: once it is deactivated the invitation cannot be used
      // (deactivating spends it; this covers one the deactivation raced, which waits on the lock).
      if (invite.client_id) {
        const client = await trx.selectFrom("clients").select("active").where("id", "=", invite.client_id).forShare().executeTakeFirst();
        if (!client?.active) return { ok: false, field: "_form", reason: CLIENT_INACTIVE };
      }
      const spent = await trx
        .updateTable("staff_invites")
        .set({ used_at: now })
        .where("id", "=", invite.id)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) !== 1) return { ok: false, field: "_form", reason: INVITE_GONE };
      await trx
        .updateTable("users")
        .set({
          password_hash: passwordHash,
          totp_secret: invite.totp_secret,
          totp_enabled_at: now,
          totp_last_step: step.toString(),
          email_verified_at: sql<Date>`coalesce(email_verified_at, ${now})`,
        })
        .where("id", "=", invite.user_id)
        .execute();
      // Any older invitation of the same person stops working too.
      await trx.updateTable("staff_invites").set({ used_at: now }).where("user_id", "=", invite.user_id).where("used_at", "is", null).execute();
      const recoveryCodes = await replaceRecoveryCodes(trx, invite.user_id);
      await recordAdminEvent(trx, { type: "invite_accepted", actorId: invite.user_id, userId: invite.user_id, now });
      return { ok: true, userId: invite.user_id, recoveryCodes };
    });
}

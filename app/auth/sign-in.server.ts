import type { Transaction } from "kysely";
import { db } from "~/db/db.server";
import { asSystem } from "~/db/actor.server";
import type { Database } from "~/db/schema";
import { appUrl } from "~/config/operator.server";
import { enqueueMail } from "~/jobs/enqueue.server";
import { randomToken, sha256 } from "./hash";
import { burnPasswordCheck, verifyPassword } from "./password.server";

export const SIGN_IN_LINK_MINUTES = 30;
/** More requests than this within the link's lifetime send nothing: the form cannot flood an inbox. */
export const SIGN_IN_LINKS_PER_WINDOW = 5;

/** Creates a single-use link inside the caller's transaction; only its hash is stored. */
export async function issueSignInLink(
  trx: Transaction<Database>,
  userId: string,
  redirectTo: string | null,
  now: Date,
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
    })
    .execute();
  return `${appUrl()}/auth/link?token=${encodeURIComponent(token)}`;
}

/**
 * Sends a link when the address belongs to a complainant; says nothing either way,
 * so the form cannot be used to learn who has filed a complaint.
 */
export async function requestSignInLink(email: string, now: Date): Promise<void> {
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
      const recent = await trx
        .selectFrom("sign_in_tokens")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("user_id", "=", user.id)
        .where("created_at", ">", new Date(now.getTime() - SIGN_IN_LINK_MINUTES * 60_000))
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= SIGN_IN_LINKS_PER_WINDOW) return;
      const link = await issueSignInLink(trx, user.id, null, now);
      await enqueueMail(trx, {
        template: "sign_in_link",
        to: user.email,
        data: { recipientName: user.name, link, expiresInMinutes: SIGN_IN_LINK_MINUTES },
      });
    });
}

export type LinkResult = { ok: true; userId: string; redirectTo: string | null } | { ok: false; reason: string };

export async function consumeSignInLink(token: string, now: Date): Promise<LinkResult> {
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
      return { ok: true as const, userId: row.user_id, redirectTo: row.redirect_to };
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

import type { Kysely, Transaction } from "kysely";
import { db } from "~/db/db.server";
import { holdForTransaction } from "~/db/hold.server";
import { asActor, asSystem } from "~/db/actor.server";
import type { Database } from "~/db/schema";
import { deactivationRefusal, type Actor } from "~/domain";
import { appUrl } from "~/config/operator.server";
import { randomToken, sha256 } from "~/auth/hash";
import { enqueueMail } from "~/jobs/enqueue.server";
import { newSecret } from "./accounts.server";
import { recordAdminEvent } from "./admin-events.server";
import { releaseCasesOwnedBy } from "./case-owner.server";

/**
 * Administration use cases (officer only): client companies and staff accounts. Each change and
 * its audit event commit in one transaction. The demo seed calls the same functions as
 * `SEED` (no person), so demo data is made the way real data is.
 */
export const SEED = "seed" as const;
export type AdminActor = Extract<Actor, { role: "officer" }> | typeof SEED;

export const INVITE_HOURS = 72;

export type AdminOutcome<T = object> = ({ ok: true } & T) | { ok: false; field?: string; reason: string };

const NOT_OFFICER = { ok: false, reason: "Only the Security Officer can change administration settings." } as const;

function actorId(actor: AdminActor): string | null {
  return actor === SEED ? null : actor.userId;
}

/**
 * One transaction as the officer (or, for the demo seed, the system identity): the invitation's
 * mail is a protected row only they may write (ADR 018).
 */
function asAdmin<T>(actor: AdminActor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return actor === SEED ? asSystem("demo seed", work) : asActor(actor, work);
}

function isAdmin(actor: AdminActor | Actor): actor is AdminActor {
  return actor === SEED || actor.role === "officer";
}

function cleanName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

/**
 * Whether another client has this name (any case). Holds the name for the rest of the transaction:
 * two officers adding the same name at once wait for each other, and the second is told it exists
 * (not a unique-key error).
 */
async function nameTaken(trx: Kysely<Database>, name: string, except?: string): Promise<boolean> {
  await holdForTransaction(trx, "client name", name.toLowerCase());
  let q = trx.selectFrom("clients").select("id").where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (except) q = q.where("id", "!=", except);
  return !!(await q.executeTakeFirst());
}

// ---- clients ---------------------------------------------------------------------------

export async function addClient(actor: AdminActor | Actor, rawName: string, now: Date): Promise<AdminOutcome<{ clientId: string }>> {
  if (!isAdmin(actor)) return NOT_OFFICER;
  const name = cleanName(rawName);
  if (!name || name.length > 200) return { ok: false, field: "name", reason: "Enter the company's name (at most 200 characters)." };
  return asAdmin(actor, async (trx): Promise<AdminOutcome<{ clientId: string }>> => {
      if (await nameTaken(trx, name)) return { ok: false, field: "name", reason: "A client of that name exists already." };
      const row = await trx.insertInto("clients").values({ name }).returning("id").executeTakeFirstOrThrow();
      await recordAdminEvent(trx, { type: "client_added", actorId: actorId(actor), clientId: row.id, payload: { name }, now });
      return { ok: true, clientId: row.id };
    });
}

export async function renameClient(actor: AdminActor | Actor, clientId: string, rawName: string, now: Date): Promise<AdminOutcome> {
  if (!isAdmin(actor)) return NOT_OFFICER;
  const name = cleanName(rawName);
  if (!name || name.length > 200) return { ok: false, field: "name", reason: "Enter the company's name (at most 200 characters)." };
  return asAdmin(actor, async (trx): Promise<AdminOutcome> => {
      const client = await trx.selectFrom("clients").select(["id", "name"]).where("id", "=", clientId).forNoKeyUpdate().executeTakeFirst();
      if (!client) return { ok: false, reason: "That client does not exist." };
      if (client.name === name) return { ok: true };
      if (await nameTaken(trx, name, clientId)) return { ok: false, field: "name", reason: "A client of that name exists already." };
      await trx.updateTable("clients").set({ name }).where("id", "=", clientId).execute();
      await recordAdminEvent(trx, { type: "client_renamed", actorId: actorId(actor), clientId, payload: { from: client.name, to: name }, now });
      return { ok: true };
    });
}

/**
 * A deactivated client takes no new cases (filing, opening and assigning refuse it) and its
 * liaisons lose their sessions at once and cannot sign in. Its existing cases stay, but the open
 * ones its liaisons owned become unassigned.
 */
export async function setClientActive(actor: AdminActor | Actor, clientId: string, active: boolean, now: Date): Promise<AdminOutcome> {
  if (!isAdmin(actor)) return NOT_OFFICER;
  return asAdmin(actor, async (trx): Promise<AdminOutcome> => {
      const client = await trx.selectFrom("clients").select(["id", "active"]).where("id", "=", clientId).forNoKeyUpdate().executeTakeFirst();
      if (!client) return { ok: false, reason: "That client does not exist." };
      if (client.active === active) return { ok: true };
      await trx
        .updateTable("clients")
        .set({ active, deactivated_at: active ? null : now })
        .where("id", "=", clientId)
        .execute();
      if (!active) {
        // Its liaisons can no longer work cases: the open cases they owned become unassigned (ADR 063).
        await releaseCasesOwnedBy(trx, actor === SEED ? null : actor, { clientId }, now);
        await trx
          .deleteFrom("sessions")
          .where("user_id", "in", (eb) => eb.selectFrom("users").select("id").where("client_id", "=", clientId))
          .execute();
        await trx
          .deleteFrom("sign_in_challenges")
          .where("user_id", "in", (eb) => eb.selectFrom("users").select("id").where("client_id", "=", clientId))
          .execute();
        // Its liaisons' invitations stop working too, each recorded as a cancellation.
        const cancelled = await trx
          .updateTable("staff_invites")
          .set({ used_at: now })
          .where("user_id", "in", (eb) => eb.selectFrom("users").select("id").where("client_id", "=", clientId))
          .where("used_at", "is", null)
          .returning("user_id")
          .execute();
        for (const userId of new Set(cancelled.map((c) => c.user_id))) {
          await recordAdminEvent(trx, { type: "staff_invite_cancelled", actorId: actorId(actor), userId, clientId, payload: { because: "client_deactivated" }, now });
        }
      }
      await recordAdminEvent(trx, { type: active ? "client_reactivated" : "client_deactivated", actorId: actorId(actor), clientId, now });
      return { ok: true };
    });
}

// ---- staff -----------------------------------------------------------------------------

export interface InviteInput {
  email: string;
  name: string;
  role: "officer" | "liaison";
  clientId: string | null;
}

/**
 * Creates the account (no password, no second factor) and a single-use link, valid 72 hours,
 * mailed to the person, where they set both. Returns the link's token for the seed and tests.
 * `seedSecret` lets the demo seed give its accounts the documented demo TOTP secret.
 */
export async function inviteStaff(
  actor: AdminActor | Actor,
  input: InviteInput,
  now: Date,
  options: { seedSecret?: string; mail?: boolean } = {},
): Promise<AdminOutcome<{ userId: string; token: string }>> {
  if (!isAdmin(actor)) return NOT_OFFICER;
  const email = input.email.trim().toLowerCase();
  const name = cleanName(input.name);
  if (!name || name.length > 200) return { ok: false, field: "name", reason: "Enter the person's name." };
  if (input.role === "liaison" && !input.clientId) return { ok: false, field: "clientId", reason: "Choose the client this liaison works for." };
  const clientId = input.role === "liaison" ? input.clientId : null;
  return asAdmin(actor, async (trx): Promise<AdminOutcome<{ userId: string; token: string }>> => {
      let roleDescription = "Security Officer";
      if (clientId) {
        const client = await trx.selectFrom("clients").select(["name", "active"]).where("id", "=", clientId).executeTakeFirst();
        if (!client) return { ok: false, field: "clientId", reason: "Choose one of the clients in the list." };
        if (!client.active) return { ok: false, field: "clientId", reason: "That client is deactivated: it cannot have new liaisons." };
        roleDescription = `liaison for ${client.name}`;
      }
      await holdForTransaction(trx, "account e-mail", email);
      const existing = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
      if (existing) return { ok: false, field: "email", reason: "An account with this e-mail address exists already." };
      const user = await trx
        .insertInto("users")
        .values({ role: input.role, email, name, client_id: clientId, password_hash: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAdminEvent(trx, { type: "staff_invited", actorId: actorId(actor), userId: user.id, clientId, payload: { role: input.role, email }, now });
      const token = await issueInvitation(trx, actor, { id: user.id, email, name, roleDescription }, now, options);
      return { ok: true, userId: user.id, token };
    });
}

/** A new single-use invitation link for the account, valid INVITE_HOURS, mailed unless `mail: false`; returns its token. */
async function issueInvitation(
  trx: Kysely<Database>,
  actor: AdminActor,
  user: { id: string; email: string; name: string; roleDescription: string },
  now: Date,
  options: { seedSecret?: string; mail?: boolean } = {},
): Promise<string> {
  const token = randomToken();
  await trx
    .insertInto("staff_invites")
    .values({
      token_hash: sha256(token),
      user_id: user.id,
      totp_secret: options.seedSecret ?? newSecret(),
      invited_by: actorId(actor),
      created_at: now,
      expires_at: new Date(now.getTime() + INVITE_HOURS * 3_600_000),
    })
    .execute();
  if (options.mail !== false) {
    const inviter = actor === SEED ? null : await trx.selectFrom("users").select("name").where("id", "=", actor.userId).executeTakeFirst();
    await enqueueMail(trx, {
      template: "staff_invitation",
      to: user.email,
      data: {
        link: `${appUrl()}/invite/${encodeURIComponent(token)}`,
        expiresInMinutes: INVITE_HOURS * 60,
        recipientName: user.name,
        roleDescription: user.roleDescription,
        invitedBy: inviter?.name ?? "The Security Officer",
      },
    });
  }
  return token;
}

/**
 * For an invitation that was lost or expired: every earlier link of the person stops working and a
 * new one (72 hours) is mailed. Only for an active account whose invitation was not yet accepted.
 */
export async function resendInvitation(actor: AdminActor | Actor, userId: string, now: Date): Promise<AdminOutcome<{ token: string }>> {
  if (!isAdmin(actor)) return NOT_OFFICER;
  return asAdmin(actor, async (trx): Promise<AdminOutcome<{ token: string }>> => {
    const user = await trx
      .selectFrom("users")
      .leftJoin("clients", "clients.id", "users.client_id")
      .select(["users.id", "users.role", "users.email", "users.name", "users.active", "users.password_hash", "clients.name as client_name", "clients.active as client_active"])
      .where("users.id", "=", userId)
      .forUpdate("users")
      .executeTakeFirst();
    if (!user || user.role === "complainant") return { ok: false, reason: "That is not a staff account." };
    if (user.password_hash !== null) return { ok: false, reason: "This person has accepted their invitation already." };
    if (!user.active) return { ok: false, reason: "This account is deactivated: reactivate it first." };
    if (user.role === "liaison" && user.client_active !== true) return { ok: false, reason: "The client of this liaison is deactivated." };
    await trx.updateTable("staff_invites").set({ used_at: now }).where("user_id", "=", userId).where("used_at", "is", null).execute();
    await recordAdminEvent(trx, { type: "staff_invite_resent", actorId: actorId(actor), userId, now });
    const roleDescription = user.role === "liaison" ? `liaison for ${user.client_name ?? "a client"}` : "Security Officer";
    const token = await issueInvitation(trx, actor, { id: user.id, email: user.email, name: user.name, roleDescription }, now);
    return { ok: true, token };
  });
}

/**
 * Withdraws an invitation not yet accepted: its links stop working and the account is deactivated
 * (it stays, with its trail; reactivating and re-sending invites the person again).
 */
export async function cancelInvitation(actor: AdminActor | Actor, userId: string, now: Date): Promise<AdminOutcome> {
  if (!isAdmin(actor)) return NOT_OFFICER;
  return asAdmin(actor, async (trx): Promise<AdminOutcome> => {
    const user = await trx.selectFrom("users").select(["id", "role", "password_hash", "active"]).where("id", "=", userId).forNoKeyUpdate().executeTakeFirst();
    if (!user || user.role === "complainant") return { ok: false, reason: "That is not a staff account." };
    if (user.password_hash !== null) return { ok: false, reason: "This person has accepted their invitation already: deactivate the account instead." };
    await trx.updateTable("staff_invites").set({ used_at: now }).where("user_id", "=", userId).where("used_at", "is", null).execute();
    if (user.active) {
      await trx.updateTable("users").set({ active: false, deactivated_at: now }).where("id", "=", userId).execute();
      // An invited officer or liaison may have been chosen as an owner already (ADR 063).
      await releaseCasesOwnedBy(trx, actor === SEED ? null : actor, { userId }, now);
    }
    await recordAdminEvent(trx, { type: "staff_invite_cancelled", actorId: actorId(actor), userId, now });
    return { ok: true };
  });
}

/**
 * Deactivating ends every session of the person at once; they cannot sign in until reactivated,
 * and the open cases they owned become unassigned (reactivating does not give them back).
 */
export async function setStaffActive(actor: AdminActor | Actor, userId: string, active: boolean, now: Date): Promise<AdminOutcome> {
  if (!isAdmin(actor)) return NOT_OFFICER;
  if (!active && actor !== SEED && actor.userId === userId) return { ok: false, reason: "You cannot deactivate your own account." };
  return asAdmin(actor, async (trx): Promise<AdminOutcome> => {
      // Two officers deactivating each other at once: the active officers are locked first (NO KEY
      // UPDATE: a case write that names one of them in a foreign key is not blocked), in one
      // order (before the person's own row, or the two would deadlock), so the second waits, then
      // finds itself deactivated; the last active officer always stays.
      const officers = active ? [] : await trx.selectFrom("users").select("id").where("role", "=", "officer").where("active", "=", true).orderBy("id").forNoKeyUpdate().execute();
      const user = await trx.selectFrom("users").select(["id", "role", "active"]).where("id", "=", userId).forNoKeyUpdate().executeTakeFirst();
      if (!user || user.role === "complainant") return { ok: false, reason: "That is not a staff account." };
      if (user.active === active) return { ok: true };
      if (!active) {
        const refused = deactivationRefusal(officers.map((o) => o.id), actor === SEED ? null : actor.userId, user);
        if (refused) return { ok: false, reason: refused };
      }
      await trx.updateTable("users").set({ active, deactivated_at: active ? null : now }).where("id", "=", userId).execute();
      if (!active) {
        // No one may own a case they can no longer see: their open cases become unassigned (ADR 063).
        await releaseCasesOwnedBy(trx, actor === SEED ? null : actor, { userId }, now);
        await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
        await trx.deleteFrom("sign_in_challenges").where("user_id", "=", userId).execute();
        await trx.updateTable("staff_invites").set({ used_at: now }).where("user_id", "=", userId).where("used_at", "is", null).execute();
      }
      await recordAdminEvent(trx, { type: active ? "staff_reactivated" : "staff_deactivated", actorId: actorId(actor), userId, now });
      return { ok: true };
    });
}

/**
 * For a lost phone: removes the person's TOTP secret and recovery codes, ends their sessions and
 * any wait for wrong codes (ADR 061); at their next sign-in, after the password, they enrol a new
 * authenticator.
 */
export async function resetSecondFactor(actor: AdminActor | Actor, userId: string, now: Date): Promise<AdminOutcome> {
  if (!isAdmin(actor)) return NOT_OFFICER;
  return asAdmin(actor, async (trx): Promise<AdminOutcome> => {
      const user = await trx.selectFrom("users").select(["id", "role"]).where("id", "=", userId).forNoKeyUpdate().executeTakeFirst();
      if (!user || user.role === "complainant") return { ok: false, reason: "That is not a staff account." };
      await trx.updateTable("users").set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, second_factor_failures: 0, second_factor_wait_until: null }).where("id", "=", userId).execute();
      await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
      await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
      await trx.deleteFrom("sign_in_challenges").where("user_id", "=", userId).execute();
      await recordAdminEvent(trx, { type: "second_factor_reset", actorId: actorId(actor), userId, now });
      return { ok: true };
    });
}

// ---- lists -----------------------------------------------------------------------------

export async function listClients() {
  return db()
    .selectFrom("clients")
    .select(["id", "name", "active", "deactivated_at", "created_at"])
    .select((eb) =>
      eb.selectFrom("users").select((e) => e.fn.countAll<string>().as("n")).whereRef("users.client_id", "=", "clients.id").as("liaisons"),
    )
    .orderBy("name")
    .execute();
}

/** Who has access to what: every staff account with its role, client, state, 2FA and last sign-in. */
export async function accessList(now: Date) {
  const rows = await db()
    .selectFrom("users")
    .leftJoin("clients", "clients.id", "users.client_id")
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.role",
      "users.active",
      "users.totp_enabled_at",
      "users.last_sign_in_at",
      "users.password_hash",
      "clients.name as client_name",
      "clients.active as client_active",
    ])
    .select((eb) =>
      eb
        .selectFrom("staff_invites")
        .select((e) => e.fn.max("expires_at").as("until"))
        .whereRef("staff_invites.user_id", "=", "users.id")
        .where("staff_invites.used_at", "is", null)
        .where("staff_invites.expires_at", ">", now)
        .as("invite_open_until"),
    )
    .where("users.role", "in", ["officer", "liaison"])
    .orderBy("users.role", "desc")
    .orderBy("clients.name")
    .orderBy("users.name")
    .execute();
  return rows.map(({ password_hash, ...r }) => ({
    ...r,
    /** Set up: the invitation was accepted (a password exists). */
    accepted: password_hash !== null,
    /** Can sign in now. */
    hasAccess: r.active && password_hash !== null && (r.role !== "liaison" || r.client_active === true),
  }));
}

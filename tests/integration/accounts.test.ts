import { afterAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { sessionCookieFor } from "../../app/auth/guards.server";
import { sessions } from "../../app/auth/sessions.server";
import { totpCode } from "../../app/auth/totp";
import { attemptStaffLogin } from "../../app/auth/sign-in.server";
import { FREE_WRONG_CODES, codeWaitAfter } from "../../app/domain/second-factor";
import {
  acceptInvite,
  CODE_ATTEMPTS,
  beginSecondFactor,
  completeSecondFactor,
  inviteByToken,
  staffMaySignIn,
} from "../../app/models/accounts.server";
import { addClient, cancelInvitation, inviteStaff, renameClient, resetSecondFactor, setClientActive, setStaffActive } from "../../app/models/admin.server";
import { verifyEventChains } from "../../app/models/audit.server";
import { ownerChoices } from "../../app/models/case-owner.server";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { fileComplaint } from "../../app/models/complaints.server";
import { action as verifyAction } from "../../app/routes/login_.verify";
import { failSessionsOf } from "../support/failing-sessions";
import {
  complaintInput,
  createClient,
  createComplainant,
  createLiaison,
  createOfficer,
  discardTestMail,
  fileCase,
  mailTo,
  plus,
  testEmail,
  MINUTE_MS,
} from "../support/factories";

const NOW = new Date("2026-11-29T10:00:10.000Z");
const HOUR_MS = 60 * MINUTE_MS;
const PASSWORD = "a long enough password";
const SECRET = "JBSWY3DPEHPK3PXP";

afterAll(discardTestMail);

const cookieValue = (setCookie: string) => setCookie.split(";")[0]!.split("=").slice(1).join("=");
const pendingToken = (setCookie: string) => cookieValue(setCookie);

async function withSecret(userId: string, secret = SECRET) {
  await db().updateTable("users").set({ totp_secret: secret, totp_enabled_at: NOW, totp_last_step: null }).where("id", "=", userId).execute();
}

async function eventsAbout(userId: string) {
  return (await db().selectFrom("admin_events").select("type").where("user_id", "=", userId).orderBy("id").execute()).map((e) => e.type);
}

describe("invitations", () => {
  it("mail a single-use link; the person sets password and second factor once", async () => {
    const officer = await createOfficer();
    const client = await createClient();
    const email = testEmail("invited");
    const invited = await inviteStaff(officer.actor, { email, name: "New Liaison", role: "liaison", clientId: client.id }, NOW);
    if (!invited.ok) throw new Error(invited.reason);

    const mail = await mailTo(email);
    expect(mail.map((m) => m.template)).toEqual(["staff_invitation"]);
    expect(mail[0]!.data.link).toContain(`/invite/${invited.token}`);
    expect(await staffMaySignIn(invited.userId)).toBe(true); // active, but no password yet

    const view = await inviteByToken(invited.token, NOW);
    expect(view).toMatchObject({ email, role: "liaison", clientName: client.name });
    const code = totpCode(view!.totpSecret, NOW);

    expect(await acceptInvite(invited.token, { password: "short", confirm: "short", code }, NOW)).toMatchObject({ ok: false, field: "password" });
    expect(await acceptInvite(invited.token, { password: PASSWORD, confirm: `${PASSWORD}x`, code }, NOW)).toMatchObject({ ok: false, field: "confirm" });
    expect(await acceptInvite(invited.token, { password: PASSWORD, confirm: PASSWORD, code: "000000" === code ? "111111" : "000000" }, NOW)).toMatchObject({ ok: false, field: "code" });

    const accepted = await acceptInvite(invited.token, { password: PASSWORD, confirm: PASSWORD, code }, NOW);
    expect(accepted).toMatchObject({ ok: true, userId: invited.userId });
    if (accepted.ok) expect(accepted.recoveryCodes).toHaveLength(10);
    const user = await db().selectFrom("users").selectAll().where("id", "=", invited.userId).executeTakeFirstOrThrow();
    expect(user.password_hash).not.toBeNull();
    expect(user.totp_secret).toBe(view!.totpSecret);

    // The link is spent.
    expect(await inviteByToken(invited.token, NOW)).toBeNull();
    const again = await acceptInvite(invited.token, { password: "another long password", confirm: "another long password", code: totpCode(view!.totpSecret, plus(NOW, 30_000)) }, plus(NOW, 30_000));
    expect(again).toMatchObject({ ok: false, field: "_form" });
    expect((await db().selectFrom("users").select("password_hash").where("id", "=", invited.userId).executeTakeFirstOrThrow()).password_hash).toBe(user.password_hash);
    expect(await eventsAbout(invited.userId)).toEqual(["staff_invited", "invite_accepted"]);
  });

  it("two submissions at the same moment set the account up once", async () => {
    const officer = await createOfficer();
    const invited = await inviteStaff(officer.actor, { email: testEmail("race"), name: "Racer", role: "officer", clientId: null }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    const view = await inviteByToken(invited.token, NOW);
    const input = { password: PASSWORD, confirm: PASSWORD, code: totpCode(view!.totpSecret, NOW) };
    const outcomes = await Promise.all([acceptInvite(invited.token, input, NOW), acceptInvite(invited.token, input, NOW)]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
  });

  it("expire after 72 hours", async () => {
    const officer = await createOfficer();
    const invited = await inviteStaff(officer.actor, { email: testEmail("late"), name: "Late", role: "officer", clientId: null }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    const secret = (await inviteByToken(invited.token, NOW))!.totpSecret;
    const late = plus(NOW, 72 * HOUR_MS);
    expect(await inviteByToken(invited.token, plus(NOW, 71 * HOUR_MS))).not.toBeNull();
    expect(await inviteByToken(invited.token, late)).toBeNull();
    expect(await acceptInvite(invited.token, { password: PASSWORD, confirm: PASSWORD, code: totpCode(secret, late) }, late)).toMatchObject({ ok: false, field: "_form" });
  });

  it("are refused for an address that has an account, a deactivated client, and for anyone but the officer", async () => {
    const officer = await createOfficer();
    const taken = await createComplainant();
    expect(await inviteStaff(officer.actor, { email: taken.email, name: "X", role: "officer", clientId: null }, NOW)).toMatchObject({ ok: false, field: "email" });
    const client = await createClient();
    await setClientActive(officer.actor, client.id, false, NOW);
    expect(await inviteStaff(officer.actor, { email: testEmail("x"), name: "X", role: "liaison", clientId: client.id }, NOW)).toMatchObject({ ok: false, field: "clientId" });
    const liaison = await createLiaison((await createClient()).id);
    expect(await inviteStaff(liaison.actor, { email: testEmail("y"), name: "Y", role: "officer", clientId: null }, NOW)).toMatchObject({ ok: false });
    expect(await addClient(liaison.actor, "Sneaky Inc", NOW)).toMatchObject({ ok: false });
  });
});

describe("deactivation", () => {
  it("ends a person's sessions at once and keeps them from signing in", async () => {
    const officer = await createOfficer();
    const liaison = await createLiaison((await createClient()).id, PASSWORD);
    const token = cookieValue(await sessionCookieFor(liaison.id, undefined, NOW));
    expect(await sessions.validate(token, plus(NOW, MINUTE_MS))).not.toBeNull();

    expect(await setStaffActive(officer.actor, liaison.id, false, plus(NOW, 2 * MINUTE_MS))).toEqual({ ok: true });
    expect(await sessions.validate(token, plus(NOW, 3 * MINUTE_MS))).toBeNull();
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", liaison.id).execute()).toEqual([]);
    expect(await staffMaySignIn(liaison.id)).toBe(false);
    expect(await eventsAbout(liaison.id)).toEqual(["staff_deactivated"]);

    await setStaffActive(officer.actor, liaison.id, true, plus(NOW, 4 * MINUTE_MS));
    expect(await staffMaySignIn(liaison.id)).toBe(true);
  });

  it("of a session row left behind (written before deactivation) still refuses it", async () => {
    const liaison = await createLiaison((await createClient()).id);
    const token = cookieValue(await sessionCookieFor(liaison.id, undefined, NOW));
    await db().updateTable("users").set({ active: false }).where("id", "=", liaison.id).execute();
    expect(await sessions.validate(token, NOW)).toBeNull();
  });

  it("of a client stops the case mail to its liaisons (they can no longer sign in to read it)", async () => {
    const officer = await createOfficer();
    const client = await createClient();
    const liaison = await createLiaison(client.id, PASSWORD);
    const filed = await fileCase({ clientId: client.id }, NOW);
    const post = (version: number) =>
      performCaseCommand({ actor: filed.complainant.actor, reference: filed.reference, expectedVersion: version, command: { type: "post_message", audience: "parties", channel: "web" }, body: "More details.", now: NOW });
    const toLiaison = async () => (await db().selectFrom("mail_deliveries").select("id").where("recipient", "=", liaison.email).where("case_id", "=", filed.id).execute()).length;
    expect(await post(1)).toMatchObject({ ok: true });
    const before = await toLiaison();
    expect(before).toBeGreaterThan(0);
    expect(await setClientActive(officer.actor, client.id, false, NOW)).toEqual({ ok: true });
    expect(await post(2)).toMatchObject({ ok: true });
    expect(await toLiaison()).toBe(before);
  });

  it("of a client signs its liaisons out, keeps them out, and refuses new cases for it", async () => {
    const officer = await createOfficer();
    const client = await createClient();
    const liaison = await createLiaison(client.id, PASSWORD);
    const token = cookieValue(await sessionCookieFor(liaison.id, undefined, NOW));
    const open = await fileCase({ clientId: null }, NOW);

    expect(await setClientActive(officer.actor, client.id, false, NOW)).toEqual({ ok: true });
    expect(await sessions.validate(token, NOW)).toBeNull();
    expect(await staffMaySignIn(liaison.id)).toBe(false);

    // Filing (public form), opening (officer) and assigning all refuse it.
    expect(await fileComplaint(complaintInput({ clientId: client.id }), NOW)).toMatchObject({ ok: false, field: "clientId" });
    expect(await fileComplaint(complaintInput({ clientId: client.id }), NOW, { actor: officer.actor, startStage: "client" })).toMatchObject({ ok: false });
    const assign = await performCaseCommand({ actor: officer.actor, reference: open.reference, expectedVersion: 1, command: { type: "assign", clientId: client.id, liaisonId: null }, now: NOW });
    expect(assign).toMatchObject({ ok: false });
    expect((await db().selectFrom("cases").select("client_id").where("id", "=", open.id).executeTakeFirstOrThrow()).client_id).toBeNull();

    // Reactivated, it takes cases again.
    await setClientActive(officer.actor, client.id, true, NOW);
    expect(await fileComplaint(complaintInput({ clientId: client.id }), NOW)).toMatchObject({ ok: true });
    const types = (await db().selectFrom("admin_events").select("type").where("client_id", "=", client.id).orderBy("id").execute()).map((e) => e.type);
    expect(types).toEqual(["client_deactivated", "client_reactivated"]);
  });
});

describe("deactivation hands the person's open cases back (ADR 063)", () => {
  const caseRow = (id: string) => db().selectFrom("cases").select(["owner_id", "version", "status"]).where("id", "=", id).executeTakeFirstOrThrow();
  const ownerEvents = async (id: string) =>
    (await db().selectFrom("case_events").select(["actor_id", "payload"]).where("case_id", "=", id).where("type", "=", "owner_changed").orderBy("seq").execute()).map((e) => ({ actorId: e.actor_id, payload: e.payload }));
  async function owned(officer: { actor: Parameters<typeof performCaseCommand>[0]["actor"] }, clientId: string, ownerId: string, close = false) {
    const filed = await fileCase({ clientId }, NOW);
    const set = await performCaseCommand({ actor: officer.actor, reference: filed.reference, expectedVersion: 1, command: { type: "set_owner", ownerId }, now: NOW });
    if (!set.ok) throw new Error(JSON.stringify(set));
    if (close) await performCaseCommand({ actor: officer.actor, reference: filed.reference, expectedVersion: 2, command: { type: "close", kind: "duplicate", reason: "Twice." }, now: NOW });
    return filed;
  }

  it("of a member of staff: their open cases become unassigned, each with an owner_changed event and a new version; closed cases and other owners' stay", async () => {
    const officer = await createOfficer();
    const colleague = await createOfficer();
    const client = await createClient();
    const liaison = await createLiaison(client.id);
    const open = await owned(officer, client.id, liaison.id);
    const closed = await owned(officer, client.id, liaison.id, true);
    const others = await owned(officer, client.id, colleague.id);
    const at = plus(NOW, MINUTE_MS);

    expect(await setStaffActive(officer.actor, liaison.id, false, at)).toEqual({ ok: true });
    expect(await caseRow(open.id)).toMatchObject({ owner_id: null, version: 3 });
    expect(await ownerEvents(open.id)).toEqual([
      { actorId: officer.id, payload: { ownerId: liaison.id, previousOwnerId: null } },
      { actorId: officer.id, payload: { ownerId: null, previousOwnerId: liaison.id } },
    ]);
    expect(await caseRow(closed.id)).toMatchObject({ owner_id: liaison.id, status: "closed", version: 3 });
    expect(await caseRow(others.id)).toMatchObject({ owner_id: colleague.id, version: 2 });
    // Written through the event path: the case's hash chain still verifies.
    expect((await verifyEventChains(db(), open.id)).broken).toEqual([]);
  });

  it("of an officer who had not yet accepted their invitation (cancelled): their open cases become unassigned too", async () => {
    const officer = await createOfficer();
    const invited = await inviteStaff(officer.actor, { email: testEmail("owner"), name: "Not Yet", role: "officer", clientId: null }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    const open = await owned(officer, (await createClient()).id, invited.userId);
    expect(await cancelInvitation(officer.actor, invited.userId, plus(NOW, MINUTE_MS))).toEqual({ ok: true });
    expect(await caseRow(open.id)).toMatchObject({ owner_id: null, version: 3 });
  });

  it("of a client: the open cases its liaisons owned become unassigned, and its liaisons can no longer be chosen as owners", async () => {
    const officer = await createOfficer();
    const client = await createClient();
    const liaison = await createLiaison(client.id);
    const open = await owned(officer, client.id, liaison.id);

    expect(await setClientActive(officer.actor, client.id, false, plus(NOW, MINUTE_MS))).toEqual({ ok: true });
    expect(await caseRow(open.id)).toMatchObject({ owner_id: null, version: 3 });
    expect((await ownerEvents(open.id)).at(-1)).toEqual({ actorId: officer.id, payload: { ownerId: null, previousOwnerId: liaison.id } });
    expect((await verifyEventChains(db(), open.id)).broken).toEqual([]);
    // Their account is still active, but they cannot work the case: choosing them again is refused.
    const again = await performCaseCommand({ actor: officer.actor, reference: open.reference, expectedVersion: 3, command: { type: "set_owner", ownerId: liaison.id }, now: plus(NOW, 2 * MINUTE_MS) });
    expect(again).toMatchObject({ ok: false, kind: "refused" });
    expect((await ownerChoices(officer.actor, { clientId: client.id })).map((o) => o.id)).not.toContain(liaison.id);
  });
});

describe("clients", () => {
  it("are added and renamed with audited events, names unique in any letter case", async () => {
    const officer = await createOfficer();
    const name = `Acme ${Date.now()}`;
    const added = await addClient(officer.actor, `  ${name}  `, NOW);
    if (!added.ok) throw new Error(added.reason);
    expect(await addClient(officer.actor, name.toUpperCase(), NOW)).toMatchObject({ ok: false, field: "name" });
    expect(await renameClient(officer.actor, added.clientId, `${name} Ltd`, NOW)).toEqual({ ok: true });
    const row = await db().selectFrom("clients").select("name").where("id", "=", added.clientId).executeTakeFirstOrThrow();
    expect(row.name).toBe(`${name} Ltd`);
    const events = await db().selectFrom("admin_events").select(["type", "actor_id", "payload"]).where("client_id", "=", added.clientId).orderBy("id").execute();
    expect(events).toEqual([
      { type: "client_added", actor_id: officer.id, payload: { name } },
      { type: "client_renamed", actor_id: officer.id, payload: { from: name, to: `${name} Ltd` } },
    ]);
  });

  it("leave an administration trail that cannot be rewritten", async () => {
    await expect(sql`update admin_events set type = 'x'`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from admin_events`.execute(db())).rejects.toThrow(/append-only/);
  });
});

describe("the second step of staff sign-in", () => {
  it("accepts the current code once: the same code is refused the second time", async () => {
    const officer = await createOfficer(PASSWORD);
    await withSecret(officer.id);
    const code = totpCode(SECRET, NOW);

    const first = pendingToken((await beginSecondFactor(officer.id, "/cases", NOW)).cookie);
    expect(await completeSecondFactor(first, code, NOW)).toEqual({ ok: true, userId: officer.id, next: "/cases", recoveryCodes: null });
    // The pending step is spent with it.
    expect(await completeSecondFactor(first, code, NOW)).toMatchObject({ ok: false, restart: true });

    const second = pendingToken((await beginSecondFactor(officer.id, null, NOW)).cookie);
    expect(await completeSecondFactor(second, code, plus(NOW, 5_000))).toMatchObject({ ok: false, restart: false });
    // The next step's code is a new code.
    expect(await completeSecondFactor(second, totpCode(SECRET, plus(NOW, 30_000)), plus(NOW, 30_000))).toMatchObject({ ok: true });
  });

  it("refuses a wrong code, and after five wrong codes wants the password again", async () => {
    const officer = await createOfficer(PASSWORD);
    await withSecret(officer.id);
    const token = pendingToken((await beginSecondFactor(officer.id, null, NOW)).cookie);
    const wrong = totpCode(SECRET, plus(NOW, 10 * 60_000));
    for (let i = 0; i < 4; i++) expect(await completeSecondFactor(token, wrong, NOW)).toMatchObject({ ok: false, restart: false });
    expect(await completeSecondFactor(token, wrong, NOW)).toMatchObject({ ok: false, restart: true });
    expect(await completeSecondFactor(token, totpCode(SECRET, NOW), NOW)).toMatchObject({ ok: false, restart: true });
  });

  it("counts wrong codes across password checks, and past ten makes every code wait, the right one too", async () => {
    const officer = await createOfficer(PASSWORD);
    await withSecret(officer.id);
    const wrong = totpCode(SECRET, plus(NOW, 10 * 60_000));
    // Password, five wrong codes, password again: the correct password starts a new sign-in, not a new count.
    for (let round = 0; round < FREE_WRONG_CODES / CODE_ATTEMPTS; round++) {
      expect(await attemptStaffLogin({ email: officer.email, password: PASSWORD, clientAddress: null }, NOW)).toMatchObject({ ok: true });
      const token = pendingToken((await beginSecondFactor(officer.id, null, NOW)).cookie);
      for (let i = 0; i < CODE_ATTEMPTS; i++) expect(await completeSecondFactor(token, wrong, NOW)).toMatchObject({ ok: false });
    }
    const token = pendingToken((await beginSecondFactor(officer.id, null, NOW)).cookie);
    const firstWait = codeWaitAfter(FREE_WRONG_CODES);
    expect(firstWait).toBeGreaterThan(0);
    expect(await completeSecondFactor(token, totpCode(SECRET, NOW), NOW)).toMatchObject({ ok: false, restart: false, retryAfterSeconds: firstWait });

    // After the wait one more code is checked; wrong, it makes the next wait longer.
    const later = plus(NOW, firstWait * 1000);
    expect(await completeSecondFactor(token, wrong, later)).toEqual({ ok: false, reason: expect.any(String), restart: false });
    const longer = await completeSecondFactor(token, totpCode(SECRET, later), later);
    expect(longer).toMatchObject({ ok: false, retryAfterSeconds: codeWaitAfter(FREE_WRONG_CODES + 1) });

    // Only a correct code starts the count again.
    const after = plus(later, codeWaitAfter(FREE_WRONG_CODES + 1) * 1000);
    expect(await completeSecondFactor(token, totpCode(SECRET, after), after)).toMatchObject({ ok: true, userId: officer.id });
    const next = pendingToken((await beginSecondFactor(officer.id, null, after)).cookie);
    expect(await completeSecondFactor(next, wrong, after)).toEqual({ ok: false, reason: expect.any(String), restart: false });
  });

  it("lets an officer's reset of the second factor end the wait", async () => {
    const officer = await createOfficer();
    const liaison = await createLiaison((await createClient()).id, PASSWORD);
    await withSecret(liaison.id);
    await db().updateTable("users").set({ second_factor_failures: 20, second_factor_wait_until: plus(NOW, HOUR_MS) }).where("id", "=", liaison.id).execute();
    expect(await resetSecondFactor(officer.actor, liaison.id, NOW)).toEqual({ ok: true });
    const token = pendingToken((await beginSecondFactor(liaison.id, null, NOW)).cookie);
    const enrol = await db().selectFrom("sign_in_challenges").select("enrol_secret").where("user_id", "=", liaison.id).executeTakeFirstOrThrow();
    expect(await completeSecondFactor(token, totpCode(enrol.enrol_secret!, NOW), NOW)).toMatchObject({ ok: true });
  });

  it("expires after five minutes", async () => {
    const officer = await createOfficer(PASSWORD);
    await withSecret(officer.id);
    const token = pendingToken((await beginSecondFactor(officer.id, null, NOW)).cookie);
    const later = plus(NOW, 5 * MINUTE_MS);
    expect(await completeSecondFactor(token, totpCode(SECRET, later), later)).toMatchObject({ ok: false, restart: true });
  });

  it("accepts each recovery code once", async () => {
    const officer = await createOfficer();
    const invited = await inviteStaff(officer.actor, { email: testEmail("recover"), name: "Rec", role: "officer", clientId: null }, NOW, { mail: false });
    if (!invited.ok) throw new Error(invited.reason);
    const secret = (await inviteByToken(invited.token, NOW))!.totpSecret;
    const accepted = await acceptInvite(invited.token, { password: PASSWORD, confirm: PASSWORD, code: totpCode(secret, NOW) }, NOW);
    if (!accepted.ok) throw new Error(accepted.reason);
    const recovery = accepted.recoveryCodes[3]!;

    const a = pendingToken((await beginSecondFactor(invited.userId, null, NOW)).cookie);
    expect(await completeSecondFactor(a, recovery.toUpperCase(), NOW)).toMatchObject({ ok: true });
    const b = pendingToken((await beginSecondFactor(invited.userId, null, NOW)).cookie);
    expect(await completeSecondFactor(b, recovery, NOW)).toMatchObject({ ok: false, restart: false });
    expect(await completeSecondFactor(b, accepted.recoveryCodes[4]!, NOW)).toMatchObject({ ok: true });
  });

  it("on a first enrolment whose session cannot start, keeps the old recovery codes and lets the same code in again", async () => {
    const officer = await createOfficer();
    const liaison = await createLiaison((await createClient()).id, PASSWORD);
    await withSecret(liaison.id);
    expect(await resetSecondFactor(officer.actor, liaison.id, new Date())).toEqual({ ok: true });
    const pending = (await beginSecondFactor(liaison.id, null, new Date())).cookie.split(";")[0]!;
    const enrol = await db().selectFrom("sign_in_challenges").select("enrol_secret").where("user_id", "=", liaison.id).executeTakeFirstOrThrow();
    const code = totpCode(enrol.enrol_secret!, new Date());
    const send = () =>
      verifyAction({
        request: new Request("http://localhost/login/verify", { method: "POST", body: new URLSearchParams({ code }), headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: pending } }),
        params: {},
        context: { clientAddress: "192.0.2.45" },
      });
    const codesOf = async () => (await db().selectFrom("recovery_codes").select("code_hash").where("user_id", "=", liaison.id).orderBy("code_hash").execute()).map((r) => r.code_hash);
    const before = await codesOf();

    const restore = await failSessionsOf(liaison.id);
    try {
      await expect(send()).rejects.toThrow(/no session for this test/);
    } finally {
      await restore();
    }
    // Nothing of the enrolment was kept: no new codes nobody saw, the pending sign-in still there.
    expect(await codesOf()).toEqual(before);
    expect(await db().selectFrom("sign_in_challenges").select("id").where("user_id", "=", liaison.id).execute()).toHaveLength(1);

    // The same code again: enrolled, signed in, and the new recovery codes shown.
    const answer = (await send()) as unknown as { data: { recoveryCodes: string[] | null }; init?: ResponseInit | null };
    expect(answer.data.recoveryCodes).toHaveLength(10);
    expect(new Headers(answer.init?.headers).getSetCookie().some((c) => c.startsWith("recourse_session="))).toBe(true);
    expect(await db().selectFrom("sessions").select("ip_address").where("user_id", "=", liaison.id).execute()).toEqual([{ ip_address: "192.0.2.45" }]);
    expect(await codesOf()).not.toEqual(before);
  });

  it("after a reset by the officer, enrols a new authenticator and ends the old sessions", async () => {
    const officer = await createOfficer();
    const liaison = await createLiaison((await createClient()).id, PASSWORD);
    await withSecret(liaison.id);
    const old = cookieValue(await sessionCookieFor(liaison.id, undefined, NOW));

    expect(await resetSecondFactor(officer.actor, liaison.id, NOW)).toEqual({ ok: true });
    expect(await sessions.validate(old, NOW)).toBeNull();
    const token = pendingToken((await beginSecondFactor(liaison.id, null, NOW)).cookie);
    const enrol = await db().selectFrom("sign_in_challenges").select("enrol_secret").where("user_id", "=", liaison.id).executeTakeFirstOrThrow();
    expect(enrol.enrol_secret).toMatch(/^[A-Z2-7]{32}$/);
    // The old secret's codes no longer work.
    expect(await completeSecondFactor(token, totpCode(SECRET, NOW), NOW)).toMatchObject({ ok: false });
    const done = await completeSecondFactor(token, totpCode(enrol.enrol_secret!, NOW), NOW);
    expect(done).toMatchObject({ ok: true, userId: liaison.id });
    if (done.ok) expect(done.recoveryCodes).toHaveLength(10);
    expect((await db().selectFrom("users").select("totp_secret").where("id", "=", liaison.id).executeTakeFirstOrThrow()).totp_secret).toBe(enrol.enrol_secret);
    expect(await eventsAbout(liaison.id)).toEqual(["second_factor_reset", "second_factor_enrolled"]);
  });
});

describe("session lifetimes", () => {
  it("end a staff session after 30 idle minutes", async () => {
    const officer = await createOfficer();
    const token = cookieValue(await sessionCookieFor(officer.id, undefined, NOW));
    expect(await sessions.validate(token, plus(NOW, 29 * MINUTE_MS))).not.toBeNull();
    // Seen at 29 minutes: 30 idle minutes from then.
    expect(await sessions.validate(token, plus(NOW, 58 * MINUTE_MS))).not.toBeNull();
    expect(await sessions.validate(token, plus(NOW, 88 * MINUTE_MS + 1))).toBeNull();
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", officer.id).execute()).toEqual([]);
  });

  it("end a busy staff session after 12 hours, and a complainant's after 2", async () => {
    const officer = await createOfficer();
    const staffToken = cookieValue(await sessionCookieFor(officer.id, undefined, NOW));
    const person = await createComplainant();
    const personToken = cookieValue(await sessionCookieFor(person.id, undefined, NOW));
    for (let m = 20; m < 12 * 60; m += 20) {
      expect(await sessions.validate(staffToken, plus(NOW, m * MINUTE_MS)), `staff at ${m} minutes`).not.toBeNull();
      if (m < 120) expect(await sessions.validate(personToken, plus(NOW, m * MINUTE_MS)), `complainant at ${m} minutes`).not.toBeNull();
      if (m === 120) expect(await sessions.validate(personToken, plus(NOW, m * MINUTE_MS))).toBeNull();
    }
    expect(await sessions.validate(staffToken, plus(NOW, 12 * HOUR_MS))).toBeNull();
  });

  it("give a cookie that lives no longer than the session's absolute limit", async () => {
    const officer = await createOfficer();
    const person = await createComplainant();
    expect(await sessionCookieFor(officer.id, undefined, NOW)).toMatch(/Max-Age=43200(;|$)/);
    expect(await sessionCookieFor(person.id, undefined, NOW)).toMatch(/Max-Age=7200(;|$)/);
    expect(await sessionCookieFor(person.id, undefined, NOW)).toMatch(/HttpOnly/);
  });

  it("are listed for their person, and one can be ended, but not another person's", async () => {
    const officer = await createOfficer();
    const other = await createOfficer();
    const request = new Request("http://localhost/login", { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36" } });
    const a = cookieValue(await sessionCookieFor(officer.id, { request, context: { clientAddress: "192.0.2.7" } }, NOW));
    const b = cookieValue(await sessionCookieFor(officer.id, undefined, NOW));
    const theirs = cookieValue(await sessionCookieFor(other.id, undefined, NOW));
    const list = await sessions.listOf(officer.id, NOW);
    expect(list).toHaveLength(2);
    expect(list.find((s) => s.ip_address === "192.0.2.7")?.user_agent).toContain("Chrome/120");

    const theirKey = (await sessions.listOf(other.id, NOW))[0]!.id;
    expect(await sessions.endByKey(officer.id, theirKey)).toBe(false);
    expect(await sessions.validate(theirs, NOW)).not.toBeNull();

    const bKey = (await sessions.validate(b, NOW))!.key;
    expect(await sessions.endByKey(officer.id, bKey)).toBe(true);
    expect(await sessions.validate(b, NOW)).toBeNull();
    expect(await sessions.validate(a, NOW)).not.toBeNull();

    // Sign out everywhere.
    await sessionCookieFor(officer.id, undefined, NOW);
    expect(await sessions.endAllOf(officer.id)).toBe(2);
    expect(await sessions.validate(a, NOW)).toBeNull();
    expect(await sessions.validate(theirs, NOW)).not.toBeNull();
  });
});

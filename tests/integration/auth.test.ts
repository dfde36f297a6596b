import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { sha256 } from "../../app/auth/hash";
import { lucia } from "../../app/auth/lucia.server";
import { hashPassword } from "../../app/auth/password.server";
import { checkStaffPassword, consumeSignInLink, issueSignInLink, requestSignInLink } from "../../app/auth/sign-in.server";
import { action as linkAction } from "../../app/routes/auth.link";
import { createClient, createComplainant, createLiaison, createOfficer, discardTestMail, mailTo, plus, testEmail, MINUTE_MS } from "../support/factories";
import { failSessionsOf } from "../support/failing-sessions";

const NOW = new Date("2026-04-14T09:00:00.000Z");
const PASSWORD = "correct horse battery staple";

afterAll(discardTestMail);

async function issue(userId: string, redirectTo: string | null = null, now = NOW): Promise<string> {
  const link = await db()
    .transaction()
    .execute((trx) => issueSignInLink(trx, userId, redirectTo, now));
  return tokenOf(link);
}

function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get("token");
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

async function userRow(id: string) {
  return db().selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function tokensOf(userId: string) {
  return db().selectFrom("sign_in_tokens").selectAll().where("user_id", "=", userId).execute();
}

describe("sign-in links", () => {
  it("sign in once, confirm the address, and then are spent", async () => {
    const person = await createComplainant();
    const token = await issue(person.id, "/my/cases/PS-2026-000001");
    expect((await userRow(person.id)).email_verified_at).toBeNull();

    const usedAt = plus(NOW, 5 * MINUTE_MS);
    expect(await consumeSignInLink(token, usedAt)).toEqual({ ok: true, userId: person.id, redirectTo: "/my/cases/PS-2026-000001" });
    expect((await userRow(person.id)).email_verified_at).toEqual(usedAt);
    expect((await tokensOf(person.id))[0]?.used_at).toEqual(usedAt);

    const again = await consumeSignInLink(token, plus(NOW, 6 * MINUTE_MS));
    expect(again).toMatchObject({ ok: false, reason: expect.stringMatching(/expired or was already used/) });
  });

  it("two clicks at the same moment sign in only once", async () => {
    const person = await createComplainant();
    const token = await issue(person.id);
    const outcomes = await Promise.all([consumeSignInLink(token, NOW), consumeSignInLink(token, NOW)]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
  });

  it("do not work after 30 minutes, and an expired try leaves the address unconfirmed", async () => {
    const person = await createComplainant();
    const token = await issue(person.id);
    expect(await consumeSignInLink(token, plus(NOW, 30 * MINUTE_MS))).toMatchObject({ ok: false });
    expect(await consumeSignInLink(token, plus(NOW, 31 * MINUTE_MS))).toMatchObject({ ok: false });
    expect((await userRow(person.id)).email_verified_at).toBeNull();
    expect((await tokensOf(person.id))[0]?.used_at).toBeNull();
    // One minute earlier it would have worked.
    const fresh = await issue(person.id);
    expect(await consumeSignInLink(fresh, plus(NOW, 29 * MINUTE_MS))).toMatchObject({ ok: true, userId: person.id });
  });

  it("keep the first confirmation time when a later link is used", async () => {
    const person = await createComplainant();
    const first = await issue(person.id);
    const second = await issue(person.id);
    await consumeSignInLink(first, plus(NOW, MINUTE_MS));
    await consumeSignInLink(second, plus(NOW, 2 * MINUTE_MS));
    expect((await userRow(person.id)).email_verified_at).toEqual(plus(NOW, MINUTE_MS));
  });

  it("refuse a token that was never issued, and the stored hash used as a token", async () => {
    const person = await createComplainant();
    const token = await issue(person.id);
    expect(await consumeSignInLink("made-up-token", NOW)).toMatchObject({ ok: false });
    expect(await consumeSignInLink(sha256(token), NOW)).toMatchObject({ ok: false });
    expect(await consumeSignInLink(token, NOW)).toMatchObject({ ok: true });
  });
});

describe("following a sign-in link when the session cannot start", () => {
  const follow = (token: string) =>
    linkAction({
      request: new Request("http://localhost/auth/link", { method: "POST", body: new URLSearchParams({ token }), headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      params: {},
      context: { clientAddress: "192.0.2.44" },
    });

  it("leaves the link usable: it is spent only with the session it starts", async () => {
    const person = await createComplainant();
    const token = await issue(person.id, null, new Date());
    const restore = await failSessionsOf(person.id);
    try {
      await expect(follow(token)).rejects.toThrow(/no session for this test/);
    } finally {
      await restore();
    }
    expect((await tokensOf(person.id))[0]?.used_at).toBeNull();
    expect((await userRow(person.id)).email_verified_at).toBeNull();

    // The retry signs in (before: "this link has expired or was already used").
    const answer = await follow(token);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe("/my");
    const cookie = answer.headers.get("Set-Cookie") ?? "";
    const sessionId = cookie.split(";")[0]!.split("=").slice(1).join("=");
    const stored = await db().selectFrom("sessions").select(["id", "ip_address"]).where("user_id", "=", person.id).execute();
    expect(stored).toEqual([{ id: sha256(sessionId), ip_address: "192.0.2.44" }]);
    expect((await tokensOf(person.id))[0]?.used_at).not.toBeNull();
  });
});

describe("asking for a sign-in link", () => {
  it("mails a link to a complainant (address in any letter case), stored only as a hash", async () => {
    const person = await createComplainant();
    await requestSignInLink(person.email.toUpperCase(), NOW);

    const mail = await mailTo(person.email);
    expect(mail.map((m) => m.template)).toEqual(["sign_in_link"]);
    const token = tokenOf(mail[0]!.data.link as string);
    const tokens = await tokensOf(person.id);
    expect(tokens.map((t) => t.token_hash)).toEqual([sha256(token)]);
    expect(JSON.stringify(tokens)).not.toContain(token);
    expect(await consumeSignInLink(token, plus(NOW, MINUTE_MS))).toMatchObject({ ok: true, userId: person.id });
  });

  it("sends nothing to an unknown address", async () => {
    const nobody = testEmail("nobody");
    await expect(requestSignInLink(nobody, NOW)).resolves.toBeUndefined();
    expect(await mailTo(nobody)).toEqual([]);
    expect(await db().selectFrom("users").select("id").where("email", "=", nobody).execute()).toEqual([]);
  });

  it("sends nothing to a staff address (staff sign in with a password)", async () => {
    const officer = await createOfficer(PASSWORD);
    const liaison = await createLiaison((await createClient()).id, PASSWORD);
    await requestSignInLink(officer.email, NOW);
    await requestSignInLink(liaison.email, NOW);
    expect(await mailTo(officer.email, liaison.email)).toEqual([]);
    expect(await tokensOf(officer.id)).toEqual([]);
    expect(await tokensOf(liaison.id)).toEqual([]);
  });
});

describe("staff passwords", () => {
  it("let an officer or a liaison in with the right password only", async () => {
    const officer = await createOfficer(PASSWORD);
    const liaison = await createLiaison((await createClient()).id, PASSWORD);

    expect(await checkStaffPassword(officer.email, PASSWORD)).toEqual({ userId: officer.id });
    expect(await checkStaffPassword(officer.email.toUpperCase(), PASSWORD)).toEqual({ userId: officer.id });
    expect(await checkStaffPassword(liaison.email, PASSWORD)).toEqual({ userId: liaison.id });
    expect(await checkStaffPassword(officer.email, `${PASSWORD}!`)).toBeNull();
    expect(await checkStaffPassword(officer.email, "")).toBeNull();
  });

  it("let nobody in through an unknown address or a complainant's address", async () => {
    expect(await checkStaffPassword(testEmail("unknown"), PASSWORD)).toBeNull();
    // Even with a password hash set, a complainant's account is not a staff login.
    const person = await createComplainant();
    await db().updateTable("users").set({ password_hash: await hashPassword(PASSWORD) }).where("id", "=", person.id).execute();
    expect(await checkStaffPassword(person.email, PASSWORD)).toBeNull();
  });

  it("let no staff account without a password in", async () => {
    const officer = await createOfficer();
    expect(await checkStaffPassword(officer.email, "")).toBeNull();
    expect(await checkStaffPassword(officer.email, PASSWORD)).toBeNull();
  });
});

describe("sessions", () => {
  it("are stored only as SHA-256 of their id, validate by the id, and end when invalidated", async () => {
    const officer = await createOfficer();
    const session = await lucia.createSession(officer.id, {});

    const rows = await db().selectFrom("sessions").selectAll().where("user_id", "=", officer.id).execute();
    expect(rows.map((r) => r.id)).toEqual([sha256(session.id)]);
    expect(await db().selectFrom("sessions").select("id").where("id", "=", session.id).execute()).toEqual([]);

    const valid = await lucia.validateSession(session.id);
    expect(valid.session?.id).toBe(session.id);
    expect(valid.user).toMatchObject({ id: officer.id, role: "officer", email: officer.email, name: officer.name, clientId: null });

    // The stored value is not a session id: a copy of the table cannot be replayed as a cookie.
    expect(await lucia.validateSession(sha256(session.id))).toEqual({ session: null, user: null });

    await lucia.invalidateSession(session.id);
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", officer.id).execute()).toEqual([]);
    expect(await lucia.validateSession(session.id)).toEqual({ session: null, user: null });
  });

  it("carry a liaison's client, so the scope can be built from the session", async () => {
    const client = await createClient();
    const liaison = await createLiaison(client.id);
    const session = await lucia.createSession(liaison.id, {});
    const { user } = await lucia.validateSession(session.id);
    expect(user).toMatchObject({ id: liaison.id, role: "liaison", clientId: client.id });
    await lucia.invalidateSession(session.id);
  });

  it("are refused and removed once expired", async () => {
    const person = await createComplainant();
    const id = `expired-${crypto.randomUUID()}`;
    await db()
      .insertInto("sessions")
      .values({ id: sha256(id), user_id: person.id, expires_at: new Date(Date.now() - MINUTE_MS), absolute_expires_at: new Date(Date.now() - MINUTE_MS) })
      .execute();
    expect(await lucia.validateSession(id)).toEqual({ session: null, user: null });
    expect(await db().selectFrom("sessions").select("id").where("id", "=", sha256(id)).execute()).toEqual([]);
  });
});

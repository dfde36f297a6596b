// Issue 8, administration leftovers: an invitation can be sent again (the old link stops working)
// and cancelled (its link stops working, the account is deactivated), by the officer only, audited.
import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { totpCode } from "../../app/auth/totp";
import { acceptInvite, inviteByToken, staffMaySignIn } from "../../app/models/accounts.server";
import { cancelInvitation, inviteStaff, resendInvitation, setClientActive, setStaffActive } from "../../app/models/admin.server";
import { createClient, createLiaison, createOfficer, discardTestMail, mailTo, plus, testEmail } from "../support/factories";

afterAll(discardTestMail);

const NOW = new Date("2026-11-20T10:00:00Z");
const PASSWORD = "a long enough passphrase for tests";

async function eventsAbout(userId: string): Promise<string[]> {
  return (await db().selectFrom("admin_events").select("type").where("user_id", "=", userId).orderBy("id").execute()).map((e) => e.type);
}

describe("staff invitations", () => {
  it("sent again: a new link that works for 72 hours from now; every earlier link stops working", async () => {
    const officer = await createOfficer();
    const client = await createClient();
    const email = testEmail("resent");
    const invited = await inviteStaff(officer.actor, { email, name: "Resent Liaison", role: "liaison", clientId: client.id }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    const later = plus(NOW, 80 * 3_600_000); // the first link has expired
    expect(await inviteByToken(invited.token, later)).toBeNull();

    const resent = await resendInvitation(officer.actor, invited.userId, later);
    if (!resent.ok) throw new Error(resent.reason);
    expect(resent.token).not.toBe(invited.token);
    expect(await inviteByToken(invited.token, later)).toBeNull();
    const view = await inviteByToken(resent.token, later);
    expect(view).toMatchObject({ email, role: "liaison", clientName: client.name });
    const mail = await mailTo(email);
    expect(mail.map((m) => m.template)).toEqual(["staff_invitation", "staff_invitation"]);
    expect(mail[1]!.data).toMatchObject({ roleDescription: `liaison for ${client.name}` });
    expect(String(mail[1]!.data.link)).toContain(`/invite/${resent.token}`);

    expect(await acceptInvite(resent.token, { password: PASSWORD, confirm: PASSWORD, code: totpCode(view!.totpSecret, later) }, later)).toMatchObject({ ok: true });
    // Accepted: nothing more to send or cancel.
    expect(await resendInvitation(officer.actor, invited.userId, later)).toMatchObject({ ok: false });
    expect(await cancelInvitation(officer.actor, invited.userId, later)).toMatchObject({ ok: false });
    expect(await eventsAbout(invited.userId)).toEqual(["staff_invited", "staff_invite_resent", "invite_accepted"]);
  });

  it("a resent link while the first is still open: only the newest works", async () => {
    const officer = await createOfficer();
    const invited = await inviteStaff(officer.actor, { email: testEmail("twice"), name: "Twice", role: "officer", clientId: null }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    const resent = await resendInvitation(officer.actor, invited.userId, plus(NOW, 60_000));
    if (!resent.ok) throw new Error(resent.reason);
    const secret = (await inviteByToken(resent.token, plus(NOW, 60_000)))!.totpSecret;
    const at = plus(NOW, 120_000);
    expect(await acceptInvite(invited.token, { password: PASSWORD, confirm: PASSWORD, code: totpCode(secret, at) }, at)).toMatchObject({ ok: false, field: "_form" });
  });

  it("cancelled: the link stops working and the account cannot sign in; reactivating and sending again invites the person again", async () => {
    const officer = await createOfficer();
    const invited = await inviteStaff(officer.actor, { email: testEmail("cancelled"), name: "Cancelled", role: "officer", clientId: null }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    expect(await cancelInvitation(officer.actor, invited.userId, NOW)).toEqual({ ok: true });
    expect(await inviteByToken(invited.token, NOW)).toBeNull();
    expect(await staffMaySignIn(invited.userId)).toBe(false);
    expect(await resendInvitation(officer.actor, invited.userId, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/reactivate/) });

    expect(await setStaffActive(officer.actor, invited.userId, true, NOW)).toEqual({ ok: true });
    const again = await resendInvitation(officer.actor, invited.userId, NOW);
    expect(again).toMatchObject({ ok: true });
    expect(await eventsAbout(invited.userId)).toEqual(["staff_invited", "staff_invite_cancelled", "staff_reactivated", "staff_invite_resent"]);
  });

  it("deactivating the client cancels its liaisons' invitations, each in the administration trail", async () => {
    const officer = await createOfficer();
    const client = await createClient();
    const invited = await inviteStaff(officer.actor, { email: testEmail("client-gone"), name: "Client Gone", role: "liaison", clientId: client.id }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    const secret = (await inviteByToken(invited.token, NOW))!.totpSecret;
    expect(await setClientActive(officer.actor, client.id, false, NOW)).toEqual({ ok: true });
    expect(await inviteByToken(invited.token, NOW)).toBeNull();
    expect(await acceptInvite(invited.token, { password: PASSWORD, confirm: PASSWORD, code: totpCode(secret, NOW) }, NOW)).toMatchObject({ ok: false, field: "_form" });
    expect(await eventsAbout(invited.userId)).toEqual(["staff_invited", "staff_invite_cancelled"]);
  });

  it("an invitation still open for a deactivated client is refused, saying why", async () => {
    const officer = await createOfficer();
    const client = await createClient();
    const invited = await inviteStaff(officer.actor, { email: testEmail("client-off"), name: "Client Off", role: "liaison", clientId: client.id }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    const secret = (await inviteByToken(invited.token, NOW))!.totpSecret;
    // Deactivated before deactivating spent invitations: the link was left open.
    await db().updateTable("clients").set({ active: false, deactivated_at: NOW }).where("id", "=", client.id).execute();
    const refused = await acceptInvite(invited.token, { password: PASSWORD, confirm: PASSWORD, code: totpCode(secret, NOW) }, NOW);
    expect(refused).toMatchObject({ ok: false, field: "_form", reason: expect.stringContaining("has been deactivated") });
    expect((await db().selectFrom("users").select("password_hash").where("id", "=", invited.userId).executeTakeFirstOrThrow()).password_hash).toBeNull();
  });

  it("only the officer: a liaison is refused and nothing changes", async () => {
    const officer = await createOfficer();
    const liaison = await createLiaison((await createClient()).id);
    const invited = await inviteStaff(officer.actor, { email: testEmail("guarded"), name: "Guarded", role: "officer", clientId: null }, NOW);
    if (!invited.ok) throw new Error(invited.reason);
    expect(await resendInvitation(liaison.actor, invited.userId, NOW)).toMatchObject({ ok: false });
    expect(await cancelInvitation(liaison.actor, invited.userId, NOW)).toMatchObject({ ok: false });
    expect(await inviteByToken(invited.token, NOW)).not.toBeNull();
    expect(await eventsAbout(invited.userId)).toEqual(["staff_invited"]);
  });
});

// Two officers doing the same thing at the same moment: the second is told it is done already,
// never a unique-key error (a 500 before 30 Nov: clients_name_key, users_email_key).
import { describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server";
import { addClient, inviteStaff, setStaffActive } from "../../app/models/admin.server";
import { createOfficer, discardTestMail, testEmail } from "../support/factories";

const NOW = new Date("2026-11-30T09:00:00Z");

describe("at the same moment", () => {
  it("five adds of one client name make one client; the others are told it exists", async () => {
    const officer = await createOfficer();
    const name = `Race ${Math.random().toString(36).slice(2, 8)} Ltd`;
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => addClient(officer.actor, i % 2 ? name.toUpperCase() : name, NOW)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    for (const o of outcomes.filter((o) => !o.ok)) expect(o).toEqual({ ok: false, field: "name", reason: "A client of that name exists already." });
    const rows = await db().selectFrom("clients").select("id").where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase())).execute();
    expect(rows).toHaveLength(1);
  });

  it("five invitations of one address make one account and one mail", async () => {
    const officer = await createOfficer();
    const email = testEmail("race");
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => inviteStaff(officer.actor, { email, name: "Race Person", role: "officer", clientId: null }, NOW)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    for (const o of outcomes.filter((o) => !o.ok)) expect(o).toEqual({ ok: false, field: "email", reason: "An account with this e-mail address exists already." });
    expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect(await db().selectFrom("mail_deliveries").select("id").where("recipient", "=", email).execute()).toHaveLength(1);
    await discardTestMail();
  });

  it("two officers deactivating each other: one is deactivated, the other finds itself deactivated and changes nothing", async () => {
    const a = await createOfficer();
    const b = await createOfficer();
    const outcomes = await Promise.all([setStaffActive(a.actor, b.id, false, NOW), setStaffActive(b.actor, a.id, false, NOW)]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: "Your own account is no longer active." });
    const active = await db().selectFrom("users").select("id").where("id", "in", [a.id, b.id]).where("active", "=", true).execute();
    expect(active).toHaveLength(1);
    // (The last-officer rule itself: tests/unit/domain/staff.test.ts; here other files' officers are active.)
  });
});

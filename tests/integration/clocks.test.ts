// Legal clocks through the models and a real PostgreSQL (ADRs 011, 012): what filing stores, which
// profile a case gets, the snapshot, closures, pauses and extensions, and the settings audit.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db as appDb, ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { asActor } from "../../app/models/scope.server";
import { performCaseCommand, type CaseCommandRequest } from "../../app/models/case-commands.server";
import {
  addClosure,
  loadClockSettings,
  removeClosure,
  updateCalendarSettings,
  updateProfileClocks,
} from "../../app/models/clock-settings.server";
import { FRAMEWORKS } from "../../app/domain";
import { createClient, createComplainant, createLiaison, createOfficer, discardTestMail, fileCase, mailAbout, type FiledCase } from "../support/factories";

// Tue 1 Dec 2026 10:00 New York time (EST).
const T0 = new Date("2026-12-01T15:00:00.000Z");

afterAll(discardTestMail);

// Settings are one row shared by every test file (files run one at a time): put them back.
afterEach(async () => {
  await db().updateTable("clock_settings").set({ zone: "America/New_York", cutoff: "17:00", holiday_state: "MA", certifications: null }).where("id", "=", 1).execute();
  await db().deleteFrom("clock_closures").execute();
  for (const p of Object.values(FRAMEWORKS)) {
    await db().updateTable("framework_profiles").set({ profile: JSON.stringify(p) }).where("id", "=", p.id).execute();
  }
});

async function deadlinesOf(caseId: string) {
  return db().selectFrom("case_deadlines").selectAll().where("case_id", "=", caseId).orderBy("stage").orderBy("kind").execute();
}

async function run(filed: FiledCase, actor: Parameters<typeof performCaseCommand>[0]["actor"], command: CaseCommandRequest, now: Date, body?: string) {
  const row = await db().selectFrom("cases").select("version").where("id", "=", filed.id).executeTakeFirstOrThrow();
  return performCaseCommand({ actor, reference: filed.reference, expectedVersion: row.version, command, body, now });
}

describe("filing", () => {
  it("stores each deadline at the end of its day in New York, with how it was computed", async () => {
    const filed = await fileCase({}, T0);
    const [ack, response] = await deadlinesOf(filed.id);
    expect(ack).toMatchObject({ kind: "acknowledgement" });
    // 5 working days after Tue 1 Dec: Tue 8 Dec; 45 calendar days: Fri 15 Jan 2027.
    expect(new Date(ack!.due_at).toISOString()).toBe("2026-12-09T04:59:59.999Z");
    expect(new Date(response!.due_at).toISOString()).toBe("2027-01-16T04:59:59.999Z");
    expect(response!.computation).toMatchObject({ zone: "America/New_York", startDay: "2026-12-01", period: { count: 45, unit: "calendar_days" }, pauses: [] });
    expect(response!.explanation).toBe(
      "Due 15 Jan 2027 (end of day, New York time): 45 calendar days from 1 Dec 2026, when your complaint reached our Security Officer (Privacy Shield Supplemental Principle 11(d)(i)).",
    );
    const kase = await db().selectFrom("cases").select(["profile", "next_due_at"]).where("id", "=", filed.id).executeTakeFirstOrThrow();
    expect(kase.profile).toMatchObject({ id: "privacy_shield", clocks: { response: { count: 45 } } });
    expect(new Date(kase.next_due_at!).toISOString()).toBe("2026-12-09T04:59:59.999Z");
  });

  it("counts a closure the officer added as a day off for new cases", async () => {
    const officer = await createOfficer();
    expect(await addClosure(officer.actor, { day: "2026-12-03", reason: "Office move" })).toEqual({ ok: true });
    expect(await addClosure(officer.actor, { day: "2026-12-03", reason: "Again" })).toMatchObject({ ok: false });
    const filed = await fileCase({}, T0);
    const [ack] = await deadlinesOf(filed.id);
    expect(new Date(ack!.due_at).toISOString()).toBe("2026-12-10T04:59:59.999Z");
    expect(ack!.explanation).toContain("not counting 3 Dec (Office move)");
    expect(await removeClosure(officer.actor, "2026-12-03")).toEqual({ ok: true });
    expect(await removeClosure(officer.actor, "2026-12-03")).toMatchObject({ ok: false });
  });
});

describe("the office calendar", () => {
  it("refuses a zone that Node knows but the database does not, and keeps the zone it had", async () => {
    const officer = await createOfficer();
    const settings = { cutoff: "17:00", holidayState: "MA", certifications: ["privacy_shield" as const] };
    expect(Intl.DateTimeFormat(undefined, { timeZone: "US/Pacific-New" }).resolvedOptions().timeZone).toBeTruthy();
    expect(await updateCalendarSettings(officer.actor, { zone: "US/Pacific-New", ...settings })).toEqual({
      ok: false,
      field: "zone",
      reason: "The time zone US/Pacific-New is not known to the database; choose a current IANA zone such as America/Los_Angeles.",
    });
    expect((await loadClockSettings()).zone).toBe("America/New_York");
    expect(await updateCalendarSettings(officer.actor, { zone: "America/New_York", ...settings })).toEqual({ ok: true });
  });
});

describe("which profile a case gets", () => {
  it("follows the complainant's country among the operator's certifications", async () => {
    const officer = await createOfficer();
    await updateCalendarSettings(officer.actor, {
      zone: "America/New_York",
      cutoff: "17:00",
      holidayState: "MA",
      certifications: ["privacy_shield", "dpf", "swiss_dpf", "uk_extension"],
    });
    const expected = { CH: ["swiss_dpf", "DPF-"], GB: ["uk_extension", "DPF-"], DE: ["dpf", "DPF-"], XX: ["privacy_shield", "PS-"] } as const;
    for (const [country, [framework, prefix]] of Object.entries(expected)) {
      const filed = await fileCase({ country }, T0);
      const kase = await db().selectFrom("cases").select(["framework", "profile"]).where("id", "=", filed.id).executeTakeFirstOrThrow();
      expect(kase.framework, country).toBe(framework);
      expect(kase.profile, country).toMatchObject({ id: framework });
      expect(filed.reference.startsWith(prefix), country).toBe(true);
    }
  });

  it("keeps the profile a case was opened under when the officer edits the profile", async () => {
    const officer = await createOfficer();
    const before = await fileCase({}, T0);
    await updateProfileClocks(officer.actor, { id: "privacy_shield", clocks: { response: { count: 60, unit: "calendar_days" } } });
    const settings = await loadClockSettings();
    expect(settings.profiles.privacy_shield.clocks.response).toEqual({ count: 60, unit: "calendar_days" });

    const after = await fileCase({}, T0);
    const responseOf = async (c: FiledCase) => (await deadlinesOf(c.id)).find((d) => d.kind === "response")!;
    expect((await responseOf(before)).computation).toMatchObject({ period: { count: 45 } });
    expect((await responseOf(after)).computation).toMatchObject({ period: { count: 60 } });

    // A later stage of the old case still uses its snapshot: referred to the dispute body, 45 days.
    const referred = await run(before, officer.actor, { type: "record_dma_referral" }, T0);
    expect(referred).toMatchObject({ ok: true });
    const review = (await deadlinesOf(before.id)).find((d) => d.kind === "review")!;
    expect(review.computation).toMatchObject({ period: { count: 45 } });

    const audit = await db().selectFrom("clock_setting_changes").selectAll().where("actor_id", "=", officer.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject: "profile privacy_shield", before: expect.objectContaining({ response: { count: 45, unit: "calendar_days" } }) });
  });

  it("edits the dispute body's name and address with the profile; an existing case keeps its deadlines and its body", async () => {
    const officer = await createOfficer();
    const before = await fileCase({}, T0);
    const deadlinesBefore = (await deadlinesOf(before.id)).map((d) => [d.kind, new Date(d.due_at).toISOString()]);
    const body = { name: "BBB National Programs DPF Dispute Resolution", address: "1676 International Drive, Suite 550, McLean, VA 22102" };
    await updateProfileClocks(officer.actor, { id: "privacy_shield", clocks: {}, disputeBody: body });
    expect((await loadClockSettings()).profiles.privacy_shield.disputeBody).toEqual(body);
    expect((await deadlinesOf(before.id)).map((d) => [d.kind, new Date(d.due_at).toISOString()])).toEqual(deadlinesBefore);
    const snapshot = await db().selectFrom("cases").select("profile").where("id", "=", before.id).executeTakeFirstOrThrow();
    expect((snapshot.profile as { disputeBody: { name: string } }).disputeBody.name).toBe(FRAMEWORKS.privacy_shield.disputeBody.name);
    const after = await fileCase({}, T0);
    const newSnapshot = await db().selectFrom("cases").select("profile").where("id", "=", after.id).executeTakeFirstOrThrow();
    expect((newSnapshot.profile as { disputeBody: unknown }).disputeBody).toEqual(body);
    const audit = await db().selectFrom("clock_setting_changes").selectAll().where("actor_id", "=", officer.id).execute();
    expect(audit[0]).toMatchObject({ after: expect.objectContaining({ disputeBody: body }) });
  });
});

describe("pauses and extensions through the case commands", () => {
  it("keeps every pause, gives the days back, and puts an extension on the timeline and in a mail", async () => {
    const officer = await createOfficer();
    const filed = await fileCase({}, T0);
    const at = (iso: string) => new Date(iso);
    expect(await run(filed, officer.actor, { type: "acknowledge" }, at("2026-12-01T16:00:00Z"))).toMatchObject({ ok: true });
    // Paused Wed 2 Dec, resumed Sat 5 Dec: 3 days back; again Thu 10 Dec to Sat 12 Dec: 2 more.
    for (const [ask, reply] of [["2026-12-02T15:00:00Z", "2026-12-05T15:00:00Z"], ["2026-12-10T15:00:00Z", "2026-12-12T15:00:00Z"]] as const) {
      expect(await run(filed, officer.actor, { type: "request_information", message: "Which address?" }, at(ask), "Which address?")).toMatchObject({ ok: true });
      expect(await run(filed, filed.complainant.actor, { type: "post_message", audience: "parties", channel: "web" }, at(reply), "This one.")).toMatchObject({ ok: true });
    }
    let response = (await deadlinesOf(filed.id)).find((d) => d.kind === "response")!;
    expect(new Date(response.due_at).toISOString()).toBe("2027-01-21T04:59:59.999Z"); // 15 Jan + 5 = 20 Jan
    expect(response.computation).toMatchObject({ pauses: [{ addedDays: 3 }, { addedDays: 2 }] });
    expect(response.explanation).toContain("paused 3 days from 2 Dec and 2 days from 10 Dec while we waited for your reply");

    // The limit: 30 calendar days past 20 Jan is 19 Feb. 2099 is refused, stating it.
    const tooFar = await run(filed, officer.actor, { type: "extend_deadline", kind: "response", dueAt: new Date("2099-01-01T23:59:59Z"), reason: "Busy" }, at("2026-12-14T15:00:00Z"));
    expect(tooFar).toMatchObject({ ok: false, kind: "refused", refusal: { reason: expect.stringContaining("at most 30 calendar days in total, from 20 Jan 2027 to 19 Feb 2027 at the latest") } });

    const extended = await run(filed, officer.actor, { type: "extend_deadline", kind: "response", dueAt: new Date("2027-02-01T23:59:59Z"), reason: "Records at the client" }, at("2026-12-14T15:00:00Z"));
    expect(extended).toMatchObject({ ok: true });
    response = (await deadlinesOf(filed.id)).find((d) => d.kind === "response")!;
    expect(new Date(response.due_at).toISOString()).toBe("2027-02-02T04:59:59.999Z");
    const event = await db().selectFrom("case_events").selectAll().where("case_id", "=", filed.id).where("type", "=", "deadline_extended").executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ kind: "response", dueDay: "2027-02-01", dueAt: "2027-02-02T04:59:59.999Z", previousDueAt: "2027-01-21T04:59:59.999Z" });
    const mail = (await mailAbout(filed.reference)).filter((m) => m.template === "deadline_extended");
    expect(mail.map((m) => m.to)).toEqual([filed.complainant.email]);
    expect(mail[0]!.data).toMatchObject({ newDue: "1 Feb 2027 (end of day, New York time)", reason: "Records at the client", deadlineName: "answering your complaint" });
  });
});

describe("a clock that replaces another of its kind", () => {
  it("stores the new clock's start: a second follow-up starts at the second rejection, not the first", async () => {
    const officer = await createOfficer();
    const filed = await fileCase({ category: "choice" }, T0);
    const at = (days: number) => new Date(T0.getTime() + days * 24 * 3_600_000);
    const steps: [Parameters<typeof run>[1], CaseCommandRequest, Date, string?][] = [
      [officer.actor, { type: "answer", message: "We removed it." }, at(1), "We removed it."],
      [filed.complainant.actor, { type: "reject_answer", reason: "Not enough." }, at(2)],
      [officer.actor, { type: "answer", message: "Removed everywhere now." }, at(3), "Removed everywhere now."],
      [filed.complainant.actor, { type: "reject_answer", reason: "Still there." }, at(5)],
    ];
    for (const [actor, command, now, body] of steps) expect(await run(filed, actor, command, now, body)).toMatchObject({ ok: true });
    const followUp = (await deadlinesOf(filed.id)).find((d) => d.kind === "follow_up")!;
    expect(followUp.met_at).toBeNull();
    expect(new Date(followUp.starts_at).toISOString()).toBe(at(5).toISOString());
    expect(followUp.computation).toMatchObject({ receivedAt: at(5).toISOString() });
  });
});

describe("who may change the clocks (ADR 068)", () => {
  it("everyone reads the calendar and the profiles, with or without an actor; only the officer changes them", async () => {
    const liaison = await createLiaison((await createClient("Clock walls")).id);
    const complainant = await createComplainant();
    // The public form and the worker count deadlines without a signed-in person.
    expect(await appDb().selectFrom("clock_settings").select("zone").execute()).toHaveLength(1);
    for (const actor of [liaison.actor, complainant.actor]) {
      expect(await asActor(actor, (trx) => trx.selectFrom("framework_profiles").select("id").execute())).toHaveLength(Object.keys(FRAMEWORKS).length);
      const settings = await asActor(actor, (trx) => trx.updateTable("clock_settings").set({ zone: "Europe/Berlin" }).where("id", "=", 1).executeTakeFirst());
      expect(settings.numUpdatedRows).toBe(0n);
      const profiles = await asActor(actor, (trx) => trx.updateTable("framework_profiles").set({ updated_at: new Date() }).executeTakeFirst());
      expect(profiles.numUpdatedRows).toBe(0n);
      await expect(asActor(actor, (trx) => trx.insertInto("clock_closures").values({ day: "2026-12-24", reason: "Not theirs", added_by: actor.userId }).execute())).rejects.toThrow(/row-level security/);
    }
    await expect(appDb().insertInto("clock_closures").values({ day: "2026-12-24", reason: "Nobody's" }).execute()).rejects.toThrow(/row-level security/);
    expect((await db().selectFrom("clock_settings").select("zone").executeTakeFirstOrThrow()).zone).toBe("America/New_York");
    expect(await db().selectFrom("clock_closures").selectAll().execute()).toEqual([]);
  });

  it("keeps the trail of setting changes from everyone but the officer, and nobody may rewrite or delete it", async () => {
    const officer = await createOfficer();
    const other = await createOfficer();
    const liaison = await createLiaison((await createClient("Trail walls")).id);
    expect(await addClosure(officer.actor, { day: "2026-12-24", reason: "Christmas Eve" })).toEqual({ ok: true });
    expect(await asActor(liaison.actor, (trx) => trx.selectFrom("clock_setting_changes").selectAll().execute())).toEqual([]);
    expect(await asActor(officer.actor, (trx) => trx.selectFrom("clock_setting_changes").select("subject").where("actor_id", "=", officer.id).execute())).toEqual([{ subject: "closure added" }]);
    await expect(
      asActor(officer.actor, (trx) => trx.insertInto("clock_setting_changes").values({ actor_id: other.id, subject: "calendar", before: "null", after: "null" }).execute()),
    ).rejects.toThrow(/row-level security/);
    await expect(asActor(officer.actor, (trx) => trx.updateTable("clock_setting_changes").set({ subject: "nothing" }).execute())).rejects.toThrow(/permission denied/);
    await expect(asActor(officer.actor, (trx) => trx.deleteFrom("clock_setting_changes").execute())).rejects.toThrow(/permission denied/);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import type { Actor } from "../../app/domain";
import { enqueueMail } from "../../app/jobs/enqueue.server";
import { performCaseCommand, type CaseCommandRequest } from "../../app/models/case-commands.server";
import { loadCaseView } from "../../app/models/case-view.server";
import { bulkClose } from "../../app/models/case-owner.server";
import { listCases } from "../../app/models/queues.server";
import {
  caseSnapshot,
  createComplainant,
  createOfficer,
  discardTestMail,
  fileCase,
  mailAbout,
  mailTo,
  plusDays,
  seedParties,
  testEmail,
  type FiledCase,
} from "../support/factories";

const T0 = new Date("2026-03-03T10:00:00.000Z");

afterAll(discardTestMail);

/** Two client companies with a liaison each, an officer, and a complaint about client A filed at T0. */
async function world() {
  const parties = await seedParties();
  const filed = await fileCase({ clientId: parties.clientA.id }, T0);
  return { ...parties, filed, complainant: filed.complainant };
}

function run(actor: Actor, filed: FiledCase, expectedVersion: number, command: CaseCommandRequest, now: Date, body?: string) {
  return performCaseCommand({ actor, reference: filed.reference, expectedVersion, command, body, now });
}

async function mustRun(actor: Actor, filed: FiledCase, expectedVersion: number, command: CaseCommandRequest, now: Date, body?: string) {
  const outcome = await run(actor, filed, expectedVersion, command, now, body);
  expect(outcome, `${actor.role} ${command.type}`).toEqual({ ok: true, reference: filed.reference, version: expectedVersion + 1 });
  return expectedVersion + 1;
}

async function caseRow(filed: FiledCase) {
  return db().selectFrom("cases").selectAll().where("id", "=", filed.id).executeTakeFirstOrThrow();
}

async function deadline(filed: FiledCase, stage: string, kind: string) {
  return db()
    .selectFrom("case_deadlines")
    .selectAll()
    .where("case_id", "=", filed.id)
    .where("stage", "=", stage)
    .where("kind", "=", kind)
    .executeTakeFirstOrThrow();
}

const postMessage = (audience: "parties" | "staff" | "internal"): CaseCommandRequest => ({ type: "post_message", audience, channel: "web" });

describe("tenant isolation", () => {
  it("hides a case of client A from the liaison of client B, for reading and for acting", async () => {
    const { liaisonB, filed } = await world();
    const before = await caseSnapshot(filed.id);

    expect(await loadCaseView(liaisonB.actor, filed.reference, T0)).toBeNull();
    expect(await run(liaisonB.actor, filed, 1, { type: "acknowledge" }, T0)).toEqual({ ok: false, kind: "not_found" });
    expect(await run(liaisonB.actor, filed, 1, postMessage("staff"), T0, "Can I see this?")).toEqual({ ok: false, kind: "not_found" });

    expect(await caseSnapshot(filed.id)).toEqual(before);
  });

  it("hides one complainant's case from another complainant", async () => {
    const { filed } = await world();
    const stranger = await createComplainant();
    const before = await caseSnapshot(filed.id);

    expect(await loadCaseView(stranger.actor, filed.reference, T0)).toBeNull();
    expect(await run(stranger.actor, filed, 1, postMessage("parties"), T0, "Hello?")).toEqual({ ok: false, kind: "not_found" });
    expect(await run(stranger.actor, filed, 1, { type: "withdraw", reason: "not mine" }, T0)).toEqual({ ok: false, kind: "not_found" });

    expect(await caseSnapshot(filed.id)).toEqual(before);
    // The owner and the client's own liaison do see it.
    expect((await loadCaseView(filed.complainant.actor, filed.reference, T0))?.case.reference).toBe(filed.reference);
  });

  it("answers not_found for a reference that does not exist", async () => {
    const officer = await createOfficer();
    expect(await loadCaseView(officer.actor, "PS-1999-999999", T0)).toBeNull();
    const outcome = await performCaseCommand({ actor: officer.actor, reference: "PS-1999-999999", expectedVersion: 1, command: { type: "acknowledge" }, now: T0 });
    expect(outcome).toEqual({ ok: false, kind: "not_found" });
  });
});

describe("optimistic locking", () => {
  it("refuses a command made against a stale version, and changes nothing", async () => {
    const { liaisonA, filed } = await world();
    await mustRun(liaisonA.actor, filed, 1, { type: "acknowledge" }, plusDays(T0, 1));
    const before = await caseSnapshot(filed.id);

    const stale = await run(liaisonA.actor, filed, 1, { type: "answer", message: "Done." }, plusDays(T0, 2));
    expect(stale).toMatchObject({ ok: false, kind: "conflict", reason: expect.stringMatching(/Nothing was saved/) });

    const after = await caseSnapshot(filed.id);
    expect(after).toEqual(before);
    expect(after.case).toMatchObject({ version: 2, status: "in_progress" });
  });

  it("lets exactly one of two simultaneous commands on the same version through", async () => {
    const { liaisonA, officer, filed } = await world();
    const before = await caseSnapshot(filed.id);

    const outcomes = await Promise.all([
      run(liaisonA.actor, filed, 1, { type: "acknowledge" }, plusDays(T0, 1)),
      run(officer.actor, filed, 1, postMessage("internal"), plusDays(T0, 1), "Looking into it."),
    ]);
    expect(outcomes.filter((o) => o.ok)).toEqual([{ ok: true, reference: filed.reference, version: 2 }]);
    expect(outcomes.filter((o) => !o.ok)).toEqual([expect.objectContaining({ ok: false, kind: "conflict" })]);

    const after = await caseSnapshot(filed.id);
    expect(after.case.version).toBe(2);
    expect(after.events.length).toBe(before.events.length + 1);
    const winner = outcomes[0]!.ok ? "acknowledged" : "message_posted";
    expect(after.events.at(-1)?.type).toBe(winner);
    expect(after.messages.length).toBe(winner === "message_posted" ? 1 : 0);
  });
});

describe("refused commands", () => {
  it("refuses a complainant's escalation before any deadline has passed, says when it will be possible, and changes nothing", async () => {
    const { filed, complainant } = await world();
    const before = await caseSnapshot(filed.id);

    const outcome = await run(complainant.actor, filed, 1, { type: "escalate" }, plusDays(T0, 1));
    expect(outcome).toEqual({
      ok: false,
      kind: "refused",
      refusal: {
        ok: false,
        code: "not_yet",
        // 5 working days after Tue 3 Mar 2026, ending at midnight New York time (EDT from 8 Mar).
        reason: expect.stringMatching(/after 10 Mar 2026/),
        availableFrom: new Date("2026-03-11T03:59:59.999Z"),
      },
    });
    expect(await caseSnapshot(filed.id)).toEqual(before);
  });

  it("refuses a money award in arbitration with a clear reason, and changes nothing", async () => {
    const officer = await createOfficer();
    const filed = await fileCase({ clientId: null }, T0, { actor: officer.actor, startStage: "arbitration" });
    let v = await mustRun(officer.actor, filed, 1, { type: "record_arbitration_notice" }, plusDays(T0, 1));
    v = await mustRun(officer.actor, filed, v, { type: "record_prerequisites", companyContacted: true, dmaContacted: true, exclusion: null }, plusDays(T0, 2));
    const before = await caseSnapshot(filed.id);

    const money = await run(officer.actor, filed, v, { type: "record_award", remedies: ["deletion"], summary: "Delete and pay.", monetaryAmount: 5000 }, plusDays(T0, 30));
    expect(money).toEqual({
      ok: false,
      kind: "refused",
      refusal: { ok: false, code: "monetary_award", reason: expect.stringMatching(/no monetary award/) },
    });
    expect(await caseSnapshot(filed.id)).toEqual(before);

    // The same award without money is recorded.
    await mustRun(officer.actor, filed, v, { type: "record_award", remedies: ["deletion"], summary: "Delete the record." }, plusDays(T0, 30));
    const award = ((await caseRow(filed)).arbitration as { award: { remedies: string[] } | null }).award;
    expect(award?.remedies).toEqual(["deletion"]);
  });

  it("refuses an officer's award that orders no remedy at all", async () => {
    const officer = await createOfficer();
    const filed = await fileCase({ clientId: null }, T0, { actor: officer.actor, startStage: "arbitration" });
    let v = await mustRun(officer.actor, filed, 1, { type: "record_arbitration_notice" }, plusDays(T0, 1));
    v = await mustRun(officer.actor, filed, v, { type: "record_prerequisites", companyContacted: true, dmaContacted: true, exclusion: null }, plusDays(T0, 2));
    const before = await caseSnapshot(filed.id);
    const outcome = await run(officer.actor, filed, v, { type: "record_award", remedies: [], summary: "Nothing." }, plusDays(T0, 30));
    expect(outcome).toMatchObject({ ok: false, kind: "refused", refusal: { code: "invalid" } });
    expect(await caseSnapshot(filed.id)).toEqual(before);
  });

  it("refuses assigning a liaison of another client, and changes nothing", async () => {
    const { clientA, liaisonB, officer, filed } = await world();
    const before = await caseSnapshot(filed.id);
    const outcome = await run(officer.actor, filed, 1, { type: "assign", clientId: clientA.id, liaisonId: liaisonB.id }, T0);
    expect(outcome).toMatchObject({ ok: false, kind: "refused", refusal: { code: "invalid", reason: expect.stringMatching(/different client/) } });
    expect(await caseSnapshot(filed.id)).toEqual(before);
  });
});

describe("who reads which message", () => {
  it("keeps internal notes from the liaison and the complainant, and staff notes from the complainant", async () => {
    const { liaisonA, officer, filed, complainant } = await world();
    const internal = `Internal note ${crypto.randomUUID()}`;
    const staff = `Staff note ${crypto.randomUUID()}`;
    const parties = `Message to all ${crypto.randomUUID()}`;

    const mailBefore = (await mailAbout(filed.reference)).length;
    let v = await mustRun(officer.actor, filed, 1, postMessage("internal"), plusDays(T0, 1), internal);
    // An internal note tells nobody.
    expect(await mailAbout(filed.reference)).toHaveLength(mailBefore);
    v = await mustRun(liaisonA.actor, filed, v, postMessage("staff"), plusDays(T0, 1), staff);
    // A staff note is not announced to the complainant.
    expect((await mailTo(complainant.email)).filter((m) => m.template !== "acknowledgement")).toEqual([]);
    v = await mustRun(officer.actor, filed, v, postMessage("parties"), plusDays(T0, 1), parties);
    expect((await mailTo(complainant.email)).map((m) => m.template)).toContain("new_reply");

    // The audit trail has all three.
    const audit = await db().selectFrom("case_events").select("payload").where("case_id", "=", filed.id).where("type", "=", "message_posted").execute();
    expect(audit.map((e) => (e.payload as { audience: string }).audience).sort()).toEqual(["internal", "parties", "staff"]);

    const bodies = (view: Awaited<ReturnType<typeof loadCaseView>>) =>
      (view?.timeline ?? []).flatMap((t) => (t.kind === "message" ? [t.body] : [])).sort();
    const messageEvents = (view: Awaited<ReturnType<typeof loadCaseView>>) =>
      (view?.timeline ?? []).filter((t) => t.kind === "event" && t.type === "message_posted");

    const officerView = await loadCaseView(officer.actor, filed.reference, plusDays(T0, 2));
    expect(bodies(officerView)).toEqual([internal, parties, staff].sort());

    const liaisonView = await loadCaseView(liaisonA.actor, filed.reference, plusDays(T0, 2));
    expect(bodies(liaisonView)).toEqual([parties, staff].sort());
    expect(messageEvents(liaisonView).filter((e) => e.kind === "event" && e.payload.audience === "internal")).toEqual([]);
    expect(JSON.stringify(liaisonView)).not.toContain(internal);

    const complainantView = await loadCaseView(complainant.actor, filed.reference, plusDays(T0, 2));
    expect(bodies(complainantView)).toEqual([parties]);
    expect(messageEvents(complainantView).filter((e) => e.kind === "event" && e.payload.audience !== "parties")).toEqual([]);
    expect(JSON.stringify(complainantView)).not.toContain(internal);
    expect(JSON.stringify(complainantView)).not.toContain(staff);
    expect(complainantView?.case.version).toBe(v);
  });
});

describe("the clock while waiting for the complainant", () => {
  it("stops when staff ask for information and runs again, with the time given back, when the complainant replies", async () => {
    const { liaisonA, filed, complainant } = await world();
    let v = await mustRun(liaisonA.actor, filed, 1, { type: "acknowledge" }, plusDays(T0, 1));
    v = await mustRun(liaisonA.actor, filed, v, { type: "request_information", message: "Which postal address do we have wrong?" }, plusDays(T0, 2));

    expect((await caseRow(filed)).status).toBe("awaiting_complainant");
    expect((await deadline(filed, "client", "response")).paused_at).toEqual(plusDays(T0, 2));
    expect((await mailTo(complainant.email)).map((m) => m.template)).toContain("information_requested");

    v = await mustRun(complainant.actor, filed, v, postMessage("parties"), plusDays(T0, 5), "It is Hauptstrasse 1, Berlin.");

    expect((await caseRow(filed)).status).toBe("in_progress");
    const response = await deadline(filed, "client", "response");
    expect(response.paused_at).toBeNull();
    expect(response.met_at).toBeNull();
    // 45 calendar days end Fri 17 Apr; paused Thu 5 Mar to Sun 8 Mar gives 3 days back: Mon 20 Apr, end of day EDT.
    expect(response.due_at).toEqual(new Date("2026-04-21T03:59:59.999Z"));
    const types = (await db().selectFrom("case_events").select("type").where("case_id", "=", filed.id).orderBy("id").execute()).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["message_posted", "clock_resumed"]);
    expect(v).toBe(4);
  });
});

describe("the clocks of a case that ends (ADR 053)", () => {
  const states = async (actor: Actor, filed: FiledCase, now: Date) =>
    Object.fromEntries((await loadCaseView(actor, filed.reference, now))!.deadlines.map((d) => [d.kind, { state: d.state, stoppedAt: d.stoppedAt ?? null }]));

  it("closing stops them in the same change: the page shows them stopped (a breach stays one), the queue shows no deadline", async () => {
    const { officer, filed } = await world();
    const closedAt = plusDays(T0, 20);
    await mustRun(officer.actor, filed, 1, { type: "close", kind: "duplicate", reason: "Filed twice" }, closedAt);
    for (const kind of ["acknowledgement", "response"]) expect((await deadline(filed, "client", kind)).stopped_at).toEqual(closedAt);
    expect((await caseRow(filed)).next_due_at).toBeNull();
    // Read long after: the acknowledgement was overdue when the case ended, the answer was not.
    expect(await states(officer.actor, filed, plusDays(T0, 60))).toEqual({
      acknowledgement: { state: "stopped_late", stoppedAt: closedAt },
      response: { state: "stopped", stoppedAt: closedAt },
    });
    const row = (await listCases(officer.actor, { status: "all", q: filed.reference }, null, plusDays(T0, 60))).rows.find((r) => r.reference === filed.reference);
    expect(row).toMatchObject({ status: "closed", next_due: null, days_left: null });
  });

  it("a bulk close stops them too, and reopening lets them run again with their due dates", async () => {
    const { officer, liaisonA, filed } = await world();
    const closedAt = plusDays(T0, 2);
    expect(await bulkClose(officer.actor, [{ reference: filed.reference, version: 1 }], "duplicate", "Filed twice", closedAt)).toEqual({ done: [filed.reference], unchanged: [], refused: [] });
    expect(await states(liaisonA.actor, filed, plusDays(T0, 90))).toEqual({
      acknowledgement: { state: "stopped", stoppedAt: closedAt },
      response: { state: "stopped", stoppedAt: closedAt },
    });
    const due = (await deadline(filed, "client", "response")).due_at;
    await mustRun(officer.actor, filed, 2, { type: "reopen", reason: "Not a duplicate" }, plusDays(T0, 3));
    const response = await deadline(filed, "client", "response");
    expect(response).toMatchObject({ stopped_at: null, due_at: due });
    expect((await caseRow(filed)).next_due_at).not.toBeNull();
    expect((await states(officer.actor, filed, plusDays(T0, 3))).response).toEqual({ state: "pending", stoppedAt: null });
  });
});

describe("escalation", () => {
  it("after the acknowledgement deadline passed unmet moves the case to the company with fresh clocks, and tells complainant and staff", async () => {
    const { clientA, liaisonA, liaisonB, officer, filed, complainant } = await world();
    // Wed 11 Mar: the acknowledgement was due by the end of Tue 10 Mar (New York time).
    const at = plusDays(T0, 8);

    await mustRun(complainant.actor, filed, 1, { type: "escalate" }, at);

    const kase = await caseRow(filed);
    expect(kase).toMatchObject({ stage: "company", status: "awaiting_acknowledgement", stages_visited: ["client", "company"], version: 2, client_id: clientA.id });
    expect(kase.stage_entered_at).toEqual(at);
    // 5 working days after Wed 11 Mar skip Evacuation Day (Tue 17 Mar, Boston): Thu 19 Mar; 45
    // calendar days: Sat 25 Apr; each at the end of the day, EDT.
    expect((await deadline(filed, "company", "acknowledgement")).due_at).toEqual(new Date("2026-03-20T03:59:59.999Z"));
    expect((await deadline(filed, "company", "response")).due_at).toEqual(new Date("2026-04-26T03:59:59.999Z"));
    // The client stage's clocks stay, as history.
    expect((await deadline(filed, "client", "acknowledgement")).due_at).toEqual(new Date("2026-03-11T03:59:59.999Z"));

    const last = await db().selectFrom("case_events").selectAll().where("case_id", "=", filed.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(last).toMatchObject({ type: "escalated", actor_id: complainant.id, actor_role: "complainant", payload: { from: "client", to: "company" } });

    const toOfficer = (await mailTo(officer.email)).filter((m) => m.template === "escalation_notice");
    expect(toOfficer).toHaveLength(1);
    expect(toOfficer[0]!.data).toMatchObject({ reference: filed.reference, fromStage: "client", toStage: "company", audience: "staff" });
    expect((await mailTo(liaisonA.email)).map((m) => m.template)).toContain("escalation_notice");
    expect(await mailTo(liaisonB.email)).toEqual([]);
    expect((await mailTo(complainant.email)).map((m) => m.template)).not.toContain("escalation_notice");

    // The complainant's view now says where the case is.
    const view = await loadCaseView(complainant.actor, filed.reference, at);
    expect(view?.state.stage).toBe("company");

    // The complainant, although they asked for it, gets the mail that says what the new stage
    // means and when to expect an answer there.
    const toComplainant = (await mailTo(complainant.email)).filter((m) => m.template === "stage_change");
    expect(toComplainant).toHaveLength(1);
    expect(toComplainant[0]!.data).toMatchObject({ reference: filed.reference, fromStage: "client", toStage: "company", audience: "complainant" });
  });
});

describe("mail and the transaction that queues it", () => {
  it("leaves no job behind when the transaction throws after queueing", async () => {
    const to = testEmail("rolled-back");
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await enqueueMail(trx, { template: "new_reply", to, data: { reference: "PS-2026-000999", caseUrl: "https://recourse.example.test/my/cases/PS-2026-000999" } });
          expect(await mailTo(to)).toEqual([]); // not visible outside the transaction yet
          throw new Error("the change failed after queueing its mail");
        }),
    ).rejects.toThrow("the change failed after queueing its mail");
    expect(await mailTo(to)).toEqual([]);
  });
});

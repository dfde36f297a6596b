// A case page shows the latest TIMELINE_PAGE entries; "Show earlier entries" pages back through
// the rest, each entry exactly once, also when many entries share one millisecond (a command's
// event and message do) or differ only in microseconds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import type { Actor } from "../../app/domain";
import { loadCaseView, rowsToFetch, TIMELINE_PAGE, type TimelineEntry } from "../../app/models/case-view.server";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { bulkSetOwner } from "../../app/models/case-owner.server";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, plus, type FiledCase, type TestUser } from "../support/factories";

const T0 = new Date("2026-05-04T09:00:00.000Z");
let filed: FiledCase;
let officer: TestUser;
let liaison: TestUser;
/** Every entry made here: label, when (ms), and who may see it. */
const made: { label: string; complainantSees: boolean }[] = [];

beforeAll(async () => {
  const client = await createClient("Timeline");
  officer = await createOfficer();
  liaison = await createLiaison(client.id);
  filed = await fileCase({ clientId: client.id }, T0);
  // 150 messages and 90 events; every third shares its millisecond with the one before, and a
  // few differ from it only by microseconds.
  for (let i = 0; i < 150; i++) {
    const ms = T0.getTime() + 60_000 + Math.floor(i / 3) * 1000 + (i % 3 === 2 ? 1 : 0);
    const micro = i % 7 === 0 ? "0.0004" : "0";
    const audience = i % 5 === 0 ? "staff" : "parties";
    await sql`
      insert into messages (case_id, author_id, author_role, audience, channel, body, client_id, created_at)
      values (${filed.id}, ${officer.id}, 'officer', ${audience}, 'web', ${`message ${i}`}, ${audience === "staff" ? client.id : null},
        ${new Date(ms)}::timestamptz + ${micro}::numeric * interval '1 second')
    `.execute(db());
    made.push({ label: `message ${i}`, complainantSees: audience === "parties" });
  }
  for (let i = 0; i < 90; i++) {
    const ms = T0.getTime() + 60_000 + Math.floor(i / 2) * 1000;
    const type = i % 9 === 0 ? "assigned" : "deadline_extended";
    await sql`
      insert into case_events (case_id, type, actor_id, actor_role, payload, created_at)
      values (${filed.id}, ${type}, ${officer.id}, 'officer', ${JSON.stringify({ reason: `event ${i}`, clientId: "x" })}::jsonb, ${new Date(ms)})
    `.execute(db());
    made.push({ label: `event ${i}`, complainantSees: type !== "assigned" });
  }
  // 40 mails about the case (the officer's view only), many in the same milliseconds as the rest.
  for (let i = 0; i < 40; i++) {
    const ms = T0.getTime() + 60_000 + Math.floor(i / 2) * 1500;
    await sql`
      insert into mail_deliveries (message_id, case_id, template, recipient, data, status, queued_at)
      values (${`<timeline-${i}@test.example>`}, ${filed.id}, ${`note_${i}`}, 'someone@example.com', '{}'::jsonb, 'sent', ${new Date(ms)})
    `.execute(db());
  }
});

afterAll(discardTestMail);

const label = (e: TimelineEntry) =>
  e.kind === "message" ? e.body : e.kind === "mail" ? `mail ${e.template} ${e.at.getTime()}` : e.type === "case_filed" ? "filed" : String(e.payload.reason);

/** Every mailing about the case (a template at one moment), labelled as the timeline labels it. */
async function mailLabels(): Promise<string[]> {
  const rows = await db().selectFrom("mail_deliveries").select(["template", "queued_at"]).distinct().where("case_id", "=", filed.id).execute();
  return rows.map((r) => `mail ${r.template} ${new Date(r.queued_at).getTime()}`);
}

async function everyPage(actor: Actor) {
  const pages: TimelineEntry[][] = [];
  let before: string | null = null;
  for (;;) {
    const view = await loadCaseView(actor, filed.reference, T0, before);
    if (!view) throw new Error("case not found");
    pages.push(view.timeline);
    before = view.earlierTimeline;
    if (!before) break;
    if (pages.length > 20) throw new Error("the timeline never ends");
  }
  return pages;
}

describe("the case timeline in pages", () => {
  it.each([
    ["officer", () => officer.actor, async () => [...made.map((m) => m.label), ...(await mailLabels())]],
    ["liaison", () => liaison.actor, async () => made.map((m) => m.label)],
    ["complainant", () => filed.complainant.actor, async () => made.filter((m) => m.complainantSees).map((m) => m.label)],
  ] as const)("shows the %s every entry they may see exactly once, newest page first", async (_who, actor, visible) => {
    const pages = await everyPage(actor());
    const seen = pages.flat().map(label);
    expect([...seen].sort()).toEqual([...(await visible()), "filed"].sort());
    expect(new Set(seen).size).toBe(seen.length);
    // Full pages except the oldest; each page reads oldest first, and pages go back in time.
    expect(pages.slice(0, -1).every((p) => p.length === TIMELINE_PAGE)).toBe(true);
    const inTime = [...pages].reverse().flat().map((e) => e.at.getTime());
    expect(inTime).toEqual([...inTime].sort((a, b) => a - b));
  });

  it("shows the latest entries first, and the complainant no staff notes, bookkeeping or ids", async () => {
    const view = await loadCaseView(filed.complainant.actor, filed.reference, T0);
    expect(view?.timeline).toHaveLength(TIMELINE_PAGE);
    expect(view?.timeline.at(-1) && label(view.timeline.at(-1)!)).toBe("message 149");
    const text = JSON.stringify(view?.timeline);
    expect(text).not.toMatch(/"message (0|5|10)"/);
    expect(text).not.toContain("clientId");
  });

  it("asks the database for a few sizes only, whatever `skip` the address carries (each size is a statement text, ADR 055)", () => {
    const sizes = new Set<number>();
    for (let skip = 0; skip <= 10_000; skip++) {
      const limit = TIMELINE_PAGE + 1 + skip;
      const size = rowsToFetch(limit);
      expect(size).toBeGreaterThanOrEqual(limit);
      sizes.add(size);
    }
    expect([...sizes].sort((a, b) => a - b)).toEqual([64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]);
  });

  it("ignores a `before` value that is not one of its own", async () => {
    const latest = (await loadCaseView(officer.actor, filed.reference, T0))!.timeline.map(label);
    for (const crafted of ["", "x", "2026-05-04T09:00:00.000Z", "2026-05-04T09:00:00.000Z~99999999", "0000-01-01T00:00:00.000Z~1", "2026-02-30T09:00:00.000Z~1", "9999-12-31T23:59:59.999Z~1'"]) {
      const view = await loadCaseView(officer.actor, filed.reference, T0, crafted);
      expect(view?.timeline.map(label), crafted).toEqual(latest);
    }
  });
});

describe("owner changes on the timeline", () => {
  it("name the new owner (bulk and single) and the one removed, for officer and liaison, without ids", async () => {
    const client = await createClient("Owners");
    const owner = await createLiaison(client.id);
    const officerOwner = await createOfficer();
    const reader = await createLiaison(client.id);
    const at = new Date("2026-06-01T09:00:00.000Z");
    const c = await fileCase({ clientId: client.id }, at);
    // From the queue (bulk), then on the case page (single): to an officer, then to nobody.
    expect(await bulkSetOwner(officer.actor, [{ reference: c.reference, version: 1 }], owner.id, plus(at, 60_000))).toEqual({ done: [c.reference], unchanged: [], refused: [] });
    const set = await performCaseCommand({ actor: officer.actor, reference: c.reference, expectedVersion: 2, command: { type: "set_owner", ownerId: officerOwner.id }, now: plus(at, 120_000) });
    expect(set.ok).toBe(true);
    const cleared = await performCaseCommand({ actor: reader.actor, reference: c.reference, expectedVersion: 3, command: { type: "set_owner", ownerId: null }, now: plus(at, 180_000) });
    expect(cleared.ok).toBe(true);

    for (const actor of [officer.actor, reader.actor]) {
      const view = await loadCaseView(actor, c.reference, plus(at, 240_000));
      const changes = view!.timeline.filter((e): e is Extract<TimelineEntry, { kind: "event" }> => e.kind === "event" && e.type === "owner_changed");
      expect(changes.map((e) => e.payload)).toEqual([
        { ownerSet: true, ownerName: owner.name, previousOwnerName: null },
        { ownerSet: true, ownerName: officerOwner.name, previousOwnerName: owner.name },
        { ownerSet: false, ownerName: null, previousOwnerName: officerOwner.name },
      ]);
      const text = JSON.stringify(view!.timeline);
      for (const id of [owner.id, officerOwner.id]) expect(text).not.toContain(id);
    }
  });
});

describe("the facts each timeline line words", () => {
  it("reach the staff page (verification, extension, follow-up date) and the complainant's only what their page words", async () => {
    const client = await createClient("Timeline facts");
    const reader = await createLiaison(client.id);
    const at = new Date("2026-07-01T13:00:00.000Z");
    const c = await fileCase({ clientId: client.id, category: "request_removal" }, at);
    let version = 1;
    const run = async (actor: Actor, command: Parameters<typeof performCaseCommand>[0]["command"], minutes: number, body?: string) => {
      const done = await performCaseCommand({ actor, reference: c.reference, expectedVersion: version, command, body, now: plus(at, minutes * 60_000) });
      if (!done.ok) throw new Error(JSON.stringify(done));
      version = done.version;
    };
    await run(reader.actor, { type: "acknowledge" }, 1);
    await run(reader.actor, { type: "record_identity_verification", method: "client_records", evidence: "Address matches our customer record.", outcome: "verified" }, 2);
    await run(officer.actor, { type: "extend_deadline", kind: "response", dueAt: new Date("2026-08-28T12:00:00.000Z"), reason: "Waiting for the archive" }, 3);
    await run(reader.actor, { type: "answer", message: "We removed your data." }, 4, "We removed your data.");
    await run(c.complainant.actor, { type: "reject_answer", reason: "It is still there." }, 5);
    // The complainant's letter asking to move up, recorded by the officer with its day and reference.
    await run(officer.actor, { type: "escalate", occurredOn: "2026-07-01", externalReference: "Letter 7" }, 6);

    const payloadOf = (timeline: TimelineEntry[], type: string) => timeline.find((e): e is Extract<TimelineEntry, { kind: "event" }> => e.kind === "event" && e.type === type)?.payload;
    for (const actor of [officer.actor, reader.actor]) {
      const staff = (await loadCaseView(actor, c.reference, plus(at, 600_000)))!.timeline;
      // Before: the staff page read "Identity verification recorded (): . Evidence:" and
      // "Deadline extended: Waiting for the archive", the loader having dropped the facts.
      expect(payloadOf(staff, "identity_verification_recorded")).toMatchObject({ method: "client_records", outcome: "verified", evidence: "Address matches our customer record." });
      expect(payloadOf(staff, "deadline_extended")).toMatchObject({ dueDay: expect.stringMatching(/^2026-08-2\d$/), reason: "Waiting for the archive" });
      expect(payloadOf(staff, "follow_up_started")).toMatchObject({ dueAt: expect.any(String) });
      expect(payloadOf(staff, "escalated")).toMatchObject({ from: "client", to: "company", occurredOn: "2026-07-01", externalReference: "Letter 7" });
    }
    const own = (await loadCaseView(c.complainant.actor, c.reference, plus(at, 600_000)))!.timeline;
    // The complainant's page words the follow-up's date ("... until 3 Aug to answer again"), not the generic line.
    expect(payloadOf(own, "follow_up_started")).toMatchObject({ dueAt: expect.any(String) });
    expect(payloadOf(own, "identity_verification_recorded")).toBeUndefined();
    expect(payloadOf(own, "deadline_extended")).toMatchObject({ reason: "Waiting for the archive" });
    expect(payloadOf(own, "escalated")).toMatchObject({ from: "client", to: "company" });
    const staffOnly = ["dueDay", "requiresAction", "referredOn", "reference", "periodEndsAt", "method", "outcome", "evidence", "occurredOn", "externalReference"];
    for (const e of own) if (e.kind === "event") expect(Object.keys(e.payload).filter((k) => staffOnly.includes(k)), e.type).toEqual([]);
    expect(JSON.stringify(own)).not.toContain("customer record");
  });
});

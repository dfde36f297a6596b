// Retention and anonymisation (issue 9 part 4, ADR 026). The sweep anonymises expired, unheld,
// finished cases and nothing else; statistics by stage, outcome and month are the same before and
// after; every hash chain still verifies; a legal hold keeps a case; the complainant's account goes
// with their last case; a sweep run twice (or two at once) anonymises each case once.
import { spawnSync } from "node:child_process";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { ownerDb as db } from "../../app/db/db.server";
import type { Actor } from "../../app/domain";
import { verifyEventChains } from "../../app/models/audit.server";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { ANONYMISED_COMPLAINANT_ID, carryOutErasure, changeLegalHold, retentionOutlook, sweepRetention } from "../../app/models/retention.server";
import { loadStaffCasePage } from "../../app/models/case-view.server";
import { requestErasure } from "../../app/models/export.server";
import { receiveInboundMail } from "../../app/mail/inbound/receive.server";
import { intakeItem } from "../../app/models/intake.server";
import { listSavedFilters, saveFilter } from "../../app/models/saved-filters.server";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, mailTo, plusDays, type FiledCase, type TestUser } from "../support/factories";

const NOW = new Date("2026-11-20T10:00:00Z");
let officer: TestUser<Extract<Actor, { role: "officer" }>>;
let liaison: TestUser<Extract<Actor, { role: "liaison" }>>;
let clientId: string;

interface Made {
  filed: FiledCase;
  secret: string;
}

/**
 * A case with messages of every audience, a file and a received mail, finished at `endedAt` (or
 * left running). A finished one has also had its response clock extended, been taken up by the
 * dispute body and referred by a data protection authority (each with the outside body's number,
 * the referral corrected), and, once closed, a reply by mail from the complainant that could not
 * be posted: an intake item of mail that names the case.
 */
async function madeCase(endedAt: Date | null, opts: { email?: string; name?: string; filedAt?: Date } = {}): Promise<Made> {
  const secret = `SECRET-${Math.random().toString(36).slice(2, 10)}`;
  const filedAt = opts.filedAt ?? plusDays(endedAt ?? NOW, -20);
  const filed = await fileCase({ clientId, description: `${secret} description`, desiredOutcome: `${secret} outcome`, ...(opts.email ? { email: opts.email } : {}), ...(opts.name ? { name: opts.name } : {}) }, filedAt);
  let version = 1;
  const step = async (actor: Actor, command: Parameters<typeof performCaseCommand>[0]["command"], at: Date, body?: string) => {
    const done = await performCaseCommand({ actor, reference: filed.reference, expectedVersion: version, command, ...(body ? { body } : {}), now: at });
    if (!done.ok) throw new Error(JSON.stringify(done));
    version = done.version;
  };
  await step(liaison.actor, { type: "post_message", audience: "parties", channel: "web" }, plusDays(filedAt, 1), `${secret} parties`);
  await step(liaison.actor, { type: "post_message", audience: "staff", channel: "web" }, plusDays(filedAt, 1), `${secret} staff`);
  await step(officer.actor, { type: "post_message", audience: "internal", channel: "web" }, plusDays(filedAt, 1), `${secret} internal`);
  await step(filed.complainant.actor, { type: "post_message", audience: "parties", channel: "web" }, plusDays(filedAt, 2), `${secret} from the complainant`);
  await db()
    .insertInto("attachments")
    .values({ case_id: filed.id, message_id: null, file_name: `${secret}.txt`, safe_name: `${secret}.txt`, content_type: "text/plain", size_bytes: 6, sha256: "x".repeat(64), content: Buffer.from(secret), uploaded_by: filed.complainant.id })
    .execute();
  await db()
    .insertInto("inbound_mails")
    .values({ dedup_key: secret, received_at: plusDays(filedAt, 3), via: "smtp", envelope_from: filed.complainant.email, envelope_to: ["in@example.org"], from_address: filed.complainant.email, from_name: secret, subject: secret, raw: Buffer.from(`Subject: ${secret}\r\n\r\n${secret}`), raw_size: 40, kind: "message", outcome: "posted", case_id: filed.id, attachments: JSON.stringify([{ name: `${secret}.pdf`, size: 9, outcome: "saved" }, { name: `${secret}.exe`, size: 9, outcome: "refused", reason: `"${secret}.exe" is not a file type we accept.` }]) })
    .execute();
  if (endedAt) {
    const response = await db().selectFrom("case_deadlines").select("due_at").where("case_id", "=", filed.id).where("kind", "=", "response").executeTakeFirstOrThrow();
    await step(officer.actor, { type: "extend_deadline", kind: "response", dueAt: plusDays(response.due_at, 5), reason: `extended: ${secret} is in hospital until May` }, plusDays(filedAt, 3));
    await step(officer.actor, { type: "record_dma_referral", externalReference: `BBB-${secret}` }, plusDays(filedAt, 4));
    const referredOn = filedAt.toISOString().slice(0, 10);
    await step(officer.actor, { type: "record_dpa_referral", referredOn, reference: `DPA-${secret}` }, plusDays(filedAt, 4));
    await step(officer.actor, { type: "correct_dpa_referral", referredOn, reference: `DPA2-${secret}`, reason: "typo" }, plusDays(filedAt, 4));
    await step(officer.actor, { type: "close", kind: "unfounded", reason: `${secret} closure reason` }, endedAt);
    const reply = [`From: ${filed.complainant.email}`, "To: privacy@recourse.test", `Subject: Re: ${filed.reference} ${secret} subject`, `Message-ID: <${secret}@example.org>`, "Content-Type: text/plain; charset=utf-8", "", `${secret} replied after the close`, ""].join("\r\n");
    const received = await receiveInboundMail(Buffer.from(reply), { via: "webhook", now: plusDays(endedAt, 1) });
    expect(received).toMatchObject({ outcome: "intake", reference: filed.reference });
  }
  return { filed, secret };
}

/** Every text column the sweep must clear, as one string per case. */
async function everythingAbout(caseId: string): Promise<string> {
  const { rows } = await sql<{ all: string }>`
    select concat_ws(' ',
      (select row_to_json(c)::text from cases c where c.id = ${caseId}),
      (select string_agg(body, ' ') from messages where case_id = ${caseId}),
      (select string_agg(file_name || ' ' || safe_name || ' ' || convert_from(content, 'UTF8'), ' ') from attachments where case_id = ${caseId}),
      (select string_agg(recipient || ' ' || data::text, ' ') from mail_deliveries where case_id = ${caseId}),
      (select string_agg(coalesce(from_address, '') || coalesce(from_name, '') || coalesce(subject, '') || convert_from(raw, 'UTF8') || attachments::text, ' ') from inbound_mails where case_id = ${caseId}),
      (select string_agg(row_to_json(i)::text, ' ') from intake_items i where i.case_id = ${caseId} or i.inbound_mail_id in (select id from inbound_mails where case_id = ${caseId})),
      (select string_agg(explanation || ' ' || coalesce(computation::text, ''), ' ') from case_deadlines where case_id = ${caseId}),
      (select every::text || ' ' || shared::text from case_search where case_id = ${caseId}),
      (select string_agg(payload::text, ' ') from case_events where case_id = ${caseId})
    ) as all`.execute(db());
  return rows[0]!.all;
}

/** The statistics a report draws: counts by stage, outcome (and closure kind), category, country and month opened and ended. */
async function statistics(ids: string[]) {
  const { rows } = await sql`
    select c.stage, c.status, c.closure->>'kind' as kind, c.category, c.country, c.framework,
      to_char(c.opened_at at time zone 'UTC', 'YYYY-MM') as opened, c.stages_visited,
      (select to_char(max(created_at) at time zone 'UTC', 'YYYY-MM') from case_events e where e.case_id = c.id and e.type in ('closed', 'withdrawn', 'answer_accepted')) as ended,
      (select count(*)::int from case_deadlines d where d.case_id = c.id) as deadlines,
      (select count(*)::int from messages m where m.case_id = c.id) as messages,
      count(*)::int as n
    from cases c where c.id = any(${ids}::uuid[])
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    order by 1, 2, 3, 4, 5, 6, 7, 9, 10, 11`.execute(db());
  return rows;
}

/** What the reports count from (migration 018's facts, kept by triggers): the same rows before and after a sweep. */
async function reportFacts(ids: string[]) {
  const { rows } = await sql`
    select f.case_id, f.opened_at, f.framework, f.stage, f.status, f.stages_visited, f.reached, f.outcome, f.category, f.country, f.award, f.remedies, f.ended_at,
      (select json_agg(json_build_object('stage', d.stage, 'kind', d.kind, 'due', d.due_at, 'settled', d.settled_at, 'result', d.settled_result, 'days', d.met_days) order by d.stage, d.kind, d.due_at)
        from deadline_facts d where d.case_id = f.case_id) as clocks
    from case_facts f where f.case_id = any(${ids}::uuid[]) order by f.case_id`.execute(db());
  return rows;
}

/** An inbound mail that matched no case, with an intake item if given; its secret is in every text column. */
async function unmatchedMail(receivedAt: Date, intake?: { status: "open" | "discarded"; decidedAt?: Date }): Promise<{ id: string; secret: string }> {
  const secret = `UNMATCHED-${Math.random().toString(36).slice(2, 10)}`;
  const from = `${secret.toLowerCase()}@example.test`;
  const { id } = await db()
    .insertInto("inbound_mails")
    .values({ dedup_key: `message-id:<${Math.random().toString(36).slice(2)}@mail.example.test>`, received_at: receivedAt, via: "smtp", envelope_from: from, envelope_to: [`${secret}@in.example.org`], from_address: from, from_name: secret, subject: secret, raw: Buffer.from(`From: ${from}\r\nSubject: ${secret}\r\n\r\n${secret}`), raw_size: 60, kind: intake ? "message" : "auto_reply", outcome: intake ? "intake" : "recorded", case_id: null, full_text: secret, new_text: secret, note: `${secret} note`, attachments: JSON.stringify([{ name: `${secret}.pdf`, size: 3, outcome: "not_saved" }]) })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (intake) {
    await db()
      .insertInto("intake_items")
      .values({ inbound_mail_id: id, received_at: receivedAt, from_address: from, from_name: secret, subject: secret, body: secret, reason: "No case matched.", status: intake.status, decided_by: intake.decidedAt ? officer.id : null, decided_at: intake.decidedAt ?? null, discard_reason: intake.status === "discarded" ? `${secret} is spam` : null })
      .execute();
  }
  return { id, secret };
}

/** Everything an unmatched mail and its intake item hold, lower-cased. */
async function everythingOfMail(id: string): Promise<string> {
  const { rows } = await sql<{ all: string }>`
    select lower(concat_ws(' ', (select row_to_json(m)::text || convert_from(m.raw, 'UTF8') from inbound_mails m where m.id = ${id}),
      (select row_to_json(i)::text from intake_items i where i.inbound_mail_id = ${id}))) as all`.execute(db());
  return rows[0]!.all;
}

/** What statistics can draw from unmatched mail: counts by kind, outcome, month, intake status and reason. */
async function mailStatistics(ids: string[]) {
  const { rows } = await sql`
    select m.kind, m.outcome, to_char(m.received_at at time zone 'UTC', 'YYYY-MM') as month, i.status, i.reason, i.decided_at, count(*)::int as n
    from inbound_mails m left join intake_items i on i.inbound_mail_id = m.id
    where m.id = any(${ids}::uuid[]) group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`.execute(db());
  return rows;
}

const anonymisedEvents = async (caseId: string) =>
  Number((await db().selectFrom("case_events").select((eb) => eb.fn.countAll().as("n")).where("case_id", "=", caseId).where("type", "=", "anonymised").executeTakeFirstOrThrow()).n);

let expired: Made;
let held: Made;
let recent: Made;
let running: Made;
let twoCasesOld: Made;
let twoCasesRunning: Made;
const mails = {} as Record<"old" | "discardedLongAgo" | "discardedLately" | "open" | "soon" | "recent", { id: string; secret: string }>;
let unmatchedBefore: number;
let mailStatsBefore: unknown;
const nameOfExpired = `Ottilie Zq${Math.random().toString(36).replace(/[^a-z]/g, "").slice(0, 8)}`;

beforeAll(async () => {
  clientId = (await createClient("Retention")).id;
  officer = await createOfficer();
  liaison = await createLiaison(clientId);
  expired = await madeCase(new Date("2022-01-10T12:00:00Z"), { name: nameOfExpired });
  held = await madeCase(new Date("2022-02-01T12:00:00Z"));
  recent = await madeCase(new Date("2026-01-05T12:00:00Z"));
  running = await madeCase(null, { filedAt: new Date("2020-05-01T12:00:00Z") });
  twoCasesOld = await madeCase(new Date("2021-06-01T12:00:00Z"));
  twoCasesRunning = await madeCase(null, { email: twoCasesOld.filed.complainant.email, filedAt: new Date("2026-10-01T12:00:00Z") });
  await sessionCookieFor(expired.filed.complainant.id);
  await sessionCookieFor(twoCasesOld.filed.complainant.id);
  const placed = await changeLegalHold(officer.actor, held.filed.reference, { type: "place_legal_hold", reason: "litigation: court order 12/26" }, plusDays(NOW, -1));
  expect(placed).toEqual({ ok: true });

  unmatchedBefore = (await retentionOutlook(officer.actor, NOW)).unmatchedMails;
  mails.old = await unmatchedMail(new Date("2025-06-01T08:00:00Z")); // due 2026-06-01
  mails.discardedLongAgo = await unmatchedMail(new Date("2025-01-01T08:00:00Z"), { status: "discarded", decidedAt: new Date("2025-02-01T08:00:00Z") }); // due 2026-02-01
  mails.discardedLately = await unmatchedMail(new Date("2025-01-01T08:00:00Z"), { status: "discarded", decidedAt: new Date("2026-03-01T08:00:00Z") }); // due 2027-03-01
  mails.open = await unmatchedMail(new Date("2024-01-01T08:00:00Z"), { status: "open" }); // waits for the officer
  mails.soon = await unmatchedMail(new Date("2025-12-10T08:00:00Z")); // due 2026-12-10: within the outlook's 30 days
  mails.recent = await unmatchedMail(new Date("2026-10-01T08:00:00Z"));
  mailStatsBefore = await mailStatistics(Object.values(mails).map((m) => m.id));

  // Saved queue views: one searching the expired case's person, one the person with two cases, one nobody.
  const view = (q: string) => new URLSearchParams({ q, stage: "client", sort: "due" }).toString();
  for (const [name, query] of [
    [`Cases of ${nameOfExpired}`, view(expired.filed.complainant.email)],
    ["Two cases", view(twoCasesOld.filed.complainant.email)],
    ["Removal requests", view("removal")],
    // Their surname alone, and their address's beginning without the "@" (as the queue finds them).
    ["Surname only", view(nameOfExpired.split(" ")[1]!.toUpperCase())],
    ["Address start", view(expired.filed.complainant.email.split("@")[0]!)],
  ] as const) {
    expect(await saveFilter(officer.actor, name, query)).toEqual({ ok: true });
  }
}, 120_000);

const savedViews = async () => Object.fromEntries((await listSavedFilters(officer.actor)).map((f) => [f.name, f.query]));

afterAll(async () => {
  await discardTestMail();
});

describe("the officer's outlook", () => {
  it("lists what falls due within 30 days and the held cases, not the others", async () => {
    const rows = (await retentionOutlook(officer.actor, NOW)).cases;
    const mine = rows.filter((r) => [expired, held, recent, running, twoCasesOld].some((m) => m.filed.reference === r.reference));
    expect(mine.map((r) => [r.reference, r.kind]).sort()).toEqual(
      [
        [expired.filed.reference, "expired"],
        [held.filed.reference, "held"],
        [twoCasesOld.filed.reference, "expired"],
      ].sort(),
    );
    expect(mine.find((r) => r.reference === expired.filed.reference)?.dueAt.toISOString()).toBe("2025-01-10T12:00:00.000Z");
    expect(mine.find((r) => r.reference === held.filed.reference)?.holdReason).toBe("litigation: court order 12/26");
    // A case due in 29 days is listed (recent ends 2026-01-05: due 2029; seen from 2028-12-07 it is within the window).
    const later = (await retentionOutlook(officer.actor, new Date("2028-12-07T12:00:00Z"))).cases;
    expect(later.find((r) => r.reference === recent.filed.reference)).toMatchObject({ kind: "kept" });
  });

  it("counts the unmatched mails falling due within 30 days: expired or soon, not an open intake item's nor a recent one", async () => {
    expect((await retentionOutlook(officer.actor, NOW)).unmatchedMails - unmatchedBefore).toBe(3);
    expect((await retentionOutlook(liaison.actor, NOW)).unmatchedMails).toBe(0);
  });

  it("is refused to a liaison by the database (no rows of other clients) and shows only the liaison's", async () => {
    const rows = (await retentionOutlook(liaison.actor, NOW)).cases;
    expect(rows.every((r) => [expired, held, recent, twoCasesOld].some((m) => m.filed.reference === r.reference))).toBe(true);
  });
});

describe("the sweep", () => {
  let before: unknown;
  const ids = () => [expired, held, recent, running, twoCasesOld, twoCasesRunning].map((m) => m.filed.id);

  it("anonymises only expired, unheld, finished cases, and keeps the statistics identical", async () => {
    before = await statistics(ids());
    const factsBefore = await reportFacts(ids());
    const result = await sweepRetention(db(), NOW);
    expect(result.anonymised).toEqual(expect.arrayContaining([expired.filed.reference, twoCasesOld.filed.reference]));
    for (const m of [held, recent, running, twoCasesRunning]) expect(result.anonymised).not.toContain(m.filed.reference);

    for (const m of [expired, twoCasesOld]) {
      const text = await everythingAbout(m.filed.id);
      expect(text).not.toContain(m.secret);
      expect(text).not.toContain(m.filed.complainant.email);
      expect(text).not.toContain(m.filed.complainant.name);
      const row = await db().selectFrom("cases").select(["complainant_id", "anonymised_at", "status", "stage"]).where("id", "=", m.filed.id).executeTakeFirstOrThrow();
      expect(row.complainant_id).toBe(ANONYMISED_COMPLAINANT_ID);
      expect(row.anonymised_at?.toISOString()).toBe(NOW.toISOString());
      const files = await db().selectFrom("attachments").select(["size_bytes", "content"]).where("case_id", "=", m.filed.id).execute();
      expect(files.every((f) => f.size_bytes === 0 && f.content.length === 0)).toBe(true);
    }
    for (const m of [held, recent, running, twoCasesRunning]) {
      expect(await everythingAbout(m.filed.id)).toContain(`${m.secret} staff`);
      expect((await db().selectFrom("cases").select("anonymised_at").where("id", "=", m.filed.id).executeTakeFirstOrThrow()).anonymised_at).toBeNull();
    }
    expect(await statistics(ids())).toEqual(before);
    expect(await reportFacts(ids())).toEqual(factsBefore);
    // The search words of an anonymised case hold neither its text nor the person's name.
    const words = await everythingAbout(expired.filed.id);
    expect(words.toLowerCase()).not.toContain(expired.secret.toLowerCase());
    expect(words.toLowerCase()).not.toContain(nameOfExpired.split(" ")[1]!.toLowerCase());
  });

  it("empties the intake item of a reply that named the case, as the case page's intake link shows it", async () => {
    const mail = await db().selectFrom("inbound_mails").select("id").where("dedup_key", "=", `message-id:<${expired.secret}@example.org>`).executeTakeFirstOrThrow();
    const item = await db().selectFrom("intake_items").select(["id", "case_id", "status"]).where("inbound_mail_id", "=", mail.id).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ case_id: null, status: "open" });
    const shown = await intakeItem(officer.actor, item.id);
    expect(shown).not.toBeNull();
    const text = JSON.stringify(shown);
    expect(text).not.toContain(expired.secret);
    expect(text).not.toContain(expired.filed.complainant.email);
    expect(text).not.toContain(nameOfExpired);
    // The held case's reply is still there: it follows its case.
    const heldMail = await db().selectFrom("inbound_mails").select("id").where("dedup_key", "=", `message-id:<${held.secret}@example.org>`).executeTakeFirstOrThrow();
    expect((await db().selectFrom("intake_items").select("body").where("inbound_mail_id", "=", heldMail.id).executeTakeFirstOrThrow()).body).toContain(held.secret);
  });

  it("replaces the outside bodies' numbers, keeps the stage a move left, and keeps the clocks' days without the reasons for extending them", async () => {
    const payloads = Object.fromEntries(
      (await db().selectFrom("case_events").select(["type", "payload"]).where("case_id", "=", expired.filed.id).where("type", "in", ["dma_referral_recorded", "dpa_referral_recorded", "dpa_referral_corrected", "deadline_extended"]).execute()).map((e) => [e.type, e.payload]),
    );
    expect(payloads.dma_referral_recorded).toEqual({ from: "client", to: "dma", occurredOn: expect.any(String), externalReference: "[anonymised]" });
    expect(payloads.dpa_referral_recorded).toMatchObject({ reference: "[anonymised]", referredOn: expect.any(String) });
    expect(payloads.dpa_referral_corrected).toMatchObject({ reference: "[anonymised]", previousReference: "[anonymised]", reason: "[anonymised]" });
    expect(payloads.deadline_extended).toMatchObject({ stage: "client", kind: "response", dueDay: expect.any(String), reason: "[anonymised]" });
    const arbitration = (await db().selectFrom("cases").select("arbitration").where("id", "=", expired.filed.id).executeTakeFirstOrThrow()).arbitration as { dpaReferral: { reference: string; referredOn: string } };
    expect(arbitration.dpaReferral).toMatchObject({ reference: "[anonymised]", referredOn: expect.any(String) });

    const response = await db().selectFrom("case_deadlines").select(["explanation", "computation"]).where("case_id", "=", expired.filed.id).where("kind", "=", "response").executeTakeFirstOrThrow();
    const computation = response.computation as { extensions: { dueDay: string; fromDay: string; reason: string }[] };
    expect(computation.extensions).toEqual([{ at: expect.any(String), dueDay: payloads.deadline_extended!.dueDay, fromDay: expect.any(String), reason: "[anonymised]" }]);
    expect(response.explanation).toMatch(/extended to .+ by the Security Officer: \[anonymised\]/);
    // The staff page shows the trail and the clocks from these rows.
    const page = JSON.stringify(await loadStaffCasePage(officer.actor, expired.filed.reference, NOW));
    expect(page).not.toContain(expired.secret);
    // Not anonymised: the held case keeps its numbers.
    expect(await everythingAbout(held.filed.id)).toContain(`BBB-${held.secret}`);
  });

  it("empties unmatched mail past its date, with its intake item, and keeps what statistics count", async () => {
    for (const m of [mails.old, mails.discardedLongAgo]) {
      const text = await everythingOfMail(m.id);
      expect(text).not.toContain(m.secret.toLowerCase());
      const row = await db().selectFrom("inbound_mails").select(["anonymised_at", "raw", "from_address", "envelope_from", "user_id"]).where("id", "=", m.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ raw: Buffer.alloc(0), from_address: null, envelope_from: null, user_id: null });
      expect(row.anonymised_at?.toISOString()).toBe(NOW.toISOString());
    }
    expect((await db().selectFrom("intake_items").select(["from_address", "status", "discard_reason"]).where("inbound_mail_id", "=", mails.discardedLongAgo.id).executeTakeFirstOrThrow())).toEqual({ from_address: "anonymised@invalid", status: "discarded", discard_reason: "[anonymised]" });
    for (const m of [mails.discardedLately, mails.open, mails.soon, mails.recent]) {
      expect(await everythingOfMail(m.id)).toContain(`${m.secret.toLowerCase()} note`);
      expect((await db().selectFrom("inbound_mails").select("anonymised_at").where("id", "=", m.id).executeTakeFirstOrThrow()).anonymised_at).toBeNull();
    }
    expect(await mailStatistics(Object.values(mails).map((m) => m.id))).toEqual(mailStatsBefore);
    expect((await retentionOutlook(officer.actor, NOW)).unmatchedMails - unmatchedBefore).toBe(1); // the one due soon
  });

  it("takes the person's address and name out of saved views when their account goes, not while a case of theirs runs", async () => {
    const views = await savedViews();
    expect(views[`Cases of ${nameOfExpired}`]).toBeUndefined();
    const renamed = Object.entries(views).find(([name]) => name.endsWith("(search anonymised)"));
    expect(renamed?.[1]).toBe("stage=client&sort=due");
    expect(views["Two cases"]).toBe(new URLSearchParams({ q: twoCasesOld.filed.complainant.email, stage: "client", sort: "due" }).toString());
    expect(views["Removal requests"]).toBe("q=removal&stage=client&sort=due");
    expect(views["Surname only"]).toBe("stage=client&sort=due");
    expect(views["Address start"]).toBe("stage=client&sort=due");
  });

  it("leaves every chain verifying, with one 'anonymised' event that records the head before", async () => {
    for (const m of [expired, twoCasesOld, held]) expect((await verifyEventChains(db(), m.filed.id)).broken).toEqual([]);
    const last = await db().selectFrom("case_events").select(["type", "payload", "actor_role"]).where("case_id", "=", expired.filed.id).orderBy("seq", "desc").executeTakeFirstOrThrow();
    expect(last.type).toBe("anonymised");
    expect(last.payload).toMatchObject({ retainMonths: 36, endedAt: "2022-01-10T12:00:00.000Z", previousHead: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // Stages, outcomes and kinds stay in the trail.
    const closed = await db().selectFrom("case_events").select("payload").where("case_id", "=", expired.filed.id).where("type", "=", "closed").executeTakeFirstOrThrow();
    expect(closed.payload).toEqual({ outcome: "closed", kind: "unfounded", reason: "[anonymised]" });
  });

  it("npm run audit:verify finds no broken chain among these cases", () => {
    const run = spawnSync("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env }, encoding: "utf8", timeout: 60_000 });
    expect(run.stdout).toMatch(/checked \d+ events in \d+ case chains/);
    for (const m of [expired, twoCasesOld, held]) expect(run.stdout).not.toContain(`BROKEN ${m.filed.reference}`);
    if (!run.stdout.includes("BROKEN")) expect(run.status, run.stderr).toBe(0);
  });

  it("removes the account with its last case, and keeps an account that still has a case", async () => {
    expect(await db().selectFrom("users").select("id").where("id", "=", expired.filed.complainant.id).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", expired.filed.complainant.id).executeTakeFirst()).toBeUndefined();
    const kept = await db().selectFrom("users").select(["email"]).where("id", "=", twoCasesOld.filed.complainant.id).executeTakeFirst();
    expect(kept?.email).toBe(twoCasesOld.filed.complainant.email);
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", twoCasesOld.filed.complainant.id).executeTakeFirst()).toBeDefined();
  });

  it("does nothing the second time, nor when two sweeps run at once", async () => {
    const again = await sweepRetention(db(), plusDays(NOW, 1));
    expect(again.anonymised).not.toContain(expired.filed.reference);
    await Promise.all([sweepRetention(db(), plusDays(NOW, 2)), sweepRetention(db(), plusDays(NOW, 2))]);
    expect(await anonymisedEvents(expired.filed.id)).toBe(1);
    expect(await anonymisedEvents(twoCasesOld.filed.id)).toBe(1);
  });

  it("a lifted hold lets the next sweep anonymise the case, once, even when two run together", async () => {
    const lifted = await changeLegalHold(officer.actor, held.filed.reference, { type: "lift_legal_hold", reason: "litigation ended" }, NOW);
    expect(lifted).toEqual({ ok: true });
    const [a, b] = await Promise.all([sweepRetention(db(), plusDays(NOW, 3)), sweepRetention(db(), plusDays(NOW, 3))]);
    expect([...a.anonymised, ...b.anonymised].filter((r) => r === held.filed.reference)).toHaveLength(1);
    expect(await anonymisedEvents(held.filed.id)).toBe(1);
    expect(await everythingAbout(held.filed.id)).not.toContain(held.secret);
    expect((await verifyEventChains(db(), held.filed.id)).broken).toEqual([]);
    const events = await db().selectFrom("case_events").select("type").where("case_id", "=", held.filed.id).orderBy("seq").execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["legal_hold_placed", "legal_hold_lifted", "anonymised"]));
  });

  it("the last case of the complainant with two goes too, and then the account", async () => {
    const { version } = await db().selectFrom("cases").select("version").where("id", "=", twoCasesRunning.filed.id).executeTakeFirstOrThrow();
    const closed = await performCaseCommand({ actor: officer.actor, reference: twoCasesRunning.filed.reference, expectedVersion: version, command: { type: "close", kind: "duplicate", reason: "same as before" }, now: new Date("2026-11-01T10:00:00Z") });
    expect(closed.ok).toBe(true);
    const done = await sweepRetention(db(), new Date("2030-01-01T00:00:00Z"));
    expect(done.anonymised).toContain(twoCasesRunning.filed.reference);
    expect(await db().selectFrom("users").select("id").where("id", "=", twoCasesOld.filed.complainant.id).executeTakeFirst()).toBeUndefined();
    expect((await savedViews())["Two cases"]).toBe("stage=client&sort=due");
    expect((await savedViews())["Removal requests"]).toBe("q=removal&stage=client&sort=due");
  });

  it("by then every unmatched mail is emptied but the one whose intake item is still open", async () => {
    for (const m of [mails.discardedLately, mails.soon, mails.recent]) expect(await everythingOfMail(m.id)).not.toContain(m.secret.toLowerCase());
    expect(await everythingOfMail(mails.open.id)).toContain(`${mails.open.secret.toLowerCase()} note`);
    expect(await mailStatistics(Object.values(mails).map((m) => m.id))).toEqual(mailStatsBefore);
  });

  it("two sweeps at once empty each unmatched mail once", async () => {
    const more = [await unmatchedMail(new Date("2001-01-01T00:00:00Z")), await unmatchedMail(new Date("2001-02-01T00:00:00Z")), await unmatchedMail(new Date("2001-03-01T00:00:00Z"))];
    const [t1, t2] = [new Date("2031-01-01T00:00:00.000Z"), new Date("2031-01-01T00:00:00.001Z")];
    const [a, b] = await Promise.all([sweepRetention(db(), t1, { batchSize: 1 }), sweepRetention(db(), t2, { batchSize: 1 })]);
    const { n } = await db().selectFrom("inbound_mails").select((eb) => eb.fn.countAll<string>().as("n")).where("anonymised_at", "in", [t1, t2]).executeTakeFirstOrThrow();
    expect(a.unmatchedMails + b.unmatchedMails).toBe(Number(n));
    for (const m of more) expect(await everythingOfMail(m.id)).not.toContain(m.secret.toLowerCase());
  });
});

describe("the legal hold and the events door", () => {
  it("an anonymised case cannot be held; a liaison cannot hold", async () => {
    expect(await changeLegalHold(officer.actor, expired.filed.reference, { type: "place_legal_hold", reason: "too late" }, NOW)).toMatchObject({ ok: false, status: 400 });
    expect(await changeLegalHold(liaison.actor, recent.filed.reference, { type: "place_legal_hold", reason: "mine" }, NOW)).toMatchObject({ ok: false, status: 400 });
    expect(await changeLegalHold(officer.actor, "PS-1999-000001", { type: "place_legal_hold", reason: "none" }, NOW)).toMatchObject({ ok: false, status: 404 });
  });

  it("the app role cannot rewrite events, even naming the case as resealing", async () => {
    const app = new pg.Client({ connectionString: process.env.DATABASE_URL, options: "-c role=recourse_app" });
    await app.connect();
    try {
      await app.query("begin");
      await app.query(`select set_config('recourse.actor_role', 'officer', true), set_config('recourse.actor_user_id', $1, true), set_config('recourse.resealing', $2, true)`, [officer.id, recent.filed.id]);
      await expect(app.query(`update case_events set payload = '{}' where case_id = $1`, [recent.filed.id])).rejects.toThrow(/append-only/);
      await app.query("rollback");
      await app.query("begin");
      await expect(app.query(`select case_events_reseal($1)`, [recent.filed.id])).rejects.toThrow(/permission denied/);
      await app.query("rollback");
    } finally {
      await app.end();
    }
  });

  it("the owner cannot rewrite events without naming the case, nor delete them", async () => {
    await expect(sql`update case_events set payload = '{}' where case_id = ${recent.filed.id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(
      db().transaction().execute(async (trx) => {
        await sql`select set_config('recourse.resealing', ${recent.filed.id}, true)`.execute(trx);
        await sql`delete from case_events where case_id = ${recent.filed.id}`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
  });
});

// ADR 051. After the sweeps above (which ran years ahead), with a complainant of its own.
describe("carrying out a request to erase the account", () => {
  let ended: Made;
  let open: Made;
  let onHold: Made;
  let person: FiledCase["complainant"];
  const request = { reference: "", id: "" };
  const T = plusDays(NOW, 5);

  const version = async (reference: string) => (await db().selectFrom("cases").select("version").where("reference", "=", reference).executeTakeFirstOrThrow()).version;
  const run = async (actor: Actor, reference: string, command: Parameters<typeof performCaseCommand>[0]["command"], at: Date) =>
    performCaseCommand({ actor, reference, expectedVersion: await version(reference), command, now: at });
  const verify = (reference: string, at: Date) =>
    run(officer.actor, reference, { type: "record_identity_verification", method: "knowledge_check", evidence: "Case references and dates given on the phone match our records.", outcome: "verified" }, at);
  /** The worker sends the mail (here: marked sent), as it would before the erasure job looks again. */
  const sendMailOf = async (ids: string[]) => {
    await sql`update mail_deliveries set status = 'sent', sent_at = now() where status = 'queued' and case_id = any(${ids}::uuid[])`.execute(db());
  };
  const fileRequest = async (at: Date) => {
    const filed = await requestErasure(person.actor, crypto.randomUUID(), at);
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const row = await db().selectFrom("cases").select("id").where("reference", "=", filed.reference).executeTakeFirstOrThrow();
    return { reference: filed.reference, id: row.id };
  };

  beforeAll(async () => {
    ended = await madeCase(plusDays(NOW, 1));
    person = ended.filed.complainant;
    open = await madeCase(null, { email: person.email });
    onHold = await madeCase(plusDays(NOW, 1), { email: person.email });
    expect(await changeLegalHold(officer.actor, onHold.filed.reference, { type: "place_legal_hold", reason: "litigation hold 7/26" }, plusDays(NOW, 2))).toEqual({ ok: true });
    Object.assign(request, await fileRequest(plusDays(NOW, 3)));
  }, 60_000);

  afterAll(async () => {
    await sql`select graphile_worker.remove_job(key) from graphile_worker._private_jobs where key like 'erasure:%'`.execute(db());
  });

  it("is not offered to a liaison, and waits for the requester's identity to be verified, saying so", async () => {
    expect(await run(liaison.actor, request.reference, { type: "carry_out_erasure" }, T)).toEqual({ ok: false, kind: "not_found" });
    const early = await run(officer.actor, request.reference, { type: "carry_out_erasure" }, T);
    expect(early).toMatchObject({ ok: false, kind: "refused", refusal: { code: "prerequisites_not_met", reason: expect.stringMatching(/identity has been verified/) } });
    const page = await loadStaffCasePage(officer.actor, request.reference, T);
    expect(page?.erasure?.refusal).toMatch(/identity has been verified/);
    expect(page?.view.available).not.toContain("carry_out_erasure");
  });

  it("shows the officer what it anonymises and keeps, then resolves the request and queues the closing mail and the anonymisation together", async () => {
    expect(await verify(request.reference, T)).toMatchObject({ ok: true });
    const page = await loadStaffCasePage(officer.actor, request.reference, T);
    const plan = {
      anonymise: [ended.filed.reference, request.reference],
      kept: [{ reference: open.filed.reference, why: "open" }, { reference: onHold.filed.reference, why: "legal_hold" }],
      accountGoes: false,
    };
    expect(page?.erasure).toEqual({ plan, refusal: null });
    expect(page?.view.available).toContain("carry_out_erasure");

    expect(await run(officer.actor, request.reference, { type: "carry_out_erasure" }, T)).toMatchObject({ ok: true });
    const row = await db().selectFrom("cases").select(["status", "closure", "anonymised_at"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "resolved", closure: { kind: "resolved" }, anonymised_at: null });
    // It ends the request for the reports and for retention alike (migration 028).
    const { rows: facts } = await sql<{ ended_at: Date; outcome: string }>`select ended_at, outcome from case_facts where case_id = ${request.id}`.execute(db());
    expect(facts).toEqual([{ ended_at: T, outcome: "resolved" }]);
    const granted = await db().selectFrom("case_events").select(["payload", "actor_id"]).where("case_id", "=", request.id).where("type", "=", "erasure_granted").executeTakeFirstOrThrow();
    expect(granted).toEqual({ payload: { stage: "company", outcome: "resolved", ...{ anonymised: plan.anonymise, kept: plan.kept, accountGoes: false } }, actor_id: officer.id });
    // The closing mail, to the address, says what is erased and what is kept.
    const closing = (await mailTo(person.email)).filter((m) => m.template === "case_closed" && m.data.reference === request.reference);
    expect(closing).toHaveLength(1);
    expect(closing[0]!.data.erasure).toEqual(plan);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where key = ${`erasure:${request.id}`}`.execute(db());
    expect(rows[0]!.n).toBe(1);

    // Once only: the request is closed now.
    expect(await run(officer.actor, request.reference, { type: "carry_out_erasure" }, T)).toMatchObject({ ok: false, kind: "refused", refusal: { code: "case_closed" } });
  });

  it("waits while the closing mail (or another of those cases) is unsent, then anonymises the ended, unheld cases and the request, keeping the rest", async () => {
    const ids = [ended.filed.id, open.filed.id, onHold.filed.id, request.id];
    expect(await carryOutErasure(db(), request.id, T)).toMatchObject({ kind: "waiting_for_mail" });
    expect(await everythingAbout(ended.filed.id)).toContain(ended.secret);
    const closing = await db().selectFrom("mail_deliveries").select(["recipient", "data"]).where("case_id", "=", request.id).where("template", "=", "case_closed").executeTakeFirstOrThrow();
    expect(closing.recipient).toBe(person.email);

    const before = await statistics(ids);
    await sendMailOf(ids);
    expect(await carryOutErasure(db(), request.id, T)).toEqual({
      kind: "done",
      anonymised: [ended.filed.reference, request.reference],
      kept: [{ reference: open.filed.reference, why: "open" }, { reference: onHold.filed.reference, why: "legal_hold" }],
      accountRemoved: false,
    });
    for (const id of [ended.filed.id, request.id]) {
      const text = await everythingAbout(id);
      expect(text).not.toContain(ended.secret);
      expect(text).not.toContain(person.email);
      expect((await db().selectFrom("cases").select("complainant_id").where("id", "=", id).executeTakeFirstOrThrow()).complainant_id).toBe(ANONYMISED_COMPLAINANT_ID);
      expect((await verifyEventChains(db(), id)).broken).toEqual([]);
    }
    for (const m of [open, onHold]) expect(await everythingAbout(m.filed.id)).toContain(`${m.secret} staff`);
    expect(await statistics(ids)).toEqual(before);
    const anonymised = await db().selectFrom("case_events").select("payload").where("case_id", "=", ended.filed.id).where("type", "=", "anonymised").executeTakeFirstOrThrow();
    expect(anonymised.payload).toMatchObject({ erasureRequest: request.reference, previousHead: { seq: expect.any(Number) } });
    const completed = await db().selectFrom("case_events").select(["payload", "actor_role"]).where("case_id", "=", request.id).where("type", "=", "erasure_completed").executeTakeFirstOrThrow();
    expect(completed).toEqual({ actor_role: "system", payload: { anonymised: [ended.filed.reference, request.reference], kept: [{ reference: open.filed.reference, why: "open" }, { reference: onHold.filed.reference, why: "legal_hold" }], accountRemoved: false } });
    // Their account stays while cases of theirs are kept.
    expect((await db().selectFrom("users").select("email").where("id", "=", person.id).executeTakeFirst())?.email).toBe(person.email);
    // Run again (a retried job): nothing more.
    expect(await carryOutErasure(db(), request.id, plusDays(T, 1))).toEqual({ kind: "nothing" });
    expect(await anonymisedEvents(ended.filed.id)).toBe(1);
  });

  it("a later request, once the kept cases have ended and the hold is lifted, takes the last cases and the account", async () => {
    const at = plusDays(T, 10);
    expect(await run(officer.actor, open.filed.reference, { type: "close", kind: "settled", reason: "settled by phone" }, at)).toMatchObject({ ok: true });
    expect(await changeLegalHold(officer.actor, onHold.filed.reference, { type: "lift_legal_hold", reason: "litigation ended" }, at)).toEqual({ ok: true });
    const second = await fileRequest(at);
    expect(await verify(second.reference, at)).toMatchObject({ ok: true });
    expect(await run(officer.actor, second.reference, { type: "carry_out_erasure" }, at)).toMatchObject({ ok: true });
    await sendMailOf([open.filed.id, onHold.filed.id, second.id]);
    // A complaint held for their address that they never confirmed (ADR 020) goes with the account
    // (by address: one held for the account itself would go with its row anyway).
    const held = await db()
      .insertInto("held_filings")
      .values({ reference: `HELD-${crypto.randomUUID().slice(0, 8)}`, email: person.email, user_id: null, reason: "known_address", input: JSON.stringify({ description: `${open.secret} held` }), created_at: at, expires_at: plusDays(at, 7) })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await carryOutErasure(db(), second.id, at)).toEqual({ kind: "done", anonymised: [open.filed.reference, onHold.filed.reference, second.reference], kept: [], accountRemoved: true });
    expect(await db().selectFrom("users").select("id").where("id", "=", person.id).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom("held_filings").select("id").where("id", "=", held.id).executeTakeFirst()).toBeUndefined();
    for (const m of [open, onHold]) expect(await everythingAbout(m.filed.id)).not.toContain(m.secret);
  });
});

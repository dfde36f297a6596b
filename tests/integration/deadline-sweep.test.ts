// The deadline sweep sends each notice exactly once: two sweeps at the same moment, a sweep that
// dies half-way and is run again, and a worker that comes back after downtime and backfills the
// sweeps it missed. The sweeps run at a moment long before every other test file's cases (the
// year 2001), so only this file's cases owe anything, whatever else the shared database holds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { createDb, ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import type { Database } from "../../app/db/schema";
import { startWorker } from "../../app/jobs/worker.server";
import { recurringTasks } from "../../app/jobs/tasks/deadline-sweep.server";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { sendNoticeDigests, setNotificationMode, sweepDeadlines } from "../../app/models/notices.server";
import { loadOperatorZone } from "../../app/models/clock-settings.server";
import { nextDigestMoment } from "../../app/domain";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, plusDays, type FiledCase, type TestUser } from "../support/factories";

const FILED = new Date("2001-03-01T10:00:00.000Z");
/** 50 days after filing: the 5-day acknowledgement and the 45-day answer have both passed. */
const LATE = plusDays(FILED, 50);

let client: { id: string };
let liaison: TestUser;
/** Every active officer gets the breach alerts; the count changes as tests add officers. */
let officers = 0;
/** Officers who get one mail per event (the others get a digest). */
let mailedOfficers = 0;
async function countOfficers() {
  const count = async (each: boolean) => {
    let q = db().selectFrom("users").select((eb) => eb.fn.countAll().as("n")).where("role", "=", "officer").where("active", "=", true);
    if (each) q = q.where("notification_mode", "=", "each");
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  officers = await count(false);
  mailedOfficers = await count(true);
}

beforeAll(async () => {
  client = await createClient("Sweep");
  await createOfficer();
  liaison = await createLiaison(client.id);
});

afterAll(discardTestMail);

async function fileOverdue(count: number, filedAt = FILED): Promise<FiledCase[]> {
  const cases: FiledCase[] = [];
  for (let i = 0; i < count; i++) cases.push(await fileCase({ clientId: client.id }, filedAt));
  await countOfficers();
  return cases;
}

async function noticesOf(cases: FiledCase[]) {
  return db()
    .selectFrom("notices")
    .select(["case_id", "subject", "kind", "recipient_id", "template", "mail_delivery_id", "delivery", "digested_at"])
    .where("case_id", "in", cases.map((c) => c.id))
    .execute();
}

/** Sweep mail about these cases, by template: [template, count] sorted. */
async function sweepMail(cases: FiledCase[]) {
  const { rows } = await sql<{ template: string; recipient: string; reference: string; n: string }>`
    select template, recipient, data->>'reference' as reference, count(*)::text as n from mail_deliveries
    where data->>'reference' in (${sql.join(cases.map((c) => c.reference))})
      and template in ('deadline_reminder', 'deadline_breached', 'escalation_available', 'wait_reminder', 'closure_proposal')
    group by 1, 2, 3
  `.execute(db());
  return rows;
}

/** What one overdue, unacknowledged client case owes: two breach alerts per officer, one escalation notice. */
function expectOwedOnce(rows: Awaited<ReturnType<typeof sweepMail>>, cases: FiledCase[]) {
  for (const c of cases) {
    const mine = rows.filter((r) => r.reference === c.reference);
    const breached = mine.filter((r) => r.template === "deadline_breached");
    expect(breached, `breach alerts for ${c.reference}`).toHaveLength(mailedOfficers);
    // The acknowledgement and the answer: one alert each, per officer.
    expect(breached.every((r) => r.n === "2"), `two breached clocks, one alert each, for ${c.reference}`).toBe(true);
    const escalation = mine.filter((r) => r.template === "escalation_available");
    expect(escalation).toEqual([{ template: "escalation_available", recipient: c.complainant.email, reference: c.reference, n: "1" }]);
  }
}

describe("the deadline sweep", () => {
  it("sends each notice once when two workers sweep at the same moment", async () => {
    const cases = await fileOverdue(6);
    const a = createDb(process.env.DATABASE_URL!, 4);
    const b = createDb(process.env.DATABASE_URL!, 4);
    try {
      const [first, second] = await Promise.all([sweepDeadlines(a, LATE, { batchSize: 2 }), sweepDeadlines(b, LATE, { batchSize: 3 })]);
      const notices = await noticesOf(cases);
      // 2 breach alerts per officer and 1 escalation notice, per case; between them the sweeps recorded each once.
      expect(notices).toHaveLength(cases.length * (2 * officers + 1));
      expect(first.notices + second.notices).toBeGreaterThanOrEqual(notices.length);
      expect(new Set(notices.map((n) => n.mail_delivery_id)).size).toBe(notices.length);
      expectOwedOnce(await sweepMail(cases), cases);

      // And again later the same day: nothing new is owed.
      expect((await sweepDeadlines(a, plusDays(LATE, 0.5))).notices).toBe(0);
      expect(await noticesOf(cases)).toHaveLength(notices.length);
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });

  it("after a sweep stopped half-way, the next one sends the rest, each once", async () => {
    const cases = await fileOverdue(5, plusDays(FILED, 1));
    const now = plusDays(LATE, 1);
    let swept = 0;
    await expect(
      sweepDeadlines(db(), now, {
        afterCase: ({ caseId }) => {
          if (cases.some((c) => c.id === caseId) && ++swept === 2) throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    const halfway = await noticesOf(cases);
    expect(new Set(halfway.map((n) => n.case_id)).size).toBe(2);

    await sweepDeadlines(db(), now);
    const notices = await noticesOf(cases);
    expect(notices).toHaveLength(cases.length * (2 * officers + 1));
    expectOwedOnce(await sweepMail(cases), cases);
  });

  it("reminds the client's liaison 7 and 2 days before the acknowledgement is due, once each", async () => {
    const [kase] = await fileOverdue(1, plusDays(FILED, 2));
    // Sweep twice inside each reminder window of the acknowledgement's stored due date (5 business
    // days, end of day in the operator's zone: its date depends on weekends and holidays).
    const ack = await db()
      .selectFrom("case_deadlines")
      .innerJoin("cases", "cases.id", "case_deadlines.case_id")
      .select("case_deadlines.due_at")
      .where("cases.reference", "=", kase!.reference)
      .where("case_deadlines.kind", "=", "acknowledgement")
      .executeTakeFirstOrThrow();
    const due = new Date(ack.due_at);
    await sweepDeadlines(db(), plusDays(due, -6.5));
    await sweepDeadlines(db(), plusDays(due, -6));
    await sweepDeadlines(db(), plusDays(due, -1.5));
    await sweepDeadlines(db(), plusDays(due, -1));
    const reminders = (await noticesOf([kase!])).filter((n) => n.template === "deadline_reminder" && n.subject.includes("acknowledgement"));
    expect(reminders.map((n) => [n.kind, n.recipient_id]).sort()).toEqual([
      ["reminder_2d", liaison.id],
      ["reminder_7d", liaison.id],
    ]);
  });

  it("a staff member on the daily digest gets one summary instead, and each item only once", async () => {
    const digestOfficer = await createOfficer();
    await setNotificationMode(db(), digestOfficer.id, "daily");
    const cases = await fileOverdue(2, plusDays(FILED, 3));
    const now = plusDays(LATE, 3);
    await sweepDeadlines(db(), now);
    const mine = (await noticesOf(cases)).filter((n) => n.recipient_id === digestOfficer.id);
    expect(mine).toHaveLength(4);
    expect(mine.every((n) => n.delivery === "digest" && n.mail_delivery_id === null)).toBe(true);

    // Recorded at 06:00 New York time: they wait for the digest of 07:00 in the operator's zone.
    const morning = nextDigestMoment(now, await loadOperatorZone(db()));
    expect(morning.getTime() - now.getTime()).toBe(3_600_000);
    await sendNoticeDigests(db(), plusDays(morning, -1 / 24 / 60));
    expect(await db().selectFrom("mail_deliveries").select("id").where("recipient", "=", digestOfficer.email).where("template", "=", "notice_digest").execute(), "nothing before the morning").toEqual([]);
    const [one, two] = await Promise.all([sendNoticeDigests(db(), morning), sendNoticeDigests(db(), morning)]);
    const digestMail = () =>
      db().selectFrom("mail_deliveries").select(["template", "data"]).where("recipient", "=", digestOfficer.email).where("template", "like", "%deadline%").execute();
    expect(await digestMail(), "no single-event mail for a digest reader").toEqual([]);
    const digests = await db().selectFrom("mail_deliveries").select(["template", "data"]).where("recipient", "=", digestOfficer.email).where("template", "=", "notice_digest").execute();
    expect(digests.map((d) => d.template)).toEqual(["notice_digest"]);
    expect(one.items + two.items).toBeGreaterThanOrEqual(4);
    const items = (digests[0]!.data as { items: { reference: string }[] }).items.filter((i) => cases.some((c) => c.reference === i.reference));
    expect(items).toHaveLength(4);
    await sendNoticeDigests(db(), plusDays(morning, 1));
    expect(await db().selectFrom("mail_deliveries").select("id").where("recipient", "=", digestOfficer.email).where("template", "=", "notice_digest").execute()).toHaveLength(1);
  });

  it("a digest reader's notice recorded after the morning's digest waits for the next morning's, one summary a day", async () => {
    const digestOfficer = await createOfficer();
    await setNotificationMode(db(), digestOfficer.id, "daily");
    const [kase] = await fileOverdue(1, plusDays(FILED, 5));
    const zone = await loadOperatorZone(db());
    // 09:00 New York time on a day after both clocks ran out: the breach alerts are recorded then.
    const recorded = plusDays(nextDigestMoment(plusDays(LATE, 6), zone), 2 / 24);
    await sweepDeadlines(db(), recorded);
    const mine = (await noticesOf([kase!])).filter((n) => n.recipient_id === digestOfficer.id);
    expect(mine.length).toBeGreaterThan(0);
    const digests = () => db().selectFrom("mail_deliveries").select("id").where("recipient", "=", digestOfficer.email).where("template", "=", "notice_digest").execute();
    // The hourly runs of that day send nothing more; the first run after the next 07:00 sends them.
    for (let hour = 1; hour < 22; hour++) await sendNoticeDigests(db(), plusDays(recorded, hour / 24));
    expect(await digests()).toEqual([]);
    await sendNoticeDigests(db(), nextDigestMoment(recorded, zone));
    expect(await digests()).toHaveLength(1);
    expect((await noticesOf([kase!])).filter((n) => n.recipient_id === digestOfficer.id && n.digested_at === null)).toEqual([]);
  });

  it("reaches only active staff of active clients; a reminder no liaison can receive goes to the officers", async () => {
    const gone = await createOfficer();
    const digestGone = await createOfficer();
    await setNotificationMode(db(), digestGone.id, "daily");
    const quiet = await createClient("Quiet");
    const quietLiaison = await createLiaison(quiet.id);
    const kase = await fileCase({ clientId: quiet.id }, plusDays(FILED, 4));
    const ack = await db().selectFrom("case_deadlines").select("due_at").where("case_id", "=", kase.id).where("kind", "=", "acknowledgement").executeTakeFirstOrThrow();
    const due = new Date(ack.due_at);
    // The digest reader's notice is recorded while they are active; then they, another officer and the only liaison are deactivated.
    await db().updateTable("users").set({ active: false, deactivated_at: FILED }).where("id", "in", [gone.id, quietLiaison.id]).execute();
    await sweepDeadlines(db(), plusDays(due, -6));
    await db().updateTable("users").set({ active: false, deactivated_at: FILED }).where("id", "=", digestGone.id).execute();
    await countOfficers();
    const reminders = (await noticesOf([kase])).filter((n) => n.template === "deadline_reminder" && n.kind === "reminder_7d");
    const recipients = reminders.map((n) => n.recipient_id);
    expect(recipients).not.toContain(quietLiaison.id);
    expect(recipients).not.toContain(gone.id);
    // Every officer active at the sweep, the digest reader among them, and nobody else.
    expect(recipients).toContain(digestGone.id);
    expect(recipients).toHaveLength(officers + 1);

    await sweepDeadlines(db(), plusDays(due, 3));
    const breaches = (await noticesOf([kase])).filter((n) => n.template === "deadline_breached");
    expect(breaches.length).toBeGreaterThan(0);
    expect(breaches.map((n) => n.recipient_id)).not.toContain(gone.id);
    expect(breaches.map((n) => n.recipient_id)).not.toContain(digestGone.id);

    await sendNoticeDigests(db(), plusDays(due, 3));
    expect(await db().selectFrom("mail_deliveries").select(["recipient", "template"]).where("recipient", "in", [gone.email, digestGone.email, quietLiaison.email]).where("template", "in", ["deadline_reminder", "deadline_breached", "notice_digest"]).execute()).toEqual([]);
    // Set aside, not kept: reactivated later, the digest reader gets no stale summary.
    expect((await noticesOf([kase])).filter((n) => n.recipient_id === digestGone.id && n.digested_at === null)).toEqual([]);
    await db().updateTable("users").set({ active: true, deactivated_at: null }).where("id", "=", digestGone.id).execute();
    await sendNoticeDigests(db(), plusDays(due, 4));
    expect(await db().selectFrom("mail_deliveries").select("id").where("recipient", "=", digestGone.email).where("template", "=", "notice_digest").execute()).toEqual([]);
  });

  it("proposes a case for closure after 30 days without a reply, and reminds the complainant at 14, once each", async () => {
    const [kase] = await fileOverdue(1, plusDays(FILED, 4));
    const filed = kase!.filedAt;
    const ack = await performCaseCommand({ actor: liaison.actor, reference: kase!.reference, expectedVersion: 1, command: { type: "acknowledge" }, now: plusDays(filed, 1) });
    if (!ack.ok) throw new Error(ack.kind);
    const asked = await performCaseCommand({
      actor: liaison.actor,
      reference: kase!.reference,
      expectedVersion: ack.version,
      command: { type: "request_information", message: "Which address?" },
      body: "Which address?",
      now: plusDays(filed, 2),
    });
    if (!asked.ok) throw new Error(asked.kind);
    // The clock is paused: nothing about deadlines is owed, however long the wait.
    await sweepDeadlines(db(), plusDays(filed, 2 + 13));
    expect(await noticesOf([kase!])).toHaveLength(0);
    await sweepDeadlines(db(), plusDays(filed, 2 + 14));
    await sweepDeadlines(db(), plusDays(filed, 2 + 20));
    await sweepDeadlines(db(), plusDays(filed, 2 + 30));
    await sweepDeadlines(db(), plusDays(filed, 2 + 31));
    const notices = await noticesOf([kase!]);
    expect(notices.filter((n) => n.kind === "wait_reminder").map((n) => n.recipient_id)).toEqual([kase!.complainant.id]);
    expect(notices.filter((n) => n.kind === "closure_proposal")).toHaveLength(officers);
    const row = await db().selectFrom("cases").select("status").where("id", "=", kase!.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("awaiting_complainant");
  });

  it("judges escalation with the profile the case keeps (ADR 012), not today's built-in one", async () => {
    // Two complaints, taken by their complainants to the company and then to the dispute body,
    // each time once both clocks of the step had passed unanswered.
    const kept = await fileOverdue(2, plusDays(FILED, 6));
    const escalatedAt = plusDays(FILED, 6 + 50 + 50);
    for (const c of kept) {
      let version = 1;
      for (const at of [plusDays(FILED, 6 + 50), escalatedAt]) {
        const outcome = await performCaseCommand({ actor: c.complainant.actor, reference: c.reference, expectedVersion: version, command: { type: "escalate" }, now: at });
        if (!outcome.ok) throw new Error(`escalate ${c.reference}: ${outcome.kind}`);
        version = outcome.version;
      }
    }
    // The first was opened under a profile that asked for the DPA's referral before arbitration;
    // the built-in Privacy Shield profile does not, so the sweep must read the case's own.
    const [strict, plain] = kept as [FiledCase, FiledCase];
    await sql`update cases set profile = jsonb_set(profile, '{arbitrationRequiresDpaReferral}', 'true') where id = ${strict.id}::uuid`.execute(db());

    // After the dispute body's review period (45 days) has passed unmet.
    await sweepDeadlines(db(), plusDays(escalatedAt, 50));
    const offers = (await noticesOf(kept)).filter((n) => n.kind === "escalation_available" && n.subject.startsWith("stage:dma/"));
    expect(offers.map((n) => n.case_id)).toEqual([plain.id]);
    // Both cases' breached review is still reported to the officers.
    const breaches = (await noticesOf(kept)).filter((n) => n.kind === "breach");
    expect(new Set(breaches.map((n) => n.case_id))).toEqual(new Set([strict.id, plain.id]));
  });
});

describe("the recurring sweep on the job queue", () => {
  let worker: { stop(): Promise<void> } | null = null;
  afterAll(async () => {
    await worker?.stop();
    // No sweep left on the queue for a later test file's worker to run at today's date.
    await sql`select graphile_worker.remove_job(k) from unnest(array['deadline_sweep', 'notice_digest']) as k`.execute(db());
    await sql`delete from graphile_worker._private_known_crontabs where identifier in ('deadline_sweep', 'notice_digest')`.execute(db());
  });

  it("backfills the sweep it missed while no worker was running, once", async () => {
    const cases = await fileOverdue(2, plusDays(FILED, 5));
    const now = plusDays(LATE, 5);
    // A daily sweep whose time passed two hours ago, while "the server was down" (known for a day, never run since).
    const missed = new Date(Date.now() - 2 * 3_600_000);
    const schedule = `${missed.getUTCMinutes()} ${missed.getUTCHours()} * * *`;
    await sql`
      insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
      values ('deadline_sweep', now() - interval '1 day', now() - interval '1 day')
      on conflict (identifier) do update set known_since = excluded.known_since, last_execution = excluded.last_execution
    `.execute(db());
    worker = await startWorker({
      connectionString: process.env.DATABASE_URL!,
      pollInterval: 200,
      crontab: recurringTasks({ sweep: schedule, digest: "0 0 1 1 *", housekeeping: "0 0 1 1 *" }),
      now: () => now,
    });
    // Until the backfilled sweep(s) have run and none is left on the queue.
    const pendingSweeps = async () =>
      Number((await sql<{ n: string }>`select count(*)::text as n from graphile_worker.jobs where task_identifier = 'deadline_sweep'`.execute(db())).rows[0]!.n);
    const deadline = Date.now() + 20_000;
    let notices = await noticesOf(cases);
    while ((notices.length < cases.length * (2 * officers + 1) || (await pendingSweeps()) > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      notices = await noticesOf(cases);
    }
    expect(notices).toHaveLength(cases.length * (2 * officers + 1));
    await worker.stop();
    worker = null;
    expectOwedOnce(await sweepMail(cases), cases);
    const known = await sql<{ last_execution: Date }>`select last_execution from graphile_worker._private_known_crontabs where identifier = 'deadline_sweep'`.execute(db());
    expect(known.rows[0]!.last_execution.getTime()).toBeGreaterThan(Date.now() - 3 * 3_600_000);
  });
});

// Unused import guard for Kysely type in helper signatures.
export type _Db = Kysely<Database>;

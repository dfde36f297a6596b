// The counts beside the queue's filters (ADR 029, ADR 050): kept in case_counts and the day tables
// by triggers on cases, in the same transaction as every change, and overdue / due within 7 days
// from the stored next deadline. Whatever happens to cases (filing, commands, owners, a new client,
// pauses, closing, direct writes, concurrent transactions, a rollback), the counts equal a
// COUNT(*) over the cases, under every filter of the page (client, owner, deadline, answer rejected).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import pg from "pg";
import { countCases, type Actor, type CountFilters, type CountRow, type Stage, type Status } from "../../app/domain";
import { db as appDb, ownerDb as db } from "../../app/db/db.server";
import { asActor } from "../../app/db/actor.server";
import { performCaseCommand, type CaseCommandRequest } from "../../app/models/case-commands.server";
import { bulkClose, bulkSetOwner } from "../../app/models/case-owner.server";
import { listCases, queueCounts, type QueueFilters } from "../../app/models/queues.server";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, plus, DAY_MS, MINUTE_MS, type FiledCase, type TestUser } from "../support/factories";

const BASE = new Date("2026-08-03T09:00:00.000Z");
const ZONE = "America/New_York";

let officer: TestUser;
let liaisonA: TestUser;
let liaisonB: TestUser;
let clientA: string;
let clientB: string;
const filed: FiledCase[] = [];
const versions = new Map<string, number>();

async function act(actor: Actor, kase: FiledCase, command: CaseCommandRequest, body?: string, now = plus(BASE, DAY_MS)) {
  const outcome = await performCaseCommand({ actor, reference: kase.reference, expectedVersion: versions.get(kase.reference) ?? 1, command, body, now });
  if (!outcome.ok) throw new Error(`${command.type} on ${kase.reference} failed: ${JSON.stringify(outcome)}`);
  versions.set(kase.reference, outcome.version);
}

/**
 * The truth: the grouped COUNT(*) over the cases themselves, as the owner. "Due within 7 days" is
 * due by the end of the 7th calendar day after `at`'s day in the zone, computed here by
 * PostgreSQL's own calendar. Each measure under the filters other than its own (CountRow).
 */
async function counted(actor: Actor, at: Date, f: CountFilters = {}, zone = ZONE): Promise<CountRow[]> {
  const me = actor.userId;
  const wall = actor.role === "liaison" ? actor.clientId : null;
  const weekEnd = sql`((((${at}::timestamptz at time zone ${zone})::date + 8)::timestamp) at time zone ${zone})`;
  const overdue = sql`next_due_at < ${at}`;
  const week = sql`(next_due_at >= ${at} and next_due_at < ${weekEnd})`;
  const due = f.due === "overdue" ? overdue : f.due === "week" ? week : sql`true`;
  const owner = f.owner === "mine" ? sql`owner_id is not distinct from ${me}::uuid` : f.owner === "unassigned" ? sql`owner_id is null` : sql`true`;
  const rejected = f.answerRejected ? sql`answer_rejected` : sql`true`;
  const { rows } = await sql<{ stage: string; status: string; n: string; overdue: string; week: string; rejected: string; mine: string; unowned: string }>`
    select stage, status,
      count(*) filter (where ${owner} and ${rejected} and ${due}) as n,
      count(*) filter (where ${owner} and ${rejected} and ${overdue}) as overdue,
      count(*) filter (where ${owner} and ${rejected} and ${week}) as week,
      count(*) filter (where ${owner} and ${due} and answer_rejected) as rejected,
      count(*) filter (where ${rejected} and ${due} and owner_id = ${me}) as mine,
      count(*) filter (where ${rejected} and ${due} and owner_id is null) as unowned
    from cases
    where (${wall}::uuid is null or client_id = ${wall}::uuid) and (${f.clientId ?? null}::uuid is null or client_id = ${f.clientId ?? null}::uuid)
    group by stage, status`.execute(db());
  return sorted(rows.map((r) => ({ stage: r.stage, status: r.status, n: +r.n, overdue: +r.overdue, week: +r.week, rejected: +r.rejected, mine: +r.mine, unowned: +r.unowned }) as CountRow));
}

function sorted(rows: CountRow[]): CountRow[] {
  return [...rows].sort((a, b) => `${a.stage}/${a.status}`.localeCompare(`${b.stage}/${b.status}`));
}

/**
 * Instants at which overdue and "due within 7 days" are decided by the parts of a day at their
 * edges: a minute either side of a deadline (the deadline in the same UTC day as `at`), a minute
 * either side of it seven days earlier (the deadline in the same UTC day as the window's end),
 * and eight days earlier (the operator's day turns and the deadline enters the window).
 */
async function edgeInstants(): Promise<Date[]> {
  const ids = filed.map((f) => f.id);
  const rows = await db().selectFrom("cases").select("next_due_at").distinct().where("id", "in", ids).where("next_due_at", "is not", null).orderBy("next_due_at").limit(3).execute();
  return rows.flatMap((r) => {
    const due = new Date(r.next_due_at!).getTime();
    return [-MINUTE_MS, MINUTE_MS, -7 * DAY_MS - MINUTE_MS, -7 * DAY_MS + MINUTE_MS, -8 * DAY_MS - MINUTE_MS, -8 * DAY_MS + MINUTE_MS].map((d) => new Date(due + d));
  });
}

/** The page's filters the counts are checked under (besides none): each alone, and some together. */
const FILTER_SETS: (() => CountFilters)[] = [
  () => ({ clientId: clientA }),
  () => ({ owner: "mine" }),
  () => ({ owner: "unassigned" }),
  () => ({ due: "overdue" }),
  () => ({ due: "week" }),
  () => ({ answerRejected: true }),
  () => ({ clientId: clientB, owner: "unassigned", due: "week" }),
  () => ({ owner: "mine", due: "overdue", answerRejected: true }),
  () => ({ clientId: clientA, owner: "unassigned", answerRejected: true, due: "week" }),
];

/**
 * The counts as the page gets them, compared at several instants (overdue and week move with
 * time): the whole queue at every instant, in the operator's zone and in one far from UTC; each
 * set of filters at the instants where a deadline crosses an edge.
 */
async function expectExact(label: string) {
  const edges = await edgeInstants();
  const instants = [BASE, plus(BASE, 3 * DAY_MS), plus(BASE, 40 * DAY_MS), plus(BASE, -400 * DAY_MS), ...edges];
  for (const actor of [officer.actor, liaisonA.actor, liaisonB.actor]) {
    for (const at of instants) {
      const where = `${label}: ${actor.role} ${actor.userId} at ${at.toISOString()}`;
      expect(sorted(await queueCounts(actor, at, {}, ZONE)), where).toEqual(await counted(actor, at));
      expect(sorted(await queueCounts(actor, at, {}, "Pacific/Auckland")), `${where} in Auckland`).toEqual(await counted(actor, at, {}, "Pacific/Auckland"));
    }
    for (const at of [BASE, ...edges.slice(0, 6)]) {
      for (const filters of FILTER_SETS.map((f) => f())) {
        const where = `${label}: ${actor.role} ${actor.userId} at ${at.toISOString()} under ${JSON.stringify(filters)}`;
        expect(sorted(await queueCounts(actor, at, filters, ZONE)), where).toEqual(await counted(actor, at, filters));
      }
    }
  }
}

beforeAll(async () => {
  clientA = (await createClient("Counts A")).id;
  clientB = (await createClient("Counts B")).id;
  officer = await createOfficer();
  liaisonA = await createLiaison(clientA);
  liaisonB = await createLiaison(clientB);
}, 60_000);

afterAll(discardTestMail);

describe("counts per filter", () => {
  it("are exact after filing", async () => {
    for (let i = 0; i < 6; i++) filed.push(await fileCase({ clientId: i % 3 === 2 ? clientB : clientA }, plus(BASE, i * MINUTE_MS)));
    filed.push(await fileCase({ clientId: null }, BASE));
    await expectExact("filed");
    // Something to count in every measure of client A.
    expect(countCases(await queueCounts(liaisonA.actor, BASE), {}, "n")).toBe(4);
  });

  it("are exact after commands that move stage, status, deadlines and the rejected flag", async () => {
    const [a, b, c] = filed;
    await act(liaisonA.actor, a!, { type: "acknowledge" });
    await act(liaisonA.actor, b!, { type: "acknowledge" });
    // Waiting for the complainant: the clock pauses, so the case has no running deadline.
    await act(liaisonA.actor, b!, { type: "request_information", message: "Which address?" });
    await act(liaisonA.actor, a!, { type: "answer", message: "We hold nothing; there is nothing to delete.", declines: true });
    await act(a!.complainant.actor, a!, { type: "reject_answer", reason: "Not deleted." });
    await act(officer.actor, c!, { type: "close", kind: "duplicate", reason: "Twice." });
    await expectExact("after commands");
    expect(countCases(await queueCounts(officer.actor, BASE), {}, "rejected")).toBeGreaterThanOrEqual(1);
  });

  it("are exact after owners change (mine, unassigned) and a case moves to another client", async () => {
    const [, , , d, e, f] = filed;
    const out = await bulkSetOwner(officer.actor, [d!, e!].map((k) => ({ reference: k.reference, version: versions.get(k.reference) ?? 1 })), officer.id, plus(BASE, 2 * DAY_MS));
    expect(out.done.length).toBe(2);
    for (const k of [d!, e!]) versions.set(k.reference, (versions.get(k.reference) ?? 1) + 1);
    await act(officer.actor, f!, { type: "assign", clientId: clientA, liaisonId: null });
    await expectExact("after owners and assign");
    expect(countCases(await queueCounts(officer.actor, BASE), {}, "mine")).toBe(2);
  });

  it("are exact after a bulk close, direct writes and a rolled-back transaction", async () => {
    const [, , , d] = filed;
    const out = await bulkClose(officer.actor, [{ reference: d!.reference, version: versions.get(d!.reference) ?? 1 }], "out_of_scope", "Not ours.", plus(BASE, 3 * DAY_MS));
    expect(out.done.length).toBe(1);
    // As the owner, outside any command (what a repair or a migration would do).
    await db().updateTable("cases").set({ next_due_at: plus(BASE, 2 * DAY_MS), answer_rejected: true }).where("id", "=", filed[4]!.id).execute();
    await db().updateTable("cases").set({ stage: "company" }).where("id", "=", filed[6]!.id).execute();
    // A transaction that changes a case and rolls back leaves the counts as they were.
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("cases").set({ status: "closed", next_due_at: null }).where("id", "=", filed[5]!.id).execute();
        throw new Error("roll back");
      })
      .catch(() => {});
    await expectExact("after direct writes");
  });

  it("are exact after concurrent filings and changes", async () => {
    const more = await Promise.all(Array.from({ length: 8 }, (_, i) => fileCase({ clientId: i % 2 ? clientA : clientB }, plus(BASE, i * MINUTE_MS))));
    await Promise.all(more.map((k, i) => (i % 2 ? act(liaisonA.actor, k, { type: "acknowledge" }) : act(officer.actor, k, { type: "close", kind: "duplicate", reason: "Twice." }))));
    await expectExact("after concurrent changes");
  });

  it("are exact after two transactions move cases between the same keys in opposite directions, and neither deadlocks", async () => {
    // Four cases with one key (client A, first step, waiting for acknowledgement, no owner); each
    // transaction first moves one case into a status the other then moves a case out of. Without
    // the commit lock (migration 022) the two took the count rows in opposite orders: 40P01.
    const [c, d, a, b] = await Promise.all([0, 1, 2, 3].map((i) => fileCase({ clientId: clientA }, plus(BASE, i * MINUTE_MS))));
    await db().updateTable("cases").set({ status: "awaiting_complainant" }).where("id", "=", c!.id).execute();
    await db().updateTable("cases").set({ status: "answered" }).where("id", "=", d!.id).execute();
    await db().updateTable("cases").set({ status: "in_progress" }).where("id", "=", a!.id).execute();
    const t1 = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const t2 = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([t1.connect(), t2.connect()]);
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const move = (client: pg.Client, id: string, status: string) => client.query("update cases set status = $2 where id = $1", [id, status]);
    try {
      // Count triggers fire at each statement here (not at commit), so the order of the steps is the order of the row locks.
      for (const t of [t1, t2]) await t.query("begin; set constraints all immediate");
      const first = (async () => {
        await move(t1, c!.id, "awaiting_acknowledgement"); // takes awaiting_complainant's and awaiting_acknowledgement's rows
        await pause(300);
        await move(t1, a!.id, "resolved"); // needs in_progress's row
        await t1.query("commit");
      })();
      const second = (async () => {
        await pause(100);
        await move(t2, d!.id, "in_progress"); // answered's and in_progress's rows
        await pause(300);
        await move(t2, b!.id, "withdrawn"); // needs awaiting_acknowledgement's row
        await t2.query("commit");
      })();
      const settled = await Promise.allSettled([first, second]);
      expect(settled.map((s) => (s.status === "rejected" ? String((s.reason as Error).message) : "committed"))).toEqual(["committed", "committed"]);
    } finally {
      for (const t of [t1, t2]) await t.query("rollback").catch(() => {});
      await Promise.all([t1.end(), t2.end()]);
    }
    const statuses = await db().selectFrom("cases").select(["id", "status"]).where("id", "in", [a!.id, b!.id, c!.id, d!.id]).execute();
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({
      [c!.id]: "awaiting_acknowledgement",
      [d!.id]: "in_progress",
      [a!.id]: "resolved",
      [b!.id]: "withdrawn",
    });
    await expectExact("after opposite moves");
  });

  it("are exact after a case is deleted", async () => {
    const gone = await fileCase({ clientId: clientB }, BASE);
    await db().transaction().execute(async (trx) => {
      for (const table of ["mail_deliveries", "mail_reply_tokens", "notices", "case_deadlines", "messages"] as const) {
        await trx.deleteFrom(table).where("case_id", "=", gone.id).execute();
      }
      await sql`alter table case_events disable trigger user`.execute(trx);
      await trx.deleteFrom("case_events").where("case_id", "=", gone.id).execute();
      await sql`alter table case_events enable trigger user`.execute(trx);
      await trx.deleteFrom("cases").where("id", "=", gone.id).execute();
    });
    await expectExact("after a delete");
  });
});

describe("the count beside each option", () => {
  /** Every case the page lists with these filters, following "Next page". */
  async function listed(actor: Actor, filters: QueueFilters, at: Date): Promise<number> {
    let cursor: string | null = null;
    let n = 0;
    do {
      const page = await listCases(actor, filters, cursor, at, ZONE);
      n += page.rows.length;
      cursor = page.nextCursor;
    } while (cursor);
    return n;
  }

  it("is what the page lists with that option chosen and the other filters as they are (client, owner, deadline, answer)", async () => {
    // The audit's pages: one client's (1 row beside "Any (7)"), "mine" and "unassigned", a deadline.
    const at = plus(BASE, 3 * DAY_MS);
    const pages: [Actor, QueueFilters][] = [
      [officer.actor, { clientId: clientB }],
      [officer.actor, { owner: "mine" }],
      [officer.actor, { owner: "unassigned", due: "week" }],
      [officer.actor, { clientId: clientA, due: "overdue", status: "all" }],
      [officer.actor, { answerRejected: true, status: "all" }],
      [liaisonA.actor, { owner: "unassigned" }],
      [liaisonA.actor, { due: "week", status: "all" }],
      [liaisonA.actor, { clientId: clientB }],
    ];
    const stages: (Stage | undefined)[] = [undefined, "client", "company"];
    const statuses: (Status | "open" | "all")[] = ["open", "all", "awaiting_acknowledgement", "closed"];
    for (const [actor, page] of pages) {
      const { stage: _stage, status: _status, ...others } = page;
      const tally = await queueCounts(actor, at, others, ZONE);
      const say = (option: string) => `${actor.role} on ${JSON.stringify(page)}, option ${option}`;
      for (const stage of stages) {
        for (const status of statuses) {
          expect(countCases(tally, { stage, status }), say(`${stage}/${status}`)).toBe(await listed(actor, { ...page, stage, status }, at));
        }
      }
      const { due: _due, ...otherThanDue } = page;
      const dueTally = await queueCounts(actor, at, otherThanDue, ZONE);
      for (const due of ["overdue", "week"] as const) {
        expect(countCases(tally, { status: page.status }, due), say(due)).toBe(await listed(actor, { ...page, due }, at));
        expect(countCases(dueTally, { status: page.status }, due), say(`${due} (counted without the deadline filter)`)).toBe(countCases(tally, { status: page.status }, due));
      }
      expect(countCases(tally, { status: page.status }, "mine"), say("mine")).toBe(await listed(actor, { ...page, owner: "mine" }, at));
      expect(countCases(tally, { status: page.status }, "unowned"), say("unassigned")).toBe(await listed(actor, { ...page, owner: "unassigned" }, at));
      expect(countCases(tally, { status: page.status }, "rejected"), say("answer rejected")).toBe(await listed(actor, { ...page, answerRejected: true }, at));
    }
  });
});

describe("the counts table behind the walls", () => {
  it("shows a liaison their client's counts only, and a complainant none", async () => {
    const seen = (actor: Actor) =>
      asActor(actor, async (trx) => (await sql<{ client_id: string | null; n: string }>`select client_id, n from case_counts`.execute(trx)).rows, appDb());
    const liaisonRows = await seen(liaisonA.actor);
    expect(liaisonRows.length).toBeGreaterThan(0);
    expect(liaisonRows.every((r) => r.client_id === clientA)).toBe(true);
    expect(await seen(filed[0]!.complainant.actor)).toEqual([]);
    expect((await seen(officer.actor)).some((r) => r.client_id === clientB)).toBe(true);
  });

  it("cannot be written by the app role", async () => {
    await expect(
      asActor(officer.actor, (trx) => sql`update case_counts set n = n + 1`.execute(trx), appDb()),
    ).rejects.toThrow(/permission denied/);
  });
});

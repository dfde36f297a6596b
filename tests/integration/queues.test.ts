import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarDaysUntil, computeDeadline, countCases, type Actor, type Period, type Stage, type Status } from "../../app/domain";
import { loadOperatorCalendar } from "../../app/models/clock-settings.server";
import { performCaseCommand, type CaseCommandRequest } from "../../app/models/case-commands.server";
import { encodeCursor, listCases, PAGE_SIZE, queueCounts, type QueueFilters } from "../../app/models/queues.server";
import {
  createClient,
  createLiaison,
  createOfficer,
  discardTestMail,
  fileCase,
  plus,
  plusDays,
  DAY_MS,
  MINUTE_MS,
  type FiledCase,
  type TestUser,
} from "../support/factories";

const BASE = new Date("2026-06-01T08:00:00.000Z");
const ZONE = "America/New_York";
const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

/** What the test expects of each case it made: worked out here, not read back from the code under test. */
interface Expected {
  id: string;
  reference: string;
  stage: Stage;
  status: Status;
  /** The nearest running deadline at the current stage; null when every clock is met or paused, or the case is finished. */
  due: Date | null;
}

let officer: TestUser;
let liaisonQ: TestUser;
let liaisonR: TestUser;
let clientQ: { id: string; name: string };
let clientR: { id: string; name: string };
const cases: Expected[] = [];
let caseOfR: FiledCase;

async function act(actor: Actor, filed: FiledCase, version: number, command: CaseCommandRequest, now: Date): Promise<number> {
  const outcome = await performCaseCommand({ actor, reference: filed.reference, expectedVersion: version, command, now });
  if (!outcome.ok) throw new Error(`${command.type} on ${filed.reference} failed: ${JSON.stringify(outcome)}`);
  return outcome.version;
}

/**
 * A deadline as the operator's calendar counts it (ADR 011; its own vectors are in
 * tests/unit/domain/clock-vectors.test.ts): this file is about the queue's order and filters.
 */
async function dueAfter(receivedAt: Date, period: Period): Promise<Date> {
  const calendar = await loadOperatorCalendar();
  return computeDeadline({ stage: "client", kind: "response", receivedAt, period, calendar, why: "queue test" }).dueAt;
}

/**
 * 32 cases for client Q, filed two per day from BASE (so pairs share a due date), then:
 * 0–18 untouched (acknowledgement due 5 days after filing), 19–22 acknowledged (response due
 * after 45 days), 23 waiting for the complainant (clock paused), 24 referred to the DMA
 * (review due 45 days after the referral), 25–31 closed.
 */
beforeAll(async () => {
  clientQ = await createClient("Queue client Q");
  clientR = await createClient("Queue client R");
  officer = await createOfficer();
  liaisonQ = await createLiaison(clientQ.id);
  liaisonR = await createLiaison(clientR.id);
  caseOfR = await fileCase({ clientId: clientR.id }, BASE);

  for (let i = 0; i < 32; i++) {
    const filedAt = plus(BASE, Math.floor(i / 2) * DAY_MS);
    const filed = await fileCase({ clientId: clientQ.id }, filedAt);
    const acted = plus(filedAt, MINUTE_MS);
    const expected: Expected = {
      id: filed.id,
      reference: filed.reference,
      stage: "client",
      status: "awaiting_acknowledgement",
      due: await dueAfter(filedAt, { count: 5, unit: "business_days" }),
    };
    if (i >= 19 && i <= 23) {
      const v = await act(liaisonQ.actor, filed, 1, { type: "acknowledge" }, acted);
      Object.assign(expected, { status: "in_progress", due: await dueAfter(filedAt, { count: 45, unit: "calendar_days" }) });
      if (i === 23) {
        await act(liaisonQ.actor, filed, v, { type: "request_information", message: "Which address?" }, acted);
        Object.assign(expected, { status: "awaiting_complainant", due: null });
      }
    } else if (i === 24) {
      await act(officer.actor, filed, 1, { type: "record_dma_referral" }, acted);
      Object.assign(expected, { stage: "dma", status: "in_progress", due: await dueAfter(acted, { count: 45, unit: "calendar_days" }) });
    } else if (i >= 25) {
      await act(officer.actor, filed, 1, { type: "close", kind: "duplicate", reason: "Filed twice." }, acted);
      Object.assign(expected, { status: "closed", due: null });
    }
    cases.push(expected);
  }
}, 120_000);

afterAll(discardTestMail);

const sortKey = (c: { due: Date | null }) => c.due?.getTime() ?? FAR_FUTURE;
function inQueueOrder(list: Expected[]): Expected[] {
  return [...list].sort((a, b) => sortKey(a) - sortKey(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
const isOpen = (c: Expected) => !["resolved", "withdrawn", "closed"].includes(c.status);

/** Every page of a queue, following the cursor; fails if it does not end. */
async function allPages(actor: Actor, filters: QueueFilters, now: Date) {
  const pages: Awaited<ReturnType<typeof listCases>>[] = [];
  let cursor: string | null = null;
  do {
    const page = await listCases(actor, filters, cursor, now, ZONE);
    pages.push(page);
    cursor = page.nextCursor;
    if (pages.length > 50) throw new Error("the cursor never ends");
  } while (cursor);
  return { pages, rows: pages.flatMap((p) => p.rows) };
}

describe("the queue order", () => {
  it("puts the nearest running deadline first; paused, met and finished clocks count as none", async () => {
    const page = await listCases(officer.actor, { clientId: clientQ.id }, null, BASE);
    const expected = inQueueOrder(cases.filter(isOpen));
    expect(expected).toHaveLength(PAGE_SIZE);
    expect(page.rows.map((r) => r.reference)).toEqual(expected.map((c) => c.reference));
    expect(page.rows.map((r) => r.next_due)).toEqual(expected.map((c) => c.due));
    // Exactly one page's worth: there is no next page.
    expect(page.nextCursor).toBeNull();
  });

  it("is ordered by (next deadline, id) across every client for the officer", async () => {
    const { rows } = await listCases(officer.actor, {}, null, BASE);
    expect(rows.length).toBeGreaterThan(0);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      const ka = a.next_due?.getTime() ?? FAR_FUTURE;
      const kb = b.next_due?.getTime() ?? FAR_FUTURE;
      expect(ka < kb || (ka === kb && a.id < b.id), `${a.reference} before ${b.reference}`).toBe(true);
    }
  });
});

describe("who sees which cases", () => {
  it("shows a liaison their own client's cases and nothing else, whatever the filter asks", async () => {
    const { rows } = await allPages(liaisonQ.actor, { status: "all" }, BASE);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids)).toEqual(new Set(cases.map((c) => c.id)));
    expect(ids).not.toContain(caseOfR.id);
    expect(new Set(rows.map((r) => r.client_name))).toEqual(new Set([clientQ.name]));

    expect((await listCases(liaisonQ.actor, { clientId: clientR.id, status: "all" }, null, BASE)).rows).toEqual([]);
    const ofR = await allPages(liaisonR.actor, { status: "all" }, BASE);
    expect(ofR.rows.map((r) => r.id)).toEqual([caseOfR.id]);
  });

  it("shows the officer every client", async () => {
    const { rows } = await listCases(officer.actor, { clientId: clientR.id }, null, BASE);
    expect(rows.map((r) => r.id)).toEqual([caseOfR.id]);
  });
});

describe("filters", () => {
  async function references(filters: QueueFilters, now = BASE) {
    return (await allPages(officer.actor, { clientId: clientQ.id, ...filters }, now)).rows.map((r) => r.reference);
  }
  const expectedReferences = (keep: (c: Expected) => boolean) => inQueueOrder(cases.filter(keep)).map((c) => c.reference);

  it("by stage", async () => {
    expect(await references({ stage: "dma" })).toEqual(expectedReferences((c) => c.stage === "dma" && isOpen(c)));
    expect(await references({ stage: "client" })).toEqual(expectedReferences((c) => c.stage === "client" && isOpen(c)));
    expect(await references({ stage: "arbitration" })).toEqual([]);
  });

  it("by status: open by default, all, or one status", async () => {
    expect(await references({})).toEqual(expectedReferences(isOpen));
    expect(await references({ status: "open" })).toEqual(expectedReferences(isOpen));
    expect(await references({ status: "all" })).toEqual(expectedReferences(() => true));
    expect(await references({ status: "closed" })).toEqual(expectedReferences((c) => c.status === "closed"));
    expect(await references({ status: "in_progress" })).toEqual(expectedReferences((c) => c.status === "in_progress"));
    expect(await references({ status: "awaiting_complainant" })).toEqual(expectedReferences((c) => c.status === "awaiting_complainant"));
  });

  it("by due date: overdue, or due within the coming week", async () => {
    // Noon on 12 Jun 2026 (New York): the acknowledgements of the cases filed 1–4 Jun have passed
    // (the 5th working day after 4 Jun is 11 Jun); those of 5–11 Jun fall within the week.
    const now = new Date("2026-06-12T16:00:00.000Z");
    const overdue = await references({ due: "overdue" }, now);
    expect(overdue).toEqual(expectedReferences((c) => isOpen(c) && c.due !== null && c.due < now));
    expect(overdue).toHaveLength(8);
    const week = await references({ due: "week" }, now);
    expect(week).toEqual(expectedReferences((c) => isOpen(c) && c.due !== null && c.due >= now && calendarDaysUntil(now, c.due, ZONE) <= 7));
    expect(week.length).toBeGreaterThan(0);

    // Seventy days on, every running clock has passed; the paused and the closed ones are not overdue.
    const later = plusDays(BASE, 70);
    expect(await references({ due: "overdue" }, later)).toEqual(expectedReferences((c) => isOpen(c) && c.due !== null));
    expect(await references({ due: "week" }, later)).toEqual([]);
  });

  it("due within 7 days: as the badges count, to the end of the 7th calendar day in the operator's zone, and as many as its count", async () => {
    // 08:00 on 9 Jun in New York. Two acknowledgements are due at the end of 16 Jun (New York):
    // their badges say "due in 7 days", though that is more than 7 x 24 hours away (the audit: at
    // 08:32 UTC on 30 Nov the filter left out cases due 7 Dec).
    const now = new Date("2026-06-09T12:00:00.000Z");
    const last = cases.find((c) => isOpen(c) && c.due !== null && calendarDaysUntil(now, c.due, ZONE) === 7)!;
    expect(last.due!.getTime()).toBeGreaterThan(now.getTime() + 7 * DAY_MS);
    const week = await references({ due: "week" }, now);
    expect(week).toContain(last.reference);
    expect(week).toEqual(expectedReferences((c) => isOpen(c) && c.due !== null && c.due >= now && calendarDaysUntil(now, c.due, ZONE) <= 7));
    // The option's count and the headline's follow the same rule.
    expect(countCases(await queueCounts(officer.actor, now, { clientId: clientQ.id }, ZONE), {}, "week")).toBe(week.length);
    expect(countCases(await queueCounts(liaisonQ.actor, now, {}, ZONE), {}, "week")).toBe(week.length);
  });

  it("combine", async () => {
    const now = new Date("2026-06-12T16:00:00.000Z");
    expect(await references({ stage: "client", status: "in_progress", due: "overdue" }, plusDays(BASE, 70))).toEqual(
      expectedReferences((c) => c.stage === "client" && c.status === "in_progress"),
    );
    expect(await references({ stage: "dma", due: "overdue" }, now)).toEqual([]);
  });
});

describe("paging with the cursor", () => {
  it("returns each case exactly once, in queue order, 25 to a page", async () => {
    const { pages, rows } = await allPages(officer.actor, { clientId: clientQ.id, status: "all" }, BASE);
    expect(pages.map((p) => p.rows.length)).toEqual([25, 7]);
    expect(rows.map((r) => r.reference)).toEqual(inQueueOrder(cases).map((c) => c.reference));
    expect(new Set(rows.map((r) => r.id)).size).toBe(cases.length);
  });

  it("pages a filtered queue too", async () => {
    const now = new Date("2026-06-12T16:00:00.000Z");
    const { rows } = await allPages(liaisonQ.actor, { due: "overdue" }, now);
    expect(rows.map((r) => r.reference)).toEqual(inQueueOrder(cases.filter((c) => isOpen(c) && c.due !== null && c.due < now)).map((c) => c.reference));
  });

  it("ignores a cursor that is not one of ours", async () => {
    const first = await listCases(officer.actor, { clientId: clientQ.id, status: "all" }, null, BASE);
    for (const garbage of ["", "not a cursor", "%%%", "////", Buffer.from("x|y").toString("base64url"), "a".repeat(200)]) {
      const page = await listCases(officer.actor, { clientId: clientQ.id, status: "all" }, garbage, BASE);
      expect(page.rows.map((r) => r.id), JSON.stringify(garbage)).toEqual(first.rows.map((r) => r.id));
    }
  });

  it("does not crash on a cursor that looks like ours but holds no real date or id", async () => {
    const uuid = cases[0]!.id;
    const crafted = [
      Buffer.from(`2026-06-01T08:00:00.000Z|${"-".repeat(36)}`).toString("base64url"), // passes the id pattern, is no uuid
      Buffer.from(`1|${uuid}`).toString("base64url"), // Date.parse("1") is a date to JavaScript, not to PostgreSQL
      Buffer.from(`June 1, 2026 08:00 GMT+0100 (x)|${uuid}`).toString("base64url"),
    ];
    const crashes: string[] = [];
    for (const cursor of crafted) {
      await listCases(officer.actor, { clientId: clientQ.id, status: "all" }, cursor, BASE).catch((error: Error) =>
        crashes.push(`${Buffer.from(cursor, "base64url").toString()}: ${error.message}`),
      );
    }
    expect(crashes).toEqual([]);
  });

  it("continues after the last case of a page even when it has no running deadline", async () => {
    // A cursor made by the code for a case without a deadline continues among the other such cases.
    const withoutDeadline = inQueueOrder(cases.filter((c) => c.due === null));
    const [firstNull, ...rest] = withoutDeadline;
    const page = await listCases(officer.actor, { clientId: clientQ.id, status: "all" }, encodeCursor(null, firstNull!.id), BASE);
    expect(page.rows.map((r) => r.id)).toEqual(rest.map((c) => c.id));
  });
});

describe("the 'answer rejected' filter", () => {
  it("lists exactly the open cases whose answer was rejected, as many as the header counts", async () => {
    const { ownerDb } = await import("../../app/db/db.server");
    const { queueCounts } = await import("../../app/models/queues.server");
    const { countCases } = await import("../../app/domain");
    const open = cases.filter(isOpen)[0]!;
    await ownerDb().updateTable("cases").set({ answer_rejected: true }).where("reference", "=", open.reference).execute();
    try {
      const { rows } = await listCases(officer.actor, { clientId: clientQ.id, answerRejected: true }, null, BASE);
      expect(rows.map((r) => r.reference)).toEqual([open.reference]);
      const all = await listCases(officer.actor, { answerRejected: true }, null, BASE);
      expect(all.rows.length).toBe(countCases(await queueCounts(officer.actor, BASE), {}, "rejected"));
    } finally {
      await ownerDb().updateTable("cases").set({ answer_rejected: false }).where("reference", "=", open.reference).execute();
    }
  });
});

// Triage (issue 9, item 1; ADR 025): search within what the reader may see, sort, counts, owners,
// bulk actions and saved filters, against the real database and its row-level security.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANGED_SINCE_LOADED, countCases, summariseBulk, type Actor } from "../../app/domain";
import { sql } from "kysely";
import { ownerDb as db } from "../../app/db/db.server";
import { asActor } from "../../app/db/actor.server";
import { performCaseCommand, type CaseCommandRequest } from "../../app/models/case-commands.server";
import { bulkClose, bulkSetOwner } from "../../app/models/case-owner.server";
import { listCases, queueCounts, type QueueFilters } from "../../app/models/queues.server";
import { SAVED_FILTER_LIMIT, deleteSavedFilter, listSavedFilters, saveFilter } from "../../app/models/saved-filters.server";
import {
  createClient,
  createLiaison,
  createOfficer,
  discardTestMail,
  fileCase,
  mailAbout,
  plus,
  DAY_MS,
  MINUTE_MS,
  type FiledCase,
  type TestUser,
} from "../support/factories";

const BASE = new Date("2026-07-01T08:00:00.000Z");

/** A made-up word no other test writes (letters only, so the text search keeps it whole). */
function word(): string {
  return Array.from({ length: 12 }, () => String.fromCharCode(97 + randomInt(26))).join("");
}

const W = { desc: word(), internal: word(), staff: word(), parties: word(), oldStaff: word(), name: word() };

let officer: TestUser;
let liaisonA: TestUser;
let liaisonA2: TestUser;
let liaisonB: TestUser;
let clientA: string;
let clientB: string;
let c1: FiledCase; // A, description has W.desc, complainant named W.name
let c2: FiledCase; // A, messages of every audience
let c3: FiledCase; // B, description has W.desc
let c4: FiledCase; // B then A: a staff note written for B
let c5: FiledCase; // B, closed
const versions = new Map<string, number>();

async function act(actor: Actor, filed: FiledCase, command: CaseCommandRequest, body?: string, now = plus(BASE, MINUTE_MS)) {
  const outcome = await performCaseCommand({ actor, reference: filed.reference, expectedVersion: versions.get(filed.reference) ?? 1, command, body, now });
  if (!outcome.ok) throw new Error(`${command.type} on ${filed.reference} failed: ${JSON.stringify(outcome)}`);
  versions.set(filed.reference, outcome.version);
}

/** The cases as a queue page loaded now would offer them: each with the version it shows (ADR 063). */
async function chosen(...cases: FiledCase[]) {
  const rows = await db().selectFrom("cases").select(["reference", "version"]).where("id", "in", cases.map((c) => c.id)).execute();
  const version = new Map(rows.map((r) => [r.reference, r.version]));
  return cases.map((c) => ({ reference: c.reference, version: version.get(c.reference)! }));
}

/** The search's set limit for the describe blocks below: undefined is the app's; 0 makes every search walk the queue (ADR 030). */
let setLimit: number | undefined;
const refs = async (actor: Actor, filters: QueueFilters) =>
  (await listCases(actor, { status: "all", ...filters }, null, BASE, undefined, { searchSetLimit: setLimit })).rows.map((r) => r.reference);

beforeAll(async () => {
  clientA = (await createClient("Triage A")).id;
  clientB = (await createClient("Triage B")).id;
  officer = await createOfficer();
  liaisonA = await createLiaison(clientA);
  liaisonA2 = await createLiaison(clientA);
  liaisonB = await createLiaison(clientB);
  c1 = await fileCase({ clientId: clientA, description: `My data was sold; ${W.desc} is the list it came from.`, name: `Jo ${W.name}` }, BASE);
  c2 = await fileCase({ clientId: clientA }, plus(BASE, DAY_MS));
  c3 = await fileCase({ clientId: clientB, description: `Another complaint naming ${W.desc}.` }, plus(BASE, 2 * DAY_MS));
  c4 = await fileCase({ clientId: clientB }, plus(BASE, 3 * DAY_MS));
  c5 = await fileCase({ clientId: clientB, description: `Closed one about ${W.desc}.` }, plus(BASE, 4 * DAY_MS));

  const later = plus(BASE, 5 * DAY_MS);
  await act(officer.actor, c2, { type: "post_message", audience: "internal", channel: "web" }, `Internal: ${W.internal} suspected.`, later);
  await act(liaisonA.actor, c2, { type: "post_message", audience: "staff", channel: "web" }, `Staff: ${W.staff} checked.`, later);
  await act(liaisonA.actor, c2, { type: "post_message", audience: "parties", channel: "web" }, `Parties: ${W.parties} removed.`, later);
  await act(liaisonB.actor, c4, { type: "post_message", audience: "staff", channel: "web" }, `For B only: ${W.oldStaff}.`, later);
  await act(officer.actor, c4, { type: "assign", clientId: clientA, liaisonId: null }, undefined, later);
  await act(officer.actor, c5, { type: "close", kind: "duplicate", reason: "Filed twice." }, undefined, later);
}, 120_000);

afterAll(discardTestMail);

// Each search twice: as a list of matching ids (a rare word) and as a test on each case of the
// queue's walk (a common word), which must keep the same walls.
describe.each([
  ["search, matches as a list of ids", undefined],
  ["search, each case tested on the queue's walk", 0],
])("%s", (_label, limit) => {
  beforeAll(() => {
    setLimit = limit;
  });
  afterAll(() => {
    setLimit = undefined;
  });

  it("finds words of the complaint, only within the reader's cases", async () => {
    expect((await refs(officer.actor, { q: W.desc })).sort()).toEqual([c1.reference, c3.reference, c5.reference].sort());
    expect(await refs(liaisonA.actor, { q: W.desc })).toEqual([c1.reference]);
    // Nearest deadline first: the closed case has none and comes last.
    expect(await refs(liaisonB.actor, { q: W.desc })).toEqual([c3.reference, c5.reference]);
    // The default view is open cases: the closed one drops out.
    expect((await listCases(officer.actor, { q: W.desc }, null, BASE, undefined, { searchSetLimit: setLimit })).rows.map((r) => r.reference).sort()).toEqual(
      [c1.reference, c3.reference].sort(),
    );
  });

  it("never matches an internal note for a liaison, and matches the notes and messages they may read", async () => {
    expect(await refs(officer.actor, { q: W.internal })).toEqual([c2.reference]);
    expect(await refs(liaisonA.actor, { q: W.internal })).toEqual([]);
    expect(await refs(liaisonA.actor, { q: W.staff })).toEqual([c2.reference]);
    expect(await refs(liaisonA.actor, { q: W.parties })).toEqual([c2.reference]);
  });

  it("does not match a staff note written for the case's previous client", async () => {
    expect(await refs(officer.actor, { q: W.oldStaff })).toEqual([c4.reference]);
    // c4 is client A's now, but the note was written for B.
    expect(await refs(liaisonA.actor, { q: W.oldStaff })).toEqual([]);
    expect(await refs(liaisonB.actor, { q: W.oldStaff })).toEqual([]);
  });

  it("finds the complainant by name and by the beginning of the address, and a case by its reference or its beginning", async () => {
    expect(await refs(officer.actor, { q: W.name })).toEqual([c1.reference]);
    expect(await refs(officer.actor, { q: W.name.toUpperCase() })).toEqual([c1.reference]);
    expect(await refs(officer.actor, { q: c1.complainant.email.slice(0, c1.complainant.email.indexOf("@") + 1) })).toEqual([c1.reference]);
    expect(await refs(officer.actor, { q: c1.complainant.email.toUpperCase() })).toEqual([c1.reference]);
    expect(await refs(officer.actor, { q: c3.reference.toLowerCase() })).toEqual([c3.reference]);
    expect(await refs(liaisonA.actor, { q: c3.reference })).toEqual([]);
    const prefix = c3.reference.slice(0, -1);
    expect(await refs(officer.actor, { q: prefix })).toContain(c3.reference);
  });

  it("finds the complainant by the address's part before the @ typed without it, and a case by its reference's number alone", async () => {
    const local = c1.complainant.email.slice(0, c1.complainant.email.indexOf("@"));
    // "maria.keller" found nothing without the "@".
    expect(await refs(officer.actor, { q: local })).toEqual([c1.reference]);
    expect(await refs(officer.actor, { q: local.toUpperCase() })).toEqual([c1.reference]);
    // Not any beginning of it: lists show "ma***@…", and a growing prefix would spell the address out unrecorded.
    for (const start of [local.slice(0, 3), local.slice(0, -1)]) expect(await refs(officer.actor, { q: start }), start).not.toContain(c1.reference);
    expect(await refs(liaisonA.actor, { q: local })).toEqual([c1.reference]);
    expect(await refs(liaisonB.actor, { q: local })).toEqual([]);
    // "000006" is the end of PS-2026-000006: the number part, with or without its zeros.
    const number = c3.reference.split("-")[2]!;
    expect(await refs(officer.actor, { q: number })).toContain(c3.reference);
    expect(await refs(officer.actor, { q: String(Number(number)) })).toContain(c3.reference);
    expect(await refs(liaisonB.actor, { q: number })).toEqual([c3.reference]);
    expect(await refs(liaisonA.actor, { q: number })).toEqual([]);
    // A number is matched whole, not by its beginning: "00012" is case 12, not 123.
    expect(await refs(officer.actor, { q: number.slice(0, -1) })).not.toContain(c3.reference);
  });

  it("treats LIKE wildcards and query syntax as text, not as patterns or errors", async () => {
    expect(await refs(officer.actor, { q: "%@%" })).toEqual([]);
    expect(await refs(officer.actor, { q: "PS-%" })).toEqual([]);
    expect(await refs(officer.actor, { q: "!(&|:*" })).toEqual([]);
  });
});

// ADR 048: a word the statistics count in more than twice the set limit's cases goes straight to
// the walk; the word sets are not read for ids that would be thrown away.
describe("a common word", () => {
  it("is not looked up in the word sets when the statistics call it common, and the walk still finds every case", async () => {
    const common = word();
    const clientC = (await createClient("Triage C")).id;
    const filed: FiledCase[] = [];
    for (let i = 0; i < 12; i++) filed.push(await fileCase({ clientId: clientC, description: `The ${common} list again.` }, plus(BASE, i * MINUTE_MS)));
    await sql`analyze case_search`.execute(db());
    const lookUp = (limit: number) =>
      asActor(officer.actor, async (trx) => {
        const scans = async () =>
          // Scans of the word sets, whichever way the planner reads them (the index, or the whole table when small).
          (await sql<{ n: number }>`select (pg_stat_get_xact_numscans('case_search'::regclass) + pg_stat_get_xact_numscans('case_search_every'::regclass))::int as n`.execute(trx)).rows[0]!.n;
        const before = await scans();
        const { rows } = await sql<{ ids: string[] | null }>`select recourse_search_ids('words', ${common}, ${limit}) as ids`.execute(trx);
        return { ids: rows[0]!.ids, scans: (await scans()) - before };
      });
    // Twelve cases, the limit 2: the estimate (about 12) is over twice the limit.
    expect(await lookUp(2)).toEqual({ ids: null, scans: 0 });
    // Under the app's limit the same word's cases come from the word sets.
    const listed = await lookUp(2000);
    expect(listed.scans).toBeGreaterThan(0);
    expect([...listed.ids!].sort()).toEqual(filed.map((f) => f.id).sort());
    // Walked, the queue shows all twelve.
    const walked = await listCases(officer.actor, { status: "all", q: common }, null, plus(BASE, DAY_MS), undefined, { searchSetLimit: 2 });
    expect(walked.rows.map((r) => r.reference).sort()).toEqual(filed.map((f) => f.reference).sort());
  });
});

describe("search words follow every change of the texts (migration 018's triggers)", () => {
  it("finds a renamed complainant by the new name only, an edited or deleted message's words no longer, and a moved case's staff notes only for their client", async () => {
    const renamed = word();
    await db().updateTable("users").set({ name: `Jo ${renamed}` }).where("id", "=", c1.complainant.id).execute();
    expect(await refs(officer.actor, { q: renamed })).toEqual([c1.reference]);
    expect(await refs(officer.actor, { q: W.name })).toEqual([]);
    expect(await refs(liaisonA.actor, { q: renamed })).toEqual([c1.reference]);

    const edited = word();
    await db().updateTable("messages").set({ body: `Parties: ${edited}.` }).where("case_id", "=", c2.id).where("body", "like", `%${W.parties}%`).execute();
    expect(await refs(liaisonA.actor, { q: W.parties })).toEqual([]);
    expect(await refs(liaisonA.actor, { q: edited })).toEqual([c2.reference]);
    await db().deleteFrom("messages").where("case_id", "=", c2.id).where("body", "like", `%${edited}%`).execute();
    expect(await refs(officer.actor, { q: edited })).toEqual([]);

    // A staff note of client A's on c2 follows the case's client: moved to B, it is no longer A's
    // to find (nor B's: it was written for A).
    await db().updateTable("cases").set({ client_id: clientB }).where("id", "=", c2.id).execute();
    expect(await refs(liaisonA.actor, { q: W.staff })).toEqual([]);
    expect(await refs(liaisonB.actor, { q: W.staff })).toEqual([]);
    expect(await refs(officer.actor, { q: W.staff })).toEqual([c2.reference]);
    await db().updateTable("cases").set({ client_id: clientA }).where("id", "=", c2.id).execute();
    expect(await refs(liaisonA.actor, { q: W.staff })).toEqual([c2.reference]);
  });
});

describe("sort", () => {
  it("orders by opened and by last activity, both ways", async () => {
    const q = W.desc;
    expect(await refs(officer.actor, { q, sort: "opened", dir: "asc" })).toEqual([c1.reference, c3.reference, c5.reference]);
    expect(await refs(officer.actor, { q, sort: "opened", dir: "desc" })).toEqual([c5.reference, c3.reference, c1.reference]);
    // c5 was last touched (closed) after the others were filed.
    expect((await refs(officer.actor, { q, sort: "activity", dir: "desc" }))[0]).toBe(c5.reference);
  });
});

describe("counts", () => {
  it("counts a liaison's cases by stage and status from one grouped query", async () => {
    // Client B now holds c3 (open) and c5 (closed): c4 moved to A.
    const tally = await queueCounts(liaisonB.actor, BASE);
    expect(countCases(tally, { status: "all" })).toBe(2);
    expect(countCases(tally, { status: "open" })).toBe(1);
    expect(countCases(tally, { status: "closed" })).toBe(1);
    expect(countCases(tally, { stage: "client", status: "awaiting_acknowledgement" })).toBe(1);
    expect(countCases(tally, {}, "unowned")).toBe(1);
  });
});

describe("owner", () => {
  it("sets an owner in bulk: a liaison of another client is refused by reference, the rest are owned, each with an event", async () => {
    const outcome = await bulkSetOwner(officer.actor, await chosen(c1, c2, c3), liaisonA.id, plus(BASE, 6 * DAY_MS));
    expect(outcome.done).toEqual([c1.reference, c2.reference]);
    expect(outcome.refused).toEqual([{ reference: c3.reference, reason: expect.stringMatching(/different client/) }]);
    const events = await db().selectFrom("case_events").select(["case_id", "type", "payload"]).where("type", "=", "owner_changed").where("case_id", "in", [c1.id, c2.id, c3.id]).execute();
    expect(events.map((e) => e.case_id).sort()).toEqual([c1.id, c2.id].sort());
    expect(events[0]!.payload).toMatchObject({ ownerId: liaisonA.id, previousOwnerId: null });

    expect((await refs(liaisonA.actor, { owner: "mine" })).sort()).toEqual([c1.reference, c2.reference].sort());
    expect(await refs(liaisonA2.actor, { owner: "mine" })).toEqual([]);
    expect(await refs(liaisonA.actor, { owner: "unassigned", status: "open" })).toEqual([c4.reference]);
    expect(countCases(await queueCounts(liaisonA.actor, BASE), {}, "mine")).toBe(2);
  });

  it("lets a liaison hand a case to a colleague, not to someone of another client, and not touch another client's case", async () => {
    const outcome = await bulkSetOwner(liaisonA.actor, await chosen(c1, c3), liaisonA2.id, plus(BASE, 7 * DAY_MS));
    expect(outcome.done).toEqual([c1.reference]);
    expect(outcome.refused).toEqual([{ reference: c3.reference, reason: "There is no such case, or it is not yours to see." }]);
    expect(await refs(liaisonA2.actor, { owner: "mine" })).toEqual([c1.reference]);
    const toB = await bulkSetOwner(liaisonA.actor, await chosen(c2), liaisonB.id, plus(BASE, 7 * DAY_MS));
    expect(toB.done).toEqual([]);
    const row = await db().selectFrom("cases").select("owner_id").where("id", "=", c2.id).executeTakeFirstOrThrow();
    expect(row.owner_id).toBe(liaisonA.id);
  });
});

describe("bulk close", () => {
  it("closes each case through the transition table; a case that refuses is reported and the others still close, with their mail", async () => {
    const outcome = await bulkClose(officer.actor, await chosen(c3, c5), "unfounded", "Nothing to do with the client.", plus(BASE, 8 * DAY_MS));
    expect(outcome.done).toEqual([c3.reference]);
    expect(outcome.refused).toEqual([{ reference: c5.reference, reason: "This case is closed." }]);
    const rows = await db().selectFrom("cases").select(["reference", "status", "closure"]).where("id", "in", [c3.id, c5.id]).execute();
    const byRef = new Map(rows.map((r) => [r.reference, r]));
    expect(byRef.get(c3.reference)).toMatchObject({ status: "closed", closure: { kind: "unfounded", reason: "Nothing to do with the client." } });
    expect(byRef.get(c5.reference)?.closure).toMatchObject({ kind: "duplicate" });
    expect((await mailAbout(c3.reference)).some((m) => m.template === "case_closed")).toBe(true);
  });

  it("refuses a liaison's bulk close for every case and changes nothing", async () => {
    const outcome = await bulkClose(liaisonA.actor, await chosen(c1), "unfounded", "No.", plus(BASE, 8 * DAY_MS));
    expect(outcome.done).toEqual([]);
    expect(outcome.refused[0]?.reason).toMatch(/Only/);
    const row = await db().selectFrom("cases").select("status").where("id", "=", c1.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("awaiting_acknowledgement");
  });
});

describe("bulk actions act on what the page showed (ADR 063)", () => {
  let answered: FiledCase;
  let quiet: FiledCase;
  let owned: FiledCase;
  let unowned: FiledCase;
  beforeAll(async () => {
    answered = await fileCase({ clientId: clientA }, plus(BASE, 9 * DAY_MS));
    quiet = await fileCase({ clientId: clientA }, plus(BASE, 9 * DAY_MS));
    owned = await fileCase({ clientId: clientA }, plus(BASE, 9 * DAY_MS));
    unowned = await fileCase({ clientId: clientA }, plus(BASE, 9 * DAY_MS));
  });
  const eventsOf = async (c: FiledCase) => (await db().selectFrom("case_events").select("type").where("case_id", "=", c.id).execute()).map((e) => e.type);
  const rowOf = (c: FiledCase) => db().selectFrom("cases").select(["status", "version", "owner_id", "updated_at"]).where("id", "=", c.id).executeTakeFirstOrThrow();

  it("does not close a case the liaison wrote on after the officer loaded the queue; it says so, and the others still close", async () => {
    const page = await chosen(answered, quiet); // the officer loads the queue at 10:00
    const at = plus(BASE, 10 * DAY_MS);
    // 10:03: the liaison writes to the complainant on one of them.
    await act(liaisonA.actor, answered, { type: "post_message", audience: "parties", channel: "web" }, "We have deleted the list.", at);
    const versionAfterAnswer = (await rowOf(answered)).version;
    // 10:05: the officer closes both as not pursued, from the page of 10:00.
    const outcome = await bulkClose(officer.actor, page, "not_pursued", "Not pursued by the complainant.", plus(at, 2 * MINUTE_MS));
    expect(outcome).toEqual({ done: [quiet.reference], unchanged: [], refused: [{ reference: answered.reference, reason: CHANGED_SINCE_LOADED }] });
    expect(await rowOf(answered)).toMatchObject({ status: "awaiting_acknowledgement", version: versionAfterAnswer });
    expect(await eventsOf(answered)).not.toContain("closed");
    expect((await rowOf(quiet)).status).toBe("closed");
    expect(summariseBulk("closed", outcome)).toEqual([`1 case closed: ${quiet.reference}.`, `${answered.reference} was not closed: ${CHANGED_SINCE_LOADED}`]);
  });

  it("leaves a case that already has the chosen owner as it was, and counts only the cases that changed", async () => {
    const at = plus(BASE, 11 * DAY_MS);
    expect((await bulkSetOwner(officer.actor, await chosen(owned), officer.id, at)).done).toEqual([owned.reference]);
    const before = await rowOf(owned);
    const eventsBefore = await eventsOf(owned);
    const outcome = await bulkSetOwner(officer.actor, await chosen(owned, unowned), officer.id, plus(at, MINUTE_MS));
    expect(outcome).toEqual({ done: [unowned.reference], unchanged: [{ reference: owned.reference, reason: "This case is already owned by them." }], refused: [] });
    expect(await rowOf(owned)).toEqual(before);
    expect(await eventsOf(owned)).toEqual(eventsBefore);
    expect(summariseBulk("assigned", outcome)).toEqual([
      `1 case assigned: ${unowned.reference}.`,
      `${owned.reference} was left as it was: This case is already owned by them.`,
    ]);
  });
});

describe("saved filters", () => {
  it("keeps each person's own: another person neither lists, reads nor deletes them", async () => {
    expect(await saveFilter(officer.actor, "Overdue at B", `client=${clientB}&due=overdue`)).toEqual({ ok: true });
    expect(await saveFilter(officer.actor, "Overdue at B", "due=overdue")).toEqual({ ok: true });
    const mine = await listSavedFilters(officer.actor);
    expect(mine).toEqual([{ id: expect.any(String), name: "Overdue at B", query: "due=overdue" }]);
    expect(await listSavedFilters(liaisonA.actor)).toEqual([]);
    // Row-level security, without the query's own condition on user_id.
    const seen = await asActor(liaisonA.actor, (trx) => trx.selectFrom("saved_filters").selectAll().execute());
    expect(seen).toEqual([]);
    expect(await deleteSavedFilter(liaisonA.actor, mine[0]!.id)).toBe(false);
    expect(await listSavedFilters(officer.actor)).toHaveLength(1);
    expect(await deleteSavedFilter(officer.actor, mine[0]!.id)).toBe(true);
    expect(await listSavedFilters(officer.actor)).toEqual([]);
  });

  it("at the limit, refuses a new name but lets a view be saved again under its own", async () => {
    const keeper = await createOfficer();
    for (let i = 0; i < SAVED_FILTER_LIMIT; i++) expect(await saveFilter(keeper.actor, `View ${i}`, "due=overdue")).toEqual({ ok: true });
    expect(await saveFilter(keeper.actor, "One more", "due=overdue")).toMatchObject({ ok: false, reason: expect.stringContaining("at most") });
    expect(await saveFilter(keeper.actor, "View 7", "stage=dma")).toEqual({ ok: true });
    const views = await listSavedFilters(keeper.actor);
    expect(views).toHaveLength(SAVED_FILTER_LIMIT);
    expect(views.find((v) => v.name === "View 7")?.query).toBe("stage=dma");
  });
});

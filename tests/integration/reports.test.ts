// Reports (issue 9 parts 2-3): the dashboard's and the annual report's figures over a set of
// cases made here, compared with values counted by hand below. The cases are filed in March 2019,
// a year no other test uses, and the dashboard is filtered to this file's own client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, Category, Chart } from "../../app/domain";
import { chartCsv } from "../../app/domain";
import { ownerDb } from "../../app/db/db.server";
import { performCaseCommand, type CaseCommandRequest } from "../../app/models/case-commands.server";
import { annualReport, dashboard } from "../../app/models/reports.server";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, plusDays, type FiledCase, type TestUser } from "../support/factories";

const T0 = new Date("2019-03-04T14:00:00.000Z"); // a Monday, 10:00 in New York
const NOW = new Date("2019-04-01T12:00:00.000Z");

let officer: TestUser;
let clientA: { id: string; name: string };

async function act(actor: Actor, filed: FiledCase, command: CaseCommandRequest, at: Date): Promise<void> {
  const { version } = await ownerDb().selectFrom("cases").select("version").where("id", "=", filed.id).executeTakeFirstOrThrow();
  const outcome = await performCaseCommand({ actor, reference: filed.reference, expectedVersion: version, command, now: at });
  if (!outcome.ok) throw new Error(`${command.type} on ${filed.reference} failed: ${JSON.stringify(outcome)}`);
}

const file = (clientId: string | null, category: Category, country: string) => fileCase({ clientId, category, country }, T0);

beforeAll(async () => {
  clientA = await createClient("Reports client A");
  const clientB = await createClient("Reports client B");
  officer = await createOfficer();
  const liaisonA = await createLiaison(clientA.id);

  // Client A: a1–a4 acknowledged after 1 day, answered after 10, accepted after 12 (resolved);
  // a5 untouched; a6 acknowledged late (day 8) and still open; a7, a8 closed out of scope on day 2.
  for (let i = 0; i < 4; i++) {
    const c = await file(clientA.id, "notice", "DE");
    await act(liaisonA.actor, c, { type: "acknowledge" }, plusDays(T0, 1));
    await act(liaisonA.actor, c, { type: "answer", message: "We have corrected the notice." }, plusDays(T0, 10));
    await act(c.complainant.actor, c, { type: "accept_answer" }, plusDays(T0, 12));
  }
  await file(clientA.id, "notice", "DE");
  const a6 = await file(clientA.id, "notice", "DE");
  await act(liaisonA.actor, a6, { type: "acknowledge" }, plusDays(T0, 8));
  for (let i = 0; i < 2; i++) {
    const c = await file(clientA.id, "security", "FR");
    await act(officer.actor, c, { type: "close", kind: "out_of_scope", reason: "Not about data from the EU." }, plusDays(T0, 2));
  }

  // Client B: b1–b5 withdrawn on day 3; b6, b7 untouched; b8 referred to the dispute body on day 20.
  for (let i = 0; i < 5; i++) {
    const c = await file(clientB.id, "request_access", "DE");
    await act(c.complainant.actor, c, { type: "withdraw", reason: "Sorted out by phone." }, plusDays(T0, 3));
  }
  await file(clientB.id, "request_access", "DE");
  await file(clientB.id, "request_access", "DE");
  const b8 = await file(clientB.id, "request_access", "DE");
  await act(officer.actor, b8, { type: "record_dma_referral" }, plusDays(T0, 20));

  // About the operator itself: one opt-out from Austria, untouched.
  await file(null, "opt_out", "AT");
}, 120_000);

afterAll(discardTestMail);

describe("the annual report", () => {
  const table = (r: Awaited<ReturnType<typeof annualReport>>, id: string) =>
    Object.fromEntries(r.figures.tables.find((t) => t.id === id)!.rows.map((row) => [row.label, row.shown]));

  it("counts the year's complaints as counted by hand, with small counts and their complements withheld", async () => {
    const r = await annualReport(officer.actor, 2019, 5);
    expect(table(r, "received")).toEqual({ "Complaints received": "17" });
    expect(table(r, "type")).toEqual({ "Complaint under a principle": "8", "Request about one's own data": "9", "Complaints received": "17" });
    const principle = table(r, "principle");
    // security (2) and opt-out (1) are small; notice (6) and access requests (8) are withheld so the
    // type subtotals (8 and 9) cannot give them back: "withheld", never "< 5", which they are not.
    expect(principle.Notice).toBe("withheld");
    expect(principle.Security).toBe("< 5");
    expect(principle["See the personal data held about me"]).toBe("withheld");
    expect(principle["Stop promotional correspondence (opt out)"]).toBe("< 5");
    expect(principle.Choice).toBe("0");
    expect(principle["Complaints received"]).toBe("17");
    expect(table(r, "country")).toEqual({ Austria: "< 5", France: "< 5", Germany: "14", "Complaints received": "17" });
    // Eligible is 15: withheld so that 17 − 15 does not give the 2 ineligible ones back.
    expect(table(r, "eligibility")).toEqual({ Eligible: "withheld", "Ineligible (out of scope)": "< 5", "Complaints received": "17" });
    expect(table(r, "outcome")).toEqual({
      "Still open": "6",
      Resolved: "< 5",
      Withdrawn: "5",
      "Closed: out of scope (ineligible)": "< 5",
      "Closed: duplicate": "0",
      "Closed: unfounded": "0",
      "Closed: settled": "0",
      "Closed: not pursued": "0",
      "Complaints received": "17",
    });
    expect(table(r, "resolution")).toEqual({
      "30 days or fewer": "11",
      "31 to 45 days": "0",
      "46 to 90 days": "0",
      "91 to 180 days": "0",
      "More than 180 days": "0",
      Ended: "11",
    });
    // Ended after 2 (×2), 3 (×5) and 12 (×4) days: the 6th of 11 is 3.
    expect(r.figures.medianDaysToResolution).toBe(3);
    expect(table(r, "escalation")).toEqual({ "To the independent dispute body": "< 5", "To binding arbitration": "0" });
    expect(table(r, "awards")).toEqual({ Access: "0", Correction: "0", Deletion: "0", "Return of data": "0", Awards: "0" });
  });

  it("with a threshold of 2 withholds the single ones and their complements only", async () => {
    const r = await annualReport(officer.actor, 2019, 2);
    // Austria (1) is small; France (2) is withheld with it, or 17 − 14 − 2 would give Austria back.
    expect(table(r, "country")).toEqual({ Austria: "< 2", France: "withheld", Germany: "14", "Complaints received": "17" });
    expect(table(r, "principle").Security).toBe("2");
    expect(table(r, "escalation")["To the independent dispute body"]).toBe("< 2");
    expect(table(r, "outcome").Resolved).toBe("4");
  });

  it("has nothing for a year without complaints", async () => {
    const r = await annualReport(officer.actor, 2011, 5);
    expect(table(r, "received")).toEqual({ "Complaints received": "0" });
    expect(r.figures.medianDaysToResolution).toBeNull();
  });
});

describe("the dashboard", () => {
  const rows = (c: Chart) => Object.fromEntries(c.rows.map((r) => [r.label, r.values]));
  const load = () => dashboard(officer.actor, { from: "2019-03", to: "2019-03", client: { kind: "client", id: clientA.id }, framework: null }, NOW);

  it("counts client A's March 2019 cases as counted by hand", async () => {
    const d = await load();
    expect(d.cases).toBe(8);
    const chart = (id: string) => d.charts.find((c) => c.id === id)!;
    expect(rows(chart("opened"))).toEqual({ "Mar 2019": [8, 0, 0, 0] });
    // Open: a5 waiting for acknowledgement, a6 in progress.
    expect(rows(chart("open"))["Client company"]).toEqual([1, 1, 0, 0]);
    expect(rows(chart("open"))["Our Security Officer"]).toEqual([0, 0, 0, 0]);
    // Clocks at the client stage: a1–a4 both met (8); a5's acknowledgement and a6's (met on day 8)
    // breached (2); a5's and a6's answers still running (2); a7's and a8's four clocks lapsed when
    // they were closed on day 2.
    expect(chart("deadlines").series).toEqual(["Met on time", "Breached", "Still running", "Case moved on or ended before it was due"]);
    expect(rows(chart("deadlines"))["Client company"]).toEqual([8, 2, 2, 4]);
    // Days to acknowledge: 1, 1, 1, 1, 8 → median 1, 90th percentile 8. To answer: 10 ×4.
    expect(rows(chart("timing_stage"))["Client company"]).toEqual([1, 8, 10, 10, 5, 4]);
    expect(rows(chart("timing_stage"))["Independent dispute body"]).toEqual([null, null, null, null, 0, 0]);
    expect(rows(chart("timing_client"))).toEqual({ [clientA.name]: [1, 8, 10, 10, 5, 4] });
    expect(rows(chart("outcomes"))).toEqual({
      "Still open": [2],
      Resolved: [4],
      Withdrawn: [0],
      "Closed: out of scope (ineligible)": [2],
      "Closed: duplicate": [0],
      "Closed: unfounded": [0],
      "Closed: settled": [0],
      "Closed: not pursued": [0],
    });
    expect(chartCsv(chart("timing_client"))).toBe(
      `Client,Acknowledge: median,Acknowledge: 90th percentile,Answer: median,Answer: 90th percentile,Acknowledged,Answered\r\n${clientA.name},1,8,10,10,5,4\r\n`,
    );
  });

  it("judges a clock left behind at the dispute body's referral, and filters by the operator's own cases and framework", async () => {
    const all = await dashboard(officer.actor, { from: "2019-03", to: "2019-03", client: { kind: "all" }, framework: null }, NOW);
    const deadlines = rows(all.charts.find((c) => c.id === "deadlines")!);
    // b8 left the client stage on day 20: its acknowledgement (due day 7) breached, its answer (due day 45) lapsed;
    // the dispute body's review is running. Other files' cases are not in March 2019.
    expect(deadlines["Independent dispute body"]).toEqual([0, 0, 1, 0]);
    // Client stage over both clients: A's [8, 2, 2, 4]; b1–b5 withdrawn on day 3 (10 lapsed); b6, b7
    // (acknowledgements breached, answers running); b8 (acknowledgement breached, answer lapsed).
    expect(deadlines["Client company"]).toEqual([8, 5, 4, 15]);
    // The operator's own case starts with the Security Officer: acknowledgement breached, answer running.
    expect(deadlines["Our Security Officer"]).toEqual([0, 1, 1, 0]);
    const operator = await dashboard(officer.actor, { from: "2019-03", to: "2019-03", client: { kind: "operator" }, framework: null }, NOW);
    expect(operator.cases).toBe(1);
    expect(rows(operator.charts.find((c) => c.id === "opened")!)["Mar 2019"]).toEqual([0, 1, 0, 0]);
    const none = await dashboard(officer.actor, { from: "2019-03", to: "2019-03", client: { kind: "client", id: clientA.id }, framework: "uk_extension" }, NOW);
    expect(none.cases).toBe(0);
    const outside = await dashboard(officer.actor, { from: "2019-04", to: "2019-05", client: { kind: "client", id: clientA.id }, framework: null }, NOW);
    expect(outside.cases).toBe(0);
    expect(rows(outside.charts.find((c) => c.id === "opened")!)).toEqual({ "Apr 2019": [0, 0, 0, 0], "May 2019": [0, 0, 0, 0] });
  });
});

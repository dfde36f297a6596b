// Issue 8 part 3: no public door reveals by its timing whether an address is a complainant's, a
// staff member's or nobody's. Times on a shared machine are noise, so this measures the cause of a
// difference instead: every SQL statement the request sends to PostgreSQL, with the number of rows
// each one touched. For the three kinds of address the sequences must be identical; the work that
// depends on the address (open a case, hold it, refuse quietly) happens in the background job.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { action as complainAction } from "../../app/routes/complain";
import { action as signinAction } from "../../app/routes/signin";
import { OPERATOR_ITSELF } from "../../app/lib/organization";
import { createComplainant, createOfficer, discardTestMail, testEmail } from "../support/factories";

afterAll(discardTestMail);

interface Statement {
  sql: string;
  rows: number | null;
}

/** Every statement any pg client of this process sends while `recording`, with its row count. */
const log: Statement[] = [];
let recording = false;
type Query = (...args: unknown[]) => unknown;
const proto = pg.Client.prototype as unknown as { query: Query };
const originalQuery = proto.query;

beforeAll(() => {
  proto.query = function (this: unknown, ...args: unknown[]) {
    const result = originalQuery.apply(this, args);
    if (recording) {
      const first = args[0];
      const text = typeof first === "string" ? first : String((first as { text?: string } | undefined)?.text ?? "");
      const entry: Statement = { sql: text.replace(/\s+/g, " ").trim(), rows: null };
      log.push(entry);
      if (result && typeof (result as Promise<unknown>).then === "function") {
        (result as Promise<{ rowCount?: number | null }>).then(
          (r) => (entry.rows = r?.rowCount ?? null),
          () => (entry.rows = -1),
        );
      }
    }
    return result;
  };
});

afterEach(() => {
  recording = false;
  log.length = 0;
});

afterAll(() => {
  proto.query = originalQuery;
});

async function recorded(work: () => Promise<unknown>): Promise<{ answer: unknown; statements: Statement[] }> {
  log.length = 0;
  recording = true;
  try {
    const answer = await work();
    return { answer, statements: [...log] };
  } finally {
    recording = false;
  }
}

// A private /24 per request, so each request starts with the same fresh quota counters.
let net = 0;
const freshAddress = () => `10.${(process.pid % 200) + 20}.${(Date.now() / 1000 + ++net * 7) % 250 | 0}.9`;

function complaintRequest(email: string): Request {
  const form = new URLSearchParams({
    organization: OPERATOR_ITSELF,
    category: "request_removal",
    description: "Please delete the data you hold about me.",
    desiredOutcome: "Deletion.",
    country: "DE",
    name: "Equal Work",
    email,
    submissionKey: randomUUID(),
  });
  return new Request("http://localhost/complain", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
}

/** "unknown 14 (9), ..." : statements sent, and rows inserted, updated or deleted by them. */
function summary(runs: Record<string, { statements: Statement[] }>): string {
  const written = (ss: Statement[]) => ss.filter((s) => /^(insert|update|delete)\b/i.test(s.sql) || /recourse_add_job/.test(s.sql)).reduce((n, s) => n + Math.max(0, s.rows ?? 0), 0);
  return Object.entries(runs).map(([kind, r]) => `${kind} ${r.statements.length} (${written(r.statements)})`).join(", ");
}

async function answerShape(result: unknown): Promise<{ status: number; location: string | null }> {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location")?.replace(/[A-Z]+-\d{4}-\d+$/, "REF") ?? null };
  const r = result as { init?: ResponseInit | null };
  return { status: r.init?.status ?? 200, location: null };
}

async function threeKinds() {
  const complainant = await createComplainant();
  const officer = await createOfficer();
  return { unknown: testEmail("nobody"), complainant: complainant.email, staff: officer.email };
}

describe("POST /complain does the same work for every kind of address", () => {
  it("sends the same SQL statements, touching the same number of rows, for an unknown, a complainant's and a staff address", async () => {
    const addresses = await threeKinds();
    // Warm up: the pool's connections, the clients list, the first queries of a module.
    await complainAction({ request: complaintRequest(testEmail("warm-up")), params: {}, context: { clientAddress: freshAddress() } });

    const runs: Record<string, { answer: unknown; statements: Statement[] }> = {};
    for (const [kind, email] of Object.entries(addresses)) {
      runs[kind] = await recorded(() => complainAction({ request: complaintRequest(email), params: {}, context: { clientAddress: freshAddress() } }));
    }
    console.info(`[figure] /complain statements (rows written): ${summary(runs)}`);
    const shapes = await Promise.all(Object.values(runs).map((r) => answerShape(r.answer)));
    expect(shapes).toEqual([shapes[0], shapes[0], shapes[0]]);
    expect(shapes[0]).toEqual({ status: 302, location: "/complain/received/REF" });
    expect(runs.unknown!.statements.length).toBeGreaterThan(0);
    expect(runs.complainant!.statements).toEqual(runs.unknown!.statements);
    expect(runs.staff!.statements).toEqual(runs.unknown!.statements);
  });
});

describe("POST /signin does the same work for every kind of address", () => {
  it("sends the same SQL statements, touching the same number of rows, for an unknown, a complainant's and a staff address", async () => {
    const addresses = await threeKinds();
    const ask = (email: string) =>
      signinAction({
        request: new Request("http://localhost/signin", { method: "POST", body: new URLSearchParams({ email }), headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
        params: {},
        context: { clientAddress: freshAddress() },
      });
    await ask(testEmail("warm-up"));
    const runs: Record<string, { answer: unknown; statements: Statement[] }> = {};
    for (const [kind, email] of Object.entries(addresses)) runs[kind] = await recorded(() => ask(email));
    console.info(`[figure] /signin statements (rows written): ${summary(runs)}`);
    const shapes = await Promise.all(Object.values(runs).map((r) => answerShape(r.answer)));
    expect(shapes).toEqual([{ status: 302, location: "/signin?sent=1" }, { status: 302, location: "/signin?sent=1" }, { status: 302, location: "/signin?sent=1" }]);
    expect(runs.unknown!.statements.length).toBeGreaterThan(0);
    expect(runs.complainant!.statements).toEqual(runs.unknown!.statements);
    expect(runs.staff!.statements).toEqual(runs.unknown!.statements);
  });
});

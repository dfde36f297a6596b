// The authorization walk (issue 8, "Done when"): every route of the app, as a page, as its loader
// data (.data) and as every action a form can post (each intent), for anonymous visitors, two
// complainants, the liaisons of two clients and the officer, over a case of each client and a case
// about the operator. Each answer is searched for the marks of what the visitor may not see
// (descriptions, messages of each audience, complainants' addresses); no answer may carry one, no
// POST may change a case, and each visitor does reach what is theirs. The route table below must
// name every file in app/routes: a new route fails this test until it is added.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { closeDb, ownerDb } from "../../app/db/db.server";
import type { Actor } from "../../app/domain";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { freshTestDatabase } from "../support/database";
import { createClient, createComplainant, createLiaison, createOfficer, fileCase, type FiledCase } from "../support/factories";
import { startApp, type AppProcess } from "../support/app-process";
import { freePort } from "../support/ports";

interface Visitor {
  label: string;
  actor: Actor | null;
  cookie: string | null;
}

interface CaseFixture {
  label: string;
  filed: FiledCase;
  clientId: string | null;
  /** The client its staff note was written for (the case may have moved to another client since). */
  staffNoteClientId: string | null;
  /** Unique marks written into the case, one per kind of content. */
  marks: { description: string; parties: string; staff: string; internal: string; email: string };
}

/**
 * Signs a visitor in: the one place the walk gets a session, so the sign-in steps (a second factor
 * for staff) change here only. A session made directly is what a completed sign-in leaves behind.
 */
async function signIn(actor: Actor): Promise<string> {
  return (await sessionCookieFor(actor.userId)).split(";")[0]!;
}

// --- what each visitor may see ---------------------------------------------------------------

function seesCase(actor: Actor | null, c: CaseFixture): boolean {
  if (!actor) return false;
  if (actor.role === "officer") return true;
  if (actor.role === "liaison") return c.clientId === actor.clientId;
  return c.filed.complainant.id === actor.userId;
}

/** The marks of `c` that `actor` must never receive. */
function forbiddenMarks(actor: Actor | null, c: CaseFixture): string[] {
  if (!seesCase(actor, c)) return Object.values(c.marks);
  const out: string[] = [];
  if (actor!.role !== "officer") out.push(c.marks.internal);
  if (actor!.role === "complainant" || (actor!.role === "liaison" && actor!.clientId !== c.staffNoteClientId)) out.push(c.marks.staff);
  return out;
}

/** Marks forbidden on every case, less those a visible case shows too (one complainant, two cases: one address). */
function forbiddenFor(actor: Actor | null): string[] {
  const allowed = new Set(cases.flatMap((c) => Object.values(c.marks).filter((m) => !forbiddenMarks(actor, c).includes(m))));
  return cases.flatMap((c) => forbiddenMarks(actor, c)).filter((m) => !allowed.has(m));
}

// --- every route, and how to call it -------------------------------------------------------------

interface Call {
  method: "GET" | "POST";
  path: string;
  form?: Record<string, string>;
}

/** The intents the case pages' forms can post, read from the form parser so a new one is walked too. */
const CASE_INTENTS = [...readFileSync(path.resolve("app/lib/case-forms.ts"), "utf8").matchAll(/intent: z\.literal\("(\w+)"\)/g)].map((m) => m[1]!);

function caseActionForm(intent: string): Record<string, string> {
  // A version no case has: an action that gets as far as the case is refused as stale, so the walk changes nothing.
  return { intent, version: "999999", body: "walk", reason: "walk", kind: "duplicate", audience: "parties", channel: "web", dueAt: "2030-01-01", clientId: "", liaisonId: "" };
}

/** With and without loader data: the page, and its single-fetch .data URL. */
const pageAndData = (p: string): Call[] => [
  { method: "GET", path: p },
  { method: "GET", path: p === "/" ? "/_root.data" : `${p}.data` },
];
const postBoth = (p: string, form: Record<string, string>): Call[] => [
  { method: "POST", path: p, form },
  { method: "POST", path: `${p}.data`, form },
];

const ROUTES: Record<string, (cases: CaseFixture[]) => Call[]> = {
  "_index.tsx": () => pageAndData("/"),
  // Own account pages: posts that are refused (an unknown mode, a key that is no session's), so the walk changes nothing.
  "account.notifications.tsx": () => [...pageAndData("/account/notifications"), ...postBoth("/account/notifications", { mode: "walk" })],
  "account.security.tsx": () => [...pageAndData("/account/security"), ...postBoth("/account/security", { intent: "walk" })],
  "account.sessions.tsx": () => [...pageAndData("/account/sessions"), ...postBoth("/account/sessions", { intent: "end", key: "0".repeat(64) })],
  "admin._index.tsx": () => pageAndData("/admin"),
  "admin.access.tsx": () => pageAndData("/admin/access"),
  "admin.clients.tsx": () => [...pageAndData("/admin/clients"), ...postBoth("/admin/clients", { intent: "rename", clientId: randomUUID(), name: "" })],
  "admin.users.tsx": () => [...pageAndData("/admin/users"), ...postBoth("/admin/users", { intent: "deactivate", userId: randomUUID() })],
  "attachments.$id.ts": () => [{ method: "GET", path: `/attachments/${randomUUID()}` }, { method: "GET", path: "/attachments/not-an-id" }],
  "complain_.confirm.tsx": () => [...pageAndData(`/complain/confirm?token=${"w".repeat(40)}`), ...postBoth("/complain/confirm", { token: "w".repeat(40) })],
  "held-filings.tsx": () => pageAndData("/held-filings"),
  // Without the shared secret: refused, nothing stored.
  "inbound.email.ts": () => [{ method: "POST", path: "/inbound/email", form: { email: "From: x@example.org\r\n\r\nwalk" } }],
  "intake._index.tsx": () => pageAndData("/intake"),
  "intake.$id.tsx": (cases) => {
    const id = randomUUID();
    return [...pageAndData(`/intake/${id}`), ...postBoth(`/intake/${id}`, { intent: "attach", reference: cases[0]!.filed.reference, audience: "parties" })];
  },
  "invite.$token.tsx": () => [...pageAndData(`/invite/${"w".repeat(40)}`), ...postBoth(`/invite/${"w".repeat(40)}`, { password: "walk", confirm: "walk", code: "000000" })],
  "login_.verify.tsx": () => [...pageAndData("/login/verify"), ...postBoth("/login/verify", { code: "000000" })],
  "mail.templates._index.tsx": () => pageAndData("/mail/templates"),
  "mail.templates.$name.tsx": () => [...pageAndData("/mail/templates/sign_in_link"), ...pageAndData("/mail/templates/no_such_template")],
  "settings.clocks.tsx": () => [...pageAndData("/settings/clocks"), ...postBoth("/settings/clocks", { intent: "walk" })],
  "audit.tsx": () => pageAndData("/audit"),
  "reports._index.tsx": () => [...pageAndData("/reports"), ...pageAndData("/reports?from=2026-13")],
  "reports.annual.tsx": () => [...pageAndData("/reports/annual"), ...pageAndData("/reports/annual?year=abcd")],
  "reports.csv.ts": () => [{ method: "GET", path: "/reports/csv?chart=outcomes" }, { method: "GET", path: "/reports/csv?chart=nope" }],
  "reports.annual_.csv.ts": () => [{ method: "GET", path: "/reports/annual/csv" }, { method: "GET", path: "/reports/annual/csv?year=abcd" }],
  // The log of identity reveals (officer only), with a filter that cannot be read.
  "audit_.reveals.tsx": () => [...pageAndData("/audit/reveals"), ...pageAndData("/audit/reveals?case=walk&person=walk&after=walk")],
  "auth.link.tsx": () => {
    const token = randomUUID();
    return [
      { method: "GET", path: `/auth/link?token=${token}` },
      { method: "GET", path: `/auth/link.data?token=${token}` },
    ];
  },
  "cases.$reference.tsx": (cases) =>
    [
      ...cases.flatMap((c) => [...pageAndData(`/cases/${c.filed.reference}`), ...CASE_INTENTS.flatMap((i) => postBoth(`/cases/${c.filed.reference}`, caseActionForm(i)))]),
      // "Show identity" (not a case command): for a case no one has, so the walk records no reveal.
      ...postBoth("/cases/PS-2099-999999", { intent: "reveal_identity" }),
    ],
  "cases._index.tsx": () => [
    ...pageAndData("/cases"),
    ...pageAndData("/cases?status=all"),
    // An index route's action is reached with ?index; deleting nobody's saved filter changes nothing.
    { method: "POST", path: "/cases?index", form: { intent: "delete_filter", id: randomUUID() } },
    { method: "POST", path: "/cases.data?index", form: { intent: "delete_filter", id: randomUUID() } },
  ],
  "cases.new.tsx": () => [...pageAndData("/cases/new"), ...postBoth("/cases/new", { submissionKey: randomUUID() })],
  "complain.tsx": () => [...pageAndData("/complain"), ...postBoth("/complain", { submissionKey: randomUUID() })],
  "complain_.received.$reference.tsx": (cases) => cases.flatMap((c) => pageAndData(`/complain/received/${c.filed.reference}`)),
  "dev.mailbox.$id.tsx": () => pageAndData(`/dev/mailbox/${randomUUID()}`),
  "dev.mailbox._index.tsx": () => pageAndData("/dev/mailbox"),
  "healthz.ts": () => [{ method: "GET", path: "/healthz" }],
  // The language switch: a language we do not speak is refused; a valid one sets only a cookie (and
  // the language of the visitor's own case), never another's case.
  "language.tsx": (cases) => [
    ...postBoth("/language", { lang: "xx", redirectTo: "/" }),
    ...cases.flatMap((c) => postBoth("/language", { lang: "en", redirectTo: `/my/cases/${c.filed.reference}` })),
    { method: "GET", path: "/language" },
  ],
  "login.tsx": () => [...pageAndData("/login"), ...postBoth("/login", { email: "nobody@example.org", password: "wrong", next: "/cases" })],
  // Signing out is walked last, on a session of its own (see below).
  "logout.tsx": () => [],
  "mail.inbound.tsx": () => [...pageAndData("/mail/inbound"), ...pageAndData(`/mail/inbound?before=${encodeURIComponent(`2030-01-01T00:00:00.000Z_${randomUUID()}`)}`)],
  "mail.deliveries.tsx": () => [...pageAndData("/mail/deliveries"), ...postBoth("/mail/deliveries", { intent: "resend", deliveryId: randomUUID() })],
  "my._index.tsx": () => pageAndData("/my"),
  "my.cases.$reference.tsx": (cases) =>
    cases.flatMap((c) => [...pageAndData(`/my/cases/${c.filed.reference}`), ...CASE_INTENTS.flatMap((i) => postBoth(`/my/cases/${c.filed.reference}`, caseActionForm(i)))]),
  "signin.tsx": () => [...pageAndData("/signin"), ...postBoth("/signin", { email: "nobody@example.org" })],
  // Retention (issue 9 part 4): posts that are refused (a month count out of range; a hold without a reason).
  "settings.retention.tsx": () => [...pageAndData("/settings/retention"), ...postBoth("/settings/retention", { resolved: "0", withdrawn: "36", closed: "36" })],
  "retention._index.tsx": (cases) => [
    ...pageAndData("/retention"),
    ...cases.flatMap((c) => [
      { method: "POST" as const, path: "/retention?index", form: { intent: "place_legal_hold", reference: c.filed.reference, reason: "" } },
      { method: "POST" as const, path: "/retention.data?index", form: { intent: "lift_legal_hold", reference: c.filed.reference, reason: "" } },
    ]),
  ],
  // The complainant's own data (part 5): the downloads are searched like every answer; the erasure request without its confirmation is refused.
  "my.export.tsx": () => [...pageAndData("/my/export"), ...postBoth("/my/export", { intent: "erase", submissionKey: randomUUID() })],
  "my.export[.]json.ts": () => [{ method: "GET", path: "/my/export.json" }],
  "my.export[.]html.tsx": () => [{ method: "GET", path: "/my/export.html" }],
};

/** What each visitor must get on the pages of one case: the case shown (200), or no sign of it. */
function expectedCasePage(actor: Actor | null, c: CaseFixture, staffPage: boolean): "shown" | "refused" {
  if (!actor) return "refused";
  if (staffPage !== (actor.role !== "complainant")) return "refused";
  return seesCase(actor, c) ? "shown" : "refused";
}

let app: AppProcess;
let dropDatabase: () => Promise<void>;
let visitors: Visitor[];
let cases: CaseFixture[];

beforeAll(async () => {
  const database = await freshTestDatabase("walk");
  dropDatabase = database.drop;
  process.env.DATABASE_URL = database.url;
  process.env.APP_URL ??= "http://localhost:3000";

  const now = new Date();
  const clientA = (await createClient("Walk A")).id;
  const clientB = (await createClient("Walk B")).id;
  const officer = await createOfficer();
  const liaisonA = await createLiaison(clientA);
  const liaisonB = await createLiaison(clientB);
  const complainant2 = await createComplainant();

  const make = async (label: string, clientId: string | null, email?: string, reassignTo?: { clientId: string; liaisonId: string }): Promise<CaseFixture> => {
    const tag = `${label}-${randomUUID().slice(0, 8)}`;
    const filed = await fileCase({ clientId, description: `DESCRIPTION-${tag} please remove my data`, ...(email ? { email } : {}) }, now);
    const marks = { description: `DESCRIPTION-${tag}`, parties: `PARTIES-${tag}`, staff: `STAFFNOTE-${tag}`, internal: `INTERNAL-${tag}`, email: filed.complainant.email };
    let version = 1;
    const staff = clientId === clientA ? liaisonA.actor : clientId === clientB ? liaisonB.actor : officer.actor;
    for (const [actor, audience, body] of [
      [staff, "parties", marks.parties],
      [staff, "staff", marks.staff],
      [officer.actor, "internal", marks.internal],
    ] as const) {
      const done = await performCaseCommand({ actor, reference: filed.reference, expectedVersion: version, command: { type: "post_message", audience, channel: "web" }, body, now });
      if (!done.ok) throw new Error(`${label}: ${JSON.stringify(done)}`);
      version = done.version;
    }
    if (reassignTo) {
      const moved = await performCaseCommand({ actor: officer.actor, reference: filed.reference, expectedVersion: version, command: { type: "assign", ...reassignTo }, now });
      if (!moved.ok) throw new Error(`${label}: ${JSON.stringify(moved)}`);
      return { label, filed, clientId: reassignTo.clientId, staffNoteClientId: clientId, marks };
    }
    return { label, filed, clientId, staffNoteClientId: clientId, marks };
  };
  const caseA = await make("client-A", clientA);
  cases = [
    caseA,
    await make("client-B", clientB, complainant2.email),
    await make("operator", null, caseA.filed.complainant.email),
    // Written for client A, then moved to client B: B's liaison sees the case, not A's staff note.
    await make("moved-A-to-B", clientA, complainant2.email, { clientId: clientB, liaisonId: liaisonB.id }),
  ];

  const people: [string, Actor | null][] = [
    ["anonymous", null],
    ["complainant 1", caseA.filed.complainant.actor],
    ["complainant 2", complainant2.actor],
    ["liaison of client A", liaisonA.actor],
    ["liaison of client B", liaisonB.actor],
    ["officer", officer.actor],
  ];
  visitors = [];
  for (const [label, actor] of people) visitors.push({ label, actor, cookie: actor ? await signIn(actor) : null });

  app = startApp({ port: await freePort(), env: { DATABASE_URL: database.url, SEED_DEMO: "0", WORKER: "0", DEV_MAILBOX: "0" }, label: "walk" });
  await app.waitUntilHealthy();
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await closeDb();
  await dropDatabase?.();
});

async function send(visitor: Visitor, call: Call): Promise<{ status: number; body: string; location: string }> {
  const headers: Record<string, string> = { Origin: app.baseUrl };
  if (visitor.cookie) headers.Cookie = visitor.cookie;
  let body: string | undefined;
  if (call.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(call.form).toString();
  }
  const response = await fetch(`${app.baseUrl}${call.path}`, { method: call.method, headers, body, redirect: "manual", signal: AbortSignal.timeout(20_000) });
  return { status: response.status, body: await response.text(), location: response.headers.get("location") ?? "" };
}

/** Everything about the cases that an action could change, as the owner sees it. */
async function caseState() {
  const ids = cases.map((c) => c.filed.id);
  const [rows, messages, events] = await Promise.all([
    ownerDb().selectFrom("cases").select(["id", "version", "status", "stage", "client_id"]).where("id", "in", ids).orderBy("id").execute(),
    ownerDb().selectFrom("messages").select(({ fn }) => ["case_id", fn.countAll<string>().as("n")]).where("case_id", "in", ids).groupBy("case_id").orderBy("case_id").execute(),
    ownerDb().selectFrom("case_events").select(({ fn }) => ["case_id", fn.countAll<string>().as("n")]).where("case_id", "in", ids).groupBy("case_id").orderBy("case_id").execute(),
  ]);
  return { rows, messages, events };
}

describe("the authorization walk", () => {
  it("lists every route file of app/routes (a new route must be added to the walk)", () => {
    const files = readdirSync(path.resolve("app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f)).sort();
    expect(Object.keys(ROUTES).sort()).toEqual(files);
  });

  it("finds no leak: no answer to any visitor carries what they may not see, no POST changes a case, and each reaches what is theirs", async () => {
    const before = await caseState();
    const leaks: string[] = [];
    const missed: string[] = [];
    const serverErrors: string[] = [];
    let cells = 0;
    // The visitors walk side by side (each request on its own is sequential).
    await Promise.all(visitors.map(async (visitor) => {
      for (const [file, calls] of Object.entries(ROUTES)) {
        for (const call of calls(cases)) {
          cells++;
          const answer = await send(visitor, call);
          const where = `${visitor.label}: ${call.method} ${call.path}${call.form?.intent ? ` (${call.form.intent})` : ""} [${file}] → ${answer.status}`;
          if (answer.status >= 500) serverErrors.push(where);
          const text = `${answer.location}\n${answer.body}`;
          for (const mark of forbiddenFor(visitor.actor)) if (text.includes(mark)) leaks.push(`${where}: carries ${mark}`);
          // Each visitor reaches their own cases' pages, with their content; others' answer without it.
          const caseGet = call.method === "GET" && /^\/(cases|my\/cases)\/[A-Z]+-\d{4}-\d+(\.data)?$/.test(call.path);
          if (caseGet) {
            const c = cases.find((k) => call.path.includes(k.filed.reference))!;
            const expected = expectedCasePage(visitor.actor, c, call.path.startsWith("/cases/"));
            if (expected === "shown" && (answer.status !== 200 || !answer.body.includes(c.marks.description))) missed.push(`${where}: should show ${c.label}`);
            if (expected === "refused" && answer.status === 200) leaks.push(`${where}: answered 200 for a case not theirs`);
          }
        }
      }
    }));
    // Signing out, on a session made for it, for each signed-in visitor.
    for (const visitor of visitors) {
      cells++;
      const own = visitor.actor ? { ...visitor, cookie: await signIn(visitor.actor) } : visitor;
      const answer = await send(own, { method: "POST", path: "/logout", form: {} });
      if (answer.status >= 500) serverErrors.push(`${visitor.label}: POST /logout → ${answer.status}`);
    }
    // The lists: each visitor's queue or portal names exactly their cases.
    for (const visitor of visitors.filter((v) => v.actor)) {
      const list = await send(visitor, { method: "GET", path: visitor.actor!.role === "complainant" ? "/my" : "/cases?status=all" });
      for (const c of cases) {
        const listed = list.body.includes(c.filed.reference);
        if (listed !== seesCase(visitor.actor, c)) (listed ? leaks : missed).push(`${visitor.label}: list ${listed ? "names" : "lacks"} ${c.label}`);
      }
    }
    console.log(`[figure] authorization walk: ${cells} requests over ${Object.keys(ROUTES).length} routes, ${visitors.length} visitors, ${cases.length} cases, ${CASE_INTENTS.length} case intents`);
    expect(leaks).toEqual([]);
    expect(missed).toEqual([]);
    expect(serverErrors).toEqual([]);
    expect(await caseState()).toEqual(before);
  }, 600_000);
});

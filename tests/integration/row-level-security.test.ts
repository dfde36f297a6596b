// The second wall (ADR 018): PostgreSQL's row-level security, tried with raw SQL as the app role,
// so no application code (scope.server.ts, visibleAudiences) stands between the query and the rows.
// For each actor (and for none) every protected table must show nothing outside the actor's scope,
// and must show what is inside it.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROLE, ownerDb as db } from "../../app/db/db.server"; // arranging and checking as the owner
import type { Actor } from "../../app/domain";
import { loadCaseView } from "../../app/models/case-view.server";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { createClient, createComplainant, createLiaison, createOfficer, discardTestMail, fileCase, type FiledCase, type TestUser } from "../support/factories";

/** Every table the policies protect, with the columns a check needs. Attachments, notices and intake items join here when they exist. */
const PROTECTED = [
  "cases", "case_deadlines", "case_events", "messages", "mail_deliveries", "mail_reply_tokens",
  // Added beside the walls (migration 010).
  "attachments", "notices", "inbound_mails", "intake_items", "held_filings",
  // A person's own rows, of no case (migration 013; each user's own: tests/integration/triage.test.ts).
  "saved_filters",
  // The public form's submissions until the job has handled them (migration 020, ADR 032).
  "public_filings", "public_filing_files",
  // Search words and report facts (migration 018, ADR 030): the officer's and the system's only.
  "case_search", "case_facts", "deadline_facts",
] as const;
type Table = (typeof PROTECTED)[number];
/** Mail and filings not yet anyone's case, search words and report facts: the officer's (and the system identity's) only. */
const OFFICER_ONLY: readonly Table[] = ["inbound_mails", "intake_items", "held_filings", "public_filings", "public_filing_files", "case_search", "case_facts", "deadline_facts"];

interface Seen {
  caseId: string | null;
  messageId?: string | null;
  audience?: string;
  clientId?: string | null;
}

let app: pg.Client;
const now = new Date("2026-11-20T10:00:00Z");

/** Runs `select` on `table` as the app role, in a transaction that names `who` (or no one). */
async function seenBy(who: Actor | null, table: Table): Promise<Seen[]> {
  await app.query("begin");
  try {
    if (who) {
      await app.query(
        `select set_config('recourse.actor_role', $1, true), set_config('recourse.actor_user_id', $2, true), set_config('recourse.actor_client_id', $3, true)`,
        [who.role, who.userId, who.role === "liaison" ? who.clientId : ""],
      );
    }
    const columns = table === "saved_filters" ? "null::uuid as case_id" : table === "public_filing_files" ? "(select f.case_id from public_filings f where f.id = filing_id) as case_id" : table === "cases" ? "id as case_id" : table === "messages" ? "case_id, audience, client_id" : table === "attachments" ? "case_id, message_id" : "case_id";
    const { rows } = await app.query<{ case_id: string | null; audience?: string; client_id?: string | null; message_id?: string | null }>(`select ${columns} from ${table}`);
    return rows.map((r) => ({ caseId: r.case_id, audience: r.audience, clientId: r.client_id, messageId: r.message_id }));
  } finally {
    await app.query("rollback");
  }
}

/** The owner's view of every case: who it belongs to. */
async function allCases(): Promise<Map<string, { clientId: string | null; complainantId: string }>> {
  const rows = await db().selectFrom("cases").select(["id", "client_id", "complainant_id"]).execute();
  return new Map(rows.map((r) => [r.id, { clientId: r.client_id, complainantId: r.complainant_id }]));
}

let officer: TestUser<Extract<Actor, { role: "officer" }>>;
let liaisonA: TestUser<Extract<Actor, { role: "liaison" }>>;
let liaisonB: TestUser<Extract<Actor, { role: "liaison" }>>;
let complainant2: TestUser<Extract<Actor, { role: "complainant" }>>;
let caseA: FiledCase; // client A, complainant 1
let caseB: FiledCase; // client B, complainant 2
let caseOperator: FiledCase; // about the operator itself, complainant 1
let clientA: string;
let clientB: string;
let audienceOf: Map<string, string>;

beforeAll(async () => {
  clientA = (await createClient("RLS A")).id;
  clientB = (await createClient("RLS B")).id;
  officer = await createOfficer();
  liaisonA = await createLiaison(clientA);
  liaisonB = await createLiaison(clientB);
  caseA = await fileCase({ clientId: clientA }, now);
  complainant2 = await createComplainant();
  caseB = await fileCase({ clientId: clientB, email: complainant2.email }, now);
  caseOperator = await fileCase({ clientId: null, email: caseA.complainant.email }, now);
  // One message of each audience on the cases of client A and B, through the use case.
  for (const [kase, liaison] of [
    [caseA, liaisonA],
    [caseB, liaisonB],
  ] as const) {
    let version = 1;
    for (const audience of ["parties", "staff"] as const) {
      const done = await performCaseCommand({ actor: liaison.actor, reference: kase.reference, expectedVersion: version, command: { type: "post_message", audience, channel: "web" }, body: `${audience} note`, now });
      if (!done.ok) throw new Error(JSON.stringify(done));
      version = done.version;
    }
    const internal = await performCaseCommand({ actor: officer.actor, reference: kase.reference, expectedVersion: version, command: { type: "post_message", audience: "internal", channel: "phone" }, body: "internal note", now });
    if (!internal.ok) throw new Error(JSON.stringify(internal));
  }
  await db()
    .insertInto("mail_reply_tokens")
    .values([
      { token: `rls-a-${caseA.id}`, case_id: caseA.id, user_id: caseA.complainant.id },
      { token: `rls-b-${caseB.id}`, case_id: caseB.id, user_id: complainant2.id },
    ])
    .execute();

  // A file on each message of case A and one with the complaint itself; a notice, an inbound mail,
  // an intake item and a held filing tied to case A (as the owner: what the app would have written).
  const messagesA = await db().selectFrom("messages").select(["id", "audience"]).where("case_id", "=", caseA.id).execute();
  const file = { file_name: "f.txt", safe_name: "f.txt", content_type: "text/plain", size_bytes: 1, sha256: "x", content: Buffer.from("x") };
  await db()
    .insertInto("attachments")
    .values([{ case_id: caseA.id, message_id: null, ...file }, ...messagesA.map((m) => ({ case_id: caseA.id, message_id: m.id, ...file }))])
    .execute();
  await db()
    .insertInto("notices")
    .values({ case_id: caseA.id, subject: "s", kind: "reminder", recipient_id: officer.id, template: "t", delivery: "digest", line: "l" } as never)
    .execute();
  const mail = await db()
    .insertInto("inbound_mails")
    .values({ dedup_key: `rls-${caseA.id}`, received_at: now, via: "webhook", raw: Buffer.from("x"), raw_size: 1, kind: "message", outcome: "intake", case_id: caseA.id } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("intake_items")
    .values({ inbound_mail_id: mail.id, received_at: now, from_address: "x@example.com", reason: "r", case_id: caseA.id } as never)
    .execute();
  await db()
    .insertInto("held_filings")
    .values({ reference: `RLS-${caseA.id}`, email: "x@example.com", reason: "known_address", input: JSON.stringify({}), created_at: now, expires_at: now, case_id: caseA.id } as never)
    .execute();
  const filing = await db()
    .insertInto("public_filings")
    .values({ reference: `RLS-F-${caseA.id}`, submission_key: `rls-${caseA.id}`, created_at: now, processed_at: now, outcome: "opened", case_id: caseA.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db().insertInto("public_filing_files").values({ filing_id: filing.id, position: 0, file_name: "f.txt", content: Buffer.from("x"), created_at: now }).execute();
  audienceOf = new Map(messagesA.map((m) => [m.id, m.audience]));

  const u = new URL(process.env.DATABASE_URL!);
  app = new pg.Client({ connectionString: u.toString(), options: `-c role=${APP_ROLE}` });
  await app.connect();
});

afterAll(async () => {
  await app?.end();
  await discardTestMail();
});

describe("the app role", () => {
  it("owns no table, is no superuser and cannot bypass row-level security", async () => {
    const { rows } = await app.query<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>(`
      select current_user, r.rolsuper, r.rolbypassrls,
        (select count(*)::int from pg_tables where tableowner = current_user) as owned
      from pg_roles r where r.rolname = current_user`);
    expect(rows[0]).toEqual({ current_user: APP_ROLE, rolsuper: false, rolbypassrls: false, owned: 0 });
    const { rows: tables } = await app.query<{ relname: string; relrowsecurity: boolean }>(
      `select relname, relrowsecurity from pg_class where relname = any($1) and relkind = 'r' order by relname`,
      [[...PROTECTED]],
    );
    expect(tables.map((t) => t.relname).sort()).toEqual([...PROTECTED].sort());
    expect(tables.every((t) => t.relrowsecurity)).toBe(true);
  });

  it("sees nothing in any protected table when the transaction names no actor", async () => {
    for (const table of PROTECTED) expect(await seenBy(null, table), table).toEqual([]);
  });

  it("cannot queue a job or read the job queue directly (only through recourse_add_jobs)", async () => {
    await expect(app.query("select count(*) from graphile_worker._private_jobs")).rejects.toThrow(/permission denied/);
  });
});

describe("each actor, raw SQL over every protected table", () => {
  const scopes: [string, () => Actor, (c: { clientId: string | null; complainantId: string }) => boolean][] = [
    ["officer", () => officer.actor, () => true],
    ["liaison of client A", () => liaisonA.actor, (c) => c.clientId === clientA],
    ["liaison of client B", () => liaisonB.actor, (c) => c.clientId === clientB],
    ["complainant 1", () => caseA.complainant.actor, (c) => c.complainantId === caseA.complainant.id],
    ["complainant 2", () => complainant2.actor, (c) => c.complainantId === complainant2.id],
  ];

  for (const [label, actorOf, inScope] of scopes) {
    it(`${label}: every row belongs to a case in scope, and every case in scope is there`, async () => {
      const actor = actorOf();
      const cases = await allCases();
      const expected = [...cases].filter(([, c]) => inScope(c)).map(([id]) => id).sort();
      expect(expected.length).toBeGreaterThan(0);
      const seenCases = (await seenBy(actor, "cases")).map((r) => r.caseId!).sort();
      expect(seenCases).toEqual(expected);

      for (const table of PROTECTED) {
        const rows = await seenBy(actor, table);
        for (const row of rows) {
          if (row.caseId === null) {
            // Mail about no case (sign-in links): the operator's only.
            expect(actor.role, `${table}: a row of no case`).toBe("officer");
            continue;
          }
          const c = cases.get(row.caseId);
          expect(c && inScope(c), `${table}: a row of case ${row.caseId}`).toBe(true);
          if (OFFICER_ONLY.includes(table)) expect(actor.role, `${table}: the officer's only`).toBe("officer");
          if (table === "attachments" && row.messageId) {
            const audience = audienceOf.get(row.messageId);
            if (actor.role === "complainant") expect(audience, "a complainant sees files of parties' messages only").toBe("parties");
            if (actor.role === "liaison") expect(audience, "a liaison never sees files of internal notes").not.toBe("internal");
          }
          if (table === "messages") {
            if (actor.role === "complainant") expect(row.audience).toBe("parties");
            if (actor.role === "liaison") {
              expect(row.audience).not.toBe("internal");
              if (row.audience === "staff") expect(row.clientId).toBe(actor.clientId);
            }
          }
        }
      }
    });
  }

  it("shows each actor what is theirs: deadlines, events, messages and mail of their cases", async () => {
    const has = async (actor: Actor, table: Table, caseId: string) => (await seenBy(actor, table)).some((r) => r.caseId === caseId);
    for (const table of PROTECTED) {
      if (table === "saved_filters") continue; // belongs to a person, not to a case
      expect(await has(officer.actor, table, caseA.id), `officer ${table}`).toBe(true);
      expect(await has(liaisonA.actor, table, caseA.id), `liaison A ${table}`).toBe(!OFFICER_ONLY.includes(table));
      expect(await has(caseA.complainant.actor, table, caseA.id), `complainant 1 ${table}`).toBe(!OFFICER_ONLY.includes(table));
      expect(await has(liaisonB.actor, table, caseA.id), `liaison B ${table}`).toBe(false);
      expect(await has(complainant2.actor, table, caseA.id), `complainant 2 ${table}`).toBe(false);
    }
    expect(await has(caseA.complainant.actor, "cases", caseOperator.id)).toBe(true);
    expect(await has(liaisonA.actor, "cases", caseOperator.id)).toBe(false);
    const audiences = async (actor: Actor, caseId: string) => (await seenBy(actor, "messages")).filter((r) => r.caseId === caseId).map((r) => r.audience).sort();
    expect(await audiences(officer.actor, caseA.id)).toEqual(["internal", "parties", "staff"]);
    expect(await audiences(liaisonA.actor, caseA.id)).toEqual(["parties", "staff"]);
    expect(await audiences(caseA.complainant.actor, caseA.id)).toEqual(["parties"]);
  });

  it("refuses writes outside the scope: another client's case is not updated, no message is added to it", async () => {
    await app.query("begin");
    try {
      await app.query(`select set_config('recourse.actor_role', 'liaison', true), set_config('recourse.actor_user_id', $1, true), set_config('recourse.actor_client_id', $2, true)`, [
        liaisonB.id,
        clientB,
      ]);
      const updated = await app.query(`update cases set description = 'changed' where id = $1`, [caseA.id]);
      expect(updated.rowCount).toBe(0);
      await expect(
        app.query(`insert into messages (case_id, author_role, audience, channel, body, created_at) values ($1, 'liaison', 'parties', 'web', 'x', now())`, [caseA.id]),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await app.query("rollback");
    }
    const kase = await db().selectFrom("cases").select("description").where("id", "=", caseA.id).executeTakeFirstOrThrow();
    expect(kase.description).not.toBe("changed");
  });
});

describe("a staff note belongs to the client it was written for", () => {
  it("records the client, and after a reassignment the new client's liaison does not read it (in the page and in the database)", async () => {
    const filed = await fileCase({ clientId: clientA }, now);
    const noted = await performCaseCommand({ actor: liaisonA.actor, reference: filed.reference, expectedVersion: 1, command: { type: "post_message", audience: "staff", channel: "web" }, body: "Note for A only", now });
    expect(noted.ok).toBe(true);
    const stored = await db().selectFrom("messages").select(["client_id"]).where("case_id", "=", filed.id).where("audience", "=", "staff").executeTakeFirstOrThrow();
    expect(stored.client_id).toBe(clientA);

    const moved = await performCaseCommand({
      actor: officer.actor,
      reference: filed.reference,
      expectedVersion: noted.ok ? noted.version : 0,
      command: { type: "assign", clientId: clientB, liaisonId: liaisonB.id },
      now,
    });
    expect(moved.ok).toBe(true);

    const viewB = await loadCaseView(liaisonB.actor, filed.reference, now);
    expect(viewB).not.toBeNull();
    const bodies = (v: typeof viewB) => v!.timeline.flatMap((e) => (e.kind === "message" ? [e.body] : []));
    expect(bodies(viewB)).not.toContain("Note for A only");
    expect(bodies(await loadCaseView(officer.actor, filed.reference, now))).toContain("Note for A only");
    expect((await seenBy(liaisonB.actor, "messages")).filter((r) => r.caseId === filed.id && r.audience === "staff")).toEqual([]);
    expect(await loadCaseView(liaisonA.actor, filed.reference, now)).toBeNull();
  });
});

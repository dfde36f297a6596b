import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { sha256 } from "../../app/auth/hash";
import { consumeSignInLink } from "../../app/auth/sign-in.server";
import { fileComplaint } from "../../app/models/complaints.server";
import {
  complaintInput,
  createClient,
  createComplainant,
  createLiaison,
  createOfficer,
  discardTestMail,
  fileCase,
  mailAbout,
  mailTo,
  plus,
  MINUTE_MS,
} from "../support/factories";

const NOW = new Date("2026-03-03T10:00:00.000Z");
const ACK_DUE = new Date("2026-03-11T03:59:59.999Z");
const RESPONSE_DUE = new Date("2026-04-18T03:59:59.999Z");

afterAll(discardTestMail);

async function caseByReference(reference: string) {
  return db().selectFrom("cases").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
}

async function deadlinesOf(caseId: string) {
  return db().selectFrom("case_deadlines").selectAll().where("case_id", "=", caseId).orderBy("due_at").execute();
}

async function eventsOf(caseId: string) {
  return db().selectFrom("case_events").selectAll().where("case_id", "=", caseId).orderBy("id").execute();
}

async function casesWithKey(submissionKey: string) {
  return db().selectFrom("cases").select(["id", "reference"]).where("submission_key", "=", submissionKey).execute();
}

async function userByEmail(email: string) {
  return db().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

async function tokensOf(userId: string) {
  return db().selectFrom("sign_in_tokens").selectAll().where("user_id", "=", userId).execute();
}

/** The token inside the sign-in link of the one acknowledgement sent to `email`. */
async function acknowledgementLink(email: string): Promise<{ link: string; token: string }> {
  const acks = (await mailTo(email)).filter((m) => m.template === "acknowledgement");
  expect(acks).toHaveLength(1);
  const link = acks[0]!.data.signInLink;
  expect(typeof link).toBe("string");
  const token = new URL(link as string).searchParams.get("token");
  expect(token).toBeTruthy();
  return { link: link as string, token: token! };
}

describe("filing a complaint", () => {
  it("about a client starts at the client stage, awaiting acknowledgement, with 5- and 45-day clocks and a case_filed event", async () => {
    const client = await createClient();
    const input = complaintInput({ clientId: client.id });
    const outcome = await fileComplaint(input, NOW);
    expect(outcome).toEqual({ ok: true, reference: expect.any(String), duplicate: false });
    if (!outcome.ok) return;

    const kase = await caseByReference(outcome.reference);
    const complainant = await userByEmail(input.email);
    expect(complainant?.role).toBe("complainant");
    expect(kase).toMatchObject({
      stage: "client",
      status: "awaiting_acknowledgement",
      client_id: client.id,
      complainant_id: complainant!.id,
      liaison_id: null,
      stages_visited: ["client"],
      version: 1,
      submission_key: input.submissionKey,
      framework: "privacy_shield",
    });
    expect(new Date(kase.stage_entered_at)).toEqual(NOW);

    const deadlines = await deadlinesOf(kase.id);
    expect(deadlines.map((d) => ({ stage: d.stage, kind: d.kind, starts: d.starts_at, due: d.due_at, met: d.met_at, paused: d.paused_at }))).toEqual([
      // Received Tue 3 Mar 2026 05:00 New York time: 5 working days end Tue 10 Mar, 45 calendar
      // days Fri 17 Apr, each at the end of the day New York time (EDT from 8 Mar). ADR 011.
      { stage: "client", kind: "acknowledgement", starts: NOW, due: ACK_DUE, met: null, paused: null },
      { stage: "client", kind: "response", starts: NOW, due: RESPONSE_DUE, met: null, paused: null },
    ]);
    expect(deadlines[1]!.explanation).toMatch(/45 calendar days/);

    const events = await eventsOf(kase.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "case_filed",
      actor_id: complainant!.id,
      actor_role: "complainant",
      payload: { stage: "client", clientId: client.id, complainantId: complainant!.id, filedBy: "public" },
    });
  });

  it("about the operator itself (no client) starts at the company stage", async () => {
    const { id } = await fileCase({ clientId: null }, NOW);
    const kase = await db().selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ stage: "company", status: "awaiting_acknowledgement", client_id: null, stages_visited: ["company"] });
    const deadlines = await deadlinesOf(id);
    expect(deadlines.map((d) => [d.stage, d.kind, d.due_at])).toEqual([
      ["company", "acknowledgement", ACK_DUE],
      ["company", "response", RESPONSE_DUE],
    ]);
    expect((await eventsOf(id)).map((e) => [e.type, (e.payload as { stage?: string }).stage])).toEqual([["case_filed", "company"]]);
  });

  it("gets a reference like PS-YYYY-NNNNNN for the year it was filed, a new one each time", async () => {
    const a = await fileCase({}, NOW);
    const b = await fileCase({}, new Date("2027-01-01T00:00:01.000Z"));
    expect(a.reference).toMatch(/^PS-2026-\d{6}$/);
    expect(b.reference).toMatch(/^PS-2027-\d{6}$/);
    expect(Number(b.reference.slice(-6))).toBeGreaterThan(Number(a.reference.slice(-6)));
  });
});

describe("the acknowledgement and its sign-in link", () => {
  it("queues one acknowledgement to the complainant, with a link whose token is stored only as a hash", async () => {
    const client = await createClient();
    const filed = await fileCase({ clientId: client.id }, NOW);
    const { link, token } = await acknowledgementLink(filed.complainant.email);

    const [ack] = (await mailTo(filed.complainant.email)).filter((m) => m.template === "acknowledgement");
    expect(ack!.data).toMatchObject({ reference: filed.reference, stage: "client", audience: "complainant", expiresInMinutes: 30 });
    expect(ack!.data.caseUrl).toMatch(new RegExp(`/my/cases/${filed.reference}$`));
    expect(link).toMatch(/^https?:\/\/[^/]+\/auth\/link\?token=/);

    const tokens = await tokensOf(filed.complainant.id);
    expect(tokens).toHaveLength(1);
    const [row] = tokens;
    expect(row!.token_hash).toBe(sha256(token));
    expect(row!.redirect_to).toBe(`/my/cases/${filed.reference}`);
    expect(row!.expires_at).toEqual(plus(NOW, 30 * MINUTE_MS));
    expect(row!.used_at).toBeNull();
    // Nothing in the table is the token itself.
    expect(JSON.stringify(row)).not.toContain(token);
    const raw = await db().selectFrom("sign_in_tokens").select("id").where("token_hash", "=", token).execute();
    expect(raw).toEqual([]);

    // And the link really signs this person in, into their case.
    const used = await consumeSignInLink(token, plus(NOW, MINUTE_MS));
    expect(used).toEqual({ ok: true, userId: filed.complainant.id, redirectTo: `/my/cases/${filed.reference}` });
  });

  it("never puts the complainant's sign-in link into mail for staff", async () => {
    const client = await createClient();
    const officer = await createOfficer();
    const liaison = await createLiaison(client.id);
    const filed = await fileCase({ clientId: client.id }, NOW);
    const { token } = await acknowledgementLink(filed.complainant.email);

    const staffMail = (await mailAbout(filed.reference)).filter((m) => m.to !== filed.complainant.email);
    // Staff do hear of the new case (once each) ...
    expect(staffMail.filter((m) => m.to === officer.email)).toHaveLength(1);
    expect(staffMail.filter((m) => m.to === liaison.email)).toHaveLength(1);
    expect(staffMail.map((m) => m.template)).not.toContain("acknowledgement");
    // ... but no staff mail carries the link or its token.
    for (const mail of staffMail) {
      expect(mail.data.audience).toBe("staff");
      expect(mail.data).not.toHaveProperty("signInLink");
      expect(JSON.stringify(mail)).not.toContain(token);
    }
  });
});

describe("the same form submitted twice", () => {
  async function expectOneCaseAndOneAcknowledgement(submissionKey: string, email: string) {
    const cases = await casesWithKey(submissionKey);
    expect(cases).toHaveLength(1);
    const acks = (await mailTo(email)).filter((m) => m.template === "acknowledgement");
    expect(acks).toHaveLength(1);
    expect(await eventsOf(cases[0]!.id)).toHaveLength(1);
    const user = await userByEmail(email);
    expect(await tokensOf(user!.id)).toHaveLength(1);
    return cases[0]!;
  }

  it("one after the other files one case and one acknowledgement", async () => {
    const input = complaintInput();
    const first = await fileComplaint(input, NOW);
    const second = await fileComplaint(input, plus(NOW, 2000));
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toEqual({ ok: true, duplicate: true, reference: (first as { reference: string }).reference });
    await expectOneCaseAndOneAcknowledgement(input.submissionKey, input.email);
  });

  it("at the same moment, by someone who has filed before, files one case and one acknowledgement", async () => {
    const person = await createComplainant();
    const input = complaintInput({ email: person.email });
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => fileComplaint(input, NOW)));
    const references = new Set(outcomes.map((o) => (o.ok ? o.reference : `refused: ${o.reason}`)));
    expect(references.size).toBe(1);
    expect(outcomes.filter((o) => o.ok && !o.duplicate)).toHaveLength(1);
    const kase = await expectOneCaseAndOneAcknowledgement(input.submissionKey, input.email);
    expect([...references]).toEqual([kase.reference]);
  });

  it("at the same moment, by someone new (a double click on their first complaint), files one case and one acknowledgement", async () => {
    const input = complaintInput();
    const settled = await Promise.allSettled(Array.from({ length: 4 }, () => fileComplaint(input, NOW)));
    // No request may fail: the later ones are duplicates of the first, not an error page.
    expect(settled.map((s) => (s.status === "fulfilled" ? "fulfilled" : String(s.reason)))).toEqual(Array(4).fill("fulfilled"));
    const outcomes = settled.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof fileComplaint>>>).value);
    expect(outcomes.filter((o) => o.ok && !o.duplicate)).toHaveLength(1);
    expect(outcomes.filter((o) => o.ok && o.duplicate)).toHaveLength(3);
    await expectOneCaseAndOneAcknowledgement(input.submissionKey, input.email);
  });
});

describe("refused complaints write nothing", () => {
  async function expectNothingWritten(submissionKey: string, email: string) {
    expect(await casesWithKey(submissionKey)).toEqual([]);
    expect(await mailTo(email)).toEqual([]);
  }

  it("from a staff member's address (in any letter case)", async () => {
    const officer = await createOfficer();
    const input = complaintInput({ email: `  ${officer.email.toUpperCase()} ` });
    const outcome = await fileComplaint(input, NOW);
    expect(outcome).toMatchObject({ ok: false, field: "email", reason: expect.stringMatching(/staff account/) });
    await expectNothingWritten(input.submissionKey, officer.email);
    expect((await userByEmail(officer.email))?.role).toBe("officer");
    expect(await tokensOf(officer.id)).toEqual([]);
  });

  it("naming a client that does not exist", async () => {
    const input = complaintInput({ clientId: crypto.randomUUID() });
    const outcome = await fileComplaint(input, NOW);
    expect(outcome).toMatchObject({ ok: false, field: "clientId", reason: expect.any(String) });
    await expectNothingWritten(input.submissionKey, input.email);
    expect(await userByEmail(input.email)).toBeUndefined();
  });
});

describe("the stage a case starts at", () => {
  it("may be a later one when the officer records a referral from the dispute body", async () => {
    const client = await createClient();
    const officer = await createOfficer();
    const filed = await fileCase({ clientId: client.id }, NOW, { actor: officer.actor, startStage: "dma" });
    const kase = await caseByReference(filed.reference);
    expect(kase).toMatchObject({ stage: "dma", status: "awaiting_acknowledgement", client_id: client.id, stages_visited: ["dma"] });
    expect((await deadlinesOf(kase.id)).map((d) => [d.stage, d.kind, d.due_at])).toEqual([["dma", "review", RESPONSE_DUE]]);
    const [filedEvent] = await eventsOf(kase.id);
    expect(filedEvent).toMatchObject({ type: "case_filed", actor_id: officer.id, actor_role: "officer", payload: { stage: "dma", filedBy: "officer" } });
    // The complainant still gets the receipt, with their link; the officer who logged it hears nothing of it.
    expect((await mailTo(filed.complainant.email)).map((m) => m.template)).toEqual(["acknowledgement"]);
    expect(await mailTo(officer.email)).toEqual([]);
  });

  it("cannot be chosen by the complainant", async () => {
    const person = await createComplainant();
    const client = await createClient();
    const input = complaintInput({ clientId: client.id, email: person.email });
    const outcome = await fileComplaint(input, NOW, { actor: person.actor, startStage: "dma" });
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "not_allowed_for_role" }, reason: expect.stringMatching(/only the Security Officer/) });
    expect(await casesWithKey(input.submissionKey)).toEqual([]);
    expect(await mailTo(person.email)).toEqual([]);
  });

  it("cannot be chosen by a client liaison", async () => {
    const client = await createClient();
    const liaison = await createLiaison(client.id);
    const input = complaintInput({ clientId: client.id });
    const outcome = await fileComplaint(input, NOW, { actor: liaison.actor, startStage: "client" });
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "not_allowed_for_role" } });
    expect(await casesWithKey(input.submissionKey)).toEqual([]);
    expect(await mailTo(input.email)).toEqual([]);
  });

  it("refused for the officer (client stage without a client) leaves no account behind for the new address", async () => {
    const officer = await createOfficer();
    const input = complaintInput({ clientId: null });
    const outcome = await fileComplaint(input, NOW, { actor: officer.actor, startStage: "client" });
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "invalid" } });
    expect(await casesWithKey(input.submissionKey)).toEqual([]);
    expect(await mailTo(input.email)).toEqual([]);
    expect(await userByEmail(input.email)).toBeUndefined();
  });
});

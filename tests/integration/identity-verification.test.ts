// A deletion request no longer goes to "resolved" on the strength of an e-mail link alone.
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { performCaseCommand } from "../../app/models/case-commands.server";
import { complainantCasePage, loadCaseView } from "../../app/models/case-view.server";
import { requestErasure } from "../../app/models/export.server";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, mailTo, plusDays } from "../support/factories";

const T0 = new Date("2026-03-03T10:00:00.000Z");

afterAll(discardTestMail);

describe("a removal request", () => {
  it("cannot be answered and accepted until the requester's identity is verified", async () => {
    const client = await createClient();
    const liaison = await createLiaison(client.id);
    const filed = await fileCase({ clientId: client.id, category: "request_removal" }, T0);
    const run = (actor: typeof liaison.actor | typeof filed.complainant.actor, version: number, command: Parameters<typeof performCaseCommand>[0]["command"], days: number, body?: string) =>
      performCaseCommand({ actor, reference: filed.reference, expectedVersion: version, command, body, now: plusDays(T0, days) });

    // The attack of the issue: answer "deleted", the complainant (anyone with the link) accepts.
    const refused = await run(liaison.actor, 1, { type: "answer", message: "We have deleted your data." }, 2);
    expect(refused).toMatchObject({ ok: false, kind: "refused", refusal: { code: "prerequisites_not_met" } });
    expect((await db().selectFrom("cases").select("status").where("id", "=", filed.id).executeTakeFirstOrThrow()).status).toBe("awaiting_acknowledgement");

    // The complainant is told what is needed: a message on the case, a mail, a line on their page.
    const asked = await run(liaison.actor, 1, {
      type: "record_identity_verification",
      method: "knowledge_check",
      evidence: "Asked for the customer number on our letters; none given yet.",
      outcome: "more_needed",
      request: "Please reply with the customer number printed on our letters to you.",
    }, 2);
    expect(asked).toMatchObject({ ok: true, version: 2 });
    expect((await mailTo(filed.complainant.email)).map((m) => m.template)).toContain("identity_verification_needed");
    const messages = await db().selectFrom("messages").select(["body", "audience"]).where("case_id", "=", filed.id).execute();
    expect(messages).toEqual([{ body: "Please reply with the customer number printed on our letters to you.", audience: "parties" }]);
    const ownView = await loadCaseView(filed.complainant.actor, filed.reference, plusDays(T0, 2));
    expect(complainantCasePage(ownView!).state.identityPending).toBe(true);
    // The evidence is staff's: not on the complainant's timeline.
    expect(JSON.stringify(complainantCasePage(ownView!))).not.toContain("customer number on our letters; none given");

    expect(await run(liaison.actor, 2, { type: "answer", message: "We have deleted your data." }, 3)).toMatchObject({ ok: false, kind: "refused" });

    const verified = await run(liaison.actor, 2, {
      type: "record_identity_verification",
      method: "client_records",
      evidence: "Customer number 4411 given in the reply matches the CRM record.",
      outcome: "verified",
    }, 4);
    expect(verified).toMatchObject({ ok: true, version: 3 });
    const row = await db().selectFrom("cases").select("identity_verification").where("id", "=", filed.id).executeTakeFirstOrThrow();
    expect(row.identity_verification).toMatchObject({ method: "client_records", outcome: "verified", recordedAt: plusDays(T0, 4).toISOString() });

    expect(await run(liaison.actor, 3, { type: "answer", message: "We have deleted your data." }, 5)).toMatchObject({ ok: true, version: 4 });
    expect(await run(filed.complainant.actor, 4, { type: "accept_answer" }, 6)).toMatchObject({ ok: true });
    const events = await db().selectFrom("case_events").select(["type", "payload"]).where("case_id", "=", filed.id).where("type", "=", "identity_verification_recorded").orderBy("created_at").execute();
    expect(events.map((e) => (e.payload as { outcome: string }).outcome)).toEqual(["more_needed", "verified"]);
    const afterwards = await loadCaseView(filed.complainant.actor, filed.reference, plusDays(T0, 6));
    expect(complainantCasePage(afterwards!).state.identityPending).toBe(false);
  });
});

describe("a request to erase the account (ADR 051)", () => {
  it("cannot be carried out until the requester's identity is verified", async () => {
    const officer = await createOfficer();
    const filed = await fileCase({ clientId: null }, T0);
    const asked = await requestErasure(filed.complainant.actor, crypto.randomUUID(), plusDays(T0, 1));
    if (!asked.ok) throw new Error(JSON.stringify(asked));
    const run = (version: number, command: Parameters<typeof performCaseCommand>[0]["command"], days: number) =>
      performCaseCommand({ actor: officer.actor, reference: asked.reference, expectedVersion: version, command, now: plusDays(T0, days) });

    expect(await run(1, { type: "carry_out_erasure" }, 2)).toMatchObject({ ok: false, kind: "refused", refusal: { code: "prerequisites_not_met", reason: expect.stringMatching(/identity has been verified/) } });
    expect(await run(1, { type: "record_identity_verification", method: "knowledge_check", evidence: "No answer to our questions yet.", outcome: "more_needed", request: "Please tell us the reference of your first complaint." }, 2)).toMatchObject({ ok: true, version: 2 });
    expect(await run(2, { type: "carry_out_erasure" }, 3)).toMatchObject({ ok: false, kind: "refused", refusal: { code: "prerequisites_not_met" } });
    expect((await db().selectFrom("cases").select("status").where("reference", "=", asked.reference).executeTakeFirstOrThrow()).status).not.toBe("resolved");
    expect(await run(2, { type: "record_identity_verification", method: "knowledge_check", evidence: `The reference ${filed.reference} and its date were given.`, outcome: "verified" }, 4)).toMatchObject({ ok: true, version: 3 });
    expect(await run(3, { type: "carry_out_erasure" }, 5)).toMatchObject({ ok: true });
    await sql`select graphile_worker.remove_job(${`erasure:${(await db().selectFrom("cases").select("id").where("reference", "=", asked.reference).executeTakeFirstOrThrow()).id}`})`.execute(db());
  });
});

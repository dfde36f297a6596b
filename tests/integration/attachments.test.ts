import { readFileSync } from "node:fs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import type { Actor } from "../../app/domain";
import { handleCaseAction, type CaseActionResult } from "../../app/lib/case-action.server";
import { readActionForm } from "../../app/lib/uploads.server";
import { attachmentsForDelivery } from "../../app/mail/attachments.server";
import { attachmentForDownload } from "../../app/models/attachments.server";
import { resendDelivery } from "../../app/models/mail-deliveries.server";
import { performCaseCommand, type CaseCommandRequest, type FileToAttach } from "../../app/models/case-commands.server";
import { loadCaseView } from "../../app/models/case-view.server";
import { fileComplaint } from "../../app/models/complaints.server";
import { complaintInput, createClient, createLiaison, createOfficer, discardTestMail, fileCase, plusDays, seedParties, type FiledCase } from "../support/factories";
import { brokenZip, buildZip, deflatedSpaces } from "../support/zip";

const T0 = new Date("2026-03-03T10:00:00.000Z");
const pdf = new Uint8Array(readFileSync(new URL("../fixtures/files/evidence.pdf", import.meta.url)));
const exe = new Uint8Array(readFileSync(new URL("../fixtures/files/program.exe.pdf", import.meta.url)));

afterAll(discardTestMail);

async function world() {
  const { clientA, liaisonA, liaisonB, officer } = await seedParties();
  const filed = await fileCase({ clientId: clientA.id }, T0);
  return { liaisonA, liaisonB, officer, filed, complainant: filed.complainant };
}

async function version(filed: FiledCase) {
  return (await db().selectFrom("cases").select("version").where("id", "=", filed.id).executeTakeFirstOrThrow()).version;
}

async function run(actor: Actor, filed: FiledCase, command: CaseCommandRequest, body: string | undefined, files: FileToAttach[], now = plusDays(T0, 1)) {
  return performCaseCommand({ actor, reference: filed.reference, expectedVersion: await version(filed), command, body, files, now });
}

async function attachmentsOfCase(filed: FiledCase) {
  return db().selectFrom("attachments").selectAll().where("case_id", "=", filed.id).orderBy("created_at").execute();
}

describe("attachments with messages", () => {
  it("saves a complainant's file with the reply; staff of the case's client and the officer download it, another client's liaison cannot", async () => {
    const w = await world();
    const outcome = await run(w.complainant.actor, w.filed, { type: "post_message", audience: "parties", channel: "web" }, "My letter, attached.", [
      { fileName: "Brief an Northwind.pdf", bytes: pdf },
    ]);
    expect(outcome.ok).toBe(true);
    const [row] = await attachmentsOfCase(w.filed);
    expect(row).toMatchObject({ file_name: "Brief an Northwind.pdf", safe_name: "Brief an Northwind.pdf", content_type: "application/pdf", size_bytes: pdf.byteLength });
    const message = await db().selectFrom("messages").select(["id", "body"]).where("id", "=", row!.message_id!).executeTakeFirstOrThrow();
    expect(message.body).toBe("My letter, attached.");

    for (const actor of [w.complainant.actor, w.liaisonA.actor, w.officer.actor]) {
      const file = await attachmentForDownload(actor, row!.id);
      expect(file?.contentType, actor.role).toBe("application/pdf");
      expect(Buffer.compare(file!.content, Buffer.from(pdf))).toBe(0);
    }
    expect(await attachmentForDownload(w.liaisonB.actor, row!.id)).toBeNull();
    expect(await attachmentForDownload(w.liaisonA.actor, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await attachmentForDownload(w.liaisonA.actor, "not-an-id'; drop table attachments; --")).toBeNull();

    // Timeline entries list their files.
    const view = await loadCaseView(w.liaisonA.actor, w.filed.reference, plusDays(T0, 1));
    const entry = view!.timeline.find((e) => e.kind === "message" && e.body === "My letter, attached.");
    expect(entry && entry.kind === "message" ? entry.attachments.map((a) => a.name) : null).toEqual(["Brief an Northwind.pdf"]);
  });

  it("keeps a staff note's file from the complainant, an internal note's file from the liaison", async () => {
    const w = await world();
    expect((await run(w.officer.actor, w.filed, { type: "post_message", audience: "staff", channel: "web" }, "For staff", [{ fileName: "staff.pdf", bytes: pdf }])).ok).toBe(true);
    expect((await run(w.officer.actor, w.filed, { type: "post_message", audience: "internal", channel: "web" }, "Internal", [{ fileName: "internal.pdf", bytes: pdf }])).ok).toBe(true);
    const [staff, internal] = await attachmentsOfCase(w.filed);
    expect(await attachmentForDownload(w.complainant.actor, staff!.id)).toBeNull();
    expect(await attachmentForDownload(w.liaisonA.actor, staff!.id)).not.toBeNull();
    expect(await attachmentForDownload(w.liaisonA.actor, internal!.id)).toBeNull();
    expect(await attachmentForDownload(w.officer.actor, internal!.id)).not.toBeNull();
    const complainantView = await loadCaseView(w.complainant.actor, w.filed.reference, plusDays(T0, 1));
    expect(JSON.stringify(complainantView!.timeline)).not.toContain("staff.pdf");
  });

  it("refuses a program posing as a PDF, and saves neither the message nor the other files", async () => {
    const w = await world();
    const before = await version(w.filed);
    const outcome = await run(w.complainant.actor, w.filed, { type: "post_message", audience: "parties", channel: "web" }, "Two files", [
      { fileName: "fine.pdf", bytes: pdf },
      { fileName: "invoice.pdf", bytes: exe },
    ]);
    expect(outcome).toMatchObject({ ok: false, kind: "refused" });
    if (!outcome.ok && outcome.kind === "refused") expect(outcome.refusal.reason).toMatch(/"invoice.pdf" is not a file type we accept.*Nothing was saved/);
    expect(await attachmentsOfCase(w.filed)).toEqual([]);
    expect(await db().selectFrom("messages").select("id").where("case_id", "=", w.filed.id).execute()).toEqual([]);
    expect(await version(w.filed)).toBe(before);
  });

  it("refuses a broken ZIP and a zip bomb sent through the form as types we do not take, and memory stays flat", async () => {
    const w = await world();
    const before = await version(w.filed);
    // 200 MB of spaces in [Content_Types].xml, the first part, deflated to about 200 KB; again
    // with a header that claims 1 KB.
    const spaces = await deflatedSpaces(200 * 1024 * 1024);
    const parts = [{ name: "_rels/.rels", data: "<Relationships/>" }];
    for (const [name, bytes] of [
      ["fake.docx", brokenZip()],
      ["bomb.docx", buildZip([{ name: "[Content_Types].xml", data: spaces }, ...parts])],
      ["small-bomb.docx", buildZip([{ name: "[Content_Types].xml", data: { ...spaces, size: 1024 } }, ...parts])],
    ] as const) {
      const body = new FormData();
      for (const [k, v] of Object.entries({ intent: "post_message", version: String(before), body: "My letter, attached." })) body.set(k, v);
      body.append("files", new File([new Uint8Array(bytes)], name));
      // Resident memory, sampled while the form is read and the file checked.
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
      const started = performance.now();
      const read = await readActionForm(new Request(`http://localhost/my/cases/${w.filed.reference}`, { method: "POST", body }));
      const ms = performance.now() - started;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const grewMb = (peak - rssBefore) / (1024 * 1024);
      console.log(`[figure] ${name} (${Math.round(bytes.length / 1024)} KB) through the form: refused in ${Math.round(ms)} ms, resident memory +${grewMb.toFixed(1)} MB`);
      expect(read).toMatchObject({ ok: false, status: 400, problem: { kind: "type", name } });
      expect(grewMb, name).toBeLessThan(100);
      expect(ms, name).toBeLessThan(2_000);

      const r = (await handleCaseAction(read, w.complainant.actor, w.filed.reference, `/my/cases/${w.filed.reference}`)) as unknown as { data: CaseActionResult; init?: ResponseInit };
      expect(r.init?.status).toBe(400);
      expect(r.data.errors.files).toBe(`"${name}" is not a file type we accept. Please send a PDF, PNG, JPEG, plain text, Word (DOCX, DOC), Excel (XLSX, XLS) or OpenDocument text (ODT) file. Nothing was saved.`);
    }
    expect(await attachmentsOfCase(w.filed)).toEqual([]);
    expect(await version(w.filed)).toBe(before);
  });

  it("refuses files with an action that carries no message", async () => {
    const w = await world();
    const outcome = await run(w.liaisonA.actor, w.filed, { type: "acknowledge" }, undefined, [{ fileName: "a.pdf", bytes: pdf }]);
    expect(outcome).toMatchObject({ ok: false, kind: "refused" });
    expect(await attachmentsOfCase(w.filed)).toEqual([]);
  });

  it("keeps files sent with the complaint form for everyone on that case only", async () => {
    const clientA = await createClient("A");
    const clientB = await createClient("B");
    const liaisonA = await createLiaison(clientA.id);
    const liaisonB = await createLiaison(clientB.id);
    const outcome = await fileComplaint(complaintInput({ clientId: clientA.id }), T0, undefined, { files: [{ fileName: "proof.pdf", bytes: pdf }] });
    expect(outcome.ok).toBe(true);
    const row = await db()
      .selectFrom("attachments")
      .innerJoin("cases", "cases.id", "attachments.case_id")
      .select(["attachments.id", "attachments.message_id"])
      .where("cases.reference", "=", outcome.ok ? outcome.reference : "")
      .executeTakeFirstOrThrow();
    expect(row.message_id).toBeNull();
    expect(await attachmentForDownload(liaisonA.actor, row.id)).not.toBeNull();
    expect(await attachmentForDownload(liaisonB.actor, row.id)).toBeNull();
    const refused = await fileComplaint(complaintInput({ clientId: clientA.id }), T0, undefined, { files: [{ fileName: "x.pdf", bytes: exe }] });
    expect(refused.ok).toBe(false);
  });
});

describe("attachments in outgoing mail", () => {
  const saved = process.env.ATTACHMENT_MAX_MAIL_BYTES;
  afterEach(() => {
    if (saved === undefined) delete process.env.ATTACHMENT_MAX_MAIL_BYTES;
    else process.env.ATTACHMENT_MAX_MAIL_BYTES = saved;
  });

  async function deliveryTo(filed: FiledCase, email: string) {
    return db().selectFrom("mail_deliveries").selectAll().where("case_id", "=", filed.id).where("recipient", "=", email).where("template", "=", "new_reply").orderBy("queued_at", "desc").executeTakeFirstOrThrow();
  }

  it("sends the file of a reply to the liaison who may see it; a too-large one becomes a link", async () => {
    const w = await world();
    expect((await run(w.complainant.actor, w.filed, { type: "post_message", audience: "parties", channel: "web" }, "See attached", [{ fileName: "evidence.pdf", bytes: pdf }])).ok).toBe(true);
    const delivery = await deliveryTo(w.filed, w.liaisonA.email);
    const rendered = { text: "Body", html: "<html><body><p>Body</p></body></html>" };
    const parts = await attachmentsForDelivery(db(), delivery, rendered);
    expect(parts.attachments?.map((a) => [a.filename, a.contentType, a.content.byteLength])).toEqual([["evidence.pdf", "application/pdf", pdf.byteLength]]);

    process.env.ATTACHMENT_MAX_MAIL_BYTES = "10";
    const large = await attachmentsForDelivery(db(), delivery, rendered);
    expect(large.attachments).toBeUndefined();
    expect(large.text).toMatch(/too large to send by e-mail/);
    expect(large.text).toContain(`/cases/${w.filed.reference}`);
  });

  it("a failed mail sent again from /mail/deliveries still carries its files", async () => {
    const w = await world();
    expect((await run(w.complainant.actor, w.filed, { type: "post_message", audience: "parties", channel: "web" }, "See attached", [{ fileName: "evidence.pdf", bytes: pdf }])).ok).toBe(true);
    const delivery = await deliveryTo(w.filed, w.liaisonA.email);
    await db().updateTable("mail_deliveries").set({ status: "failed", failed_at: plusDays(T0, 2), last_error: "550 mailbox full" }).where("id", "=", delivery.id).execute();
    expect(await resendDelivery(w.officer.actor, delivery.id, plusDays(T0, 3))).toMatchObject({ ok: true });
    const resent = await db().selectFrom("mail_deliveries").selectAll().where("id", "=", delivery.id).executeTakeFirstOrThrow();
    expect(new Date(resent.queued_at).toISOString()).toBe(plusDays(T0, 3).toISOString());
    const parts = await attachmentsForDelivery(db(), resent, { text: "", html: "" });
    expect(parts.attachments?.map((a) => [a.filename, a.content.byteLength])).toEqual([["evidence.pdf", pdf.byteLength]]);
    // A second failure and resend: still the files of the first moment.
    await db().updateTable("mail_deliveries").set({ status: "failed" }).where("id", "=", delivery.id).execute();
    expect(await resendDelivery(w.officer.actor, delivery.id, plusDays(T0, 4))).toMatchObject({ ok: true });
    const twice = await db().selectFrom("mail_deliveries").selectAll().where("id", "=", delivery.id).executeTakeFirstOrThrow();
    expect((await attachmentsForDelivery(db(), twice, { text: "", html: "" })).attachments?.length).toBe(1);
  });

  it("does not send a staff note's file to the complainant", async () => {
    const w = await world();
    expect((await run(w.officer.actor, w.filed, { type: "post_message", audience: "parties", channel: "web" }, "For all", [])).ok).toBe(true);
    expect((await run(w.officer.actor, w.filed, { type: "post_message", audience: "staff", channel: "web" }, "Staff", [{ fileName: "s.pdf", bytes: pdf }])).ok).toBe(true);
    const toComplainant = await db().selectFrom("mail_deliveries").selectAll().where("case_id", "=", w.filed.id).where("recipient", "=", w.complainant.email).orderBy("queued_at", "desc").execute();
    for (const d of toComplainant) expect((await attachmentsForDelivery(db(), d, { text: "", html: "" })).attachments).toBeUndefined();
    const toLiaison = await deliveryTo(w.filed, w.liaisonA.email);
    expect((await attachmentsForDelivery(db(), toLiaison, { text: "", html: "" })).attachments?.length).toBe(1);
  });
});

describe("letters, calls and referrals", () => {
  it("logs a phone call with its time and direction, on the timeline for those who may read it", async () => {
    const w = await world();
    const occurredAt = new Date("2026-03-03T15:30:00.000Z");
    const outcome = await run(
      w.officer.actor,
      w.filed,
      { type: "log_contact", channel: "phone", direction: "in", occurredAt, audience: "staff", summary: "She called about the mailing" },
      undefined,
      [],
    );
    expect(outcome.ok).toBe(true);
    const msg = await db().selectFrom("messages").selectAll().where("case_id", "=", w.filed.id).executeTakeFirstOrThrow();
    expect(msg).toMatchObject({ channel: "phone", direction: "in", audience: "staff", body: "She called about the mailing" });
    expect(new Date(msg.occurred_at!).toISOString()).toBe(occurredAt.toISOString());
    const events = await db().selectFrom("case_events").select(["type", "payload"]).where("case_id", "=", w.filed.id).where("type", "=", "contact_logged").execute();
    expect(events).toHaveLength(1);
    const staffView = await loadCaseView(w.liaisonA.actor, w.filed.reference, plusDays(T0, 1));
    expect(staffView!.timeline.some((e) => e.kind === "message" && e.channel === "phone" && e.occurredAt?.toISOString() === occurredAt.toISOString())).toBe(true);
    const complainantView = await loadCaseView(w.complainant.actor, w.filed.reference, plusDays(T0, 1));
    expect(JSON.stringify(complainantView!.timeline)).not.toMatch(/called about|contact_logged/);

    const future = await run(w.officer.actor, w.filed, { type: "log_contact", channel: "postal", direction: "out", occurredAt: plusDays(T0, 5), audience: "internal", summary: "Sent" }, undefined, []);
    expect(future).toMatchObject({ ok: false, kind: "refused" });
  });

  it("a letter logged as received while the case waits for the complainant puts it back in progress", async () => {
    const w = await world();
    expect((await run(w.officer.actor, w.filed, { type: "acknowledge" }, undefined, [])).ok).toBe(true);
    expect((await run(w.officer.actor, w.filed, { type: "request_information", message: "Which address?" }, "Which address?", [])).ok).toBe(true);
    expect((await db().selectFrom("cases").select("status").where("id", "=", w.filed.id).executeTakeFirstOrThrow()).status).toBe("awaiting_complainant");
    const outcome = await run(
      w.officer.actor,
      w.filed,
      { type: "log_contact", channel: "postal", direction: "in", occurredAt: plusDays(T0, 1), audience: "parties", summary: "Her letter with the address" },
      undefined,
      [],
      plusDays(T0, 2),
    );
    expect(outcome.ok).toBe(true);
    expect((await db().selectFrom("cases").select("status").where("id", "=", w.filed.id).executeTakeFirstOrThrow()).status).toBe("in_progress");
    const types = (await db().selectFrom("case_events").select("type").where("case_id", "=", w.filed.id).orderBy("seq").execute()).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["contact_logged", "clock_resumed"]);
  });

  it("starts a staff-opened referral's clocks at the time it was received, and records how and the dispute body's number", async () => {
    const officer = await createOfficer();
    const receivedAt = new Date("2026-02-20T09:15:00.000Z");
    const outcome = await fileComplaint(complaintInput({ clientId: null }), T0, {
      actor: officer.actor,
      startStage: "dma",
      receivedVia: "referral",
      receivedAt,
      disputeReference: "DMA-2026-0042",
    });
    expect(outcome.ok).toBe(true);
    const row = await db().selectFrom("cases").selectAll().where("reference", "=", outcome.ok ? outcome.reference : "").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ received_via: "referral", dispute_reference: "DMA-2026-0042" });
    expect(new Date(row.received_at!).toISOString()).toBe(receivedAt.toISOString());
    expect(new Date(row.stage_entered_at).toISOString()).toBe(receivedAt.toISOString());
    const deadlines = await db().selectFrom("case_deadlines").selectAll().where("case_id", "=", row.id).execute();
    expect(deadlines.length).toBeGreaterThan(0);
    for (const d of deadlines) expect(new Date(d.starts_at).toISOString()).toBe(receivedAt.toISOString());

    for (const bad of [plusDays(T0, 1), new Date("2025-03-01T00:00:00.000Z")]) {
      const refused = await fileComplaint(complaintInput({ clientId: null }), T0, { actor: officer.actor, startStage: "dma", receivedVia: "postal", receivedAt: bad });
      expect(refused.ok, bad.toISOString()).toBe(false);
    }
  });
});

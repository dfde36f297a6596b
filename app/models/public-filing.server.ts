import { sql, type Kysely, type Transaction } from "kysely";
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { doorHits, hitQuotas } from "~/security/throttle.server";
import type { FileToAttach } from "./case-commands.server";
import { loadClockSettings, profileForNewCase } from "./clock-settings.server";
import { clientRefusal, holdFiling, type ClientRefusal, nextReference, openFiledCase, refusalOf, type ComplaintInput } from "./complaints.server";
import { asSystem } from "./scope.server";

// The public complaint form answers before the work (docs/decisions/032-public-filing-in-the-background.md).
// The request does only what is the same for every address: quotas, the organization check, a
// reserved reference, the submission and its files stored, one job queued, all in one transaction.
// The job then looks the address up and opens the case, or holds it for confirmation (an address
// with complaints, or a staff address); nobody waits on it, so its time tells nobody anything.

/** The background task that handles one stored submission of the public form. */
export const PUBLIC_FILING_TASK = "public_filing";
/** A failing job is retried with graphile-worker's backoff (exponential, about three days in all). */
const PUBLIC_FILING_MAX_ATTEMPTS = 25;

export type AcceptOutcome =
  | { ok: true; reference: string; duplicate: boolean }
  | ClientRefusal
  | { ok: false; throttled: true; retryAfterSeconds: number; reason: string };

/**
 * The request half of the public form: quotas per client address, per network and per (target
 * address, network), which count requests whoever the address belongs to; then the submission is
 * stored with a reserved reference and its files, and its job queued in the same transaction. The
 * address is never looked up here. A second post of the same form (its submission key) gets the
 * first one's reference and queues nothing.
 */
export async function acceptPublicFiling(input: ComplaintInput, clientAddress: string | null, now: Date, files: FileToAttach[] = []): Promise<AcceptOutcome> {
  const hits = doorHits("filing", clientAddress, input.email);
  const verdict = await hitQuotas(db(), [...hits.requester, ...hits.target], now);
  if (!verdict.ok) {
    const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
    return {
      ok: false,
      throttled: true,
      retryAfterSeconds: verdict.retryAfterSeconds,
      reason: `We have received several complaints from your connection in a short time. Please try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`,
    };
  }
  return asSystem("complaint filing", async (trx): Promise<AcceptOutcome> => {
    const refusal = await clientRefusal(trx, input.clientId);
    if (refusal) return refusal;
    // The reference the case will have, under the framework it will be opened under (ADR 012).
    const profile = profileForNewCase(await loadClockSettings(trx), input.country);
    const reference = await nextReference(trx, profile.id, now);
    const email = input.email.trim().toLowerCase();
    const filing = await trx
      .insertInto("public_filings")
      .values({ reference, submission_key: input.submissionKey, email, input: JSON.stringify({ ...input, email }), created_at: now })
      .onConflict((oc) => oc.column("submission_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!filing) {
      // The same form again (a double click, the back button): the first post's reference.
      const first = await trx.selectFrom("public_filings").select("reference").where("submission_key", "=", input.submissionKey).executeTakeFirstOrThrow();
      return { ok: true, reference: first.reference, duplicate: true };
    }
    if (files.length > 0) {
      await trx
        .insertInto("public_filing_files")
        .values(files.map((f, position) => ({ filing_id: filing.id, position, file_name: f.fileName, content: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength), created_at: now })))
        .execute();
    }
    await queueFilingJob(trx, filing.id);
    return { ok: true, reference, duplicate: false };
  });
}

/** The job of one submission; its key makes a second add (a retry of this transaction) the same job. The app role queues through the owner's function (ADR 018). */
async function queueFilingJob(trx: Transaction<Database>, filingId: string): Promise<void> {
  const payload = JSON.stringify({ filingId });
  await sql`select recourse_add_job(${PUBLIC_FILING_TASK}, ${payload}::json, null::timestamptz, ${PUBLIC_FILING_MAX_ATTEMPTS}::int, ${`filing:${filingId}`})`.execute(trx);
}

export type FilingResult = "opened" | "held" | "not_opened" | "already_handled";

/**
 * The background half: in one transaction, the stored submission becomes a case (an address we do
 * not know: a new complainant, the case received when the form was sent, its acknowledgement and
 * first sign-in link queued), or a held filing (an address with an account: complainant or staff,
 * one mail at most, ADR 020), and the submission is marked handled. Idempotent: the submission is
 * locked and a handled one is left alone, so a retried job (its worker killed before or after
 * commit) opens one case and sends one mail. Text and files are cleared from the submission once
 * they are on the case or the held filing.
 */
export async function processPublicFiling(filingId: string, now: Date, on: Kysely<Database> = db()): Promise<FilingResult> {
  try {
    return await asSystem("complaint filing", (trx) => handle(trx, filingId, now), on);
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    // A refusal does not change by retrying (the rules the case is opened under): the submission stays
    // in public_filings, with its text, marked outcome not_opened; housekeeping clears it 30 days on (ADR 059).
    await asSystem(
      "complaint filing",
      (trx) => trx.updateTable("public_filings").set({ processed_at: now, outcome: "not_opened" }).where("id", "=", filingId).where("processed_at", "is", null).execute(),
      on,
    );
    return "not_opened";
  }
}

async function handle(trx: Transaction<Database>, filingId: string, now: Date): Promise<FilingResult> {
  const filing = await trx.selectFrom("public_filings").selectAll().where("id", "=", filingId).forUpdate().executeTakeFirst();
  if (!filing || filing.processed_at || !filing.email || !filing.input) return "already_handled";
  const input = filing.input as unknown as ComplaintInput;
  const email = filing.email;
  const receivedAt = new Date(filing.created_at);

  let known = await trx.selectFrom("users").select(["id", "role", "name"]).where("email", "=", email).executeTakeFirst();
  let newComplainantId: string | null = null;
  if (!known) {
    // Someone new; a filing for the same address handled at the same moment makes the second one held.
    const created = await trx
      .insertInto("users")
      .values({ role: "complainant", email, name: input.name.trim(), country: input.country })
      .onConflict((oc) => oc.column("email").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (created) newComplainantId = created.id;
    else known = await trx.selectFrom("users").select(["id", "role", "name"]).where("email", "=", email).executeTakeFirstOrThrow();
  }

  if (newComplainantId) {
    // The organization was deactivated (or removed) after the form was accepted: the case is opened
    // with the operator itself, as when no organization is named, so the person still gets their
    // acknowledgement and the officer the case (ADR 067).
    const named = await clientRefusal(trx, input.clientId);
    const opening = named ? { ...input, clientId: null } : input;
    const files = await trx.selectFrom("public_filing_files").select(["file_name", "content"]).where("filing_id", "=", filing.id).orderBy("position").execute();
    const opened = await openFiledCase(trx, opening, newComplainantId, receivedAt, undefined, filing.reference, files.map((f) => ({ fileName: f.file_name, bytes: f.content })), now);
    if (!opened.ok) throw new Error(`the filing ${filing.reference} was neither opened nor refused`);
    await trx.deleteFrom("public_filing_files").where("filing_id", "=", filing.id).execute();
    await trx
      .updateTable("public_filings")
      .set({ processed_at: now, outcome: "opened", case_id: opened.caseId, email: null, input: null })
      .where("id", "=", filing.id)
      .execute();
    return "opened";
  }

  // An address with an account: held until its owner confirms (a staff address never can), ADR 020.
  const held = await holdFiling(trx, input, email, known!, receivedAt, filing.reference);
  await trx.updateTable("public_filing_files").set({ held_filing_id: held.heldId }).where("filing_id", "=", filing.id).execute();
  await trx
    .updateTable("public_filings")
    .set({ processed_at: now, outcome: "held", held_filing_id: held.heldId, email: null, input: null })
    .where("id", "=", filing.id)
    .execute();
  return "held";
}

import { sql, type Transaction } from "kysely";
import { formatReference, frameworkProfile, openCase, type Actor, type Category, type FrameworkId, type ReceivedVia, type Refusal, type Stage } from "~/domain";
import { calendarOf, certificationsFromEnv, loadClockSettings, profileForNewCase } from "./clock-settings.server";

/** The officer opening a case on someone's behalf: where it arrived, how, when, and the dispute body's number. */
export interface StaffFiling {
  actor: Actor;
  startStage: Stage;
  receivedVia?: ReceivedVia;
  receivedAt?: Date;
  disputeReference?: string | null;
}
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { issueSignInLink, SIGN_IN_LINK_MINUTES } from "~/auth/sign-in.server";
import { randomToken, sha256 } from "~/auth/hash";
import { startSession, type SessionMeta } from "~/auth/sessions.server";
import { appUrl } from "~/config/operator.server";
import { enqueueMail } from "~/jobs/enqueue.server";
import { hitQuotas, QUOTAS } from "~/security/throttle.server";
import { deadlineColumns, stateColumns } from "./case-record.server";
import { recordEvents } from "./case-commands.server";
import { enqueueNotifications } from "./notify.server";
import { saveAttachment } from "./attachments.server";
import type { FileToAttach } from "./case-commands.server";
import { asActor, asSystem } from "./scope.server";
import { isLocale, type Locale } from "~/i18n/locales";
import { recordAdminEvent } from "./admin-events.server";

export interface ComplaintInput {
  /** A client's id, or null when the complaint is about the operator itself. */
  clientId: string | null;
  category: Category;
  description: string;
  desiredOutcome: string;
  country: string;
  name: string;
  email: string;
  earlierContact: string | null;
  /** One per rendered form: a second submission of the same form files nothing new. */
  submissionKey: string;  /** The language of the filing request (ADR 033): the case keeps it, its mail goes in it. English when left out. */
  language?: Locale | undefined;
}

export type FileOutcome =
  | { ok: true; reference: string; duplicate: boolean }
  | { ok: false; field?: keyof ComplaintInput; reason: string }
  | { ok: false; refusal: Refusal; reason: string };

/** The operator's first certification from the environment (the bench seeds use it); new cases choose per country. */
export function currentFramework(): FrameworkId {
  return certificationsFromEnv()[0] ?? "privacy_shield";
}

export async function nextReference(trx: Transaction<Database>, framework: FrameworkId, now: Date): Promise<string> {
  const { rows } = await sql<{ seq: string }>`select nextval('case_reference_seq')::text as seq`.execute(trx);
  return formatReference(frameworkProfile(framework).referencePrefix, now.getUTCFullYear(), Number(rows[0]!.seq));
}

/**
 * Why a new complaint may not name this client (none when it names the operator itself): it is not
 * in the list, or it is deactivated and takes no new cases (administration, issue 8).
 */
/** Why a named organization cannot take a complaint; `code` lets the public form word it in the complainant's language. */
export type ClientRefusal = { ok: false; field: "clientId"; code: "client_unknown" | "client_inactive"; reason: string };

export async function clientRefusal(trx: Transaction<Database>, clientId: string | null): Promise<ClientRefusal | null> {
  if (!clientId) return null;
  const client = await trx.selectFrom("clients").select("active").where("id", "=", clientId).executeTakeFirst();
  if (!client) return { ok: false, field: "clientId", code: "client_unknown", reason: "Choose one of the organizations in the list." };
  if (!client.active) return { ok: false, field: "clientId", code: "client_inactive", reason: "This organization no longer takes complaints here. Choose another, or the operator itself." };
  return null;
}

/** Thrown inside the transaction so that a refused filing leaves nothing behind. */
class Refused extends Error {
  constructor(readonly outcome: Extract<FileOutcome, { ok: false }>) {
    super(outcome.reason);
  }
}

/** The refusal that rolled a filing's transaction back, when `error` is one (for callers of openFiledCase). */
export function refusalOf(error: unknown): Extract<FileOutcome, { ok: false }> | null {
  return error instanceof Refused ? error.outcome : null;
}

function refusedAndRolledBack(outcome: Extract<FileOutcome, { ok: false }>): never {
  throw new Refused(outcome);
}

/**
 * Files a complaint (publicly, or by the officer for a case the dispute body referred),
 * with its deadlines, first event, sign-in link and acknowledgement in one transaction.
 * The public form goes through acceptPublicFiling instead (public-filing.server.ts).
 */
export async function fileComplaint(
  input: ComplaintInput,
  now: Date,
  staff?: StaffFiling,
  options: { files?: FileToAttach[] } = {},
): Promise<FileOutcome> {
  const email = input.email.trim().toLowerCase();
  try {
    // Filed publicly: the system identity (no one is signed in); by the officer: as the officer.
    const inTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => (staff ? asActor(staff.actor, work) : asSystem("complaint filing", work));
    return await inTransaction(async (trx): Promise<FileOutcome> => {
        // A case of this form already (a second click): its reference.
        const earlier = await trx.selectFrom("cases").select("reference").where("submission_key", "=", input.submissionKey).executeTakeFirst();
        if (earlier) return { ok: true, reference: earlier.reference, duplicate: true };
        const refusal = await clientRefusal(trx, input.clientId);
        if (refusal) return refusal;

        // A double click from someone new races two inserts; the second waits and finds the first.
        const user =
          (await trx
            .insertInto("users")
            .values({ role: "complainant", email, name: input.name.trim(), country: input.country })
            .onConflict((oc) => oc.column("email").doNothing())
            .returning(["id", "role"])
            .executeTakeFirst()) ?? (await trx.selectFrom("users").select(["id", "role"]).where("email", "=", email).executeTakeFirstOrThrow());
        if (user.role !== "complainant") {
          // Only staff reach this (the public form holds such a filing instead): they may be told.
          return refusedAndRolledBack({ ok: false, field: "email", reason: "This address belongs to a staff account. Please use the complainant's own e-mail address." });
        }
        const filed = await openFiledCase(trx, input, user.id, now, staff, null, options.files ?? []);
        return filed.ok ? { ok: true, reference: filed.reference, duplicate: filed.duplicate } : filed;
      });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

/**
 * The case itself: state, deadlines, first events, sign-in link and mail. `reference` is kept from a
 * held filing or reserved by the public form. `now` is when it was received; the sign-in link runs
 * from `linkIssuedAt` (a public filing opened by the background job: the job's time, so a late job
 * never mails a link that has already expired). Answers with the case's id (the other request's
 * case, when the same form arrived twice at once).
 */
export async function openFiledCase(
  trx: Transaction<Database>,
  input: ComplaintInput,
  userId: string,
  now: Date,
  staff: StaffFiling | undefined,
  heldReference: string | null,
  files: FileToAttach[] = [],
  linkIssuedAt: Date = now,
): Promise<Extract<FileOutcome, { ok: false }> | { ok: true; reference: string; duplicate: boolean; caseId: string }> {
  // The profile follows the complainant's country and the operator's certifications; the
  // case keeps it, so later edits to the profile never move this case's deadlines (ADR 012).
  const settings = await loadClockSettings(trx);
  const profile = profileForNewCase(settings, input.country);
  const framework = profile.id;
  const opened = openCase(
    {
      framework,
      clientId: input.clientId,
      complainantId: userId,
      startStage: staff?.startStage,
      receivedAt: staff?.receivedAt,
      receivedVia: staff?.receivedVia,
      disputeReference: staff?.disputeReference?.trim() || null,
    },
    staff?.actor ?? null,
    now,
    profile,
    calendarOf(settings),
  );
  if (!opened.ok) return refusedAndRolledBack({ ok: false, refusal: opened, reason: opened.reason });

  const reference = heldReference ?? (await nextReference(trx, framework, now));
  const inserted = await trx
    .insertInto("cases")
    .values({
      ...stateColumns(opened.state),
      reference,
      category: input.category,
      description: input.description.trim(),
      desired_outcome: input.desiredOutcome.trim(),
      country: input.country,
      earlier_contact: input.earlierContact?.trim() || null,
      submission_key: input.submissionKey,
      profile: JSON.stringify(profile),
      opened_at: now,
      updated_at: now,
      received_via: staff ? (staff.receivedVia ?? null) : "web",
      received_at: staff?.receivedAt ?? now,
      dispute_reference: staff?.disputeReference?.trim() || null,
      language: isLocale(input.language) ? input.language : "en",
    })
    .onConflict((oc) => oc.column("submission_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) {
    // The same form arrived twice at once; the other request filed it.
    const other = await trx.selectFrom("cases").select(["id", "reference"]).where("submission_key", "=", input.submissionKey).executeTakeFirstOrThrow();
    return { ok: true, reference: other.reference, duplicate: true, caseId: other.id };
  }
  if (opened.state.deadlines.length > 0) {
    await trx.insertInto("case_deadlines").values(opened.state.deadlines.map((d) => deadlineColumns(inserted.id, d))).execute();
  }
  await recordEvents(trx, inserted.id, staff?.actor ?? { role: "complainant", userId }, opened.events, now);
  // Files sent with the complaint belong to it (no message): everyone on the case sees them.
  for (const file of files) {
    const saved = await saveAttachment(trx, { caseId: inserted.id, messageId: null, fileName: file.fileName, bytes: file.bytes, uploadedBy: staff?.actor.userId ?? userId });
    if (!saved.ok) refusedAndRolledBack({ ok: false, reason: `${saved.reason} Nothing was saved.` });
  }

  const signInLink = await issueSignInLink(trx, userId, `/my/cases/${reference}`, linkIssuedAt);
  await enqueueNotifications(trx, {
    reference,
    state: opened.state,
    notifications: opened.notifications,
    complainantFacts: { signInLink, expiresInMinutes: SIGN_IN_LINK_MINUTES },
    actorUserId: staff?.actor.userId ?? null,
  });
  return { ok: true, reference, duplicate: false, caseId: inserted.id };
}

// --- Held filings (docs/decisions/020-throttles-and-held-filings.md) -----------------------------

/** How long the owner of an address has to confirm a held filing. */
export const HELD_FILING_DAYS = 14;

/**
 * A public filing for an address we already know waits in held_filings until the link mailed to
 * that address is used: a stranger's text never reaches that person's portal, the staff queue or
 * anybody's mail but one confirmation request (at most QUOTAS.heldMailsPerTarget a day). A staff
 * address gets a mail without a link. The filer sees the same answer as any other filer: a
 * reference and "we have sent you an e-mail". `reference` is the one the public form reserved.
 * Answers with the held filing's id (the other request's, when the same form arrived twice at once).
 */
export async function holdFiling(
  trx: Transaction<Database>,
  input: ComplaintInput,
  email: string,
  known: { id: string; role: string; name: string },
  now: Date,
  reference: string,
): Promise<{ ok: true; reference: string; duplicate: boolean; heldId: string }> {
  const staffAddress = known.role !== "complainant";
  const token = staffAddress ? null : randomToken();
  const held = await trx
    .insertInto("held_filings")
    .values({
      reference,
      email,
      user_id: known.id,
      reason: staffAddress ? "staff_address" : "known_address",
      submission_key: input.submissionKey,
      input: JSON.stringify(input),
      token_hash: token ? sha256(token) : null,
      created_at: now,
      expires_at: new Date(now.getTime() + HELD_FILING_DAYS * 86_400_000),
    })
    .onConflict((oc) => oc.column("submission_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!held) {
    const other = await trx.selectFrom("held_filings").select(["id", "reference"]).where("submission_key", "=", input.submissionKey).executeTakeFirstOrThrow();
    return { ok: true, reference: other.reference, duplicate: true, heldId: other.id };
  }
  const mailQuota = await hitQuotas(trx, [{ quota: QUOTAS.heldMailsPerTarget, subject: email }], now);
  if (mailQuota.ok) {
    await enqueueMail(trx, {
      template: "held_filing",
      to: email,
      data: {
        reference,
        recipientName: known.name,
        link: token ? `${appUrl()}/complain/confirm?token=${encodeURIComponent(token)}` : null,
        expiresInDays: HELD_FILING_DAYS,
        locale: isLocale(input.language) ? input.language : "en",
      },
    });
    await trx.updateTable("held_filings").set({ mailed: true }).where("id", "=", held.id).execute();
  }
  return { ok: true, reference, duplicate: false, heldId: held.id };
}

/**
 * Why a confirmation was refused, as a code the page words in the complainant's language; `reason`
 * is the English sentence for logs and staff. `not_opened`: the case could not be opened from the
 * filing (a refusal of the domain or of a stored file; neither should happen to a filing that was accepted).
 * `client_gone` / `client_inactive`: the organization it names was removed / deactivated since; the
 * filing stays held (rolled back), so it can still be confirmed if the client is reactivated.
 */
export type ConfirmRefusal = "expired" | "client_gone" | "client_inactive" | "not_opened";
export type ConfirmOutcome = { ok: true; userId: string; reference: string; cookie?: string } | { ok: false; reason: string; code: ConfirmRefusal };

/**
 * The owner of the address confirms a held filing: it becomes a case, received now. With `session`
 * (where the request comes from) the link also signs them in, in the same transaction: a failure
 * there leaves the filing held and its link usable, not confirmed with nobody signed in (ADR 065).
 */
export async function confirmHeldFiling(token: string, now: Date, session?: SessionMeta): Promise<ConfirmOutcome> {
  const expired = { ok: false as const, code: "expired" as const, reason: "This confirmation link has expired or was already used." };
  try {
    // No one is signed in yet: the link is the proof, the filing path's system identity writes the case.
    return await asSystem("complaint filing", async (trx): Promise<ConfirmOutcome> => {
        const held = await trx
          .updateTable("held_filings")
          .set({ confirmed_at: now })
          .where("token_hash", "=", sha256(token))
          .where("confirmed_at", "is", null)
          .where("discarded_at", "is", null)
          .where("expires_at", ">", now)
          .returning(["id", "reference", "user_id", "input"])
          .executeTakeFirst();
        if (!held?.user_id) return expired;
        const user = await trx.selectFrom("users").select(["id", "role"]).where("id", "=", held.user_id).executeTakeFirst();
        if (!user || user.role !== "complainant") return expired;
        const input = held.input as unknown as ComplaintInput;
        // The organization may have left the list, or been deactivated, since the form was sent.
        const refusal = await clientRefusal(trx, input.clientId);
        if (refusal) refusedAndRolledBack(refusal);
        // The files sent with the form waited with the filing; now they are the case's.
        const files = await trx
          .selectFrom("public_filing_files")
          .select(["id", "file_name", "content"])
          .where("held_filing_id", "=", held.id)
          .orderBy("position")
          .execute();
        const filed = await openFiledCase(trx, input, user.id, now, undefined, held.reference, files.map((f) => ({ fileName: f.file_name, bytes: f.content })));
        if (!filed.ok) return { ok: false, code: "not_opened", reason: filed.reason };
        if (files.length > 0) await trx.deleteFrom("public_filing_files").where("held_filing_id", "=", held.id).execute();
        await trx.updateTable("held_filings").set({ case_id: filed.caseId }).where("id", "=", held.id).execute();
        // Following the link proves the address is theirs.
        await trx.updateTable("users").set({ email_verified_at: now }).where("id", "=", user.id).where("email_verified_at", "is", null).execute();
        const cookie = session ? await startSession(trx, user.id, session, now) : undefined;
        return { ok: true, userId: user.id, reference: filed.reference, ...(cookie ? { cookie } : {}) };
    });
  } catch (error) {
    // Rolled back, so the link stays usable. Only the check above refuses on the client field here.
    if (error instanceof Refused) {
      const outcome = error.outcome;
      const code = "code" in outcome && outcome.code === "client_inactive" ? "client_inactive" : "field" in outcome && outcome.field === "clientId" ? "client_gone" : "not_opened";
      return { ok: false, code, reason: outcome.reason };
    }
    throw error;
  }
}

export interface HeldFilingRow {
  reference: string;
  email: string;
  /** The name typed on the form (the page shows it masked, ADR 028). */
  name: string;
  reason: "known_address" | "staff_address";
  category: string;
  clientName: string | null;
  description: string;
  mailed: boolean;
  createdAt: Date;
  state: "waiting" | "confirmed" | "expired" | "discarded";
  /** Why the officer discarded it, when they did. */
  discardReason: string | null;
  /** Files sent with the form, kept with the filing until it is confirmed. */
  fileNames: string[];
}

/** For the officer: held filings of the last `days` days, newest first. */
export async function listHeldFilings(actor: Actor, now: Date, days = 30): Promise<HeldFilingRow[]> {
  // held_filings shows rows to the officer only (migration 010).
  const rows = await asActor(actor, (trx) =>
    trx
      .selectFrom("held_filings")
      .select((eb) => [
        "reference", "email", "reason", "input", "mailed", "created_at", "confirmed_at", "expires_at", "discarded_at", "discard_reason",
        eb.selectFrom("public_filing_files").select(sql<string[]>`coalesce(array_agg(file_name order by position), '{}')`.as("names")).whereRef("public_filing_files.held_filing_id", "=", "held_filings.id").as("file_names"),
      ])
      .where("created_at", ">", new Date(now.getTime() - days * 86_400_000))
      .orderBy("created_at", "desc")
      .limit(500)
      .execute(),
  );
  const clientIds = [...new Set(rows.map((r) => (r.input as { clientId?: string | null }).clientId).filter((id): id is string => typeof id === "string"))];
  const clients = clientIds.length > 0 ? await db().selectFrom("clients").select(["id", "name"]).where("id", "in", clientIds).execute() : [];
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  return rows.map((r) => {
    const input = r.input as unknown as Partial<ComplaintInput>;
    return {
      reference: r.reference,
      email: r.email,
      name: String(input.name ?? ""),
      reason: r.reason,
      category: String(input.category ?? ""),
      clientName: input.clientId ? (clientName.get(input.clientId) ?? null) : null,
      description: String(input.description ?? ""),
      mailed: r.mailed,
      createdAt: new Date(r.created_at),
      state: r.confirmed_at ? "confirmed" : r.discarded_at ? "discarded" : new Date(r.expires_at) <= now ? "expired" : "waiting",
      discardReason: r.discard_reason,
      fileNames: r.file_names ?? [],
    };
  });
}

export type DiscardOutcome = { ok: true } | { ok: false; reason: string };

/**
 * The officer discards a held filing that is still waiting (spam, a stranger's text about someone):
 * its link stops working, its files go, and the row stays (with who, when and why) until the
 * housekeeping job deletes unconfirmed filings. Recorded in the administration trail.
 */
export async function discardHeldFiling(actor: Extract<Actor, { role: "officer" }>, reference: string, reason: string, now: Date): Promise<DiscardOutcome> {
  return asActor(actor, async (trx): Promise<DiscardOutcome> => {
    const held = await trx
      .updateTable("held_filings")
      .set({ discarded_at: now, discarded_by: actor.userId, discard_reason: reason, token_hash: null })
      .where("reference", "=", reference)
      .where("confirmed_at", "is", null)
      .where("discarded_at", "is", null)
      .returning(["id", "reason"])
      .executeTakeFirst();
    if (!held) return { ok: false, reason: "This filing was already confirmed or discarded, or does not exist; the list now shows its state." };
    const files = await trx.deleteFrom("public_filing_files").where("held_filing_id", "=", held.id).executeTakeFirst();
    await recordAdminEvent(trx, {
      type: "held_filing_discarded",
      actorId: actor.userId,
      payload: { reference, reason, why_held: held.reason, files_deleted: Number(files.numDeletedRows) },
      now,
    });
    return { ok: true };
  });
}

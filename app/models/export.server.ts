import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { isTemplateName, renderEmail, type TemplateInput } from "../../emails";
import {
  OUTCOMES,
  eventFactsFor,
  eventVisibleTo,
  visibleAudiences,
  type Actor,
  type DeadlineCondition,
  type Stage,
  type Status,
} from "~/domain";
import { complaintSubject, translatorFor, type Translate } from "~/i18n";
import { deadlineExplanationText, deadlineStateText } from "~/i18n/deadlines";
import type { Database } from "~/db/schema";
import type { Locale } from "~/i18n/locales";
import { deadlineFromRow, profileOfRow } from "./case-record.server";
import { complainantDeadlines, deadlineViews } from "./case-view.server";
import { loadOperatorCalendar } from "./clock-settings.server";
import { openFiledCase, refusalOf, type ComplaintInput } from "./complaints.server";
import { asActor, asSystem } from "./scope.server";

// The complainant's own data (issue 9 part 5): everything held about them that they may see, as
// one document for the JSON file and the readable page. Read as the complainant (row-level
// security shows only their cases and the parties' messages) and filtered again here by the same
// rules as their case pages: never a staff or internal note, never another person's data.

export interface ExportFile {
  name: string;
  type: string;
  size: number;
  /** Where the complainant may download it while signed in. */
  link: string;
  base64?: string;
}

/**
 * A mail we sent to the complainant's address: its kind, subject and delivery, never its text
 * (ADR 062: no copy of the sent text is kept, and sign-in and confirmation mails carry live links).
 */
export interface ExportMail {
  /** When it was queued. */
  at: string;
  /** The kind of mail (a code: sign_in_link, held_filing, new_reply …). */
  template: string;
  /** The subject, as the kind's template words it from what the mail was sent with; null when that is no longer kept. */
  subject: string | null;
  status: string;
  sentAt: string | null;
}

/** A clock of a case as the complainant's case page shows it. */
export interface ExportDeadline {
  /** What it is for ("Answer"), worded. */
  kind: string;
  /** The step it runs at, worded. */
  stage: string;
  dueAt: string;
  metAt: string | null;
  /** met, met_late, pending, overdue, paused, stopped (the case or its step ended first), stopped_late (breached, then stopped). */
  state: DeadlineCondition;
  /** The state as the case page says it on the day of the export ("due in 5 days", "breached"). */
  stateText: string;
  /** How the date was worked out, as the case page explains it. */
  explanation: string;
  /** When the clock stood still while we waited for the complainant. */
  pauses: { from: string; to: string | null; addedDays: number }[];
}

/** An e-mail the complainant sent us that is not among the messages of their cases (it went to the intake queue, or was only recorded). */
export interface ExportMailFromYou {
  receivedAt: string;
  subject: string;
  text: string;
  /** The names of the files that came with it. */
  files: string[];
}

export interface ExportCase {
  reference: string;
  category: string;
  stage: string;
  status: string;
  country: string;
  openedAt: string;
  description: string;
  desiredOutcome: string;
  earlierContact: string | null;
  closure: { kind: string; reason: string } | null;
  filesWithComplaint: ExportFile[];
  messages: { at: string; from: string; channel: string; body: string; files: ExportFile[] }[];
  events: { at: string; type: string; details: Record<string, unknown> }[];
  deadlines: ExportDeadline[];
  mails: ExportMail[];
}

/**
 * A complaint made on the public form with the complainant's address that waits for the owner of
 * the address to confirm it (ADR 020): not a case, but held about them (ADR 051). Confirmed ones are cases.
 */
export interface ExportHeldFiling {
  reference: string;
  receivedAt: string;
  /** Until when the link mailed to the address confirms it. */
  confirmBy: string;
  /** awaiting_confirmation: the link still works; expired: nobody confirmed it in time; discarded: our Security Officer set it aside. Either way it is deleted 30 days after its link expires. */
  state: "awaiting_confirmation" | "expired" | "discarded";
  name: string;
  email: string;
  country: string;
  category: string;
  organization: string | null;
  description: string;
  desiredOutcome: string;
  earlierContact: string | null;
  files: { name: string; size: number; base64?: string }[];
}

export interface MyDataExport {
  exportedAt: string;
  about: string;
  you: { name: string; email: string; country: string | null; accountCreatedAt: string; emailConfirmedAt: string | null; lastSignInAt: string | null };
  sessions: { startedAt: string; lastSeenAt: string; device: string | null; ipAddress: string | null }[];
  cases: ExportCase[];
  /** Complaints made with their address on the public form that wait for them to confirm (or did). */
  heldFilings: ExportHeldFiling[];
  /** Mail to their address that belongs to no case: sign-in links, confirmations of held complaints. */
  mailsAboutNoCase: ExportMail[];
  /** E-mails from their address that did not become one of the messages above. */
  mailsFromYou: ExportMailFromYou[];
}

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/**
 * What the complainant may read of an event (`eventFactsFor`: not the sender of the e-mail a case
 * was opened from, who may be a lawyer), without ids and our bookkeeping, which name staff,
 * clients or rows, not the complainant.
 */
function eventDetails(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([key]) => !/id$/i.test(key) && key !== "filedBy"));
}

/** The subject the mail went out with, worded again by its template from the data it was sent with; null when that data is gone (anonymised) or no longer fits. */
function subjectOf(template: string, data: unknown): string | null {
  if (!isTemplateName(template)) return null;
  try {
    return renderEmail(template, data as TemplateInput<typeof template>).subject;
  } catch {
    return null;
  }
}

function exportMail(m: { queued_at: Date; template: string; data: unknown; status: string; sent_at: Date | null }): ExportMail {
  return { at: iso(m.queued_at)!, template: m.template, subject: subjectOf(m.template, m.data), status: m.status, sentAt: iso(m.sent_at) };
}

function fromLabel(t: Translate, actor: Actor, authorId: string | null, authorRole: string): string {
  const role = authorId === actor.userId || authorRole === "complainant" ? "you" : authorRole;
  return t("mydatapage.author", { role });
}

/**
 * Everything the complainant may see about themselves; `withContent` puts each file's bytes in as
 * base64. Names (category, step, status, who wrote) are worded by `t`: the readable page passes the
 * complainant's language, the JSON file English. Codes (event types, channels, mail kinds) stay codes.
 */
export async function collectMyData(actor: Extract<Actor, { role: "complainant" }>, now: Date, withContent: boolean, t: Translate = translatorFor("en")): Promise<MyDataExport> {
  const { shownMessageIds, ...own } = await collectOwnData(actor, now, withContent, t);
  return {
    ...own,
    heldFilings: await heldFilingsOf(actor.userId, own.you.email, now, withContent, t),
    ...(await mailOfAddress(own.you.email, shownMessageIds)),
  };
}

type OwnData = Omit<MyDataExport, "heldFilings" | "mailsAboutNoCase" | "mailsFromYou"> & { shownMessageIds: Set<string> };

function collectOwnData(actor: Extract<Actor, { role: "complainant" }>, now: Date, withContent: boolean, t: Translate): Promise<OwnData> {
  return asActor(actor, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["name", "email", "country", "created_at", "email_verified_at", "last_sign_in_at"])
      .where("id", "=", actor.userId)
      .executeTakeFirstOrThrow();
    const sessions = await trx
      .selectFrom("sessions")
      .select(["created_at", "last_seen_at", "user_agent", "ip_address"])
      .where("user_id", "=", actor.userId)
      .orderBy("created_at")
      .execute();
    const cases = await trx
      .selectFrom("cases")
      .select(["id", "reference", "category", "stage", "status", "country", "opened_at", "description", "desired_outcome", "earlier_contact", "closure", "profile", "framework"])
      .where("complainant_id", "=", actor.userId)
      .orderBy("opened_at")
      .execute();
    const audiences = visibleAudiences(actor);
    const calendar = await loadOperatorCalendar(trx);
    const shownMessageIds = new Set<string>();
    const out: ExportCase[] = [];
    for (const c of cases) {
      const messages = await trx
        .selectFrom("messages")
        .select(["id", "author_id", "author_role", "channel", "body", "created_at", "occurred_at"])
        .where("case_id", "=", c.id)
        .where("audience", "in", audiences)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      const ids = messages.map((m) => m.id);
      for (const id of ids) shownMessageIds.add(id);
      const files = await trx
        .selectFrom("attachments")
        .select(["id", "message_id", "safe_name", "content_type", "size_bytes", ...(withContent ? (["content"] as const) : [])])
        .where("case_id", "=", c.id)
        .where((eb) => eb.or([eb("message_id", "is", null), ...(ids.length ? [eb("message_id", "in", ids)] : [])]))
        .orderBy("created_at")
        .execute();
      const fileOf = (f: (typeof files)[number]): ExportFile => ({
        name: f.safe_name,
        type: f.content_type,
        size: f.size_bytes,
        link: `/attachments/${f.id}`,
        ...(withContent && "content" in f ? { base64: Buffer.from(f.content as Buffer).toString("base64") } : {}),
      });
      const events = await trx.selectFrom("case_events").select(["type", "payload", "created_at"]).where("case_id", "=", c.id).orderBy("seq").execute();
      const mails = await trx
        .selectFrom("mail_deliveries")
        .select(["template", "data", "status", "queued_at", "sent_at"])
        .where("case_id", "=", c.id)
        .where("recipient", "=", user.email)
        .orderBy("queued_at")
        .execute();
      // The clocks through the complainant's page's own rule (complainantDeadlines), worded as it words them.
      const deadlineRows = await trx.selectFrom("case_deadlines").selectAll().where("case_id", "=", c.id).orderBy("due_at").execute();
      const profile = profileOfRow(c);
      const rules = { profile: profile.name, principles: profile.principlesName };
      const deadlines = complainantDeadlines(deadlineViews(deadlineRows.map(deadlineFromRow), now, calendar.zone), t.locale, calendar.holidayState ?? null);
      const closure = c.closure as { kind: string; reason: string } | null;
      out.push({
        reference: c.reference,
        category: complaintSubject(t, c.category),
        stage: t(`steps.${c.stage as Stage}.name`),
        status: t(`case.status.${c.status as Status}`),
        country: c.country,
        openedAt: iso(c.opened_at)!,
        description: c.description,
        desiredOutcome: c.desired_outcome,
        earlierContact: c.earlier_contact,
        closure: closure ? { kind: closure.kind, reason: closure.reason } : null,
        filesWithComplaint: files.filter((f) => f.message_id === null).map(fileOf),
        messages: messages.map((m) => ({
          at: iso(m.occurred_at ?? m.created_at)!,
          from: fromLabel(t, actor, m.author_id, m.author_role),
          channel: m.channel,
          body: m.body,
          files: files.filter((f) => f.message_id === m.id).map(fileOf),
        })),
        events: events
          .filter((e) => e.type !== "message_posted" && e.type !== "contact_logged" && eventVisibleTo(actor, { type: e.type, payload: e.payload }))
          .map((e) => ({ at: iso(e.created_at)!, type: e.type, details: eventDetails(eventFactsFor(actor, { type: e.type, payload: e.payload })) })),
        deadlines: deadlines.map((d) => ({
          kind: t(`deadlines.kind.${d.kind}`),
          stage: t(`steps.${d.stage}.name`),
          dueAt: iso(d.dueAt)!,
          metAt: iso(d.metAt),
          state: d.state,
          stateText: deadlineStateText(t, d.state, d.daysLeft),
          explanation: deadlineExplanationText(t, d, rules),
          pauses: d.pauses.map((p) => ({ from: p.from, to: p.to, addedDays: p.addedDays })),
        })),
        mails: mails.map(exportMail),
      });
    }
    return {
      exportedAt: now.toISOString(),
      about: t("mydatapage.about"),
      you: {
        name: user.name,
        email: user.email,
        country: user.country,
        accountCreatedAt: iso(user.created_at)!,
        emailConfirmedAt: iso(user.email_verified_at),
        lastSignInAt: iso(user.last_sign_in_at),
      },
      sessions: sessions.map((s) => ({ startedAt: iso(s.created_at)!, lastSeenAt: iso(s.last_seen_at)!, device: s.user_agent, ipAddress: s.ip_address })),
      cases: out,
      shownMessageIds,
    };
  });
}

/**
 * Mail to and from the complainant's address that no case of theirs shows: the mail we sent about
 * no case, and the e-mails they sent that did not become one of their messages (`shownMessageIds`).
 * Both tables show such rows to the officer and the system only (RLS), so they are read by the
 * system identity for this address alone. Of an e-mail they sent, only what they wrote: never our
 * note on it, why it went to the intake queue, or what the officer decided.
 */
function mailOfAddress(email: string, shownMessageIds: ReadonlySet<string>): Promise<Pick<MyDataExport, "mailsAboutNoCase" | "mailsFromYou">> {
  const address = email.trim().toLowerCase();
  return asSystem("data export", async (trx) => {
    const sent = await trx
      .selectFrom("mail_deliveries")
      .select(["template", "data", "status", "queued_at", "sent_at"])
      .where("case_id", "is", null)
      .where("recipient", "=", address)
      .orderBy("queued_at")
      .orderBy("id")
      .execute();
    const received = await trx
      .selectFrom("inbound_mails")
      .select(["received_at", "subject", "full_text", "attachments", "message_ref"])
      .where((eb) => eb(eb.fn("lower", [eb.ref("from_address")]), "=", address))
      // A delivery report or our own mail coming back is not theirs, whatever its From says.
      .where("kind", "not in", ["bounce", "loop"])
      .where("anonymised_at", "is", null)
      .orderBy("received_at")
      .orderBy("id")
      .execute();
    return {
      mailsAboutNoCase: sent.map(exportMail),
      mailsFromYou: received
        .filter((m) => m.message_ref === null || !shownMessageIds.has(m.message_ref))
        .map((m) => ({
          receivedAt: iso(m.received_at)!,
          subject: m.subject ?? "",
          text: m.full_text,
          files: (Array.isArray(m.attachments) ? m.attachments : []).map((f) => f.name),
        })),
    };
  });
}

/**
 * The held filings under the complainant's account or address that were not confirmed (a confirmed
 * one is one of their cases). held_filings shows rows to the officer and the system only (migration
 * 010), so they are read by the system identity for this account and this address alone.
 */
function heldFilingsOf(userId: string, email: string, now: Date, withContent: boolean, t: Translate): Promise<ExportHeldFiling[]> {
  return asSystem("data export", async (trx) => {
    const rows = await trx
      .selectFrom("held_filings")
      .select(["id", "reference", "input", "created_at", "expires_at", "discarded_at"])
      .where((eb) => eb.or([eb("user_id", "=", userId), eb("email", "=", email.trim().toLowerCase())]))
      .where("confirmed_at", "is", null)
      .orderBy("created_at")
      .execute();
    if (rows.length === 0) return [];
    const files = await trx
      .selectFrom("public_filing_files")
      .select(["held_filing_id", "file_name", "position", ...(withContent ? (["content"] as const) : [])])
      .select((eb) => eb.fn("octet_length", [eb.ref("content")]).as("size"))
      .where("held_filing_id", "in", rows.map((r) => r.id))
      .orderBy("position")
      .execute();
    const clientIds = [...new Set(rows.map((r) => (r.input as { clientId?: unknown }).clientId).filter((id): id is string => typeof id === "string"))];
    const clients = clientIds.length ? await trx.selectFrom("clients").select(["id", "name"]).where("id", "in", clientIds).execute() : [];
    const clientName = new Map(clients.map((c) => [c.id, c.name]));
    return rows.map((r) => {
      const input = r.input as Partial<ComplaintInput>;
      const category = String(input.category ?? "");
      return {
        reference: r.reference,
        receivedAt: iso(r.created_at)!,
        confirmBy: iso(r.expires_at)!,
        state: r.discarded_at ? "discarded" : new Date(r.expires_at) <= now ? "expired" : "awaiting_confirmation",
        name: String(input.name ?? ""),
        email: String(input.email ?? email),
        country: String(input.country ?? ""),
        category: complaintSubject(t, category),
        organization: input.clientId ? (clientName.get(input.clientId) ?? null) : null,
        description: String(input.description ?? ""),
        desiredOutcome: String(input.desiredOutcome ?? ""),
        earlierContact: input.earlierContact ? String(input.earlierContact) : null,
        files: files
          .filter((f) => f.held_filing_id === r.id)
          .map((f) => ({ name: f.file_name, size: Number(f.size), ...(withContent && "content" in f ? { base64: Buffer.from(f.content as Buffer).toString("base64") } : {}) })),
      };
    });
  });
}

export const ERASURE_DESCRIPTION =
  "I ask you to erase my account and to remove or anonymise the personal data you hold about me. (Request made from my account page.)";

/** Outcomes of an erasure request; `already_open` names the request still open (one at a time, ADR 051). */
export type ErasureRequestOutcome =
  | { ok: true; reference: string; duplicate: boolean }
  | { ok: false; code: "already_open"; reference: string; reason: string }
  | { ok: false; code: "not_filed"; reason: string };

async function openErasureRequestIn(trx: Transaction<Database>, userId: string): Promise<string | null> {
  const open = await trx
    .selectFrom("cases")
    .select("reference")
    .where("complainant_id", "=", userId)
    .where("erasure_request", "=", true)
    .where("status", "not in", OUTCOMES)
    .orderBy("opened_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return open?.reference ?? null;
}

/** The complainant's erasure request that is still open, if any (their page shows it instead of the form). */
export function openErasureRequest(actor: Extract<Actor, { role: "complainant" }>): Promise<string | null> {
  return asActor(actor, (trx) => openErasureRequestIn(trx, actor.userId));
}

/**
 * The complainant asks for their account to be erased: a case of its own (remove or anonymise,
 * about the operator, at the company stage, marked as an erasure request), under the same ladder
 * and clocks as any complaint. `submissionKey` comes from the form, so a second click files
 * nothing new; while one request is open a second is refused (the user's row is locked, so two
 * at once file one).
 */
export async function requestErasure(actor: Extract<Actor, { role: "complainant" }>, submissionKey: string, now: Date, language?: Locale): Promise<ErasureRequestOutcome> {
  const key = submissionKey || randomUUID();
  try {
    // Filed like a public complaint (the filing path's system identity), for this account only.
    return await asSystem("complaint filing", async (trx): Promise<ErasureRequestOutcome> => {
      const user = await trx.selectFrom("users").select(["id", "name", "email", "country"]).where("id", "=", actor.userId).forUpdate().executeTakeFirstOrThrow();
      // Only this person's: a key copied from someone else's form must not name their case.
      const earlier = await trx.selectFrom("cases").select("reference").where("submission_key", "=", key).where("complainant_id", "=", user.id).executeTakeFirst();
      if (earlier) return { ok: true, reference: earlier.reference, duplicate: true };
      const open = await openErasureRequestIn(trx, user.id);
      if (open) return { ok: false, code: "already_open", reference: open, reason: `Your request to erase your account is already open as case ${open}.` };
      const last = await trx.selectFrom("cases").select("country").where("complainant_id", "=", user.id).orderBy("opened_at", "desc").executeTakeFirst();
      const input: ComplaintInput = {
        clientId: null,
        category: "request_removal",
        description: ERASURE_DESCRIPTION,
        desiredOutcome: "My account and my personal data erased or anonymised.",
        country: user.country ?? last?.country ?? "US",
        name: user.name,
        email: user.email,
        earlierContact: null,
        submissionKey: key,
        // The language of the page it was asked on: the request's mail goes in it (ADR 033).
        language,
      };
      const filed = await openFiledCase(trx, input, user.id, now, undefined, null);
      if (!filed.ok) return { ok: false, code: "not_filed", reason: filed.reason };
      // This person's own earlier request with this key was found above: a case with the key now is someone else's.
      if (filed.duplicate) return { ok: false, code: "not_filed", reason: "This form was already used. Reload the page and send the request again." };
      await trx.updateTable("cases").set({ erasure_request: true }).where("id", "=", filed.caseId).execute();
      return { ok: true, reference: filed.reference, duplicate: false };
    });
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) return { ok: false, code: "not_filed", reason: refusal.reason };
    throw error;
  }
}

import { z } from "zod";
import { isIsoInstant, type Actor } from "~/domain";
import type { InboundAttachmentOutcome } from "~/db/schema";
import { asActor } from "./scope.server";

// The log of every message that reached us by mail (webhook or listener), for the officer: what
// came, from whom, what it was matched to and what became of it. inbound_mails is the officer's
// (RLS, migration 010).

export interface InboundLogEntry {
  id: string;
  receivedAt: Date;
  via: "webhook" | "smtp";
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  kind: "message" | "auto_reply" | "bounce" | "loop" | "unreadable";
  outcome: "posted" | "intake" | "recorded" | "bounce_recorded" | "failed";
  matchedBy: "token" | "thread" | "subject" | null;
  reference: string | null;
  intakeId: string | null;
  note: string | null;
  refusedFiles: { name: string; reason: string }[];
  fileCount: number;
}

export const INBOUND_LOG_PAGE = 50;

/** "Older" link: the received time and id of the last row shown (keyset, so a page is an index range). */
const cursorSchema = z
  .string()
  .max(100)
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .refine((s) => isIsoInstant(s.slice(0, s.indexOf("_"))))
  .transform((s) => {
    const [at, id] = s.split("_") as [string, string];
    return { at: new Date(at), id };
  });

export function encodeInboundCursor(entry: { receivedAt: Date; id: string }): string {
  return `${entry.receivedAt.toISOString()}_${entry.id}`;
}

/** A cursor from the address bar, or null when it is missing or not one of ours (then the first page). */
export function parseInboundCursor(raw: string | null): { at: Date; id: string } | null {
  if (raw === null) return null;
  const parsed = cursorSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Newest first, a page at a time. */
export async function listInboundMail(
  actor: Extract<Actor, { role: "officer" }>,
  before: { at: Date; id: string } | null,
): Promise<{ entries: InboundLogEntry[]; older: string | null }> {
  const rows = await asActor(actor, (trx) => {
    let query = trx
      .selectFrom("inbound_mails")
      .leftJoin("cases", "cases.id", "inbound_mails.case_id")
      .leftJoin("intake_items", "intake_items.inbound_mail_id", "inbound_mails.id")
      .select([
        "inbound_mails.id",
        "inbound_mails.received_at",
        "inbound_mails.via",
        "inbound_mails.from_address",
        "inbound_mails.from_name",
        "inbound_mails.subject",
        "inbound_mails.kind",
        "inbound_mails.outcome",
        "inbound_mails.matched_by",
        "inbound_mails.note",
        "inbound_mails.attachments",
        "cases.reference",
        "intake_items.id as intake_id",
      ]);
    if (before) {
      query = query.where((eb) =>
        eb.or([eb("inbound_mails.received_at", "<", before.at), eb.and([eb("inbound_mails.received_at", "=", before.at), eb("inbound_mails.id", "<", before.id)])]),
      );
    }
    return query.orderBy("inbound_mails.received_at", "desc").orderBy("inbound_mails.id", "desc").limit(INBOUND_LOG_PAGE + 1).execute();
  });
  const entries = rows.slice(0, INBOUND_LOG_PAGE).map((r) => {
    const files = (Array.isArray(r.attachments) ? r.attachments : []) as InboundAttachmentOutcome[];
    return {
      id: r.id,
      receivedAt: new Date(r.received_at),
      via: r.via,
      fromAddress: r.from_address,
      fromName: r.from_name,
      subject: r.subject,
      kind: r.kind,
      outcome: r.outcome,
      matchedBy: r.matched_by,
      reference: r.reference,
      intakeId: r.intake_id,
      note: r.note,
      fileCount: files.length,
      refusedFiles: files.filter((f) => f.outcome === "refused").map((f) => ({ name: f.name, reason: f.reason ?? "" })),
    };
  });
  const last = entries.at(-1);
  return { entries, older: rows.length > INBOUND_LOG_PAGE && last ? encodeInboundCursor(last) : null };
}

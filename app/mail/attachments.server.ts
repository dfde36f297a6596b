import { sql, type Kysely } from "kysely";
import type { Database, MailDeliveryRow } from "../db/schema";

/** Most bytes of files one mail carries (ATTACHMENT_MAX_MAIL_BYTES, default 10 MB); past it, a link instead. */
export function maxMailAttachmentBytes(): number {
  const value = Number(process.env.ATTACHMENT_MAX_MAIL_BYTES?.trim() || NaN);
  return Number.isSafeInteger(value) && value > 0 ? value : 10 * 1024 * 1024;
}

const READERS: Record<string, ("parties" | "staff" | "internal")[]> = {
  officer: ["parties", "staff", "internal"],
  liaison: ["parties", "staff"],
  complainant: ["parties"],
};

export interface MailParts {
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** The rendered bodies, with a line added when the files were too large to send. */
  text?: string;
  html?: string;
}

/**
 * The files a notification carries: those saved with the message that caused it (same case, same
 * transaction, so the same `now()` as the delivery's queued_at), which the recipient may read by
 * the message's audience and, for a liaison, only on their own client's case. When they add up to
 * more than the cap, none is attached and the mail says where to find them.
 */
export async function attachmentsForDelivery(
  db: Kysely<Database>,
  delivery: Pick<MailDeliveryRow, "id" | "case_id" | "recipient" | "data">,
  rendered: { text: string; html: string },
): Promise<MailParts> {
  if (!delivery.case_id) return {};
  const user = await db.selectFrom("users").select(["role", "client_id"]).where("email", "=", delivery.recipient).executeTakeFirst();
  if (!user) return {};
  const caseRow = await db.selectFrom("cases").select(["client_id", "complainant_id"]).where("id", "=", delivery.case_id).executeTakeFirst();
  if (!caseRow || (user.role === "liaison" && user.client_id !== caseRow.client_id)) return {};
  const files = await db
    .selectFrom("attachments")
    .innerJoin("messages", "messages.id", "attachments.message_id")
    .select(["attachments.safe_name", "attachments.content_type", "attachments.content", "attachments.size_bytes"])
    .where("attachments.case_id", "=", delivery.case_id)
    // Compared in SQL: the database keeps microseconds, a JavaScript Date only milliseconds.
    // A resent mail keeps its first queued_at in files_at (its files, not the resend's moment).
    .where("attachments.created_at", "=", (eb) =>
      eb.selectFrom("mail_deliveries").select(sql<Date>`coalesce(files_at, queued_at)`.as("at")).where("id", "=", delivery.id),
    )
    .where("messages.audience", "in", [...(READERS[user.role] ?? [])])
    .orderBy("attachments.safe_name")
    .execute();
  if (files.length === 0) return {};
  const total = files.reduce((n, f) => n + f.size_bytes, 0);
  if (total > maxMailAttachmentBytes()) {
    const url = typeof delivery.data.caseUrl === "string" ? delivery.data.caseUrl : null;
    const line = `${files.length === 1 ? "A file came" : `${files.length} files came`} with this message; they are too large to send by e-mail.${url ? ` Download them from the case page:\n${url}\n` : ""}`;
    const escaped = line.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br>");
    return { text: `${rendered.text}\n\n${line}`, html: rendered.html.replace(/<\/body>/i, `<p>${escaped}</p></body>`) };
  }
  return { attachments: files.map((f) => ({ filename: f.safe_name, content: f.content, contentType: f.content_type })) };
}

import type { Transaction } from "kysely";
import type { Database } from "~/db/schema";
import { saveAttachment } from "~/models/attachments.server";
import type { InboundAttachment } from "./parse.server";

/**
 * THE place where a mail's attachments are saved with the message they came with, under the same
 * type and size rules as a file uploaded on the website (ADR 016). A refused file is left out and
 * counted; the message still lands, and the original mail (inbound_mails.raw) keeps every byte.
 */
export async function saveInboundAttachments(
  trx: Transaction<Database>,
  target: { caseId: string; messageId: string; attachments: InboundAttachment[]; uploadedBy?: string | null },
): Promise<{ saved: number; refused: number }> {
  let saved = 0;
  let refused = 0;
  for (const [index, file] of target.attachments.entries()) {
    const outcome = await saveAttachment(trx, {
      caseId: target.caseId,
      messageId: target.messageId,
      fileName: file.filename?.trim() || `attachment-${index + 1}`,
      bytes: file.content,
      uploadedBy: target.uploadedBy ?? null,
    });
    if (outcome.ok) saved += 1;
    else refused += 1;
  }
  return { saved, refused };
}

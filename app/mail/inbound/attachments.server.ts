import type { Transaction } from "kysely";
import type { Database } from "~/db/schema";
import type { InboundAttachment } from "./parse.server";

/**
 * THE place where a mail's attachments are saved with the message they came with. Until the
 * attachment store (helper 7C's `saveAttachment` in app/models/attachments.server.ts) is merged,
 * nothing is saved here; no bytes are lost meanwhile, because the original message is kept in
 * `inbound_mails.raw` and can be parsed again.
 *
 * To wire at merge: for each attachment, `saveAttachment(trx, { caseId, messageId, filename,
 * declaredType: contentType, bytes: content })`, counting those the type or size rules refuse.
 */
export async function saveInboundAttachments(
  _trx: Transaction<Database>,
  _target: { caseId: string; messageId: string; attachments: InboundAttachment[] },
): Promise<{ saved: number; refused: number }> {
  return { saved: 0, refused: 0 };
}

import type { Transaction } from "kysely";
import type { Database, InboundAttachmentOutcome } from "~/db/schema";
import { attachmentLimits, checkAttachment, describeSize, saveAttachment } from "~/models/attachments.server";
import { recordEvents } from "~/models/case-commands.server";
import type { InboundAttachment } from "./parse.server";

/** The name a file of a mail is known by (a nameless part gets its position). */
function nameOf(file: InboundAttachment, index: number): string {
  return file.filename?.trim() || `attachment-${index + 1}`;
}

/**
 * Why a file of a mail cannot be kept, or null: the same type and size rules as a file uploaded
 * on the website (ADR 016), plus the per-message limits (file count, total size), counted in the
 * order the files came.
 */
async function refusalsOf(files: InboundAttachment[]): Promise<(string | null)[]> {
  const { maxFiles, maxMessageBytes } = attachmentLimits();
  let total = 0;
  let kept = 0;
  const reasons: (string | null)[] = [];
  for (const [index, file] of files.entries()) {
    const name = nameOf(file, index);
    const check = await checkAttachment(name, file.content);
    if (!check.ok) {
      reasons.push(check.reason);
      continue;
    }
    if (kept >= maxFiles) {
      reasons.push(`"${name.slice(0, 80)}" is past the ${maxFiles} files one message may carry.`);
      continue;
    }
    if (total + check.size > maxMessageBytes) {
      reasons.push(`"${name.slice(0, 80)}" would take the message past ${describeSize(maxMessageBytes)} of files.`);
      continue;
    }
    total += check.size;
    kept += 1;
    reasons.push(null);
  }
  return reasons;
}

/**
 * What would become of each file of a mail that is not posted on a case (intake, auto-replies):
 * nothing is saved yet, but a file the rules refuse is named with the reason, so staff see it.
 */
export async function inboundAttachmentOutcomes(files: InboundAttachment[]): Promise<InboundAttachmentOutcome[]> {
  const reasons = await refusalsOf(files);
  return files.map((file, index) => {
    const reason = reasons[index];
    return reason
      ? { name: nameOf(file, index), size: file.content.byteLength, outcome: "refused", reason }
      : { name: nameOf(file, index), size: file.content.byteLength, outcome: "not_saved" };
  });
}

/**
 * THE place where a mail's attachments are saved with the message they came with, under the same
 * type and size rules as a file uploaded on the website (ADR 016). A refused file is left out, but
 * not silently: its name and the reason are returned (kept on the inbound mail) and written on the
 * case as a staff event that those who may read the message see. The message still lands, and the original (inbound_mails.raw) keeps
 * every byte. Without a message (a case opened from the mail, ADR 066) the files belong to the
 * complaint, as a web filing's do: everyone on the case sees them.
 */
export async function saveInboundAttachments(
  trx: Transaction<Database>,
  target: { caseId: string; messageId: string | null; attachments: InboundAttachment[]; uploadedBy?: string | null; now: Date },
): Promise<{ saved: number; refused: number; outcomes: InboundAttachmentOutcome[] }> {
  const reasons = await refusalsOf(target.attachments);
  const outcomes: InboundAttachmentOutcome[] = [];
  for (const [index, file] of target.attachments.entries()) {
    const name = nameOf(file, index);
    const size = file.content.byteLength;
    const refused = reasons[index];
    if (refused) {
      outcomes.push({ name, size, outcome: "refused", reason: refused });
      continue;
    }
    const saved = await saveAttachment(trx, { caseId: target.caseId, messageId: target.messageId, fileName: name, bytes: file.content, uploadedBy: target.uploadedBy ?? null });
    outcomes.push(saved.ok ? { name, size, outcome: "saved" } : { name, size, outcome: "refused", reason: saved.reason });
  }
  const refused = outcomes.filter((o) => o.outcome === "refused");
  if (refused.length > 0) {
    // Seen by those who may read the message (ADR 060): its audience and, for a staff note, its client.
    const message = target.messageId
      ? await trx.selectFrom("messages").select(["audience", "client_id"]).where("id", "=", target.messageId).executeTakeFirstOrThrow()
      : { audience: "parties" as const, client_id: null };
    await recordEvents(trx, target.caseId, null, [
      {
        type: "attachments_refused",
        payload: { messageId: target.messageId, audience: message.audience, clientId: message.client_id, files: refused.map((o) => ({ name: o.name, reason: o.reason ?? "" })) },
      },
    ], target.now);
  }
  return { saved: outcomes.length - refused.length, refused: refused.length, outcomes };
}

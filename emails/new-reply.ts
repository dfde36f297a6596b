import { z } from "zod";
import { renderMessage } from "./layout";
import { operator } from "../app/config/operator.server";
import { caseMailFields, mailTranslator, subjectLine, type RenderedEmail } from "./shared";

/**
 * Someone wrote on the case. Deliberately carries NO message body, complaint text or
 * author name: personal data stays in the app, the mail only says there is something to read.
 * Unknown keys (a `body`, say) are stripped by the schema, and the job payload stores only the
 * parsed data, so they never reach the queue table nor the mail.
 */
export const newReplySchema = z.object({
  ...caseMailFields,
  /** Who wrote, by role only. */
  authorRole: z.enum(["complainant", "liaison", "officer", "dispute_body"]).optional(),
});
export type NewReplyData = z.output<typeof newReplySchema>;

export function newReply(data: NewReplyData): RenderedEmail {
  const staff = data.audience === "staff";
  const t = mailTranslator(data);
  const role = data.authorRole === "dispute_body" ? "other" : data.authorRole;
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, staff ? "a new message on the case" : "a new message on your case"),
    preview: t("mail.case.reply.preview"),
    heading: t("mail.case.reply.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      role
        ? t("mail.case.reply.by", { role, reference: data.reference, operator: operator.name, disputeBody: operator.disputeBodyName })
        : t("mail.case.reply.anonymous", { reference: data.reference }),
      t("mail.case.reply.protect"),
    ],
    action: { label: t("mail.case.reply.action"), url: data.caseUrl },
    after: staff ? undefined : [t("mail.case.reply.answerThere")],
  });
}

import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, mailTranslator, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: before we carry out an access, correction or removal request, we need to know it is them. */
export const identityVerificationNeededSchema = z.object(caseMailFields);
export type IdentityVerificationNeededData = z.output<typeof identityVerificationNeededSchema>;

export function identityVerificationNeeded(data: IdentityVerificationNeededData): RenderedEmail {
  const t = mailTranslator(data);
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, "we need to confirm who you are"),
    preview: t("mail.case.identity.preview"),
    heading: t("mail.case.identity.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [t("mail.case.identity.body", { reference: data.reference }), t("mail.case.identity.where")],
    action: { label: t("mail.case.identity.action"), url: data.caseUrl },
  });
}

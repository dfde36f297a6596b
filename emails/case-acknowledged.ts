import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDue, mailTranslator, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: the party answering at the current stage has acknowledged the complaint. */
export const caseAcknowledgedSchema = z.object({
  ...caseMailFields,
  stage: stageSchema,
  respondBy: dateSchema.optional(),
});
export type CaseAcknowledgedData = z.output<typeof caseAcknowledgedSchema>;

export function caseAcknowledged(data: CaseAcknowledgedData): RenderedEmail {
  const staff = data.audience === "staff";
  const t = mailTranslator(data);
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, staff ? "the complaint has been acknowledged" : "your complaint has been acknowledged"),
    preview: t("mail.case.acknowledged.preview"),
    heading: t("mail.case.acknowledged.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      t("mail.case.acknowledged.body", { reference: data.reference, stage: stageName(data.stage, t) }),
      data.respondBy ? t("mail.case.acknowledged.due", { due: formatDue(data.respondBy, data.zone, t) }) : t("mail.case.acknowledged.noDue"),
    ],
    action: { label: t("mail.case.openYourCase"), url: data.caseUrl },
  });
}

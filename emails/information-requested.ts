import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDue, mailTranslator, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: more information is needed. The question itself stays on the case page. */
export const informationRequestedSchema = z.object({
  ...caseMailFields,
  /** By when an answer would help, if there is such a date. */
  respondBy: dateSchema.optional(),
});
export type InformationRequestedData = z.output<typeof informationRequestedSchema>;

export function informationRequested(data: InformationRequestedData): RenderedEmail {
  const t = mailTranslator(data);
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, "we need some more information from you"),
    preview: t("mail.case.information.preview"),
    heading: t("mail.case.information.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      t("mail.case.information.body", { reference: data.reference }),
      data.respondBy ? t("mail.case.information.by", { due: formatDue(data.respondBy, data.zone, t) }) : t("mail.case.information.paused"),
    ],
    action: { label: t("mail.case.information.action"), url: data.caseUrl },
  });
}

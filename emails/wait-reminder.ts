import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDate, mailTranslator, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: we are still waiting for them (a reply, or their view on an answer). */
export const waitReminderSchema = z.object({
  ...caseMailFields,
  waitKind: z.enum(["information", "answer"]),
  since: dateSchema,
  /** From this day the Security Officer may close the case as not pursued. */
  closureProposalAt: dateSchema,
});
export type WaitReminderData = z.output<typeof waitReminderSchema>;

export function waitReminder(data: WaitReminderData): RenderedEmail {
  const t = mailTranslator(data);
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, "we are waiting for you"),
    preview: t("mail.case.wait.preview", { kind: data.waitKind }),
    heading: t("mail.case.wait.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      t("mail.case.wait.since", { since: formatDate(data.since, data.zone, t), kind: data.waitKind, reference: data.reference }),
      t("mail.case.wait.closeBy", { date: formatDate(data.closureProposalAt, data.zone, t) }),
    ],
    action: { label: t("mail.case.openYourCase"), url: data.caseUrl },
  });
}

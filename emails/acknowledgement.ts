import { z } from "zod";
import { renderMessage, type Block } from "./layout";
import { caseMailFields, dateSchema, duration, formatDue, linkSchema, mailTranslator, stageExplanation, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant when a complaint is filed. */
export const acknowledgementSchema = z.object({
  ...caseMailFields,
  /** The stage the case starts at. */
  stage: stageSchema.default("client"),
  /** When an answer is due at that stage, if known. */
  respondBy: dateSchema.optional(),
  /** A one-time link that confirms the address and signs in (a complainant has no password). */
  signInLink: linkSchema.optional(),
  expiresInMinutes: z.number().int().positive().max(7 * 24 * 60).optional(),
});
export type AcknowledgementData = z.output<typeof acknowledgementSchema>;

export function acknowledgement(data: AcknowledgementData): RenderedEmail {
  const t = mailTranslator(data);
  const { reference } = data;
  const action = data.signInLink
    ? { label: t("mail.case.acknowledgement.confirmAndOpen"), url: data.signInLink }
    : { label: t("mail.case.openYourCase"), url: data.caseUrl };
  const after: Block[] = data.signInLink
    ? [
        data.expiresInMinutes
          ? t("mail.case.acknowledgement.linkExpires", { duration: duration(data.expiresInMinutes, t) })
          : t("mail.case.acknowledgement.linkOnce"),
        t("mail.case.acknowledgement.later", { caseUrl: data.caseUrl }),
      ]
    : [];
  // "Reply to this e-mail" only when a reply reaches the case; otherwise the Security Officer's address below.
  after.push(data.replyByMail ? t("mail.case.acknowledgement.notYouReply") : t("mail.case.acknowledgement.notYou"));
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(reference, "we have received your complaint"),
    preview: t("mail.case.acknowledgement.preview", { reference }),
    heading: t("mail.case.acknowledgement.heading"),
    recipientName: data.recipientName,
    reference,
    replyByMail: data.replyByMail,
    body: [
      t("mail.case.acknowledgement.registered", { reference }),
      t("mail.case.acknowledgement.next"),
      {
        list: [
          stageExplanation(data.stage, t),
          data.respondBy
            ? t("mail.case.acknowledgement.answerBy", { due: formatDue(data.respondBy, data.zone, t) })
            : t("mail.case.acknowledgement.whenNew"),
          t("mail.case.acknowledgement.notSatisfied"),
        ],
      },
      t("mail.case.acknowledgement.followOn"),
    ],
    action,
    after,
  });
}

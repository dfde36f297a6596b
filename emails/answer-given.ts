import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, mailTranslator, nextStage, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: an answer has been given at a stage; they may accept or reject it. */
export const answerGivenSchema = z.object({
  ...caseMailFields,
  /** The stage at which the answer was given. */
  stage: stageSchema,
});
export type AnswerGivenData = z.output<typeof answerGivenSchema>;

export function answerGiven(data: AnswerGivenData): RenderedEmail {
  const next = nextStage(data.stage);
  const staff = data.audience === "staff";
  const t = mailTranslator(data);
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, staff ? "an answer has been given" : "there is an answer to your complaint"),
    preview: t("mail.case.answerGiven.preview"),
    heading: t("mail.case.answerGiven.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [t("mail.case.answerGiven.body", { reference: data.reference, stage: stageName(data.stage, t) })],
    action: { label: t("mail.case.answerGiven.action"), url: data.caseUrl },
    after: staff
      ? undefined
      : [
          t("mail.case.answerGiven.settles"),
          {
            list: [
              t("mail.case.answerGiven.accept"),
              next ? t("mail.case.answerGiven.rejectNext", { next: stageName(next, t) }) : t("mail.case.answerGiven.rejectLast"),
            ],
          },
        ],
  });
}

import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { renderMessage } from "./layout";
import type { Translate } from "../app/i18n";
import { escalationNowText } from "../app/i18n/escalation";
import { caseMailFields, mailTranslator, stageName, stageSchema, subjectLine, type RenderedEmail, type Stage } from "./shared";

/**
 * To the complainant: they may take the complaint to the next step now, because they rejected the
 * answer or because a deadline of this stage passed. Names the next step and how to reach it.
 */
export const escalationAvailableSchema = z.object({
  ...caseMailFields,
  /** The stage the case is at (the notice's subject); the next step follows from it. */
  stage: stageSchema,
  because: z.enum(["answer_rejected", "deadline_passed"]).default("answer_rejected"),
});
export type EscalationAvailableData = z.output<typeof escalationAvailableSchema>;

/** The next step and whom to turn to there, as the case page says it. */
function nextStepSentence(from: Stage, t: Translate): string {
  return escalationNowText(t, from, {
    operator: operator.name,
    email: operator.email,
    phone: operator.phone,
    address: operator.address,
    disputeBody: operator.disputeBodyName,
    disputeAddress: operator.disputeBodyAddress,
  });
}

export function escalationAvailable(data: EscalationAvailableData): RenderedEmail {
  const t = mailTranslator(data);
  const why =
    data.because === "deadline_passed"
      ? t("mail.case.escalation.deadlinePassed", { stage: stageName(data.stage, t) })
      : t("mail.case.escalation.answerRejected");
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, "you may take your complaint to the next step"),
    preview: t("mail.case.escalation.preview"),
    heading: t("mail.case.escalation.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [why, nextStepSentence(data.stage, t), t("mail.case.escalation.oneButton")],
    action: { label: t("mail.case.openYourCase"), url: data.caseUrl },
  });
}

import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { escalationNowSentence } from "../app/domain";
import { renderMessage } from "./layout";
import { caseMailFields, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

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

export function escalationAvailable(data: EscalationAvailableData): RenderedEmail {
  const why =
    data.because === "deadline_passed"
      ? `A time limit at the current step (${stageName(data.stage)}) has passed without the answer you were owed.`
      : "You told us you do not accept the answer you were given. The other side has a short period to answer again.";
  const next = escalationNowSentence(data.stage, operator) ?? "There is no further step after this one.";
  return renderMessage({
    subject: subjectLine(data.reference, "you may take your complaint to the next step"),
    preview: "You may now take your complaint to the next step.",
    heading: "You may take your complaint further",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [why, next, "You can do this with one button on your case page; you do not have to."],
    action: { label: "Open your case", url: data.caseUrl },
  });
}

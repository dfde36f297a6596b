import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDue, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: the party answering at the current stage has acknowledged the complaint. */
export const caseAcknowledgedSchema = z.object({
  ...caseMailFields,
  stage: stageSchema,
  respondBy: dateSchema.optional(),
});
export type CaseAcknowledgedData = z.output<typeof caseAcknowledgedSchema>;

export function caseAcknowledged(data: CaseAcknowledgedData): RenderedEmail {
  const staff = data.audience === "staff";
  return renderMessage({
    subject: subjectLine(data.reference, staff ? "the complaint has been acknowledged" : "your complaint has been acknowledged"),
    preview: "Your complaint is being looked into.",
    heading: "Your complaint has been acknowledged",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `Case ${data.reference} has been acknowledged at the step “${stageName(data.stage)}” and is now being looked into.`,
      data.respondBy
        ? `An answer is due by ${formatDue(data.respondBy, data.zone)}. We will e-mail you when there is something new to read.`
        : "We will e-mail you when there is something new to read.",
    ],
    action: { label: "Open your case", url: data.caseUrl },
  });
}

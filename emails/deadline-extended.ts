import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: the Security Officer extended a deadline on their case (issue 6 §4). */
export const deadlineExtendedSchema = z.object({
  ...caseMailFields,
  stage: stageSchema,
  /** What the clock times: "the answer", "the acknowledgement", … */
  deadlineName: z.string().trim().min(1).max(100),
  /** The new date as the operator's calendar reads it, e.g. "14 Jan 2027 (end of day, New York time)". */
  newDue: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(2000),
});
export type DeadlineExtendedData = z.output<typeof deadlineExtendedSchema>;

export function deadlineExtended(data: DeadlineExtendedData): RenderedEmail {
  return renderMessage({
    subject: subjectLine(data.reference, "a deadline on your complaint has been extended"),
    preview: `New date: ${data.newDue}.`,
    heading: "A deadline has been extended",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `The deadline for ${data.deadlineName} on case ${data.reference} (step “${stageName(data.stage)}”) is now ${data.newDue}.`,
      `The reason given: ${data.reason}`,
      "You can see every deadline on your case, and how it was worked out, on the case page.",
    ],
    action: { label: "Open your case", url: data.caseUrl },
  });
}

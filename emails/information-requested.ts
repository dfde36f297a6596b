import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDue, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: more information is needed. The question itself stays on the case page. */
export const informationRequestedSchema = z.object({
  ...caseMailFields,
  /** By when an answer would help, if there is such a date. */
  respondBy: dateSchema.optional(),
});
export type InformationRequestedData = z.output<typeof informationRequestedSchema>;

export function informationRequested(data: InformationRequestedData): RenderedEmail {
  return renderMessage({
    subject: subjectLine(data.reference, "we need some more information from you"),
    preview: "There is a question for you on the case page.",
    heading: "We need some more information",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `To continue with case ${data.reference}, we need some more information from you. The question is on the case page; you can answer there and upload documents if they help.`,
      data.respondBy
        ? `Please answer by ${formatDue(data.respondBy, data.zone)} if you can. While we wait for your answer, the time limit for answering your complaint is paused.`
        : "While we wait for your answer, the time limit for answering your complaint is paused.",
    ],
    action: { label: "Answer the question", url: data.caseUrl },
  });
}

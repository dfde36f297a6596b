import { z } from "zod";
import { renderMessage } from "./layout";
import { audienceSchema, caseMailFields, dateSchema, formatDue, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the Security Officer and the client's liaisons: a new case has arrived. No complaint text. */
export const newCaseSchema = z.object({
  ...caseMailFields,
  audience: audienceSchema.default("staff"),
  /** The stage the case starts at. */
  stage: stageSchema.default("client"),
  acknowledgeBy: dateSchema.optional(),
  respondBy: dateSchema.optional(),
});
export type NewCaseData = z.output<typeof newCaseSchema>;

export function newCase(data: NewCaseData): RenderedEmail {
  const due = [
    data.acknowledgeBy ? `acknowledge it by ${formatDue(data.acknowledgeBy, data.zone)}` : undefined,
    data.respondBy ? `answer it by ${formatDue(data.respondBy, data.zone)}` : undefined,
  ].filter((x): x is string => x !== undefined);
  return renderMessage({
    subject: subjectLine(data.reference, "a new case has been filed"),
    preview: `New case ${data.reference} at ${stageName(data.stage)}.`,
    heading: "A new case has been filed",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `A new privacy complaint has been filed as case ${data.reference}. It starts at the step “${stageName(data.stage)}”.`,
      due.length > 0
        ? `Please ${due.join(" and ")}. The complaint itself is on the case page:`
        : "Please acknowledge it promptly. The complaint itself is on the case page:",
    ],
    action: { label: "Open the case", url: data.caseUrl },
  });
}

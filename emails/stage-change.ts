import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, stageExplanation, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** The case moved to the next step of the recourse ladder. */
export const stageChangeSchema = z
  .object({
    ...caseMailFields,
    fromStage: stageSchema,
    toStage: stageSchema,
  })
  .refine((d) => d.fromStage !== d.toStage, { message: "fromStage and toStage must differ", path: ["toStage"] });
export type StageChangeData = z.output<typeof stageChangeSchema>;

export function stageChange(data: StageChangeData): RenderedEmail {
  const staff = data.audience === "staff";
  return renderMessage({
    subject: subjectLine(data.reference, `${staff ? "the" : "your"} case has moved to ${stageName(data.toStage)}`),
    preview: `Now at: ${stageName(data.toStage)}.`,
    heading: `The case has moved to the next step: ${stageName(data.toStage)}`,
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `Case ${data.reference} has moved from “${stageName(data.fromStage)}” to “${stageName(data.toStage)}”.`,
      ...(staff ? [] : [stageExplanation(data.toStage)]),
      "The case page shows what has happened so far and what comes next:",
    ],
    action: { label: "Open the case", url: data.caseUrl },
  });
}

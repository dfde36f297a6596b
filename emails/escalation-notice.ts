import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the client liaison or the Security Officer: a case was escalated from one stage to the next. */
export const escalationNoticeSchema = z
  .object({
    ...caseMailFields,
    audience: z.enum(["complainant", "staff"]).default("staff"),
    fromStage: stageSchema,
    toStage: stageSchema,
    /** Who escalated, by role only. */
    escalatedBy: z.enum(["complainant", "officer"]).optional(),
  })
  .refine((d) => d.fromStage !== d.toStage, { message: "fromStage and toStage must differ", path: ["toStage"] });
export type EscalationNoticeData = z.output<typeof escalationNoticeSchema>;

export function escalationNotice(data: EscalationNoticeData): RenderedEmail {
  const by = data.escalatedBy === "complainant" ? " by the complainant" : data.escalatedBy === "officer" ? " by the Security Officer" : "";
  return renderMessage({
    subject: subjectLine(data.reference, `case escalated from ${stageName(data.fromStage)} to ${stageName(data.toStage)}`),
    preview: `Case ${data.reference} is now at: ${stageName(data.toStage)}.`,
    heading: "A case has been escalated",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `Case ${data.reference} was escalated${by} from “${stageName(data.fromStage)}” to “${stageName(data.toStage)}”.`,
      "New deadlines may apply at this step, and you may be asked to supply facts. The case page shows the timeline, the deadlines and what is expected of you:",
    ],
    action: { label: "Open the case", url: data.caseUrl },
  });
}

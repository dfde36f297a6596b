import { z } from "zod";
import { DEADLINE_KINDS, NOTICE_DEADLINE_WORDS } from "../app/domain";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDue, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the Security Officer: a deadline passed unmet. Sent once per due date. */
export const deadlineBreachedSchema = z.object({
  ...caseMailFields,
  audience: z.enum(["complainant", "staff"]).default("staff"),
  stage: stageSchema,
  deadlineKind: z.enum(DEADLINE_KINDS),
  dueAt: dateSchema,
  /** Absent on alerts queued before it was kept: the old sentence. */
  complainantMayMoveOn: z.boolean().optional(),
});
export type DeadlineBreachedData = z.output<typeof deadlineBreachedSchema>;

export function deadlineBreached(data: DeadlineBreachedData): RenderedEmail {
  return renderMessage({
    subject: subjectLine(data.reference, `deadline missed (${formatDue(data.dueAt, data.zone)})`),
    preview: `The deadline to ${NOTICE_DEADLINE_WORDS[data.deadlineKind]} passed on ${formatDue(data.dueAt, data.zone)}.`,
    heading: "A deadline has passed",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `On case ${data.reference} (${stageName(data.stage)}), the deadline to ${NOTICE_DEADLINE_WORDS[data.deadlineKind]} was ${formatDue(data.dueAt, data.zone)} and has passed without it.`,
      data.complainantMayMoveOn === false
        ? "The complainant cannot take the complaint to a next step now (the case page says why). Please act on the case:"
        : "The complainant may now take the complaint to the next step. Please act on the case:",
    ],
    action: { label: "Open the case", url: data.caseUrl },
  });
}

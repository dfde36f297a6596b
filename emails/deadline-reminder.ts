import { z } from "zod";
import { DEADLINE_KINDS, NOTICE_DEADLINE_WORDS } from "../app/domain";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDue, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To whoever must act on a clock (liaison at the client stage, Security Officer elsewhere): a deadline is near. */
export const deadlineReminderSchema = z.object({
  ...caseMailFields,
  audience: z.enum(["complainant", "staff"]).default("staff"),
  stage: stageSchema,
  deadlineKind: z.enum(DEADLINE_KINDS),
  dueAt: dateSchema,
  /** The reminder's window: sent this many days before the date. */
  days: z.number().int().positive(),
});
export type DeadlineReminderData = z.output<typeof deadlineReminderSchema>;

export function deadlineReminder(data: DeadlineReminderData): RenderedEmail {
  const within = data.days === 1 ? "1 day" : `${data.days} days`;
  return renderMessage({
    subject: subjectLine(data.reference, `deadline within ${within} (${formatDue(data.dueAt, data.zone)})`),
    preview: `The deadline to ${NOTICE_DEADLINE_WORDS[data.deadlineKind]} is ${formatDue(data.dueAt, data.zone)}.`,
    heading: "A deadline is near",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `On case ${data.reference} (${stageName(data.stage)}), the deadline to ${NOTICE_DEADLINE_WORDS[data.deadlineKind]} is ${formatDue(data.dueAt, data.zone)}, within ${within}.`,
      "The case page shows how the date was worked out and what is still open:",
    ],
    action: { label: "Open the case", url: data.caseUrl },
  });
}

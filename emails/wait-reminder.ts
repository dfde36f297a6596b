import { z } from "zod";
import { WAIT_WORDS } from "../app/domain";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDate, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: we are still waiting for them (a reply, or their view on an answer). */
export const waitReminderSchema = z.object({
  ...caseMailFields,
  waitKind: z.enum(["information", "answer"]),
  since: dateSchema,
  /** From this day the Security Officer may close the case as not pursued. */
  closureProposalAt: dateSchema,
});
export type WaitReminderData = z.output<typeof waitReminderSchema>;

export function waitReminder(data: WaitReminderData): RenderedEmail {
  return renderMessage({
    subject: subjectLine(data.reference, "we are waiting for you"),
    preview: `We are still waiting for you to ${WAIT_WORDS[data.waitKind]}.`,
    heading: "We are still waiting for you",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `Since ${formatDate(data.since, data.zone)} we have been waiting for you to ${WAIT_WORDS[data.waitKind]} on case ${data.reference}.`,
      `If we hear nothing by ${formatDate(data.closureProposalAt, data.zone)}, our Security Officer may close your complaint as not pursued.`,
    ],
    action: { label: "Open your case", url: data.caseUrl },
  });
}

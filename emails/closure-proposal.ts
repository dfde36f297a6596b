import { z } from "zod";
import { WAIT_WORDS } from "../app/domain";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDate, subjectLine, type RenderedEmail } from "./shared";

/** To the Security Officer: a case has waited for the complainant long enough to be closed as not pursued. Never closes it. */
export const closureProposalSchema = z.object({
  ...caseMailFields,
  audience: z.enum(["complainant", "staff"]).default("staff"),
  waitKind: z.enum(["information", "answer"]),
  since: dateSchema,
});
export type ClosureProposalData = z.output<typeof closureProposalSchema>;

export function closureProposal(data: ClosureProposalData): RenderedEmail {
  return renderMessage({
    subject: subjectLine(data.reference, "proposed for closure as not pursued"),
    preview: `No word from the complainant since ${formatDate(data.since, data.zone)}.`,
    heading: "A case is proposed for closure",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `Since ${formatDate(data.since, data.zone)}, case ${data.reference} has waited for the complainant to ${WAIT_WORDS[data.waitKind]}, and a reminder has gone out.`,
      "Nothing closes on its own. If you agree, close the case with the reason “not pursued”:",
    ],
    action: { label: "Open the case", url: data.caseUrl },
  });
}

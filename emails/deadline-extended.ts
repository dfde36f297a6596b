import { z } from "zod";
import { DEADLINE_KINDS } from "../app/domain";
import { renderMessage } from "./layout";
import { caseMailFields, dateSchema, formatDue, mailTranslator, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: the Security Officer extended a deadline on their case (issue 6 §4). */
export const deadlineExtendedSchema = z.object({
  ...caseMailFields,
  stage: stageSchema,
  /** Which clock: named in the mail's language. */
  deadlineKind: z.enum(DEADLINE_KINDS).optional(),
  /** The new last moment; written in the operator's zone and the mail's language. */
  dueAt: dateSchema.optional(),
  /** Before mail had languages: what the clock times and the new date, as English words. Read only when kind and date are missing. */
  deadlineName: z.string().trim().min(1).max(100).optional(),
  newDue: z.string().trim().min(1).max(200).optional(),
  reason: z.string().trim().min(1).max(2000),
});
export type DeadlineExtendedData = z.output<typeof deadlineExtendedSchema>;

export function deadlineExtended(data: DeadlineExtendedData): RenderedEmail {
  const t = mailTranslator(data);
  // A delivery queued before mail had languages carries English words only: it is sent as they were.
  const due = data.dueAt ? formatDue(data.dueAt, data.zone, t) : (data.newDue ?? "");
  const body = data.deadlineKind
    ? t("mail.case.extended.body", { deadline: data.deadlineKind, reference: data.reference, stage: stageName(data.stage, t), due })
    : `The deadline for ${data.deadlineName ?? "your case"} on case ${data.reference} (stage “${stageName(data.stage)}”) is now ${due}.`;
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, "a deadline on your complaint has been extended"),
    preview: t("mail.case.extended.preview", { due }),
    heading: t("mail.case.extended.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [body, t("mail.case.extended.reason", { reason: data.reason }), t("mail.case.extended.seeAll")],
    action: { label: t("mail.case.openYourCase"), url: data.caseUrl },
  });
}

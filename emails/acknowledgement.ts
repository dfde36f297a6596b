import { z } from "zod";
import { renderMessage, type Block } from "./layout";
import { caseMailFields, dateSchema, duration, formatDue, linkSchema, stageExplanation, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant when a complaint is filed. */
export const acknowledgementSchema = z.object({
  ...caseMailFields,
  /** The stage the case starts at. */
  stage: stageSchema.default("client"),
  /** When an answer is due at that stage, if known. */
  respondBy: dateSchema.optional(),
  /** A one-time link that confirms the address and signs in (a complainant has no password). */
  signInLink: linkSchema.optional(),
  expiresInMinutes: z.number().int().positive().max(7 * 24 * 60).optional(),
});
export type AcknowledgementData = z.output<typeof acknowledgementSchema>;

export function acknowledgement(data: AcknowledgementData): RenderedEmail {
  const action = data.signInLink
    ? { label: "Confirm your e-mail address and open your case", url: data.signInLink }
    : { label: "Open your case", url: data.caseUrl };
  const after: Block[] = data.signInLink
    ? [
        data.expiresInMinutes
          ? `This link works once and expires in ${duration(data.expiresInMinutes)}.`
          : "This link works once.",
        `Later, you can find your case at ${data.caseUrl} (you will be asked for your e-mail address and sent a new sign-in link).`,
      ]
    : [];
  // "Reply to this e-mail" only when a reply reaches the case; otherwise the Security Officer's address below.
  after.push(
    data.replyByMail
      ? "If you did not file this complaint, please tell us by replying to this e-mail."
      : "If you did not file this complaint, please tell our Security Officer (contact details below).",
  );
  return renderMessage({
    subject: subjectLine(data.reference, "we have received your complaint"),
    preview: `We have received your complaint. Your case reference is ${data.reference}.`,
    heading: "We have received your complaint",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `Thank you for writing to us. Your complaint is registered under the reference ${data.reference}. Please keep this reference; it identifies your case whenever you contact us.`,
      "What happens next:",
      {
        list: [
          stageExplanation(data.stage),
          data.respondBy
            ? `You should receive an answer by ${formatDue(data.respondBy, data.zone)}. We will e-mail you whenever there is something new to read on your case.`
            : "We will e-mail you whenever there is something new to read on your case.",
          "If you are not satisfied with the answer, or if nobody answers in time, the case page will show you the next step you can take.",
        ],
      },
      "You can follow your case, add information and upload documents on the case page:",
    ],
    action,
    after,
  });
}

import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: before we carry out an access, correction or removal request, we need to know it is them. */
export const identityVerificationNeededSchema = z.object(caseMailFields);
export type IdentityVerificationNeededData = z.output<typeof identityVerificationNeededSchema>;

export function identityVerificationNeeded(data: IdentityVerificationNeededData): RenderedEmail {
  return renderMessage({
    subject: subjectLine(data.reference, "we need to confirm who you are"),
    preview: "Before we act on your request, we need to confirm that it is yours.",
    heading: "We need to confirm who you are",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `Your complaint ${data.reference} asks us to show, correct or remove personal data. Before we do that, we must make sure the request comes from the person the data is about, so that nobody else can see or change it.`,
      "The case page says what we need from you. You can answer there.",
    ],
    action: { label: "See what we need", url: data.caseUrl },
  });
}

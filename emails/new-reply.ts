import { z } from "zod";
import { renderMessage } from "./layout";
import { operator } from "../app/config/operator.server";
import { caseMailFields, subjectLine, type RenderedEmail } from "./shared";

/**
 * Someone wrote on the case. Deliberately carries NO message body, complaint text or
 * author name: personal data stays in the app, the mail only says there is something to read.
 * Unknown keys (a `body`, say) are stripped by the schema, and the job payload stores only the
 * parsed data, so they never reach the queue table nor the mail.
 */
export const newReplySchema = z.object({
  ...caseMailFields,
  /** Who wrote, by role only. */
  authorRole: z.enum(["complainant", "liaison", "officer", "dispute_body"]).optional(),
});
export type NewReplyData = z.output<typeof newReplySchema>;

function who(role: NewReplyData["authorRole"]): string | undefined {
  switch (role) {
    case "complainant":
      return "The complainant";
    case "liaison":
      return "The client company";
    case "officer":
      return `The Security Officer of ${operator.name}`;
    case "dispute_body":
      return `The ${operator.disputeBodyName}`;
    default:
      return undefined;
  }
}

export function newReply(data: NewReplyData): RenderedEmail {
  const author = who(data.authorRole);
  const staff = data.audience === "staff";
  return renderMessage({
    subject: subjectLine(data.reference, staff ? "a new message on the case" : "a new message on your case"),
    preview: "There is a new message for you to read on the case page.",
    heading: "There is a new message on the case",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      author
        ? `${author} has written a new message on case ${data.reference}.`
        : `There is a new message on case ${data.reference}.`,
      "To protect personal data, we do not copy messages into e-mail. Please read it on the case page:",
    ],
    action: { label: "Read the message", url: data.caseUrl },
    after: staff ? undefined : ["You can answer on the same page if you wish."],
  });
}

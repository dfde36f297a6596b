import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { renderMessage } from "./layout";
import { duration, linkSchema, recipientNameSchema, subjectLine, type RenderedEmail } from "./shared";

/** A one-time sign-in link ("magic link"); it belongs to no case. */
export const signInLinkSchema = z.object({
  link: linkSchema,
  expiresInMinutes: z.number().int().positive().max(7 * 24 * 60),
  recipientName: recipientNameSchema,
});
export type SignInLinkData = z.output<typeof signInLinkSchema>;

export function signInLink(data: SignInLinkData): RenderedEmail {
  return renderMessage({
    subject: subjectLine(undefined, "your sign-in link"),
    preview: `Your sign-in link works for ${duration(data.expiresInMinutes)}.`,
    heading: "Your sign-in link",
    recipientName: data.recipientName,
    body: [`Someone, probably you, asked to sign in to the privacy complaints service of ${operator.name}. Use the button below to sign in.`],
    action: { label: "Sign in", url: data.link },
    after: [
      `The link works once and expires in ${duration(data.expiresInMinutes)}.`,
      "If you did not ask for this, ignore this e-mail: nobody can sign in without the link, and nothing changes on your account.",
    ],
  });
}

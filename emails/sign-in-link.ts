import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { renderMessage } from "./layout";
import { duration, linkSchema, localeSchema, mailTranslator, recipientNameSchema, subjectLine, type RenderedEmail } from "./shared";

/** A one-time sign-in link ("magic link"); it belongs to no case. */
export const signInLinkSchema = z.object({
  link: linkSchema,
  expiresInMinutes: z.number().int().positive().max(7 * 24 * 60),
  recipientName: recipientNameSchema,
  /** The language of the request that asked for the link (ADR 033). */
  locale: localeSchema,
});
export type SignInLinkData = z.output<typeof signInLinkSchema>;

export function signInLink(data: SignInLinkData): RenderedEmail {
  const t = mailTranslator(data);
  const valid = duration(data.expiresInMinutes, t);
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(undefined, t("mail.account.signIn.topic")),
    preview: t("mail.account.signIn.preview", { duration: valid }),
    heading: t("mail.account.signIn.heading"),
    recipientName: data.recipientName,
    body: [t("mail.account.signIn.body", { operator: operator.name })],
    action: { label: t("mail.account.signIn.action"), url: data.link },
    after: [t("mail.account.signIn.expires", { duration: valid }), t("mail.account.signIn.notYou")],
  });
}

import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { renderMessage } from "./layout";
import { linkSchema, localeSchema, mailTranslator, recipientNameSchema, referenceSchema, subjectLine, type RenderedEmail } from "./shared";

/**
 * To an address we already know, when a complaint was filed with it on the public form: nothing
 * happens until the owner confirms. Says nothing of what the complaint says (a stranger may have
 * written it), and for a staff address offers no link (staff cannot file on the public form).
 */
export const heldFilingSchema = z.object({
  reference: referenceSchema,
  recipientName: recipientNameSchema,
  /** The confirmation link; null for a staff address. */
  link: linkSchema.nullable(),
  expiresInDays: z.number().int().positive().max(90),
  /** The language the complaint was filed in (ADR 033). */
  locale: localeSchema,
});
export type HeldFilingData = z.output<typeof heldFilingSchema>;

export function heldFiling(data: HeldFilingData): RenderedEmail {
  const t = mailTranslator(data);
  const values = { operator: operator.name };
  if (!data.link) {
    return renderMessage({
      locale: data.locale,
      subject: subjectLine(data.reference, "a complaint was made with your work address"),
      preview: t("mail.account.held.staffPreview"),
      heading: t("mail.account.held.staffHeading"),
      recipientName: data.recipientName,
      reference: data.reference,
      body: [t("mail.account.held.staffBody", values), t("mail.account.held.staffWhatNow")],
    });
  }
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, "please confirm your new complaint"),
    preview: t("mail.account.held.preview"),
    heading: t("mail.account.held.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    body: [t("mail.account.held.body", values), t("mail.account.held.ifYou")],
    action: { label: t("mail.account.held.action"), url: data.link },
    after: [t("mail.account.held.expires", { days: data.expiresInDays }), t("mail.account.held.notYou")],
  });
}

import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { renderMessage } from "./layout";
import { linkSchema, recipientNameSchema, referenceSchema, subjectLine, type RenderedEmail } from "./shared";

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
});
export type HeldFilingData = z.output<typeof heldFilingSchema>;

export function heldFiling(data: HeldFilingData): RenderedEmail {
  if (!data.link) {
    return renderMessage({
      subject: subjectLine(data.reference, "a complaint was made with your work address"),
      preview: "A complaint was made on our public form with your staff address. Nothing has been opened.",
      heading: "A complaint was made with your work address",
      recipientName: data.recipientName,
      reference: data.reference,
      body: [
        `Someone used your staff address on the public complaint form of ${operator.name}. Staff addresses cannot be used there, so no case has been opened and nobody else was told.`,
        "If it was you and the complaint is personal, please make it again with your personal e-mail address. If it was not you, you need not do anything; the Security Officer can see such attempts.",
      ],
    });
  }
  return renderMessage({
    subject: subjectLine(data.reference, "please confirm your new complaint"),
    preview: "A new complaint was made with your e-mail address. It waits for your confirmation.",
    heading: "Please confirm your new complaint",
    recipientName: data.recipientName,
    reference: data.reference,
    body: [
      `A new complaint was made on the website of ${operator.name} with your e-mail address. Because you already have a complaint with us, we keep the new one aside until you confirm that you made it.`,
      "If you made it, use the button below. It will then appear with your other complaints and be handled like them.",
    ],
    action: { label: "Confirm my complaint", url: data.link },
    after: [
      `The link works once and expires in ${data.expiresInDays} days.`,
      "If you did not make this complaint, ignore this e-mail: it will not be opened and will not appear with your complaints.",
    ],
  });
}

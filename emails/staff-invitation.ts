import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { renderMessage } from "./layout";
import { duration, linkSchema, recipientNameSchema, subjectLine, type RenderedEmail } from "./shared";

/** An invitation to a staff account (officer or client liaison); it belongs to no case. */
export const staffInvitationSchema = z.object({
  link: linkSchema,
  expiresInMinutes: z.number().int().positive().max(14 * 24 * 60),
  recipientName: recipientNameSchema,
  /** "Security Officer" or "liaison for Northwind Outfitters". */
  roleDescription: z.string().trim().min(1).max(300),
  invitedBy: z.string().trim().min(1).max(200),
});
export type StaffInvitationData = z.output<typeof staffInvitationSchema>;

export function staffInvitation(data: StaffInvitationData): RenderedEmail {
  return renderMessage({
    subject: subjectLine(undefined, "your staff account"),
    preview: `${data.invitedBy} invited you to the privacy complaints service of ${operator.name}.`,
    heading: "You are invited to a staff account",
    recipientName: data.recipientName,
    body: [
      `${data.invitedBy} gave you access to the privacy complaints service of ${operator.name} as ${data.roleDescription}.`,
      "Open the link to choose your password and set up the second factor: an authenticator app on your phone (any app that reads a QR code for one-time codes).",
    ],
    action: { label: "Set up my account", url: data.link },
    after: [
      `The link works once and expires in ${duration(data.expiresInMinutes)}. If it has expired, ask the Security Officer for a new invitation.`,
      "If you did not expect this, ignore this e-mail: nobody can use the account without the link.",
    ],
  });
}

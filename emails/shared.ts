import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { STAGES, stepName, formatDay, isTimeZone, zoneName, type Stage } from "../app/domain";
import { formatDue as pageDue } from "../app/lib/dates";

export { STAGES, type Stage };
export { nextStage } from "../app/domain";

/** What every template returns. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export const stageSchema = z.enum(STAGES);

// ---- field schemas shared by the templates -------------------------------------------

/** A case reference such as PS-2026-000123: letters, digits and dashes only (it goes into the subject). */
export const referenceSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, "a case reference is letters, digits and dashes, e.g. PS-2026-000123");

/** An absolute http(s) link. */
export const linkSchema = z.url({ protocol: /^https?$/, error: "an absolute http(s) link" });

/** The name used in the greeting; without it the mail says "Hello,". */
export const recipientNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((name) => name.replace(/\s+/g, " "))
  .optional();

/** Who the mail is for: the complainant (default) or staff (liaison, officer): changes the wording, not the facts. */
export const audienceSchema = z.enum(["complainant", "staff"]).default("complainant");

/** A date (Date, or an ISO date / date-time string as it comes back out of a JSON job payload). */
export const dateSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value))
  .refine((d) => !Number.isNaN(d.getTime()), "a valid date");

/**
 * Whether a reply to this mail reaches the case: set at enqueue when inbound mail is configured and
 * the mail carries the recipient's Reply-To address. Only then may a mail say "reply to this e-mail".
 */
export const replyByMailSchema = z
  // A staff recipient's reply goes to staff only; `everyone` is their address for all parties.
  .union([z.boolean(), z.object({ everyone: z.string().max(320).regex(/^[^\s<>"@]+@[^\s<>"@]+$/) })])
  .default(false);

/**
 * The operator's time zone, in which every date of a mail is written and named, as on the pages.
 * `enqueueMails` puts the zone of the clock settings into the data when the mail is queued (so a
 * mail says what was true when it was caused, not when a retry sends it). A delivery queued before
 * mail carried a zone has none: it is written in UTC, and says so.
 */
export const zoneSchema = z.string().refine(isTimeZone, "an IANA time zone such as America/New_York").default("UTC");

/** reference, caseUrl, recipientName, audience, replyByMail, zone: the data every case mail carries. */
export const caseMailFields = {
  reference: referenceSchema,
  caseUrl: linkSchema,
  recipientName: recipientNameSchema,
  audience: audienceSchema,
  replyByMail: replyByMailSchema,
  zone: zoneSchema,
};

// ---- wording shared by the templates --------------------------------------------------

/** The step's one name, as the case pages show it (the one table of steps, ADR 034). */
export function stageName(stage: Stage): string {
  return stepName(stage);
}

/** What happens at a stage, in one or two sentences for a complainant. */
export function stageExplanation(stage: Stage): string {
  switch (stage) {
    case "client":
      return (
        "First, our client (the company whose customer you are, and whose marketing database we host) looks into your complaint. " +
        "They will acknowledge it and answer you through the case page."
      );
    case "company":
      return `${operator.name} now looks into your complaint itself. Our Security Officer will acknowledge it and answer you through the case page.`;
    case "dma":
      return (
        `Your complaint is now with an independent body, the ${operator.disputeBodyName}. ` +
        `They review it and liaise with ${operator.name} to resolve your concerns. We record their steps on the case page.`
      );
    case "arbitration":
      return (
        "Your complaint is now in binding arbitration. An arbitration panel decides it. " +
        "The panel can order relief for you personally, such as access to, correction, deletion or return of your data; it cannot award money."
      );
  }
}

/** "15 minutes", "1 hour", "2 hours". */
export function duration(minutes: number): string {
  if (minutes % 60 === 0 && minutes >= 60) {
    const hours = minutes / 60;
    return hours === 1 ? "1 hour" : `${hours} hours`;
  }
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}


/** "3 Mar 2026 (New York time)": a day, in the operator's zone, named. The one date formatter of mail. */
export function formatDate(date: Date, zone: string): string {
  return `${formatDay(date, zone)} (${zoneName(zone)})`;
}

/** "14 Jan 2027 (end of day, New York time)": a deadline's last moment, exactly as the pages write it. */
export function formatDue(date: Date, zone: string): string {
  return pageDue(date, zone);
}

/**
 * Every subject begins with "Privacy Inquiry", as the operator's policy asks of mail about privacy.
 * A case mail's subject is exactly "Privacy Inquiry [REFERENCE]": the same on every mail of the case,
 * so mail clients that thread by subject as well as by References (Gmail) keep one case in one thread,
 * and nothing else (no name, no client, no topic) reaches an inbox list. The `topic` says what the
 * mail is about; for a case mail it is the preview's job, for a mail of no case (a sign-in link) it
 * completes the subject.
 */
export function subjectLine(reference: string | undefined, topic: string): string {
  return reference ? `Privacy Inquiry [${reference}]` : `Privacy Inquiry: ${topic}`;
}

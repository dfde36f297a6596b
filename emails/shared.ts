import { z } from "zod";
import { operator } from "../app/config/operator.server";
import { STAGES, isTimeZone, type Stage } from "../app/domain";
import { LOCALES, translatorFor, type Translate } from "../app/i18n";
import { zoneLabel as zoneLabelIn } from "../app/i18n/deadlines";

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

/**
 * The language of the mail (ADR 033). `enqueueMails` gives a complainant's mail about a case the
 * case's language; a caller may name one (a sign-in link: the language of the request). Staff
 * mail, and mail queued before mail had a language, is in English.
 */
export const localeSchema = z.enum(LOCALES).default("en");

/** reference, caseUrl, recipientName, audience, replyByMail, zone, locale: the data every case mail carries. */
export const caseMailFields = {
  reference: referenceSchema,
  caseUrl: linkSchema,
  recipientName: recipientNameSchema,
  audience: audienceSchema,
  replyByMail: replyByMailSchema,
  zone: zoneSchema,
  locale: localeSchema,
};

/** The translator of one mail: its language, and every ICU date in the operator's zone. */
export function mailTranslator(data: { locale?: (typeof LOCALES)[number] | undefined; zone?: string | undefined }): Translate {
  return translatorFor(data.locale ?? "en", data.zone ?? "UTC");
}

const english = translatorFor("en");

// ---- wording shared by the templates --------------------------------------------------

/** The stage's plain name, as the case pages show it. */
export function stageName(stage: Stage, t: Translate = english): string {
  return t(`steps.${stage}.name`);
}

/** What happens at a stage, in one or two sentences for a complainant. */
export function stageExplanation(stage: Stage, t: Translate = english): string {
  const values = { operator: operator.name, disputeBody: operator.disputeBodyName };
  switch (stage) {
    case "client":
      return t("mail.stage.explanation.client", values);
    case "company":
      return t("mail.stage.explanation.company", values);
    case "dma":
      return t("mail.stage.explanation.dma", values);
    case "arbitration":
      return t("mail.stage.explanation.arbitration", values);
  }
}

/** "15 minutes", "1 hour", "2 hours" (ICU plurals, in the mail's language). */
export function duration(minutes: number, t: Translate = english): string {
  if (minutes % 60 === 0 && minutes >= 60) return t("mail.hours", { hours: minutes / 60 });
  return t("mail.minutes", { minutes });
}

/** "New York time", "Ortszeit New York", "heure de New York": the operator's zone as every date names it. */
export function zoneLabel(zone: string, t: Translate = english): string {
  return zoneLabelIn(t, zone);
}

/**
 * "3 Mar 2026 (New York time)": a day, in the operator's zone, named. The one date formatter of
 * mail. The translator must be the mail's (mailTranslator), which writes dates in its zone.
 */
export function formatDate(date: Date, zone: string, t: Translate = translatorFor("en", zone)): string {
  return t("mail.date", { date, zone: zoneLabel(zone, t) });
}

/** "14 Jan 2027 (end of day, New York time)": a deadline's last moment, exactly as the pages write it. */
export function formatDue(date: Date, zone: string, t: Translate = translatorFor("en", zone)): string {
  return t("mail.due", { date, zone: zoneLabel(zone, t) });
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

import { z } from "zod";
import { TEMPLATE_NAMES, parseTemplateData, type TemplateData, type TemplateInput, type TemplateName } from "../../emails";

/** One notification as a caller hands it in: which template, to whom, and the template's data. */
export type MailJob = { [N in TemplateName]: { template: N; to: string; data: TemplateInput<N> } }[TemplateName];

/** A notification after validation (data with defaults applied, dates as Date). */
export type ParsedMailJob = { [N in TemplateName]: { template: N; to: string; data: TemplateData<N> } }[TemplateName];

export const SEND_MAIL_TASK = "send_mail";
/**
 * graphile-worker's attempts for a `send_mail` job. SMTP failures do not use them (the task records
 * the failure on the delivery and schedules its own retry, see mail-retry.ts); they count only
 * errors of our own database, retried with graphile-worker's backoff for days.
 */
export const SEND_MAIL_MAX_ATTEMPTS = 25;

const envelopeSchema = z.object({
  template: z.enum(TEMPLATE_NAMES),
  to: z.email(),
  data: z.unknown(),
});

/** Validates a notification (from a caller, or from a stored delivery); throws a ZodError when it is bad. */
export function parseMailJob(payload: unknown): ParsedMailJob {
  const envelope = envelopeSchema.parse(payload);
  return { template: envelope.template, to: envelope.to, data: parseTemplateData(envelope.template, envelope.data) } as ParsedMailJob;
}

/** The payload of a `send_mail` job: only the delivery it sends; the mail itself is in mail_deliveries. */
export const sendMailPayloadSchema = z.object({ deliveryId: z.uuid() });
export type SendMailPayload = z.infer<typeof sendMailPayloadSchema>;

/** The job key of a delivery: at most one pending job per mail, however often it is queued again. */
export const deliveryJobKey = (deliveryId: string) => `mail:${deliveryId}`;

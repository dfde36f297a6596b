import { z } from "zod";
import { TEMPLATE_NAMES, parseTemplateData, type TemplateData, type TemplateInput, type TemplateName } from "../../emails";

/** The payload of a `send_mail` job: which template, to whom, and the template's data. */
export type MailJob = { [N in TemplateName]: { template: N; to: string; data: TemplateInput<N> } }[TemplateName];

/** A payload after validation (data with defaults applied, dates as Date). */
export type ParsedMailJob = { [N in TemplateName]: { template: N; to: string; data: TemplateData<N> } }[TemplateName];

export const SEND_MAIL_TASK = "send_mail";
export const SEND_MAIL_MAX_ATTEMPTS = 8;

const envelopeSchema = z.object({
  template: z.enum(TEMPLATE_NAMES),
  to: z.email(),
  data: z.unknown(),
});

/** Validates a mail job payload (from a caller, or from the database); throws a ZodError when it is bad. */
export function parseMailJob(payload: unknown): ParsedMailJob {
  const envelope = envelopeSchema.parse(payload);
  return { template: envelope.template, to: envelope.to, data: parseTemplateData(envelope.template, envelope.data) } as ParsedMailJob;
}

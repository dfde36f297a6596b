import { TEMPLATE_NAMES, isTemplateName, renderEmail, type RenderedEmail, type TemplateInput, type TemplateName } from "../../emails";
import { sampleFor } from "../../emails/samples";
import { repliesByMailEnabled } from "./inbound-config";

export interface TemplateSummary {
  name: TemplateName;
  subject: string | null;
}

export interface TemplatePreview extends RenderedEmail {
  name: TemplateName;
  /** Rendered as when inbound mail is configured (the mail promises "reply to this e-mail"). */
  replyByMail: boolean;
  /** Whether this instance has inbound mail configured right now. */
  repliesConfigured: boolean;
}

function render(name: TemplateName, replyByMail: boolean): RenderedEmail | null {
  const sample = sampleFor(name);
  if (!sample) return null;
  return renderEmail(name, { ...sample, replyByMail } as TemplateInput<typeof name>);
}

/** Every template, with its subject for the sample data (null when it has no sample yet). */
export function listTemplates(): TemplateSummary[] {
  return TEMPLATE_NAMES.map((name) => ({ name, subject: render(name, false)?.subject ?? null }));
}

/**
 * One template rendered with its sample data, as a mail with (replyByMail) or without a reply
 * channel; left out, as this instance would send it now. Null for an unknown name or a template
 * without sample data.
 */
export function previewTemplate(name: string, replyByMail?: boolean): TemplatePreview | null {
  if (!isTemplateName(name)) return null;
  const repliesConfigured = repliesByMailEnabled();
  const withReplies = replyByMail ?? repliesConfigured;
  const rendered = render(name, withReplies);
  return rendered ? { ...rendered, name, replyByMail: withReplies, repliesConfigured } : null;
}

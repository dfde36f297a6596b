import type { z } from "zod";
import { acknowledgement, acknowledgementSchema } from "./acknowledgement";
import { answerGiven, answerGivenSchema } from "./answer-given";
import { caseAcknowledged, caseAcknowledgedSchema } from "./case-acknowledged";
import { caseClosed, caseClosedSchema } from "./case-closed";
import { deadlineExtended, deadlineExtendedSchema } from "./deadline-extended";
import { escalationNotice, escalationNoticeSchema } from "./escalation-notice";
import { informationRequested, informationRequestedSchema } from "./information-requested";
import { newCase, newCaseSchema } from "./new-case";
import { newReply, newReplySchema } from "./new-reply";
import { signInLink, signInLinkSchema } from "./sign-in-link";
import { stageChange, stageChangeSchema } from "./stage-change";
import { staffInvitation, staffInvitationSchema } from "./staff-invitation";
import { heldFiling, heldFilingSchema } from "./held-filing";
import { identityVerificationNeeded, identityVerificationNeededSchema } from "./identity-verification-needed";
import { closureProposal, closureProposalSchema } from "./closure-proposal";
import { deadlineBreached, deadlineBreachedSchema } from "./deadline-breached";
import { deadlineReminder, deadlineReminderSchema } from "./deadline-reminder";
import { escalationAvailable, escalationAvailableSchema } from "./escalation-available";
import { noticeDigest, noticeDigestSchema } from "./notice-digest";
import { waitReminder, waitReminderSchema } from "./wait-reminder";
import type { RenderedEmail } from "./shared";

export type { RenderedEmail, Stage } from "./shared";
export { STAGES, stageName } from "./shared";

interface Template<S extends z.ZodType> {
  schema: S;
  render: (data: z.output<S>) => RenderedEmail;
}

function template<S extends z.ZodType>(schema: S, render: (data: z.output<S>) => RenderedEmail): Template<S> {
  return { schema, render };
}

/** Every message the app sends, by name: the zod schema of its data and its renderer. */
export const TEMPLATES = {
  acknowledgement: template(acknowledgementSchema, acknowledgement),
  sign_in_link: template(signInLinkSchema, signInLink),
  new_case: template(newCaseSchema, newCase),
  case_acknowledged: template(caseAcknowledgedSchema, caseAcknowledged),
  new_reply: template(newReplySchema, newReply),
  stage_change: template(stageChangeSchema, stageChange),
  escalation_notice: template(escalationNoticeSchema, escalationNotice),
  information_requested: template(informationRequestedSchema, informationRequested),
  answer_given: template(answerGivenSchema, answerGiven),
  case_closed: template(caseClosedSchema, caseClosed),
  deadline_extended: template(deadlineExtendedSchema, deadlineExtended),
  staff_invitation: template(staffInvitationSchema, staffInvitation),
  held_filing: template(heldFilingSchema, heldFiling),
  identity_verification_needed: template(identityVerificationNeededSchema, identityVerificationNeeded),
  escalation_available: template(escalationAvailableSchema, escalationAvailable),
  deadline_reminder: template(deadlineReminderSchema, deadlineReminder),
  deadline_breached: template(deadlineBreachedSchema, deadlineBreached),
  wait_reminder: template(waitReminderSchema, waitReminder),
  closure_proposal: template(closureProposalSchema, closureProposal),
  notice_digest: template(noticeDigestSchema, noticeDigest),
};

export type TemplateName = keyof typeof TEMPLATES;
/** What a caller passes (dates may be Date or ISO strings, defaults may be left out). */
export type TemplateInput<N extends TemplateName> = z.input<(typeof TEMPLATES)[N]["schema"]>;
/** What the renderer receives after validation. */
export type TemplateData<N extends TemplateName> = z.output<(typeof TEMPLATES)[N]["schema"]>;

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as [TemplateName, ...TemplateName[]];

export function isTemplateName(name: unknown): name is TemplateName {
  return typeof name === "string" && Object.hasOwn(TEMPLATES, name);
}

/** Validates a template's data; throws a ZodError on bad data, an Error on an unknown name. */
export function parseTemplateData<N extends TemplateName>(name: N, data: unknown): TemplateData<N> {
  if (!isTemplateName(name)) throw new Error(`Unknown e-mail template: ${String(name)}`);
  return TEMPLATES[name].schema.parse(data) as TemplateData<N>;
}

/** Validates the data (it may come from a job payload) and renders subject, HTML and text. */
export function renderEmail<N extends TemplateName>(name: N, data: TemplateInput<N>): RenderedEmail {
  const parsed = parseTemplateData(name, data);
  return (TEMPLATES[name].render as (d: TemplateData<N>) => RenderedEmail)(parsed);
}

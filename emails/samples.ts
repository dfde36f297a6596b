import type { TemplateInput, TemplateName } from "./index";

// Sample data for every template: the officer's preview page (/mail/templates) and the round-trip
// tests render each template with it. A template added to TEMPLATES gets its sample here; the
// round-trip test fails for a template without one.

const reference = "PS-2026-000123";
const caseUrl = "https://recourse.example.test/my/cases/PS-2026-000123";
const staffCaseUrl = "https://recourse.example.test/cases/PS-2026-000123";
const common = { reference, caseUrl, recipientName: "Anna Schmidt" };
const staff = { reference, caseUrl: staffCaseUrl, recipientName: "Lee Officer", audience: "staff" as const };

export const SAMPLES: { [N in TemplateName]?: TemplateInput<N> } = {
  acknowledgement: {
    ...common,
    stage: "client",
    respondBy: "2026-03-12T00:00:00Z",
    signInLink: "https://recourse.example.test/auth/link/4f2a9c?next=%2Fmy%2Fcases%2FPS-2026-000123",
    expiresInMinutes: 60,
  },
  sign_in_link: { link: "https://recourse.example.test/auth/link/4f2a9c", expiresInMinutes: 15, recipientName: "Anna Schmidt" },
  new_case: { ...staff, stage: "client", acknowledgeBy: "2026-03-06T00:00:00Z", respondBy: "2026-04-20T00:00:00Z" },
  case_acknowledged: { ...common, stage: "client", respondBy: "2026-04-20" },
  new_reply: { ...common, authorRole: "liaison" },
  stage_change: { ...common, fromStage: "client", toStage: "company" },
  escalation_notice: { ...staff, fromStage: "company", toStage: "dma", escalatedBy: "complainant" },
  information_requested: { ...common, respondBy: "2026-04-01T00:00:00Z" },
  answer_given: { ...common, stage: "company" },
  case_closed: { ...common, outcome: "closed", reason: "duplicate" },
  deadline_extended: { ...common, stage: "company", deadlineName: "answering your complaint", newDue: "14 Jan 2027 (end of day, New York time)", reason: "Waiting for the client's records" },
  staff_invitation: { link: "https://recourse.example.test/invite/abc123", expiresInMinutes: 4320, roleDescription: "liaison for Northwind Outfitters", invitedBy: "Lee Officer", recipientName: "Sam Liaison" },
  held_filing: { reference, recipientName: "Anna Schmidt", link: "https://recourse.example.test/complain/confirm?token=abc123", expiresInDays: 14 },
  identity_verification_needed: { ...common },
  escalation_available: { ...common, stage: "client", because: "answer_rejected" },
  deadline_reminder: { ...staff, stage: "client", deadlineKind: "response", dueAt: "2026-04-20T00:00:00Z", days: 7 },
  deadline_breached: { ...staff, stage: "company", deadlineKind: "follow_up", dueAt: "2026-04-20T00:00:00Z" },
  wait_reminder: { ...common, waitKind: "information", since: "2026-04-01T00:00:00Z", closureProposalAt: "2026-05-01T00:00:00Z" },
  closure_proposal: { ...staff, waitKind: "answer", since: "2026-04-01T00:00:00Z" },
  notice_digest: { recipientName: "Lee Officer", listUrl: "https://recourse.example.test/cases", items: [{ reference, line: "deadline missed (20 Apr 2026)" }] },
};

/** The sample data of a template, or undefined when it has none yet. */
export function sampleFor<N extends TemplateName>(name: N): TemplateInput<N> | undefined {
  return SAMPLES[name] as TemplateInput<N> | undefined;
}

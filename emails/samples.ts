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
};

/** The sample data of a template, or undefined when it has none yet. */
export function sampleFor<N extends TemplateName>(name: N): TemplateInput<N> | undefined {
  return SAMPLES[name] as TemplateInput<N> | undefined;
}

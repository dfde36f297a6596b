import { nextStage, type EscalationWhy, type Stage } from "~/domain";
import type { Translate } from "./translate";

// The complainant's words about moving up the ladder, in their language: for the case page and the
// escalation mail alike (the domain's refusal keeps its English `reason` for staff).

/** Whom the complainant can turn to at the next step. */
export interface EscalationContacts {
  operator: string;
  email: string;
  phone: string;
  address: string;
  disputeBody: string;
  disputeAddress: string;
}

/** "You may take your complaint to the next step now: …", with how to reach that step. */
export function escalationNowText(t: Translate, from: Stage, contacts: EscalationContacts): string {
  const to = nextStage(from);
  const values = { ...contacts, stage: to ? t(`steps.${to}.name`) : "" };
  switch (to) {
    case "company":
      return t("mail.case.escalation.toCompany", values);
    case "dma":
      return t("mail.case.escalation.toDisputeBody", values);
    case "arbitration":
      return t("mail.case.escalation.toArbitration", values);
    default:
      return t("mail.case.escalation.noFurther");
  }
}

/** Why the case cannot move up yet. */
export function escalationWhyText(t: Translate, why: EscalationWhy): string {
  switch (why.kind) {
    case "closed":
    case "last_step":
    case "company_and_dma_first":
    case "paused":
      return t(`case.escalate.why.${why.kind}`);
    case "excluded":
      return t("case.escalate.why.excluded", { exclusion: why.exclusion });
    case "dpa_referral_needed":
      return t("case.escalate.why.dpa_referral_needed", { framework: why.framework });
    case "dpa_period":
      return t("case.escalate.why.dpa_period", { framework: why.framework, opens: why.opensAt });
    case "organization_period":
      return t("case.escalate.why.organization_period", { opens: why.opensAt });
    case "after_deadline":
      return t("case.escalate.why.after_deadline", { to: why.to, due: why.dueAt, missing: why.missing });
    case "decide_first":
    case "answered_on_time":
      return t(`case.escalate.why.${why.kind}`, { to: why.to });
  }
}

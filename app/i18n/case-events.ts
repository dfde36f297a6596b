import { STAGES, type Stage } from "~/domain";
import { MESSAGES, type MessageKey, type Translate } from "./translate";

// A case step in the complainant's words, in their language: for their timeline and for the
// readable copy of their data (my/export.html) alike.

/** Events worded for the complainant: those with a `case.event.*` message; any other is "Your case was updated". */
const worded = (type: string) => Object.hasOwn(MESSAGES.en, `case.event.${type}`);

/** One event (its type and stored payload) as a sentence for the complainant. */
export function complainantEventText(t: Translate, e: { type: string; payload: Record<string, unknown> }): string {
  const p = e.payload;
  const step = (v: unknown) => ((STAGES as readonly unknown[]).includes(v) ? t(`steps.${v as Stage}.name`) : "");
  const date = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
  if (!worded(e.type)) return t("case.event.other");
  const key = `case.event.${e.type}` as MessageKey;
  switch (e.type) {
    case "case_filed":
      return t(key, { step: step(p.stage) });
    case "escalated":
      return t(key, { from: step(p.from), to: step(p.to) });
    case "follow_up_started":
    case "award_compliance_started":
      return date(p.dueAt) ? t(key, { due: date(p.dueAt) }) : t("case.event.other");
    case "closed":
    case "reopened":
    case "deadline_extended":
      return t(key, { reason: String(p.reason ?? "") });
    default:
      return t(key);
  }
}

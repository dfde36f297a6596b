export const REFUSAL_CODES = [
  "not_allowed_for_role",
  "not_your_case",
  "wrong_stage",
  "wrong_status",
  "case_closed",
  "not_yet",
  "prerequisites_not_met",
  "arbitration_excluded",
  "monetary_award",
  "reason_required",
  "already_recorded",
  "invalid",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** A plain sentence the person who asked can read. */
  reason: string;
  /** When the same request would be accepted if nothing else happens first. */
  availableFrom?: Date;
}

export function refuse(code: RefusalCode, reason: string, availableFrom?: Date): Refusal {
  return availableFrom ? { ok: false, code, reason, availableFrom } : { ok: false, code, reason };
}

export function isBlank(text: string | null | undefined): boolean {
  return !text || text.trim() === "";
}

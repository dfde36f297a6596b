// Which of the actions the domain allows now are the case's next step, offered first on the staff
// case page, and which are the rest (notes, assignment, extensions, closing), offered behind them.
import { COMMAND_TYPES, type CommandType } from "./commands";
import type { CaseState } from "./types";

type Facts = Pick<CaseState, "stage" | "status" | "identity">;

/** Whether an allowed action moves the case on from where it stands; in the order they are offered. */
const NEXT_STEP: Partial<Record<CommandType, (state: Facts) => boolean>> = {
  acknowledge: () => true,
  answer: () => true,
  // Before an answer that carries the request out, the check comes first (ADR 021).
  record_identity_verification: (s) => s.identity?.needed === true && s.identity.latest?.outcome !== "verified",
  // A verified request to erase the account (ADR 051): carrying it out is its answer.
  carry_out_erasure: () => true,
  // Arrived at the dispute body or in arbitration: the body's taking the case is what happens next.
  record_dma_referral: (s) => s.stage === "dma",
  record_dma_outcome: () => true,
  record_arbitration_notice: (s) => s.stage === "arbitration",
  record_prerequisites: () => true,
  record_award: () => true,
  confirm_award_compliance: () => true,
  reopen: () => true,
  // The day's work on any open case.
  post_message: () => true,
};

const ORDER: readonly CommandType[] = [...(Object.keys(NEXT_STEP) as CommandType[]), ...COMMAND_TYPES.filter((t) => !(t in NEXT_STEP))];

/** `allowed` (from availableCommands) split into the next steps and the rest, each in a stable order. */
export function splitActions(state: Facts, allowed: readonly CommandType[]): { now: CommandType[]; other: CommandType[] } {
  const sorted = ORDER.filter((t) => allowed.includes(t));
  return {
    now: sorted.filter((t) => NEXT_STEP[t]?.(state) === true),
    other: sorted.filter((t) => NEXT_STEP[t]?.(state) !== true),
  };
}

// How a transition is described and the order in which its conditions are checked, so that
// every refusal names the most basic reason first: whose case, whose role, closed, stage, status.
import type { OperatorCalendar } from "./calendar";
import type { Effects } from "./effects";
import type { FrameworkProfile } from "./frameworks";
import { ROLE_NAMES, STATUS_WHEREABOUTS, stepWho } from "./labels";
import { canViewCase } from "./permissions";
import { refuse, type Refusal } from "./refusals";
import { isTerminal, type Actor, type CaseState, type Role, type Stage, type Status } from "./types";

export interface Context {
  state: CaseState;
  actor: Actor;
  now: Date;
  profile: FrameworkProfile;
  /** The operator's days and zone, passed in like `now` (ADR 011). */
  calendar: OperatorCalendar;
}

export interface Transition<C> {
  /** Completes "Only … can …" and "You can't … while …". */
  action: string;
  /** For each role that may run the command, the stages at which it may. */
  roles: Partial<Record<Role, readonly Stage[]>>;
  /** The statuses in which it may run, per stage where that differs. */
  statuses: readonly Status[] | Partial<Record<Stage, readonly Status[]>>;
  wrongStage?: string;
  wrongStatus?: string;
  /** Rules that need no payload, so `check` can tell the UI in advance. */
  guard?(ctx: Context): Refusal | null;
  /** Rules about the payload. */
  validate?(ctx: Context, command: C): Refusal | null;
  apply(ctx: Context, command: C): Effects;
}

function statusesAt(transition: Transition<unknown>, stage: Stage): readonly Status[] {
  const { statuses } = transition;
  return Array.isArray(statuses) ? statuses : ((statuses as Partial<Record<Stage, readonly Status[]>>)[stage] ?? []);
}

function listOf(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

const ANONYMISED_CASE = "This case was anonymised under the retention policy: its details are gone, so nothing more can be done on it. Open a new case instead.";

export function permit(transition: Transition<unknown>, ctx: Context): Refusal | null {
  const { state, actor } = ctx;
  if (!canViewCase(actor, state)) {
    return refuse(
      "not_your_case",
      actor.role === "liaison" ? "This case belongs to another client company." : "You can only act on your own complaint.",
    );
  }
  const stagesForRole = transition.roles[actor.role];
  if (!stagesForRole) {
    const who = (Object.keys(transition.roles) as Role[]).map((role) => ROLE_NAMES[role]);
    return refuse("not_allowed_for_role", `Only ${listOf(who)} can ${transition.action}.`);
  }
  // What the retention sweep leaves is statistics, not a case to work (ADR 026): no note, letter or
  // reopening adds to it what the sweep would no longer remove.
  if (state.anonymised) return refuse("case_closed", ANONYMISED_CASE);
  const statuses = statusesAt(transition, state.stage);
  if (isTerminal(state.status) && !statuses.includes(state.status)) return refuse("case_closed", "This case is closed.");

  const rolesHere = (Object.keys(transition.roles) as Role[]).filter((role) => transition.roles[role]?.includes(state.stage));
  if (rolesHere.length === 0) {
    return refuse(
      "wrong_stage",
      transition.wrongStage ?? `You can't ${transition.action} while the case is with ${stepWho(state.stage)}.`,
    );
  }
  if (!stagesForRole.includes(state.stage)) {
    return refuse(
      "not_allowed_for_role",
      `While the case is with ${stepWho(state.stage)}, only ${listOf(rolesHere.map((role) => ROLE_NAMES[role]))} can ${transition.action}.`,
    );
  }
  if (!statuses.includes(state.status)) {
    return refuse(
      "wrong_status",
      transition.wrongStatus ?? `You can't ${transition.action} while the case is ${STATUS_WHEREABOUTS[state.status]}.`,
    );
  }
  return transition.guard?.(ctx) ?? null;
}

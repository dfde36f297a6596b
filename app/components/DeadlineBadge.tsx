import { useT } from "~/i18n";
import type { DeadlineCondition } from "~/domain";
import { deadlineStateText } from "~/i18n/deadlines";

export type BadgeCondition = DeadlineCondition;

/**
 * A deadline's state in two or three words, the same wherever a case is listed: "due in 5 days",
 * "due today", "overdue by 2 days", "paused", "met", "stopped" (in the page's language). `daysLeft` counts calendar days in the
 * operator's zone (see deadlineState / calendarDaysUntil). The text says it all; colour only adds.
 */
export function DeadlineBadge({ state, daysLeft }: { state: BadgeCondition; daysLeft: number | null }) {
  const t = useT();
  const text = deadlineStateText(t, state, daysLeft);
  const late = state === "met_late" || state === "stopped_late" || state === "overdue";
  const kind = late ? "overdue" : state === "pending" ? ((daysLeft ?? 0) <= 7 ? "soon" : null) : state;
  return <span className={kind ? `badge ${kind}` : "badge"}>{text}</span>;
}

/** For a list row that knows only the nearest running deadline (cases.next_due_at). */
export function NextDeadlineBadge({ dueAt, daysLeft, status }: { dueAt: Date | string | null; daysLeft: number | null; status: string }) {
  if (dueAt === null) {
    return status === "awaiting_complainant" ? <DeadlineBadge state="paused" daysLeft={null} /> : null;
  }
  // A deadline ends at the end of its last day in the operator's zone, so it is past exactly when
  // the calendar days left turn negative.
  return <DeadlineBadge state={(daysLeft ?? 0) < 0 ? "overdue" : "pending"} daysLeft={daysLeft} />;
}

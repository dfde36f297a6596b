import { useT } from "~/i18n";

export type BadgeCondition = "met" | "met_late" | "pending" | "overdue" | "paused" | "stopped" | "stopped_late";

/**
 * A deadline's state in two or three words, the same wherever a case is listed: "due in 5 days",
 * "due today", "overdue by 2 days", "paused", "met", "stopped" (in the page's language). `daysLeft` counts calendar days in the
 * operator's zone (see deadlineState / calendarDaysUntil). The text says it all; colour only adds.
 */
export function DeadlineBadge({ state, daysLeft }: { state: BadgeCondition; daysLeft: number | null }) {
  const t = useT();
  switch (state) {
    case "met":
      return <span className="badge met">{t("common.badge.met")}</span>;
    case "met_late":
      return <span className="badge overdue">{t("common.badge.metLate")}</span>;
    case "paused":
      return <span className="badge paused">{t("common.badge.paused")}</span>;
    // The case ended before the clock was met: no longer counting (ADR 053); a breach stays one.
    case "stopped":
      return <span className="badge stopped">{t("common.badge.stopped")}</span>;
    case "stopped_late":
      return <span className="badge overdue">{t("common.badge.stoppedLate")}</span>;
    case "overdue":
      return <span className="badge overdue">{t("common.badge.overdue", { days: Math.max(1, -(daysLeft ?? -1)) })}</span>;
    case "pending": {
      const left = daysLeft ?? 0;
      return <span className={left <= 7 ? "badge soon" : "badge"}>{left === 0 ? t("common.badge.dueToday") : t("common.badge.dueIn", { days: left })}</span>;
    }
  }
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

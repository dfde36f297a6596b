import { formatDay } from "~/domain";

const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short",
});

/** "3 Mar 2026", the same words as the deadline explanations. */
export const formatDate = (d: Date | string) => formatDay(new Date(d));
export const formatDateTime = (d: Date | string) => dateTimeFormat.format(new Date(d));

/** "in 3 days", "today", "2 days overdue". */
export function relativeDays(daysLeft: number): string {
  if (daysLeft === 0) return "due today";
  if (daysLeft > 0) return `in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`;
  return `overdue by ${-daysLeft} day${daysLeft === -1 ? "" : "s"}`;
}

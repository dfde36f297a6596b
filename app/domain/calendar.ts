// All day arithmetic lives here so that business days and holidays can replace calendar days
// in one place. Dates are handled in UTC: the domain has no time zone of its own.

const DAY_MS = 24 * 60 * 60 * 1000;

/** How a span of days reads in explanations; changes with the counting rule in `addDays`. */
export function describeDays(days: number): string {
  return `${days} calendar ${days === 1 ? "day" : "days"}`;
}

/** The moment `days` days after `start`, at the same time of day. */
export function addDays(start: Date, days: number): Date {
  const result = new Date(start.getTime());
  result.setUTCDate(result.getUTCDate() + days);
  return result;
}

/**
 * Whole days from `from` until `to`: a part day still to run counts as nothing left, a part day
 * already past counts as a full day late, so a deadline that has passed never shows 0.
 */
export function wholeDaysUntil(from: Date, to: Date): number {
  const diff = to.getTime() - from.getTime();
  if (diff >= 0) return Math.floor(diff / DAY_MS);
  return -Math.max(1, Math.floor(-diff / DAY_MS));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "3 Mar 2026" — fixed words rather than Intl so the text never depends on the server's locale. */
export function formatDay(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

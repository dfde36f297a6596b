import { formatDay, zoneName, type DomainEvent } from "~/domain";

const DEADLINE_NAMES: Record<string, string> = {
  acknowledgement: "acknowledging your complaint",
  response: "answering your complaint",
  review: "the dispute body's review",
  award: "the arbitration award",
};

/** What the deadline_extended mail states: the new date in the operator's zone, named, and the reason. */
export function deadlineExtendedFacts(events: readonly DomainEvent[], zone: string): Record<string, unknown> {
  const extended = events.find((e) => e.type === "deadline_extended");
  if (!extended) return {};
  const { kind, dueAt, reason } = extended.payload as { kind: string; dueAt: string; reason: string };
  return {
    // Kind and date: the mail names them in its own language (ADR 033); the English words stay
    // for a worker still running the previous template during a deploy.
    deadlineKind: kind,
    dueAt,
    deadlineName: DEADLINE_NAMES[kind] ?? kind,
    newDue: `${formatDay(new Date(dueAt), zone)} (end of day, ${zoneName(zone)})`,
    reason,
  };
}

// Hand-built cases and actors for the domain tests. Deadlines are written out literally rather
// than computed by the code under test, so a wrong computation cannot hide in the fixture.
import type { Actor, CaseState, Deadline, DeadlineKind, Stage } from "~/domain";

export const DAY = 24 * 60 * 60 * 1000;

export function at(iso: string): Date {
  return new Date(iso);
}

export function plusDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY);
}

export const ENTERED = at("2026-03-03T10:00:00.000Z");

export const officer: Actor = { role: "officer", userId: "officer-1" };
export const liaison: Actor = { role: "liaison", userId: "liaison-1", clientId: "client-1" };
export const otherLiaison: Actor = { role: "liaison", userId: "liaison-9", clientId: "client-2" };
export const complainant: Actor = { role: "complainant", userId: "person-1" };
export const otherComplainant: Actor = { role: "complainant", userId: "person-2" };

export function pending(stage: Stage, kind: DeadlineKind, startsAt: Date, days: number): Deadline {
  return { stage, kind, startsAt, dueAt: plusDays(startsAt, days), metAt: null, pausedAt: null, explanation: `${kind} at ${stage}` };
}

/** The clocks of a stage as the brief defines them: 5/45 days at client and company, 45 at dma, 90 at arbitration. */
export function clocksFor(stage: Stage, startsAt: Date): Deadline[] {
  switch (stage) {
    case "client":
    case "company":
      return [pending(stage, "acknowledgement", startsAt, 5), pending(stage, "response", startsAt, 45)];
    case "dma":
      return [pending(stage, "review", startsAt, 45)];
    case "arbitration":
      return [pending(stage, "award", startsAt, 90)];
  }
}

/** A DPA referral to Commerce whose 90 days ended long before ENTERED. */
export const REFERRED = { referredOn: "2025-01-02", reference: "DPA-2025-17", periodEndsAt: at("2025-04-03T03:59:59.999Z") };

/** Opened long before any day the tests record, so the opening day refuses none of them unless a test sets it. */
export const OPENED_LONG_AGO = at("2020-01-01T12:00:00.000Z");

export function caseAt(stage: Stage, overrides: Partial<CaseState> = {}): CaseState {
  const order: Stage[] = ["client", "company", "dma", "arbitration"];
  return {
    stage,
    status: "in_progress",
    framework: "privacy_shield",
    clientId: "client-1",
    liaisonId: "liaison-1",
    complainantId: "person-1",
    stageEnteredAt: ENTERED,
    stagesVisited: order.slice(0, order.indexOf(stage) + 1),
    answerRejected: false,
    deadlines: clocksFor(stage, ENTERED),
    arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: null, award: null },
    closure: null,
    ...overrides,
    openedAt: overrides.openedAt ?? OPENED_LONG_AGO,
  };
}

/** Deep copy that keeps Dates, to prove that a decision leaves its input alone. */
export function snapshot(state: CaseState): CaseState {
  return structuredClone(state);
}

/**
 * How long a session lasts. Staff: 30 minutes idle, 12 hours at most. Complainants: 30 minutes idle,
 * 2 hours at most. Each can be changed by an environment variable (minutes / hours).
 * Pure: `now` is an argument.
 */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

export function sessionLimits(role: "officer" | "liaison" | "complainant", env: Record<string, string | undefined> = process.env): SessionLimits {
  if (role === "complainant") {
    return {
      idleMs: positive(env.COMPLAINANT_SESSION_IDLE_MINUTES, 30) * MINUTE,
      absoluteMs: positive(env.COMPLAINANT_SESSION_MAX_HOURS, 2) * HOUR,
    };
  }
  return {
    idleMs: positive(env.STAFF_SESSION_IDLE_MINUTES, 30) * MINUTE,
    absoluteMs: positive(env.STAFF_SESSION_MAX_HOURS, 12) * HOUR,
  };
}

/** The moment a session seen at `lastSeen` ends: idle timeout, never past its absolute end. */
export function sessionExpiry(lastSeen: Date, absoluteEnd: Date, limits: SessionLimits): Date {
  return new Date(Math.min(lastSeen.getTime() + limits.idleMs, absoluteEnd.getTime()));
}

/**
 * "Last seen" is written at most once a minute per session, so a page with several requests
 * costs one write; the idle timeout is therefore exact to within that minute.
 */
export const LAST_SEEN_GRANULARITY_MS = MINUTE;

export function needsTouch(lastSeen: Date, now: Date): boolean {
  return now.getTime() - lastSeen.getTime() >= LAST_SEEN_GRANULARITY_MS;
}

import { totpCode } from "../../app/auth/totp";

/** The demo accounts' TOTP secret (app/seed/demo.server.ts, README). */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

/**
 * Codes to try, in order, for one sign-in: the current step's, then the next step's (accepted
 * within ±1 step). A code is accepted once per account, so when several sign-ins of one account
 * follow each other within 30 seconds the next step's code is the one still unused; after that
 * the caller waits for the clock (waitForNextStep).
 */
export function codeFor(secret: string, attempt: number, now = Date.now()): string {
  return totpCode(secret, new Date(now + (attempt === 0 ? 0 : 30_000)));
}

/** Milliseconds until the next 30-second step begins, plus a little. */
export function msUntilNextStep(now = Date.now()): number {
  return 30_000 - (now % 30_000) + 250;
}

/** How many codes a sign-in tries before it gives up (the server allows 5 per password check). */
export const CODE_TRIES = 4;

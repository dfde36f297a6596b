// How many wrong second-factor codes an account may have before each further code waits
// (docs/decisions/061-wrong-codes-count-per-person.md). The count belongs to the person, not to a
// sign-in: a correct password starts a new sign-in but never a new count; only a correct code does.

/** Wrong codes allowed, over any number of sign-ins, before any wait. */
export const FREE_WRONG_CODES = 10;
/** The wait after the FREE_WRONG_CODES-th wrong code; it doubles with each further one, up to the cap. */
const FIRST_CODE_WAIT_SECONDS = 60;
/**
 * Only someone who has the password can fail codes, so the owner is held only when the password
 * is known to another (or after many own mistakes). An hour still ends, and leaves an attacker
 * about 24 guesses a day at a 6-digit code.
 */
export const CODE_WAIT_CAP_SECONDS = 60 * 60;

/** The wait, in seconds, after `wrongCodes` wrong codes in a row (0 below FREE_WRONG_CODES). */
export function codeWaitAfter(wrongCodes: number): number {
  if (wrongCodes < FREE_WRONG_CODES) return 0;
  return Math.min(CODE_WAIT_CAP_SECONDS, FIRST_CODE_WAIT_SECONDS * 2 ** Math.min(wrongCodes - FREE_WRONG_CODES, 20));
}

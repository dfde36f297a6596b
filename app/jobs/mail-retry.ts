// When a failed mail is tried again, and when we stop trying. Pure: `now` is an argument.
//
// graphile-worker's own backoff is exp(min(attempts, 10)) seconds, which grows to six hours
// between attempts; ours doubles from `firstDelayMs` up to `maxDelayMs` (an hour by default) and
// keeps trying until `windowMs` (24 hours by default) has passed since the mail was queued, so a
// day-long SMTP outage loses nothing and a mail goes out within an hour of the server's return.

export interface MailRetryPolicy {
  /** Wait after the first failed attempt. */
  firstDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
  /** Keep trying until this long after the mail was queued; the attempt after that is the last. */
  windowMs: number;
}

export const DEFAULT_MAIL_RETRY_POLICY: MailRetryPolicy = {
  firstDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  windowMs: 24 * 60 * 60_000,
};

/** The wait after `failedAttempts` failed attempts (1 = after the first). */
export function retryDelayMs(failedAttempts: number, policy: MailRetryPolicy = DEFAULT_MAIL_RETRY_POLICY): number {
  const doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
  return Math.min(policy.firstDelayMs * 2 ** doublings, policy.maxDelayMs);
}

/**
 * When to try a mail again after a failed attempt, or null to give up (it is then kept as failed).
 * Gives up only once the retry window, counted from when the mail was queued, has passed.
 */
export function nextAttemptAt(
  mail: { queuedAt: Date; failedAttempts: number },
  now: Date,
  policy: MailRetryPolicy = DEFAULT_MAIL_RETRY_POLICY,
): Date | null {
  if (now.getTime() - mail.queuedAt.getTime() >= policy.windowMs) return null;
  return new Date(now.getTime() + retryDelayMs(mail.failedAttempts, policy));
}

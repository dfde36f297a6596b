import { describe, expect, it } from "vitest";
import { DEFAULT_MAIL_RETRY_POLICY, nextAttemptAt, retryDelayMs } from "../../app/jobs/mail-retry";
import { mailWorkerConfigFromEnv } from "../../app/jobs/worker.server";
import { messageIdDomain, newMessageId } from "../../app/mail/message-id";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every attempt of a mail whose server never answers, under a policy, from queueing to giving up. */
function outage(policy = DEFAULT_MAIL_RETRY_POLICY) {
  const queuedAt = new Date("2026-11-28T10:00:00Z");
  const attempts = [queuedAt];
  for (;;) {
    const next = nextAttemptAt({ queuedAt, failedAttempts: attempts.length }, attempts.at(-1)!, policy);
    if (!next) return { queuedAt, attempts };
    attempts.push(next);
    if (attempts.length > 1000) throw new Error("never gives up");
  }
}

describe("mail retry schedule", () => {
  it("doubles from a minute and never waits more than an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 40].map((n) => retryDelayMs(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it("keeps trying through a 24-hour outage, then gives up (the mail is kept as failed)", () => {
    const { queuedAt, attempts } = outage();
    const last = attempts.at(-1)!;
    expect(last.getTime() - queuedAt.getTime()).toBeGreaterThanOrEqual(24 * HOUR);
    expect(last.getTime() - queuedAt.getTime()).toBeLessThan(25 * HOUR);
    const gaps = attempts.slice(1).map((a, i) => a.getTime() - attempts[i]!.getTime());
    expect(Math.max(...gaps)).toBe(HOUR);
    expect(attempts).toHaveLength(30); // 7 attempts in the first ~63 minutes, then hourly
  });

  it("gives up only once the window is over, counted from queueing", () => {
    const queuedAt = new Date("2026-11-28T10:00:00Z");
    expect(nextAttemptAt({ queuedAt, failedAttempts: 3 }, new Date(queuedAt.getTime() + 24 * HOUR - 1))).not.toBeNull();
    expect(nextAttemptAt({ queuedAt, failedAttempts: 3 }, new Date(queuedAt.getTime() + 24 * HOUR))).toBeNull();
  });

  it("follows a shorter policy the same way", () => {
    const { queuedAt, attempts } = outage({ firstDelayMs: 200, maxDelayMs: 500, windowMs: 2_500 });
    expect(attempts.map((a) => a.getTime() - queuedAt.getTime())).toEqual([0, 200, 600, 1100, 1600, 2100, 2600]);
  });
});

describe("mail worker settings", () => {
  it("default to a day of retries, an hour's cap and five minutes before a dead worker's job is released", () => {
    expect(mailWorkerConfigFromEnv({})).toEqual({
      retry: { firstDelayMs: MINUTE, maxDelayMs: HOUR, windowMs: 24 * HOUR },
      sendTimeoutMs: MINUTE,
      staleLockMs: 5 * MINUTE,
      unlockIntervalMs: MINUTE,
    });
  });

  it("read seconds from the environment and refuse nonsense with the variable's name", () => {
    expect(mailWorkerConfigFromEnv({ MAIL_RETRY_WINDOW_SECONDS: "172800", MAIL_STALE_LOCK_SECONDS: " " }).retry.windowMs).toBe(48 * HOUR);
    expect(() => mailWorkerConfigFromEnv({ MAIL_RETRY_WINDOW_SECONDS: "soon" })).toThrow(/MAIL_RETRY_WINDOW_SECONDS/);
    expect(() => mailWorkerConfigFromEnv({ MAIL_SEND_TIMEOUT_SECONDS: "-1" })).toThrow(/MAIL_SEND_TIMEOUT_SECONDS/);
  });

  it("refuse a stale-lock time that a live worker's send could reach", () => {
    expect(() => mailWorkerConfigFromEnv({ MAIL_SEND_TIMEOUT_SECONDS: "60", MAIL_STALE_LOCK_SECONDS: "90" })).toThrow(/MAIL_STALE_LOCK_SECONDS/);
  });
});

describe("Message-ID", () => {
  it("is a fresh id on the domain of the From address, else of APP_URL", () => {
    expect(messageIdDomain('"Customer Portfolios Privacy" <PrivacyInquiry@CustomerPortfolios.com>', "http://localhost:3000")).toBe("customerportfolios.com");
    expect(messageIdDomain("privacy@example.org", "http://localhost:3000")).toBe("example.org");
    expect(messageIdDomain("no address", "https://recourse.example.net/app")).toBe("recourse.example.net");
    expect(messageIdDomain("no address", "not a url")).toBe("recourse.invalid");
    const a = newMessageId("example.org");
    expect(a).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
    expect(newMessageId("example.org")).not.toBe(a);
  });
});

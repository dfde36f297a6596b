import { describe, expect, it } from "vitest";
import { lastDigestMoment, nextDigestMoment } from "~/domain";

// The daily digest goes out at 07:00 on the operator's clock (the task runs hourly): the last such
// moment at or before now decides which notices go, the next one when a new notice will.

const at = (iso: string) => new Date(iso);

describe("the digest's morning in the operator's zone", () => {
  it("is 07:00 New York time, in winter and in summer", () => {
    // 15 Jan 2027: EST (UTC-5), 07:00 is 12:00 UTC. 15 Jul 2027: EDT (UTC-4), 11:00 UTC.
    expect(lastDigestMoment(at("2027-01-15T13:00:00Z"), "America/New_York").toISOString()).toBe("2027-01-15T12:00:00.000Z");
    expect(lastDigestMoment(at("2027-07-15T13:00:00Z"), "America/New_York").toISOString()).toBe("2027-07-15T11:00:00.000Z");
  });

  it("before 07:00 is the previous day's; at 07:00 exactly is that day's", () => {
    expect(lastDigestMoment(at("2027-01-15T11:59:59.999Z"), "America/New_York").toISOString()).toBe("2027-01-14T12:00:00.000Z");
    expect(lastDigestMoment(at("2027-01-15T12:00:00.000Z"), "America/New_York").toISOString()).toBe("2027-01-15T12:00:00.000Z");
    expect(nextDigestMoment(at("2027-01-15T12:00:00.000Z"), "America/New_York").toISOString()).toBe("2027-01-16T12:00:00.000Z");
    expect(nextDigestMoment(at("2027-01-15T11:59:59.999Z"), "America/New_York").toISOString()).toBe("2027-01-15T12:00:00.000Z");
  });

  it("follows the clock change: the day after the change keeps 07:00 local, 23 or 25 hours after the last", () => {
    // 8 Mar 2026 clocks go forward in New York (02:00 → 03:00); 1 Nov 2026 they go back.
    const before = lastDigestMoment(at("2026-03-07T13:00:00Z"), "America/New_York");
    const after = nextDigestMoment(before, "America/New_York");
    expect([before.toISOString(), after.toISOString()]).toEqual(["2026-03-07T12:00:00.000Z", "2026-03-08T11:00:00.000Z"]);
    const autumn = nextDigestMoment(at("2026-10-31T12:00:00Z"), "America/New_York");
    expect(autumn.toISOString()).toBe("2026-11-01T12:00:00.000Z");
  });

  it("counts in any zone: Berlin, Kolkata (a half-hour offset), Los Angeles", () => {
    expect(lastDigestMoment(at("2027-01-15T09:00:00Z"), "Europe/Berlin").toISOString()).toBe("2027-01-15T06:00:00.000Z");
    expect(lastDigestMoment(at("2027-01-15T09:00:00Z"), "Asia/Kolkata").toISOString()).toBe("2027-01-15T01:30:00.000Z");
    expect(lastDigestMoment(at("2027-01-15T09:00:00Z"), "America/Los_Angeles").toISOString()).toBe("2027-01-14T15:00:00.000Z");
  });

  it("is always within the last day, and the next one within the coming day, every five hours over a year", () => {
    for (const zone of ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago"]) {
      for (let t = Date.parse("2026-01-01T00:00:00Z"); t < Date.parse("2027-01-01T00:00:00Z"); t += 5 * 3_600_000 + 17_000) {
        const now = new Date(t);
        const last = lastDigestMoment(now, zone).getTime();
        const next = nextDigestMoment(now, zone).getTime();
        expect(last).toBeLessThanOrEqual(t);
        expect(t - last).toBeLessThan(25 * 3_600_000);
        expect(next).toBeGreaterThan(t);
        expect(next - t).toBeLessThanOrEqual(25 * 3_600_000);
        // Nothing between them: the next after the last is the next after now.
        expect(nextDigestMoment(new Date(last), zone).getTime()).toBe(next);
      }
    }
  });
});

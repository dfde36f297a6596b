import { describe, expect, it } from "vitest";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { matchTotp, totpCode, totpCodeAt, totpStep, totpUri } from "../../app/auth/totp";
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeHash } from "../../app/auth/recovery-codes";
import { needsTouch, sessionExpiry, sessionLimits } from "../../app/auth/session-policy";
import { describeDevice } from "../../app/lib/user-agent";

// RFC 6238, appendix B: the SHA-1 key "12345678901234567890", 30-second steps, 8 digits.
const RFC_KEY = new TextEncoder().encode("12345678901234567890");
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(RFC_VECTORS)("gives the RFC's code at %i seconds", (seconds, code) => {
    expect(totpCodeAt(RFC_KEY, totpStep(new Date(seconds * 1000)), 8)).toBe(code);
  });

  it("gives the last six digits as the 6-digit code the apps show", () => {
    const secret = encodeBase32UpperCaseNoPadding(RFC_KEY);
    expect(totpCode(secret, new Date(59_000))).toBe("287082");
    expect(totpCode(secret, new Date(1111111109_000))).toBe("081804");
  });

  const secret = "JBSWY3DPEHPK3PXP";
  const now = new Date("2026-11-29T10:00:10.000Z");
  const step = totpStep(now);
  const at = (d: number) => totpCode(secret, new Date(now.getTime() + d * 30_000));

  it("accepts the codes of the previous, current and next step, and no others", () => {
    expect(matchTotp(secret, at(0), now, null)).toBe(step);
    expect(matchTotp(secret, at(-1), now, null)).toBe(step - 1n);
    expect(matchTotp(secret, at(1), now, null)).toBe(step + 1n);
    expect(matchTotp(secret, at(-2), now, null)).toBeNull();
    expect(matchTotp(secret, at(2), now, null)).toBeNull();
  });

  it("refuses a code whose step was already used, and any older one", () => {
    expect(matchTotp(secret, at(0), now, step)).toBeNull();
    expect(matchTotp(secret, at(-1), now, step)).toBeNull();
    expect(matchTotp(secret, at(1), now, step)).toBe(step + 1n);
  });

  it("refuses what is not six digits, and accepts spaces typed inside the code", () => {
    expect(matchTotp(secret, "", now, null)).toBeNull();
    expect(matchTotp(secret, "12345", now, null)).toBeNull();
    expect(matchTotp(secret, "abcdef", now, null)).toBeNull();
    const code = at(0);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).toBe(step);
  });

  it("makes an otpauth URI with the operator as issuer", () => {
    const uri = totpUri("Customer Portfolios, LLC", "dana@example.test", secret);
    expect(uri.startsWith("otpauth://totp/")).toBe(true);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("period=30");
    expect(uri).toContain("digits=6");
  });
});

describe("recovery codes", () => {
  it("are ten different codes of ten base32 letters, typed in any case with or without the dash", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const c = codes[0]!;
    expect(recoveryCodeHash(c.toUpperCase().replace("-", " "))).toBe(recoveryCodeHash(c));
    expect(normalizeRecoveryCode("123456")).toBeNull();
  });
});

describe("session limits", () => {
  it("default to 30 minutes idle and 12 hours for staff, 30 minutes and 2 hours for complainants", () => {
    expect(sessionLimits("officer", {})).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
    expect(sessionLimits("liaison", {})).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
    expect(sessionLimits("complainant", {})).toEqual({ idleMs: 30 * 60_000, absoluteMs: 2 * 3_600_000 });
  });

  it("follow the four environment variables, ignoring nonsense", () => {
    const env = { STAFF_SESSION_IDLE_MINUTES: "15", STAFF_SESSION_MAX_HOURS: "8", COMPLAINANT_SESSION_IDLE_MINUTES: "10", COMPLAINANT_SESSION_MAX_HOURS: "1" };
    expect(sessionLimits("officer", env)).toEqual({ idleMs: 15 * 60_000, absoluteMs: 8 * 3_600_000 });
    expect(sessionLimits("complainant", env)).toEqual({ idleMs: 10 * 60_000, absoluteMs: 3_600_000 });
    expect(sessionLimits("officer", { STAFF_SESSION_IDLE_MINUTES: "-5", STAFF_SESSION_MAX_HOURS: "x" })).toEqual(sessionLimits("officer", {}));
  });

  it("end at the idle limit, never after the absolute end", () => {
    const limits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
    const seen = new Date("2026-11-29T10:00:00Z");
    expect(sessionExpiry(seen, new Date("2026-11-29T20:00:00Z"), limits)).toEqual(new Date("2026-11-29T10:30:00Z"));
    expect(sessionExpiry(seen, new Date("2026-11-29T10:10:00Z"), limits)).toEqual(new Date("2026-11-29T10:10:00Z"));
    expect(needsTouch(seen, new Date("2026-11-29T10:00:59Z"))).toBe(false);
    expect(needsTouch(seen, new Date("2026-11-29T10:01:00Z"))).toBe(true);
  });
});

describe("device descriptions", () => {
  it("name the browser and the system in plain words", () => {
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe("Firefox on Windows");
    expect(describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1")).toBe("Safari on iOS");
    expect(describeDevice(null)).toBe("Unknown device");
  });
});

import { generateHOTP } from "@oslojs/otp";
import { createTOTPKeyURI } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

/**
 * TOTP (RFC 6238) as the authenticator apps know it: HMAC-SHA-1, 30-second steps, 6 digits.
 * Pure: the time is an argument. The step counter is computed here (not by @oslojs/otp's
 * generateTOTP, which reads the clock) so tests can drive time and replay can be refused by step.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** A code from the step before or after the current one is accepted too (clock drift). */
export const TOTP_WINDOW_STEPS = 1;

export function totpStep(now: Date, periodSeconds = TOTP_PERIOD_SECONDS): bigint {
  return BigInt(Math.floor(now.getTime() / 1000 / periodSeconds));
}

export function totpCodeAt(key: Uint8Array, step: bigint, digits = TOTP_DIGITS): string {
  return generateHOTP(key, step, digits);
}

export function totpCode(secretBase32: string, now: Date): string {
  return totpCodeAt(decodeSecret(secretBase32), totpStep(now));
}

/**
 * The step a code matches within ±1 step of `now`, or null. A step at or before `lastUsedStep` is
 * refused: the same code (or an older one) cannot be used twice.
 */
export function matchTotp(secretBase32: string, code: string, now: Date, lastUsedStep: bigint | null): bigint | null {
  const cleaned = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(cleaned)) return null;
  const key = decodeSecret(secretBase32);
  const current = totpStep(now);
  let found: bigint | null = null;
  // Check every candidate (no early return) so timing does not say which step matched.
  for (let d = -TOTP_WINDOW_STEPS; d <= TOTP_WINDOW_STEPS; d++) {
    const step = current + BigInt(d);
    if (constantTimeEqual(totpCodeAt(key, step), cleaned) && found === null) found = step;
  }
  if (found === null) return null;
  if (lastUsedStep !== null && found <= lastUsedStep) return null;
  return found;
}

export function newTotpSecret(random: (bytes: number) => Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(random(20));
}

export function decodeSecret(secretBase32: string): Uint8Array {
  return decodeBase32IgnorePadding(secretBase32.replace(/\s+/g, "").toUpperCase());
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(issuer: string, account: string, secretBase32: string): string {
  return createTOTPKeyURI(issuer, account, decodeSecret(secretBase32), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secretBase32: string): string {
  return secretBase32.replace(/(.{4})/g, "$1 ").trim();
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

import { randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { sha256 } from "./hash";

/** Ten single-use codes, for a lost phone; each 50 random bits, shown once, stored as SHA-256. */
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = encodeBase32LowerCaseNoPadding(randomBytes(7)).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** A typed code in any letter case, with or without its dash or spaces. */
export function normalizeRecoveryCode(code: string): string | null {
  const cleaned = code.replace(/[\s-]+/g, "").toLowerCase();
  return /^[a-z2-7]{10}$/.test(cleaned) ? cleaned : null;
}

export function recoveryCodeHash(code: string): string {
  return sha256(`recovery:${normalizeRecoveryCode(code) ?? code}`);
}

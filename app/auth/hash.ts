import { createHash, randomBytes } from "node:crypto";

/** Secrets (session ids, sign-in tokens) are stored only as their SHA-256. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

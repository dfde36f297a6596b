import { createHmac, timingSafeEqual } from "node:crypto";

// POST /inbound/email is signed like Stripe's webhooks: the header
//   X-Recourse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// binds the body to a time, so a captured request cannot be replayed after the tolerance.

export const SIGNATURE_HEADER = "x-recourse-signature";
/** How far the signed time may be from ours, either way (5 minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureVerdict = { ok: true } | { ok: false; reason: "missing" | "malformed" | "stale" | "wrong" };

function mac(secret: string, t: string, body: Uint8Array): Buffer {
  return createHmac("sha256", secret).update(`${t}.`).update(body).digest();
}

/** The header value for a body, as a sender computes it (tests and the README's example). */
export function signInboundMail(secret: string, body: Uint8Array | string, unixSeconds: number): string {
  const t = String(Math.floor(unixSeconds));
  return `t=${t},v1=${mac(secret, t, typeof body === "string" ? Buffer.from(body) : body).toString("hex")}`;
}

export function verifyInboundSignature(header: string | null | undefined, body: Uint8Array, secret: string, nowSeconds: number): SignatureVerdict {
  if (!header) return { ok: false, reason: "missing" };
  if (header.length > 1000) return { ok: false, reason: "malformed" };
  let t: string | null = null;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq === -1) return { ok: false, reason: "malformed" };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (t !== null || !/^\d{1,12}$/.test(value)) return { ok: false, reason: "malformed" };
      t = value;
    } else if (key === "v1") {
      // Several v1 values are allowed, so a sender can sign with the old and new secret while rotating.
      if (!/^[0-9a-f]{64}$/i.test(value)) return { ok: false, reason: "malformed" };
      candidates.push(value.toLowerCase());
    }
  }
  if (t === null || candidates.length === 0) return { ok: false, reason: "malformed" };
  if (Math.abs(Number(t) - nowSeconds) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: "stale" };
  const expected = mac(secret, t, body);
  // Compare every candidate (no early exit), each in constant time.
  let match = false;
  for (const candidate of candidates) {
    if (timingSafeEqual(expected, Buffer.from(candidate, "hex"))) match = true;
  }
  return match ? { ok: true } : { ok: false, reason: "wrong" };
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { signInboundMail } from "../../app/mail/inbound/signature";

// Inbound mail fixtures (tests/fixtures/mail/*.eml) are real-looking messages with placeholders
// that a test fills in: TOKEN (the reply token), FROM (the sender's address), REF1/REF2 (ids of
// mails we sent, without the angle brackets), SUBJECTREF (a case reference), BOUNCED (an address).

/** The webhook secret of the e2e app (tests/e2e/global-setup.ts); mail-reply.spec.ts signs with it. */
export const E2E_INBOUND_SECRET = "e2e-inbound-mail-secret";

export const FIXTURE_NAMES = ["gmail-reply", "outlook-reply", "apple-mail-reply", "html-only", "auto-reply", "bounce"] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export interface FixtureVars {
  TOKEN?: string;
  FROM?: string;
  REF1?: string;
  REF2?: string;
  SUBJECTREF?: string;
  BOUNCED?: string;
}

const DEFAULTS: Required<FixtureVars> = {
  TOKEN: "abcdefghijklmnopqrstuvwxyz234567",
  FROM: "someone@example.org",
  REF1: "first@customerportfolios.example",
  REF2: "second@customerportfolios.example",
  SUBJECTREF: "PS-2026-000001",
  BOUNCED: "gone@example.org",
};

/** A fixture's bytes with its placeholders filled in (byte-for-byte elsewhere: charsets stay as they are). */
export function mailFixture(name: FixtureName, vars: FixtureVars = {}, extra?: { messageId?: string }): Buffer {
  let text = readFileSync(path.resolve("tests/fixtures/mail", `${name}.eml`)).toString("latin1");
  const all = { ...DEFAULTS, ...vars };
  for (const key of Object.keys(all) as (keyof FixtureVars)[]) text = text.replaceAll(key, all[key]);
  if (extra?.messageId) text = text.replace(/^Message-I[Dd]: .*$/m, `Message-ID: ${extra.messageId}`);
  return Buffer.from(text, "latin1");
}

/** POST one raw message to the webhook, signed (or with the header given). */
export async function postInboundMail(baseUrl: string, raw: Buffer | string, opts: { secret?: string; signature?: string | null; contentType?: string; at?: number } = {}) {
  const body = typeof raw === "string" ? Buffer.from(raw) : raw;
  const headers: Record<string, string> = { "Content-Type": opts.contentType ?? "message/rfc822" };
  const signature = opts.signature !== undefined ? opts.signature : opts.secret ? signInboundMail(opts.secret, body, opts.at ?? Date.now() / 1000) : null;
  if (signature !== null) headers["X-Recourse-Signature"] = signature;
  return fetch(`${baseUrl}/inbound/email`, { method: "POST", headers, body: new Uint8Array(body), signal: AbortSignal.timeout(30_000) });
}

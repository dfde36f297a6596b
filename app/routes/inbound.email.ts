import type { ActionFunctionArgs } from "@remix-run/node";
import { isDatabaseUnavailable } from "~/db/unavailable";
import { inboundMailConfig } from "~/mail/inbound-config";
import { keepFailedInboundMail, receiveInboundMail } from "~/mail/inbound/receive.server";
import { SIGNATURE_HEADER, verifyInboundSignature } from "~/mail/inbound/signature";

// POST /inbound/email: a mail provider's inbound webhook delivers one raw RFC 822 message,
// signed with INBOUND_MAIL_SECRET (see app/mail/inbound/signature.ts and ADR 015). The request
// gate (server/request-limits.ts, rule "inbound mail") has already read the body within
// INBOUND_MAIL_MAX_BYTES and refused other media types.

const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });

const REASONS = {
  missing: "Refused: the X-Recourse-Signature header is missing.",
  malformed: "Refused: the X-Recourse-Signature header is not of the form t=<unix seconds>,v1=<hex HMAC-SHA256>.",
  stale: "Refused: the signature's time is more than 5 minutes from ours.",
  wrong: "Refused: the signature does not match the body.",
} as const;

export function loader() {
  return text("Refused: mail is delivered here with POST.", 405, { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  const config = inboundMailConfig();
  if (!config?.webhookSecret) return text("Not found: inbound mail by webhook is not configured here.", 404);
  const raw = Buffer.from(await request.arrayBuffer());
  const now = new Date();
  const verdict = verifyInboundSignature(request.headers.get(SIGNATURE_HEADER), raw, config.webhookSecret, Math.floor(now.getTime() / 1000));
  if (!verdict.ok) return text(REASONS[verdict.reason], 401);
  if (raw.length === 0) return text("Refused: the body is empty; it must be one RFC 822 message.", 400);
  try {
    const result = await receiveInboundMail(raw, { via: "webhook", now });
    return Response.json(result.status === "duplicate" ? { status: "duplicate", id: result.id } : { status: "stored", id: result.id, kind: result.kind, outcome: result.outcome }, {
      status: 200,
      headers: { "Cache-Control": "no-store" },
    });
  } catch (error) {
    // A database outage is answered 503 (the provider retries); anything else is our fault, not
    // the sender's: keep the original, log, and accept it so the provider does not retry forever.
    if (isDatabaseUnavailable(error)) throw error;
    console.error("[recourse] inbound mail could not be processed:", error);
    const id = await keepFailedInboundMail(raw, { via: "webhook", now, error });
    return Response.json({ status: "stored", id, kind: "unreadable", outcome: "failed" }, { status: 202, headers: { "Cache-Control": "no-store" } });
  }
}

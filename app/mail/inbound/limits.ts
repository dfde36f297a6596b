// How big an inbound message may be, on both routes (webhook and SMTP listener).

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw?.trim());
  return raw?.trim() && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/**
 * INBOUND_MAIL_MAX_BYTES: the largest raw message accepted, default 26 MiB: the 25 MB a message's
 * attachments may have (issue 7) plus 1 MiB of headers and text.
 */
export function inboundMailMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  return positiveInt(env.INBOUND_MAIL_MAX_BYTES, 26 * 1024 * 1024);
}

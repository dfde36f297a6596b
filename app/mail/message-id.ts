import { randomUUID } from "node:crypto";

/**
 * The domain on the right of our Message-IDs: the domain of the From address (MAIL_FROM), else the
 * host of APP_URL, else "recourse.invalid". Receivers use the whole id to recognise a repeat.
 */
export function messageIdDomain(mailFrom: string, appUrl: string): string {
  const fromDomain = /@([A-Za-z0-9.-]+\.[A-Za-z]{2,})>?\s*$/.exec(mailFrom.trim())?.[1];
  if (fromDomain) return fromDomain.toLowerCase();
  try {
    const host = new URL(appUrl).hostname;
    if (/^[A-Za-z0-9.-]+$/.test(host)) return host.toLowerCase();
  } catch {
    // not a URL: fall through
  }
  return "recourse.invalid";
}

/** A new Message-ID, e.g. "<0f8c...-...@customerportfolios.com>". */
export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

// What kind of mail this is, from its headers alone. Only a person's own message may ever be
// posted on a case or answered; machines' mail (out-of-office replies, list traffic, bounces) is
// recorded and nothing more, so no mail loop can start (RFC 3834 and common practice).

export type MailKind = "message" | "auto_reply" | "bounce" | "loop";

export interface ClassifyInput {
  /** Header names in lower case; a repeated header's values joined by ", ". */
  headers: Record<string, string>;
  /** The top-level Content-Type, lower case, with its parameters. */
  contentType: string;
  /** The sender's address (From), lower case, or null. */
  fromAddress: string | null;
  /** The envelope sender (Return-Path / MAIL FROM); "" for the null sender "<>"; null when unknown. */
  returnPath: string | null;
  /** Our own sending addresses: mail from them is our mail coming back. */
  ownAddresses: readonly string[];
}

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster|mail-delivery-subsystem|mail\.delivery\.system)@/i;

export function classifyMail(input: ClassifyInput): MailKind {
  const h = input.headers;
  const type = input.contentType.toLowerCase();
  if (/^multipart\/report\b/.test(type) && /report-type\s*=\s*"?delivery-status/.test(type)) return "bounce";
  const from = input.fromAddress?.toLowerCase() ?? "";
  if (from && BOUNCE_SENDERS.test(from)) return "bounce";
  if (input.returnPath === "") {
    // The null sender is used by bounces and by auto-replies (RFC 3834 §3.3).
    return /^(undeliver|delivery status|mail delivery|returned mail|failure notice)/i.test(h.subject ?? "") ? "bounce" : "auto_reply";
  }
  if (from && input.ownAddresses.some((a) => a.toLowerCase() === from)) return "loop";
  const auto = (h["auto-submitted"] ?? "").trim().toLowerCase();
  if (auto && auto !== "no") return "auto_reply";
  if (/\b(bulk|junk|list|auto_reply)\b/i.test(h.precedence ?? "")) return "auto_reply";
  if (h["x-autoreply"] !== undefined || h["x-autorespond"] !== undefined) return "auto_reply";
  if (h["list-id"] !== undefined || h["list-unsubscribe"] !== undefined) return "auto_reply";
  return "message";
}

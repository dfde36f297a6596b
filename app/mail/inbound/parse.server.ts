import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { htmlToText } from "./html-text";
import { messageIdsIn } from "./subject";

// One inbound message as the rest of the pipeline needs it: addresses, threading headers, the
// text (HTML reduced to text, never kept), and attachments as bytes.

export interface InboundAttachment {
  filename: string | null;
  contentType: string;
  content: Buffer;
}

export interface ParsedInbound {
  messageId: string | null;
  /** In-Reply-To first, then References, newest last as the sender wrote them. */
  threadIds: string[];
  fromAddress: string | null;
  fromName: string | null;
  /** Every address the message was for: To, Cc, Delivered-To, X-Original-To (lower case). */
  recipients: string[];
  subject: string;
  /** Header names in lower case, repeated values joined (for classification). */
  headers: Record<string, string>;
  contentType: string;
  /** Return-Path as written by the last hop: "" for the null sender, null when absent. */
  returnPath: string | null;
  text: string;
  attachments: InboundAttachment[];
  /** Message-IDs named inside a delivery report's returned message or headers (bounces). */
  reportedMessageIds: string[];
  /** Addresses a delivery report says failed (Final-Recipient / Original-Recipient). */
  reportedRecipients: string[];
  /** The diagnostic line of a delivery report, if any. */
  reportedDiagnostic: string | null;
}

// Text longer than this is cut before it is stored or posted (a 25 MB text is not a message).
export const MAX_TEXT_CHARS = 200_000;

function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  const out: { address: string; name: string }[] = [];
  const walk = (values: AddressObject["value"]) => {
    for (const v of values) {
      if (v.address) out.push({ address: v.address.trim().toLowerCase(), name: v.name ?? "" });
      if (v.group) walk(v.group);
    }
  };
  for (const a of list) walk(a.value);
  return out;
}

function headerText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(headerText).join(", ");
  if (typeof value === "object") {
    const v = value as { value?: unknown; text?: unknown; params?: Record<string, string> };
    if (typeof v.text === "string") return v.text;
    if (typeof v.value === "string") {
      const params = v.params ? Object.entries(v.params).map(([k, p]) => `; ${k}="${p}"`).join("") : "";
      return v.value + params;
    }
  }
  return String(value);
}

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Text that PostgreSQL can store and a page can show: no NUL or other control characters, capped. */
export function cleanText(text: string, max = MAX_TEXT_CHARS): string {
  const cleaned = text.replace(CONTROLS, "").replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
    // keep well-formed surrogate pairs, drop lone halves
    const code = c.charCodeAt(0);
    if (code <= 0xdbff) return /[\uDC00-\uDFFF]/.test(s[i + 1] ?? "") ? c : "";
    return /[\uD800-\uDBFF]/.test(s[i - 1] ?? "") ? c : "";
  });
  return cleaned.length > max ? cleaned.slice(0, max) : cleaned;
}

function oneLine(text: string, max = 998): string {
  return cleanText(text.replace(/[\r\n\t]+/g, " "), max).trim();
}

function reportFacts(mail: ParsedMail): Pick<ParsedInbound, "reportedMessageIds" | "reportedRecipients" | "reportedDiagnostic"> {
  const ids = new Set<string>();
  const recipients = new Set<string>();
  let diagnostic: string | null = null;
  const statusFacts = (body: string) => {
    for (const m of body.matchAll(/^(?:final|original)-recipient:\s*[^;\r\n]*;\s*<?([^\s<>]+@[^\s<>]+?)>?\s*$/gim)) recipients.add(m[1]!.toLowerCase());
    const d = /^diagnostic-code:\s*(.+)$/im.exec(body);
    if (d && !diagnostic) diagnostic = oneLine(d[1]!, 500);
  };
  // mailparser shows a message/delivery-status part as text, not as an attachment.
  if (typeof mail.text === "string") statusFacts(mail.text.slice(0, 256 * 1024));
  for (const a of mail.attachments) {
    const type = a.contentType.toLowerCase();
    if (!/^(message\/(rfc822|global|delivery-status|global-delivery-status|global-headers)|text\/rfc822-headers)$/.test(type)) continue;
    const body = a.content.subarray(0, 256 * 1024).toString("utf8");
    if (type.includes("delivery-status")) {
      statusFacts(body);
    } else {
      const headerBlock = body.split(/\r?\n\r?\n/, 1)[0] ?? "";
      for (const m of headerBlock.matchAll(/^message-id:\s*(<[^<>\s]+>)/gim)) ids.add(m[1]!);
    }
  }
  return { reportedMessageIds: [...ids], reportedRecipients: [...recipients], reportedDiagnostic: diagnostic };
}

/** Throws only when mailparser cannot read the bytes at all; the caller records those as unreadable. */
export async function parseInbound(raw: Buffer): Promise<ParsedInbound> {
  const mail = await simpleParser(raw, {
    // We make the text from HTML ourselves (html-text.ts) and want no HTML made from text.
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
    maxHtmlLengthToParse: 2 * 1024 * 1024,
  });
  const headers: Record<string, string> = {};
  for (const [key, value] of mail.headers) headers[key.toLowerCase()] = oneLine(headerText(value), 4000);
  const from = addresses(mail.from)[0] ?? null;
  const recipients = new Set<string>();
  for (const a of [...addresses(mail.to), ...addresses(mail.cc)]) recipients.add(a.address);
  for (const line of mail.headerLines) {
    if (line.key === "delivered-to" || line.key === "x-original-to" || line.key === "envelope-to") {
      const value = line.line.slice(line.line.indexOf(":") + 1).trim().toLowerCase();
      if (value) recipients.add(value.replace(/^<|>$/g, ""));
    }
  }
  const returnPathLine = mail.headerLines.find((l) => l.key === "return-path");
  const returnPath = returnPathLine ? returnPathLine.line.slice(returnPathLine.line.indexOf(":") + 1).trim().replace(/^<|>$/g, "").toLowerCase() : null;
  const text = typeof mail.text === "string" && mail.text.trim() ? mail.text : typeof mail.html === "string" ? htmlToText(mail.html.slice(0, 2 * 1024 * 1024)) : "";
  const contentType = headerText(mail.headers.get("content-type")) || "text/plain";
  const isReportPart = (type: string) => /^(message\/|text\/rfc822-headers)/i.test(type);
  return {
    messageId: mail.messageId ? oneLine(mail.messageId, 500) || null : null,
    threadIds: [...new Set([...messageIdsIn(mail.inReplyTo), ...messageIdsIn(mail.references)])],
    fromAddress: from ? oneLine(from.address, 320) : null,
    fromName: from ? oneLine(from.name, 200) : null,
    recipients: [...recipients].map((r) => oneLine(r, 320)).slice(0, 100),
    subject: oneLine(mail.subject ?? "", 500),
    headers,
    contentType: contentType.toLowerCase(),
    returnPath,
    text: cleanText(text),
    attachments: mail.attachments
      .filter((a) => !isReportPart(a.contentType))
      .map((a) => ({ filename: a.filename ? oneLine(a.filename, 255) : null, contentType: a.contentType.toLowerCase(), content: a.content })),
    ...reportFacts(mail),
  };
}

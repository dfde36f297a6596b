import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTransport, type Transporter } from "nodemailer";
import { operator } from "../config/operator.server";

/**
 * One nodemailer transport for the whole process.
 * - SMTP_URL set (e.g. smtp://user:pass@host:587, smtps://host:465): mail goes to that server.
 * - otherwise: the development mailbox. Each message is written as one JSON file under
 *   `${DATA_DIR ?? ".data"}/mailbox/` and read back by listDevMailbox / readDevMailbox.
 * The mode is decided at send time from the environment, so changing SMTP_URL (tests do)
 * switches transports; resetTransport() drops the cached one explicitly.
 */

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. { "X-Recourse-Template": "acknowledgement" }. */
  headers?: Record<string, string>;
  /** The Message-ID header, e.g. "<uuid@example.com>"; the same one on every attempt of one notification. */
  messageId?: string;
  /** Threading: the previous mail of the same case to the same recipient. */
  inReplyTo?: string | undefined;
  /** Threading: the first and the previous mail of that case to that recipient, space-separated. */
  references?: string | undefined;
  /** The recipient's per-case reply address (case+TOKEN@reply domain), only when inbound mail is on. */
  replyTo?: string | undefined;
  /** Files sent with the mail (app/mail/attachments.server.ts decides which). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface SentMail {
  messageId: string;
  /** The SMTP server's final reply (e.g. "250 2.0.0 Ok: queued as ..."), in SMTP mode. */
  response?: string;
  /** The file id, in development-mailbox mode. */
  mailboxId?: string;
}

/** One message in the development mailbox. */
export interface DevMail {
  id: string;
  messageId: string;
  /** ISO date-time of sending. */
  date: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string | undefined;
  references?: string | undefined;
  replyTo?: string | undefined;
}

/** How long an SMTP connection may wait for the server at any one step. */
const SMTP_TIMEOUT_MS = 20_000;

type Mode = { kind: "smtp"; url: string } | { kind: "file" };

function currentMode(): Mode {
  const url = process.env.SMTP_URL?.trim();
  return url ? { kind: "smtp", url } : { kind: "file" };
}

const modeKey = (mode: Mode) => (mode.kind === "smtp" ? `smtp:${mode.url}` : "file");

// Kept on globalThis so a dev-server module reload does not leak SMTP connections.
const holder = globalThis as unknown as { __recourseMailTransport?: { key: string; transporter: Transporter } };

function transporterFor(mode: Mode): Transporter {
  const key = modeKey(mode);
  const cached = holder.__recourseMailTransport;
  if (cached?.key === key) return cached.transporter;
  cached?.transporter.close();
  const transporter: Transporter =
    mode.kind === "smtp"
      ? // nodemailer's own timeouts are minutes long; a stalled server must not hold a job that long
        // (a job held past MAIL_STALE_LOCK_SECONDS would look like one whose worker died).
        // Pooled: a connection per message (connect, greeting, EHLO, QUIT; TLS on a real relay) held
        // the worker to about 19 mails a second; kept connections send hundreds (ADR 044). An idle
        // one closes after the socket timeout; one the server dropped is replaced on the next send.
        createTransport({ url: mode.url, pool: true, maxConnections: 4, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS })
      : createTransport({ jsonTransport: true });
  holder.__recourseMailTransport = { key, transporter };
  return transporter;
}

/** Close and forget the cached transport; the next send builds one from the environment. */
export function resetTransport(): void {
  holder.__recourseMailTransport?.transporter.close();
  holder.__recourseMailTransport = undefined;
}

/** True when mail goes to the development mailbox (no SMTP_URL). */
export function isDevMailbox(): boolean {
  return currentMode().kind === "file";
}

/**
 * Whether the development mailbox page may be shown: mail goes to files AND this is a laptop
 * set-up (DEV_MAILBOX=1, which server/main.ts sets for the embedded database). A server that
 * merely lacks SMTP_URL must not publish everyone's sign-in links.
 */
export function devMailboxVisible(): boolean {
  return isDevMailbox() && process.env.DEV_MAILBOX === "1";
}

/** The folder of the development mailbox. */
export function devMailboxDir(): string {
  return path.resolve(process.env.DATA_DIR?.trim() || ".data", "mailbox");
}

// Ids sort by time: 13-digit milliseconds, then random hex.
const ID_PATTERN = /^\d{13}-[0-9a-f]{12}$/;

function newMailboxId(now: Date): string {
  return `${String(now.getTime()).padStart(13, "0")}-${randomBytes(6).toString("hex")}`;
}

/** Send one message (From is MAIL_FROM). Throws when the SMTP server refuses it. */
export async function sendMail(mail: OutgoingMail): Promise<SentMail> {
  const mode = currentMode();
  const transporter = transporterFor(mode);
  const from = operator.mailFrom;
  const headers = { "Auto-Submitted": "auto-generated", ...mail.headers };
  const info = (await transporter.sendMail({
    from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
  })) as { messageId: string; response?: string };
  if (mode.kind === "smtp") return { messageId: info.messageId, response: typeof info.response === "string" ? info.response : undefined };

  const now = new Date();
  const record: DevMail = {
    id: newMailboxId(now),
    messageId: info.messageId,
    date: now.toISOString(),
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
  };
  const dir = devMailboxDir();
  await mkdir(dir, { recursive: true });
  // Write then rename, so a reader never sees half a file.
  const tmp = path.join(dir, `.${record.id}.tmp`);
  await writeFile(tmp, JSON.stringify(record, null, 2), "utf8");
  await rename(tmp, path.join(dir, `${record.id}.json`));
  return { messageId: info.messageId, mailboxId: record.id };
}

/** The newest `limit` messages of the development mailbox, newest first. */
export async function listDevMailbox(limit = 50): Promise<DevMail[]> {
  let files: string[];
  try {
    files = await readdir(devMailboxDir());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const ids = files
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .filter((id) => ID_PATTERN.test(id))
    .sort()
    .reverse()
    .slice(0, Math.max(0, limit));
  const mails = await Promise.all(ids.map((id) => readDevMailbox(id)));
  return mails.filter((m): m is DevMail => m !== null);
}

/** One message of the development mailbox, or null when there is no such id. */
export async function readDevMailbox(id: string): Promise<DevMail | null> {
  if (!ID_PATTERN.test(id)) return null; // also keeps paths inside the mailbox folder
  try {
    return JSON.parse(await readFile(path.join(devMailboxDir(), `${id}.json`), "utf8")) as DevMail;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

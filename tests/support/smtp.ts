import { mkdir, rename, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One received message, as written to the mail folder (one JSON file per message). */
export interface StoredMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** ISO 8601: when the message arrived at this server. */
  date: string;
  /** The Message-ID header, e.g. "<uuid@example.com>". */
  messageId?: string;
  /** Threading headers and Reply-To, when the message has them. */
  inReplyTo?: string;
  references?: string[];
  replyTo?: string;
}

/** Called when a message's DATA begins, before it is read or accepted; the message waits for the promise. */
export type BeforeAccept = (session: { rcptTo: string[] }) => Promise<void> | void;

export interface RunningSmtpServer {
  /** e.g. smtp://127.0.0.1:40123 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? "")).filter((s) => s !== "");
}

let sequence = 0;

/**
 * A real SMTP server in this process (loopback, free port, no TLS, auth optional).
 * Each message is parsed and written to `dir` as `<time>-<seq>.json`; file names sort
 * by arrival.
 */
export async function startSmtpServer(opts: { dir: string; beforeAccept?: BeforeAccept; afterAccept?: (mail: StoredMail) => void }): Promise<RunningSmtpServer> {
  const dir = path.resolve(opts.dir);
  await mkdir(dir, { recursive: true });

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    // Don't wait long for a client's idle pooled connection when stopping.
    closeTimeout: 2_000,
    // Accept any credentials a client offers (SMTP_URL may carry user:pass).
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "test" });
    },
    onData(stream, session, callback) {
      Promise.resolve(opts.beforeAccept?.({ rcptTo: session.envelope.rcptTo.map((r) => r.address) }))
        .then(() => simpleParser(stream))
        .then(async (parsed) => {
          const arrived = new Date();
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          const headerTo = [...addresses(parsed.to), ...addresses(parsed.cc)];
          const to = [...new Set([...headerTo, ...envelopeTo].map((a) => a.toLowerCase()))];
          const mail: StoredMail = {
            to,
            from: parsed.from?.value[0]?.address ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ""),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            date: arrived.toISOString(),
            ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
            ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo } : {}),
            ...(parsed.references ? { references: ([] as string[]).concat(parsed.references) } : {}),
            ...(parsed.replyTo ? { replyTo: addresses(parsed.replyTo).join(", ") } : {}),
          };
          const name = `${String(arrived.getTime()).padStart(15, "0")}-${String(++sequence).padStart(6, "0")}-${process.pid}.json`;
          // Write then rename, so a poller never reads a half-written file.
          const tmp = path.join(dir, `.${name}.tmp`);
          await writeFile(tmp, JSON.stringify(mail, null, 2));
          await rename(tmp, path.join(dir, name));
          return mail;
        })
        .then(
          (mail) => {
            callback(); // the 250 that tells the client the message is accepted
            opts.afterAccept?.(mail);
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => console.error("[smtp]", error));
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { SMTPServer } from "smtp-server";
import { isDatabaseUnavailable } from "~/db/unavailable";
import type { InboundMailConfig } from "~/mail/inbound-config";
import { inboundMailMaxBytes } from "./limits";
import { keepFailedInboundMail, receiveInboundMail } from "./receive.server";

// The built-in SMTP listener for small deployments (INBOUND_SMTP_PORT; off by default): it takes
// mail for the reply domain only and feeds it to the same pipeline as the webhook. No TLS and no
// AUTH of its own: bind it to a private address (default 127.0.0.1) behind the MTA that faces
// the internet (see ADR 015).

export interface InboundSmtpListener {
  port: number;
  stop(): Promise<void>;
}

function temporaryFailure(): Error {
  return Object.assign(new Error("Temporary failure, try again later"), { responseCode: 451 });
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

export async function startInboundSmtp(config: Pick<InboundMailConfig, "replyDomain" | "smtpHost"> & { smtpPort: number }, log: (m: string) => void): Promise<InboundSmtpListener> {
  const maxBytes = inboundMailMaxBytes();
  const replyDomain = config.replyDomain.toLowerCase();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    logger: false,
    size: maxBytes,
    maxClients: 50,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    banner: "Recourse inbound mail",
    onRcptTo(address, _session, callback) {
      if (domainOf(address.address) !== replyDomain) {
        const error = Object.assign(new Error("Relay denied: this server takes mail for its reply domain only"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        if (stream.sizeExceeded || size > maxBytes) {
          return callback(Object.assign(new Error(`Message too large: the limit is ${maxBytes} bytes`), { responseCode: 552 }));
        }
        const raw = Buffer.concat(chunks, size);
        const now = new Date();
        const mailFrom = session.envelope.mailFrom;
        receiveInboundMail(raw, {
          via: "smtp",
          envelopeFrom: mailFrom ? mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          now,
        })
          .then(() => callback(null, "Message accepted"))
          .catch(async (error: unknown) => {
            log(`inbound mail by SMTP could not be processed: ${error instanceof Error ? error.message : String(error)}`);
            // The database is away (the webhook answers 503 for it): the message is fine, so no
            // copy is kept as failed; the sending MTA tries again later and it is then processed.
            if (isDatabaseUnavailable(error)) return callback(temporaryFailure());
            try {
              await keepFailedInboundMail(raw, { via: "smtp", now, error });
              callback(null, "Message accepted");
            } catch {
              // The database is away: a temporary failure makes the sending MTA try again later.
              callback(temporaryFailure());
            }
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.smtpPort, config.smtpHost, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // An error on one connection must not end the process.
  server.on("error", (error) => log(`inbound SMTP: ${error.message}`));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : config.smtpPort;
  log(`inbound mail: SMTP listener on ${config.smtpHost}:${port} for @${replyDomain}`);
  return {
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Whether this instance reads mail, and how. Outbound mail promises "reply to this e-mail"
// only when a reply domain is set and at least one inbound route (webhook or listener) is on.

export interface InboundMailConfig {
  /** MAIL_REPLY_DOMAIN: the domain of the per-case Reply-To addresses (case+TOKEN@domain). */
  replyDomain: string;
  /** INBOUND_MAIL_SECRET: the HMAC-SHA256 secret of POST /inbound/email; null turns the webhook off. */
  webhookSecret: string | null;
  /** INBOUND_SMTP_PORT: the built-in SMTP listener's port; null (the default) leaves it off. */
  smtpPort: number | null;
  /** INBOUND_SMTP_HOST: where the listener binds (default 127.0.0.1). */
  smtpHost: string;
}

function text(name: string, env: NodeJS.ProcessEnv): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/** The inbound configuration, or null when no reply can reach the app. */
export function inboundMailConfig(env: NodeJS.ProcessEnv = process.env): InboundMailConfig | null {
  const replyDomain = text("MAIL_REPLY_DOMAIN", env);
  const webhookSecret = text("INBOUND_MAIL_SECRET", env);
  const port = text("INBOUND_SMTP_PORT", env);
  const smtpPort = port && /^\d{1,5}$/.test(port) && Number(port) > 0 && Number(port) < 65536 ? Number(port) : null;
  if (!replyDomain || (!webhookSecret && smtpPort === null)) return null;
  return { replyDomain, webhookSecret, smtpPort, smtpHost: text("INBOUND_SMTP_HOST", env) ?? "127.0.0.1" };
}

/** True when mail may say "reply to this e-mail". */
export function repliesByMailEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return inboundMailConfig(env) !== null;
}

import { isIP } from "node:net";

// The development mailbox (/dev/mailbox) shows every mail, sign-in links included, to whoever
// opens it. It belongs on a laptop: on by default only for the embedded database AND a server
// that listens on this machine alone.

/** Whether HOST keeps the server to this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || h.startsWith("::ffff:127.");
  return false;
}

/**
 * DEV_MAILBOX as set ("1" on, anything else off), or the default; and a warning when the page
 * will be served (on, no SMTP_URL) to anyone who can reach a server listening beyond loopback.
 */
export function devMailboxSetting(args: { value: string | undefined; embeddedDatabase: boolean; host: string; smtp: boolean }): { on: boolean; warning: string | null } {
  const loopback = isLoopbackHost(args.host);
  const set = args.value?.trim();
  const on = set ? set === "1" : args.embeddedDatabase && loopback;
  const warning =
    on && !args.smtp && !loopback
      ? `WARNING: DEV_MAILBOX=1 while listening on ${args.host}: anyone who reaches this server can read every mail at /dev/mailbox, sign-in links included. Set SMTP_URL, or DEV_MAILBOX=0, or HOST=127.0.0.1.`
      : null;
  return { on, warning };
}

import type { Command } from "./commands";
import type { Audience, Channel } from "./types";

export interface CarriedMessage {
  body: string;
  audience: Audience;
  channel: Channel;
  /** A logged letter or call: when it happened, and which way it went. */
  occurredAt?: Date;
  direction?: "in" | "out";
}

/**
 * The text a command carries becomes a message on the case. An answer, a question, the dispute
 * body's outcome and a complainant's reasons are for everyone on the case; a posted message
 * goes to the audience its author chose.
 */
export function carriedMessage(command: Command, body: string | undefined): CarriedMessage | null {
  const text = (s: string | undefined) => s?.trim() || null;
  const forParties = (s: string | undefined): CarriedMessage | null => {
    const t = text(s);
    return t ? { body: t, audience: "parties", channel: "web" } : null;
  };
  switch (command.type) {
    case "post_message": {
      const t = text(body);
      return t ? { body: t, audience: command.audience, channel: command.channel } : null;
    }
    case "answer":
    case "request_information":
      return forParties(command.message);
    case "record_dma_outcome":
      return forParties(command.summary);
    case "log_contact": {
      const t = text(command.summary);
      return t ? { body: t, audience: command.audience, channel: command.channel, occurredAt: command.occurredAt, direction: command.direction } : null;
    }
    case "reject_answer":
    case "withdraw":
      return forParties(command.reason);
    case "record_identity_verification":
      // What we need from the complainant to verify them; the evidence itself stays with staff.
      return command.outcome === "verified" ? null : forParties(command.request);
    default:
      return null;
  }
}

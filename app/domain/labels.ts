// Plain words for the ladder, shared by the UI, the mail and the sentences the domain writes.
// No operator or dispute-body names here: those are configuration (app/config/operator.server.ts).
import type { Role, Stage, Status } from "./types";

export const STAGE_LABELS: Record<Stage, string> = {
  client: "Client company",
  company: "Our Security Officer",
  dma: "Independent dispute body",
  arbitration: "Binding arbitration",
};

export const STATUS_LABELS: Record<Status, string> = {
  awaiting_acknowledgement: "Waiting for acknowledgement",
  in_progress: "In progress",
  awaiting_complainant: "Waiting for the complainant's reply",
  answered: "Answered",
  resolved: "Resolved",
  withdrawn: "Withdrawn",
  closed: "Closed",
};

/** Who the case is with, mid-sentence: "move this case to …", "waiting for … to acknowledge". */
export const STAGE_PARTIES: Record<Stage, string> = {
  client: "the client company",
  company: "our Security Officer",
  dma: "the independent dispute body",
  arbitration: "binding arbitration",
};

/** Completes "when the case reached the … stage". */
export const STAGE_NOUNS: Record<Stage, string> = {
  client: "client",
  company: "company",
  dma: "independent dispute body",
  arbitration: "binding arbitration",
};

/** Completes "while the case is …". */
export const STAGE_WHEREABOUTS: Record<Stage, string> = {
  client: "with the client company",
  company: "with our Security Officer",
  dma: "with the independent dispute body",
  arbitration: "in binding arbitration",
};

/** Completes "while the case is …". */
export const STATUS_WHEREABOUTS: Record<Status, string> = {
  awaiting_acknowledgement: "waiting to be acknowledged",
  in_progress: "being worked on",
  awaiting_complainant: "waiting for the complainant's reply",
  answered: "waiting for the complainant to accept or reject the answer",
  resolved: "resolved",
  withdrawn: "withdrawn",
  closed: "closed",
};

export const ROLE_NAMES: Record<Role, string> = {
  officer: "the Security Officer",
  liaison: "the client company's liaison",
  complainant: "the person who made the complaint",
};

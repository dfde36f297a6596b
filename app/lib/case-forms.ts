import { z } from "zod";
import { instantOfWallTime, zoneName } from "~/domain/calendar";
import { EXTERNAL_REFERENCE_MAX } from "~/domain/outside-steps";
import { ARBITRATION_EXCLUSIONS, AUDIENCES, CHANNELS, CLOSURE_KINDS, CONTACT_CHANNELS, DEADLINE_KINDS, DIRECTIONS, REMEDIES, VERIFICATION_METHODS, VERIFICATION_OUTCOMES } from "~/domain";
import type { CaseCommandRequest } from "~/models/case-commands.server";
import { optionalText, parseWith, text, uuid, type FieldErrors } from "./forms";

// Forms on the case pages: each button posts an `intent` naming a domain command,
// with the case `version` the person saw. Parsing only; the domain decides.

const version = z.coerce.number({ error: "The form is missing the case version. Reload the page." }).int().positive();
const checkbox = z.enum(["on", "true"]).optional().transform((v) => v !== undefined);
const optionalUuid = z
  .string()
  .optional()
  .transform((v) => v || null)
  .pipe(uuid("Choose from the list.").nullable());

/**
 * A date and time as a datetime-local field sends it (YYYY-MM-DDTHH:MM), read as the wall clock of
 * the operator's zone, which the form names beside the field (ADR 011: receipt is the operator's).
 */
export function dateTimeIn(zone: string) {
  return z
    .string({ error: "Enter the date and time." })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter the date and time as YYYY-MM-DD HH:MM.")
    .transform((v, ctx) => {
      const wall = new Date(`${v}:00.000Z`);
      if (Number.isNaN(wall.getTime()) || wall.toISOString().slice(0, 16) !== v) {
        ctx.addIssue({ code: "custom", message: "That date and time does not exist." });
        return z.NEVER;
      }
      const instant = instantOfWallTime(wall.getTime(), zone);
      if (!instant) {
        ctx.addIssue({ code: "custom", message: `That time does not exist in ${zoneName(zone)} (the clocks went forward); check the time.` });
        return z.NEVER;
      }
      return instant;
    });
}

/**
 * A step that happened outside this website (ADR 035): the day, the outside body's reference and a
 * ticked confirmation. The domain checks the day against today and the case; the form, its shape.
 */
const occurredOn = z.iso.date("Enter the day as YYYY-MM-DD.");
const externalReference = optionalText("the reference", EXTERNAL_REFERENCE_MAX);
const confirmed = z.enum(["on", "true"], { error: "Tick the box to confirm." });
const outsideStep = { occurredOn, externalReference, confirmed };

const forms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("acknowledge") }),
  z.object({ intent: z.literal("request_information"), body: text("your question", 10_000) }),
  z.object({
    intent: z.literal("post_message"),
    body: text("a message", 10_000),
    audience: z.enum(AUDIENCES, { error: "Choose who can read this." }).default("parties"),
    channel: z.enum(CHANNELS, { error: "Choose how it was received." }).default("web"),
  }),
  z.object({ intent: z.literal("answer"), body: text("the answer", 10_000), declines: checkbox }),
  z.object({ intent: z.literal("accept_answer") }),
  z.object({ intent: z.literal("reject_answer"), body: optionalText("your reasons", 10_000) }),
  // The complainant's own move carries nothing; the officer's record of one asked for by letter or
  // call carries the day, a reference and the confirmation (the domain tells the two apart).
  z
    .object({ intent: z.literal("escalate"), occurredOn: occurredOn.optional(), externalReference, confirmed: confirmed.optional() })
    .superRefine((v, ctx) => {
      if (v.occurredOn !== undefined && v.confirmed === undefined) ctx.addIssue({ code: "custom", path: ["confirmed"], message: "Tick the box to confirm." });
    }),
  z.object({ intent: z.literal("record_dma_referral"), ...outsideStep }),
  z.object({ intent: z.literal("record_dma_outcome"), body: text("the dispute body's outcome", 10_000), requiresAction: checkbox }),
  z.object({
    intent: z.literal("record_dpa_referral"),
    occurredOn: z.iso.date("Enter the day of the referral as YYYY-MM-DD."),
    externalReference: text("the referral's reference", EXTERNAL_REFERENCE_MAX),
    confirmed,
  }),
  z.object({
    intent: z.literal("correct_dpa_referral"),
    occurredOn: z.iso.date("Enter the day of the referral as YYYY-MM-DD."),
    externalReference: text("the referral's reference", EXTERNAL_REFERENCE_MAX),
    reason: text("why it is corrected", 2_000),
    confirmed,
  }),
  z.object({ intent: z.literal("record_arbitration_notice"), ...outsideStep }),
  z.object({
    intent: z.literal("record_prerequisites"),
    companyContacted: checkbox,
    dmaContacted: checkbox,
    exclusion: z
      .enum(["none", ...ARBITRATION_EXCLUSIONS], { error: "Choose whether an exclusion applies." })
      .default("none")
      .transform((v) => (v === "none" ? null : v)),
  }),
  z.object({
    intent: z.literal("record_award"),
    ...outsideStep,
    remedies: z
      .union([z.enum(REMEDIES), z.array(z.enum(REMEDIES))], { error: "Choose at least one remedy." })
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
    body: text("a summary of the award", 10_000),
    monetaryAmount: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v || !v.trim()) return null;
        const n = Number(v.replace(/[, ]/g, ""));
        if (!Number.isFinite(n)) {
          ctx.addIssue({ code: "custom", message: "Enter an amount as a number, or leave it empty." });
          return z.NEVER;
        }
        return n;
      }),
  }),
  z.object({ intent: z.literal("confirm_award_compliance") }),
  z.object({ intent: z.literal("withdraw"), body: optionalText("your reasons", 10_000) }),
  z.object({ intent: z.literal("close"), kind: z.enum(CLOSURE_KINDS, { error: "Choose why the case is closed." }), reason: text("a reason", 5_000) }),
  z.object({ intent: z.literal("reopen"), reason: text("a reason", 5_000) }),
  z.object({ intent: z.literal("assign"), clientId: optionalUuid, liaisonId: optionalUuid }),
  z.object({ intent: z.literal("set_owner"), ownerId: optionalUuid }),
  z.object({
    intent: z.literal("extend_deadline"),
    kind: z.enum(DEADLINE_KINDS, { error: "Choose the deadline." }),
    dueAt: z.iso.date("Enter the new date as YYYY-MM-DD.").transform((d) => new Date(`${d}T23:59:59.000Z`)),
    reason: text("a reason", 5_000),
  }),
  z.object({
    intent: z.literal("log_contact"),
    channel: z.enum(CONTACT_CHANNELS, { error: "Choose a letter or a telephone call." }),
    direction: z.enum(DIRECTIONS, { error: "Choose whether it came to us or went out from us." }),
    // Read in the operator's zone once the form is known to be a log (parseCaseForm).
    occurredAt: z.string({ error: "Enter the date and time." }).max(40),
    audience: z.enum(AUDIENCES, { error: "Choose who can read this." }).default("internal"),
    body: text("a summary", 10_000),
  }),
  // Erasing the complainant's account and ended cases (ADR 051) cannot be undone: the box must be ticked.
  z.object({ intent: z.literal("carry_out_erasure"), confirmed }),
  z.object({
    intent: z.literal("record_identity_verification"),
    method: z.enum(VERIFICATION_METHODS, { error: "Choose how the identity was checked." }),
    evidence: text("the evidence you checked", 2_000),
    outcome: z.enum(VERIFICATION_OUTCOMES, { error: "Choose the outcome of the check." }),
    request: optionalText("what the complainant needs to send", 5_000),
  }),
]);

export type CaseForm = { command: CaseCommandRequest; body?: string; version: number; intent: string };

/** `zone`: the operator's, in which a letter's or call's date and time are read (named beside the field). */
export function parseCaseForm(
  form: FormData,
  zone = "UTC",
): { ok: true; value: CaseForm } | { ok: false; intent: string | null; errors: FieldErrors; codes: FieldErrors } {
  const intent = typeof form.get("intent") === "string" ? (form.get("intent") as string) : null;
  const v = parseWith(z.object({ version }), form);
  const parsed = parseWith(forms, form);
  if (!parsed.ok || !v.ok) {
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(v.ok ? {} : v.errors) };
    // Each field's zod code, so the complainant's page can word it in their language.
    const codes = { ...(parsed.ok ? {} : parsed.codes), ...(v.ok ? {} : v.codes) };
    if (errors.intent) errors._form = "That action is not known.";
    return { ok: false, intent, errors, codes };
  }
  const f = parsed.data;
  const base = { version: v.data.version, intent: f.intent };
  switch (f.intent) {
    case "request_information":
      return { ok: true, value: { ...base, command: { type: f.intent, message: f.body } } };
    case "answer":
      return { ok: true, value: { ...base, command: { type: f.intent, message: f.body, declines: f.declines } } };
    case "record_identity_verification":
      return { ok: true, value: { ...base, command: { type: f.intent, method: f.method, evidence: f.evidence, outcome: f.outcome, request: f.request ?? undefined } } };
    case "post_message":
      return { ok: true, value: { ...base, body: f.body, command: { type: f.intent, audience: f.audience, channel: f.channel } } };
    case "reject_answer":
    case "withdraw":
      return { ok: true, value: { ...base, command: { type: f.intent, reason: f.body } } };
    case "record_dma_outcome":
      return { ok: true, value: { ...base, command: { type: f.intent, summary: f.body, requiresAction: f.requiresAction } } };
    case "record_dpa_referral":
      return { ok: true, value: { ...base, command: { type: f.intent, referredOn: f.occurredOn, reference: f.externalReference } } };
    case "correct_dpa_referral":
      return { ok: true, value: { ...base, command: { type: f.intent, referredOn: f.occurredOn, reference: f.externalReference, reason: f.reason } } };
    case "escalate":
      return {
        ok: true,
        value: { ...base, command: f.occurredOn === undefined ? { type: f.intent } : { type: f.intent, occurredOn: f.occurredOn, externalReference: f.externalReference } },
      };
    case "record_dma_referral":
    case "record_arbitration_notice":
      return { ok: true, value: { ...base, command: { type: f.intent, occurredOn: f.occurredOn, externalReference: f.externalReference } } };
    case "record_prerequisites":
      return { ok: true, value: { ...base, command: { type: f.intent, companyContacted: f.companyContacted, dmaContacted: f.dmaContacted, exclusion: f.exclusion } } };
    case "record_award":
      return {
        ok: true,
        value: {
          ...base,
          command: { type: f.intent, remedies: f.remedies, summary: f.body, monetaryAmount: f.monetaryAmount, occurredOn: f.occurredOn, externalReference: f.externalReference },
        },
      };
    case "close":
      return { ok: true, value: { ...base, command: { type: f.intent, kind: f.kind, reason: f.reason } } };
    case "reopen":
      return { ok: true, value: { ...base, command: { type: f.intent, reason: f.reason } } };
    case "assign":
      return { ok: true, value: { ...base, command: { type: f.intent, clientId: f.clientId, liaisonId: f.liaisonId } } };
    case "set_owner":
      return { ok: true, value: { ...base, command: { type: f.intent, ownerId: f.ownerId } } };
    case "extend_deadline":
      return { ok: true, value: { ...base, command: { type: f.intent, kind: f.kind, dueAt: f.dueAt, reason: f.reason } } };
    case "log_contact": {
      const at = dateTimeIn(zone).safeParse(f.occurredAt);
      if (!at.success) return { ok: false, intent, errors: { occurredAt: at.error.issues[0]?.message ?? "Enter the date and time." }, codes: { occurredAt: at.error.issues[0]?.code ?? "custom" } };
      return {
        ok: true,
        value: { ...base, command: { type: f.intent, channel: f.channel, direction: f.direction, occurredAt: at.data, audience: f.audience, summary: f.body } },
      };
    }
    default:
      return { ok: true, value: { ...base, command: { type: f.intent } } };
  }
}

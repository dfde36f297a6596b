import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, subjectLine, type RenderedEmail } from "./shared";

export const OUTCOMES = ["resolved", "withdrawn", "closed"] as const;
export const CLOSE_REASONS = ["out_of_scope", "duplicate", "unfounded", "settled", "not_pursued", "other"] as const;
type Outcome = (typeof OUTCOMES)[number];
type CloseReason = (typeof CLOSE_REASONS)[number];
const isOutcome = (v: unknown): v is Outcome => OUTCOMES.includes(v as Outcome);
const isReason = (v: unknown): v is CloseReason => CLOSE_REASONS.includes(v as CloseReason);

/**
 * The case reached a terminal outcome. Give `outcome` (and for `closed` a `reason`), or just the
 * case's closure `kind` ("resolved", "withdrawn", or a closing reason such as "duplicate"),
 * from which both are derived. The officer's own words stay in the app.
 */
export const caseClosedSchema = z
  .object({
    ...caseMailFields,
    outcome: z.enum(OUTCOMES).optional(),
    /** For `closed`: why, as one of the fixed reasons. */
    reason: z.enum(CLOSE_REASONS).optional(),
    /** The closure kind, as the domain records it. */
    kind: z.string().optional(),
  })
  .transform(({ kind, ...d }, ctx) => {
    const outcome = d.outcome ?? (isOutcome(kind) ? kind : isReason(kind) ? "closed" : undefined);
    if (!outcome) {
      ctx.addIssue({ code: "custom", message: "an outcome (resolved, withdrawn, closed) or a closure kind is required", path: ["outcome"] });
      return z.NEVER;
    }
    const reason = outcome === "closed" ? (d.reason ?? (isReason(kind) ? kind : undefined)) : undefined;
    return { ...d, outcome, reason };
  });
export type CaseClosedData = z.output<typeof caseClosedSchema>;

function outcomeWords(data: CaseClosedData): { short: string; sentence: string } {
  switch (data.outcome) {
    case "resolved":
      return {
        short: "resolved",
        sentence: `Case ${data.reference} is resolved: the answer was accepted, or what was decided has been carried out.`,
      };
    case "withdrawn":
      return { short: "withdrawn", sentence: `Case ${data.reference} has been withdrawn. Nothing more will be done on it.` };
    case "closed": {
      const why =
        data.reason === "out_of_scope"
          ? "it falls outside what this complaints procedure covers"
          : data.reason === "duplicate"
            ? "it repeats another case that is already being handled"
            : data.reason === "unfounded"
              ? "after looking into it, we found no grounds for the complaint"
              : data.reason === "settled"
                ? "it has been settled"
                : data.reason === "not_pursued"
                  ? "we did not hear back from you for a long time"
                  : undefined;
      return {
        short: "closed",
        sentence: why
          ? `Case ${data.reference} has been closed because ${why}. The full reasons are on the case page.`
          : `Case ${data.reference} has been closed. The reasons are on the case page.`,
      };
    }
  }
}

export function caseClosed(data: CaseClosedData): RenderedEmail {
  const staff = data.audience === "staff";
  const words = outcomeWords(data);
  return renderMessage({
    subject: subjectLine(data.reference, `${staff ? "the" : "your"} case is ${words.short}`),
    preview: `The case is ${words.short}.`,
    heading: `The case is ${words.short}`,
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [words.sentence, "The case page keeps the full history of the case:"],
    action: { label: "Open the case", url: data.caseUrl },
    after: staff
      ? undefined
      : [
          data.outcome === "resolved"
            ? "Thank you for your patience while we dealt with your complaint."
            : "If you think this is a mistake, or something has changed, please write to our Security Officer (details below) and mention your case reference.",
        ],
  });
}

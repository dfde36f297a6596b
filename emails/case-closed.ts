import { z } from "zod";
import { renderMessage } from "./layout";
import type { Translate } from "../app/i18n";
import { caseMailFields, mailTranslator, referenceSchema, subjectLine, type RenderedEmail } from "./shared";

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
    /** A granted request to erase the account (ADR 051): what is erased and what is kept, and why. */
    erasure: z
      .object({
        anonymise: z.array(referenceSchema).max(1000),
        kept: z.array(z.object({ reference: referenceSchema, why: z.enum(["open", "legal_hold", "broken_chain"]) })).max(1000),
        accountGoes: z.boolean(),
      })
      .optional(),
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

/** The sentence that says how the case ended, and why when it was closed for one of the fixed reasons. */
function outcomeSentence(data: CaseClosedData, t: Translate): string {
  const values = { reference: data.reference };
  switch (data.outcome) {
    case "resolved":
      return t("mail.case.closed.resolved", values);
    case "withdrawn":
      return t("mail.case.closed.withdrawn", values);
    case "closed":
      switch (data.reason) {
        case "out_of_scope":
          return t("mail.case.closed.outOfScope", values);
        case "duplicate":
          return t("mail.case.closed.duplicate", values);
        case "unfounded":
          return t("mail.case.closed.unfounded", values);
        case "settled":
          return t("mail.case.closed.settled", values);
        case "not_pursued":
          return t("mail.case.closed.notPursued", values);
        default:
          return t("mail.case.closed.noReason", values);
      }
  }
}

/**
 * The closing mail of a granted erasure request: the last one to the address when the account goes.
 * No link (the request and the ended cases leave the complainant's pages) and no "reply to this e-mail".
 */
function erasureCarriedOut(data: CaseClosedData, erasure: NonNullable<CaseClosedData["erasure"]>, t: Translate): RenderedEmail {
  const kept = erasure.kept.map(({ reference, why }) =>
    why === "open" ? t("mail.case.erased.keptOpen", { reference }) : why === "legal_hold" ? t("mail.case.erased.keptHold", { reference }) : t("mail.case.erased.keptOther", { reference }),
  );
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, "your data is being erased"),
    preview: t("mail.case.erased.preview"),
    heading: t("mail.case.erased.heading"),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: false,
    body: [
      t("mail.case.erased.body", { reference: data.reference }),
      { list: erasure.anonymise },
      t("mail.case.erased.remains"),
      ...(kept.length > 0 ? [t("mail.case.erased.kept"), { list: kept }] : []),
      erasure.accountGoes ? t("mail.case.erased.accountGoes") : t("mail.case.erased.accountStays"),
    ],
  });
}

export function caseClosed(data: CaseClosedData): RenderedEmail {
  const staff = data.audience === "staff";
  const t = mailTranslator(data);
  if (data.erasure && !staff) return erasureCarriedOut(data, data.erasure, t);
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, `${staff ? "the" : "your"} case is ${data.outcome}`),
    preview: t("mail.case.closed.preview", { outcome: data.outcome }),
    heading: t("mail.case.closed.heading", { outcome: data.outcome }),
    recipientName: data.recipientName,
    reference: data.reference,
    // An ended case takes no reply (only the officer's internal notes): a reply would go to intake (ADR 066).
    replyByMail: false,
    body: [outcomeSentence(data, t), t("mail.case.closed.history")],
    action: { label: t("mail.case.openTheCase"), url: data.caseUrl },
    after: staff ? undefined : [data.outcome === "resolved" ? t("mail.case.closed.thanks") : t("mail.case.closed.mistake")],
  });
}

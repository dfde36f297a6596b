// Carrying out a request to erase the complainant's account (ADR 051). The request is a case of
// its own (`request_removal`, filed from /my/export, `erasureRequest` on the state), answered under
// the same ladder. The rule, in full:
// - Only the Security Officer carries it out, on the request itself, while it is open (the
//   transition `carry_out_erasure`); a liaison never may (such a case has no client).
// - Only once the requester's identity is verified (ADR 021): like an answer that carries a
//   request out, and for the same reason: whoever typed the address must not erase someone else.
// - Carrying it out ends the request (resolved) and anonymises, with the retention sweep's own
//   anonymisation, every case of the complainant that has ended and is not on legal hold, the
//   request itself included. A case still open, or on legal hold, is kept and named with why: it
//   is anonymised by the retention policy after it ends or the hold is lifted.
// - The complainant's account goes when nothing of theirs is left un-anonymised, as with the sweep.
// - The closing mail goes out first: nothing is anonymised while a mail of those cases waits to be sent.
import { isTerminal, type Status } from "./types";

/** Why a case of the complainant is kept: still open, on legal hold, or (found when it runs) a broken hash chain left for the officer. */
export const ERASURE_KEPT_REASONS = ["open", "legal_hold", "broken_chain"] as const;
export type ErasureKeptReason = (typeof ERASURE_KEPT_REASONS)[number];

export interface ErasureCaseFacts {
  reference: string;
  status: Status;
  legalHold: boolean;
  anonymised: boolean;
}

export type ErasureStanding = { kind: "anonymise" } | { kind: "anonymised" } | { kind: "kept"; why: Exclude<ErasureKeptReason, "broken_chain"> };

/** One case of the complainant when the erasure runs: only an ended case without a legal hold is anonymised. */
export function erasureStanding(facts: ErasureCaseFacts): ErasureStanding {
  if (facts.anonymised) return { kind: "anonymised" };
  if (!isTerminal(facts.status)) return { kind: "kept", why: "open" };
  if (facts.legalHold) return { kind: "kept", why: "legal_hold" };
  return { kind: "anonymise" };
}

/** What carrying out the request does, by reference: recorded on the request, told to the complainant. */
export interface ErasurePlan {
  anonymise: string[];
  kept: { reference: string; why: ErasureKeptReason }[];
  /** Nothing of theirs is kept, so the account goes too. */
  accountGoes: boolean;
}

/**
 * What carrying out `request` would do now to the complainant's `cases` (the request among them):
 * the request ends by being carried out, so it counts as ended. Cases already anonymised are left out.
 */
export function planErasure(cases: readonly ErasureCaseFacts[], request: string): ErasurePlan {
  const anonymise: string[] = [];
  const kept: ErasurePlan["kept"] = [];
  for (const c of cases) {
    const standing = erasureStanding(c.reference === request ? { ...c, status: "resolved" } : c);
    if (standing.kind === "anonymise") anonymise.push(c.reference);
    else if (standing.kind === "kept") kept.push({ reference: c.reference, why: standing.why });
  }
  return { anonymise, kept, accountGoes: kept.length === 0 };
}

/** The request's outcome as the case records it (closure reason). */
export const ERASURE_CLOSURE_REASON = "The request was granted: the complainant's personal data is erased from every case that has ended.";

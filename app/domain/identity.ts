// Identity verification (docs/decisions/021-identity-verification.md). The policy says "We may
// need to verify your identity before implementing your request": a request that would show,
// correct or remove someone's personal data is carried out only for the person it is about.
import type { Category } from "./categories";

/** Requests whose answer carries out access, correction, deletion or anonymisation. */
export const IDENTITY_CATEGORIES: readonly Category[] = ["request_access", "request_correction", "request_removal"];

export function needsIdentityVerification(category: string): boolean {
  return (IDENTITY_CATEGORIES as readonly string[]).includes(category);
}

export const VERIFICATION_METHODS = ["id_document", "knowledge_check", "client_records", "signed_letter", "other"] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const VERIFICATION_METHOD_LABELS: Record<VerificationMethod, string> = {
  id_document: "Identity document checked",
  knowledge_check: "Answers only the person would know (matched against the data held)",
  client_records: "Matched against the client's own customer records",
  signed_letter: "Signed letter from the postal address on record",
  other: "Other (describe in the evidence)",
};

/** "more_needed" asks the complainant for something; "failed" means the evidence did not match. */
export const VERIFICATION_OUTCOMES = ["verified", "more_needed", "failed"] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

export const VERIFICATION_OUTCOME_LABELS: Record<VerificationOutcome, string> = {
  verified: "Verified",
  more_needed: "More is needed from the complainant",
  failed: "Not verified: the evidence did not match",
};

export interface IdentityVerification {
  method: VerificationMethod;
  evidence: string;
  outcome: VerificationOutcome;
  recordedAt: Date;
}

export interface IdentityFacts {
  /** The case's category asks us to carry out access, correction or removal. */
  needed: boolean;
  /** The latest verification recorded, if any. */
  latest: IdentityVerification | null;
}

export function identityVerified(identity: IdentityFacts | undefined): boolean {
  return !identity?.needed || identity.latest?.outcome === "verified";
}

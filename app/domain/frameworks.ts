// Framework profiles as data: the periods each stage's clocks run for, the arbitration
// prerequisites and the dispute body. The officer edits them (stored in framework_profiles);
// a case keeps the profile it was opened under as a snapshot, so editing a profile never moves
// the deadlines of existing cases (ADR 012). These are the defaults the migration seeds.
import { FRAMEWORK_IDS, type FrameworkId, type Period } from "./types";

export interface FrameworkClocks {
  /** The privacy policy's "prompt acknowledgement". */
  acknowledgement: Period;
  /** Supplemental Principle 11(d)(i): "respond ... within 45 days of receiving a complaint". */
  response: Period;
  /** The dispute body's review (no public figure). */
  dmaReview: Period;
  /** The arbitration panel's award (no public figure). */
  arbitration: Period;
  /** Carrying out an award once made. */
  awardCompliance: Period;
  /** How far past its original date the officer may extend a clock, in total. */
  extensionLimit: Period;
  /** After the complainant rejects an answer, the answering side's time to answer again. */
  followUp: Period;
}

export type ClockName = keyof FrameworkClocks;
/** Every clock of a profile, in the order the settings page lists them. */
export const CLOCK_NAMES: readonly ClockName[] = ["acknowledgement", "response", "dmaReview", "arbitration", "awardCompliance", "extensionLimit", "followUp"];

export interface DisputeBody {
  name: string;
  address: string;
}

export interface FrameworkProfile {
  id: FrameworkId;
  name: string;
  /** How the framework's principles are cited in deadline explanations. */
  principlesName: string;
  referencePrefix: "PS" | "DPF";
  clocks: FrameworkClocks;
  /** The DPA-to-Commerce step before arbitration (Annex I); the operator's policy omits it for Privacy Shield. */
  arbitrationRequiresDpaReferral: boolean;
  /** The period Commerce has to deal with a DPA's referral before arbitration may be invoked (DPF Annex I). */
  dpaReferralPeriod: Period;
  disputeBody: DisputeBody;
}

const calendarDays = (count: number): Period => ({ count, unit: "calendar_days" });

// 45 days is Supplemental Principle 11(d)(i); 5 business days is our reading of "prompt"; the
// others have no public figure and are defaults the operator may change per framework.
const DEFAULT_CLOCKS: FrameworkClocks = {
  acknowledgement: { count: 5, unit: "business_days" },
  response: calendarDays(45),
  dmaReview: calendarDays(45),
  arbitration: calendarDays(90),
  awardCompliance: calendarDays(30),
  extensionLimit: calendarDays(30),
  followUp: calendarDays(14),
};

// The body the privacy policy names; an operator certified under the DPF confirms or changes it.
const POLICY_DISPUTE_BODY: DisputeBody = {
  name: "DMA Privacy Shield Dispute Resolution Program",
  address: "Privacy Shield Line, Direct Marketing Association, 1615 L Street, NW – Suite 1100, Washington, DC 20336",
};

export const FRAMEWORKS: Record<FrameworkId, FrameworkProfile> = {
  privacy_shield: {
    id: "privacy_shield",
    name: "EU-U.S. Privacy Shield",
    principlesName: "Privacy Shield",
    referencePrefix: "PS",
    clocks: DEFAULT_CLOCKS,
    arbitrationRequiresDpaReferral: false,
    dpaReferralPeriod: calendarDays(90),
    disputeBody: POLICY_DISPUTE_BODY,
  },
  dpf: {
    id: "dpf",
    name: "EU-U.S. Data Privacy Framework",
    principlesName: "Data Privacy Framework",
    referencePrefix: "DPF",
    clocks: DEFAULT_CLOCKS,
    arbitrationRequiresDpaReferral: true,
    dpaReferralPeriod: calendarDays(90),
    disputeBody: POLICY_DISPUTE_BODY,
  },
  swiss_dpf: {
    id: "swiss_dpf",
    name: "Swiss-U.S. Data Privacy Framework",
    principlesName: "Swiss-U.S. Data Privacy Framework",
    referencePrefix: "DPF",
    clocks: DEFAULT_CLOCKS,
    arbitrationRequiresDpaReferral: true,
    dpaReferralPeriod: calendarDays(90),
    disputeBody: POLICY_DISPUTE_BODY,
  },
  uk_extension: {
    id: "uk_extension",
    name: "UK Extension to the EU-U.S. Data Privacy Framework",
    principlesName: "Data Privacy Framework",
    referencePrefix: "DPF",
    clocks: DEFAULT_CLOCKS,
    arbitrationRequiresDpaReferral: true,
    dpaReferralPeriod: calendarDays(90),
    disputeBody: POLICY_DISPUTE_BODY,
  },
};

/** The built-in default of a profile; the models read the officer's edited profiles from the database. */
export function frameworkProfile(id: FrameworkId): FrameworkProfile {
  return FRAMEWORKS[id];
}

export function isFrameworkId(id: string): id is FrameworkId {
  return (FRAMEWORK_IDS as readonly string[]).includes(id);
}

/** The EU member states and the other EEA countries (Iceland, Liechtenstein, Norway). */
export const EEA_COUNTRIES: readonly string[] = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IS", "IE", "IT", "LV", "LI", "LT",
  "LU", "MT", "NL", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/**
 * The profile a new case gets (ADR 012): the framework that covers the complainant's country
 * among those the operator is certified under: Switzerland the Swiss-U.S. DPF, the UK the UK
 * Extension, the EU/EEA the EU-U.S. DPF. Where none of those applies (another country, or the
 * operator is not certified for it) the case falls under the operator's general commitment:
 * Privacy Shield when certified (the policy's), else the EU-U.S. DPF, else the first certification.
 */
export function chooseFramework(certifications: readonly FrameworkId[], country: string): FrameworkId {
  const has = (id: FrameworkId) => certifications.includes(id);
  const c = country.toUpperCase();
  if (c === "CH" && has("swiss_dpf")) return "swiss_dpf";
  if (c === "GB" && has("uk_extension")) return "uk_extension";
  if (EEA_COUNTRIES.includes(c) && has("dpf")) return "dpf";
  if (has("privacy_shield")) return "privacy_shield";
  if (has("dpf")) return "dpf";
  return certifications[0] ?? "privacy_shield";
}

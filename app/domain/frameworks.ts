import type { FrameworkId } from "./types";

export interface FrameworkClocks {
  acknowledgementDays: number;
  responseDays: number;
  dmaReviewDays: number;
  arbitrationDays: number;
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
}

// 45 days is Supplemental Principle 11(d)(i); the others have no public figure and are defaults
// the operator may change per framework.
const DEFAULT_CLOCKS: FrameworkClocks = {
  acknowledgementDays: 5,
  responseDays: 45,
  dmaReviewDays: 45,
  arbitrationDays: 90,
};

export const FRAMEWORKS: Record<FrameworkId, FrameworkProfile> = {
  privacy_shield: {
    id: "privacy_shield",
    name: "EU-U.S. Privacy Shield",
    principlesName: "Privacy Shield",
    referencePrefix: "PS",
    clocks: DEFAULT_CLOCKS,
    arbitrationRequiresDpaReferral: false,
  },
  dpf: {
    id: "dpf",
    name: "EU-U.S. Data Privacy Framework",
    principlesName: "Data Privacy Framework",
    referencePrefix: "DPF",
    clocks: DEFAULT_CLOCKS,
    arbitrationRequiresDpaReferral: true,
  },
};

export function frameworkProfile(id: FrameworkId): FrameworkProfile {
  return FRAMEWORKS[id];
}

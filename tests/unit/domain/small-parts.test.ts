import { describe, expect, it } from "vitest";
import { remembered } from "~/domain/remembered";
import {
  FRAMEWORKS,
  STAGES,
  STATUS_LABELS,
  canViewCase,
  formatReference,
  frameworkProfile,
  nextStage,
  stepName,
  stepNumber,
  stepWho,
  parseReference,
  visibleAudiences,
} from "~/domain";
import { complainant, liaison, officer, otherComplainant, otherLiaison } from "./fixtures";

describe("canViewCase", () => {
  const parties = { clientId: "client-1", complainantId: "person-1" };

  it("lets the officer see every case", () => {
    expect(canViewCase(officer, parties)).toBe(true);
    expect(canViewCase(officer, { clientId: null, complainantId: "x" })).toBe(true);
  });

  it("lets a liaison see only their own client's cases", () => {
    expect(canViewCase(liaison, parties)).toBe(true);
    expect(canViewCase(otherLiaison, parties)).toBe(false);
    expect(canViewCase(liaison, { clientId: null, complainantId: "person-1" })).toBe(false);
  });

  it("lets a complainant see only their own cases", () => {
    expect(canViewCase(complainant, parties)).toBe(true);
    expect(canViewCase(otherComplainant, parties)).toBe(false);
  });
});

describe("visibleAudiences", () => {
  it("widens from complainant to liaison to officer", () => {
    expect(visibleAudiences(complainant)).toEqual(["parties"]);
    expect(visibleAudiences(liaison)).toEqual(["parties", "staff"]);
    expect(visibleAudiences(officer)).toEqual(["parties", "staff", "internal"]);
  });
});

describe("the ladder", () => {
  it("goes client, company, dma, arbitration, then stops", () => {
    expect(nextStage("client")).toBe("company");
    expect(nextStage("company")).toBe("dma");
    expect(nextStage("dma")).toBe("arbitration");
    expect(nextStage("arbitration")).toBeNull();
  });

  it("names the stages and statuses in plain words", () => {
    // One name per step, from the one table (app/i18n/messages/steps.ts), numbered in ladder order.
    expect(STAGES.map((s) => [stepNumber(s), stepName(s), stepWho(s)])).toEqual([
      [1, "Client company", "the client company"],
      [2, "Our Security Officer", "our Security Officer"],
      [3, "Independent dispute body", "the independent dispute body"],
      [4, "Binding arbitration", "the arbitration panel"],
    ]);
    expect(stepName("company", "de")).toBe("Unser Sicherheitsbeauftragter");
    expect(stepName("dma", "fr")).toBe("Organisme indépendant de règlement des litiges");
    expect(Object.keys(STATUS_LABELS).sort()).toEqual(
      ["answered", "awaiting_acknowledgement", "awaiting_complainant", "closed", "in_progress", "resolved", "withdrawn"],
    );
    expect(Object.values(STATUS_LABELS).every((label) => /^[A-Z]/.test(label))).toBe(true);
  });
});

describe("frameworks", () => {
  it("has the Privacy Shield profile without and the DPF profile with the DPA prerequisite", () => {
    expect(frameworkProfile("privacy_shield")).toMatchObject({ referencePrefix: "PS", arbitrationRequiresDpaReferral: false });
    expect(frameworkProfile("dpf")).toMatchObject({ referencePrefix: "DPF", arbitrationRequiresDpaReferral: true });
    for (const profile of Object.values(FRAMEWORKS)) {
      expect(profile.clocks).toMatchObject({ acknowledgement: { count: 5, unit: "business_days" }, response: { count: 45, unit: "calendar_days" } });
      expect(profile.clocks).toMatchObject({ dmaReview: { count: 45 }, arbitration: { count: 90 }, followUp: { count: 14 } });
    }
  });
});

describe("case references", () => {
  it("formats prefix, year and a six-digit sequence", () => {
    expect(formatReference("PS", 2026, 123)).toBe("PS-2026-000123");
    expect(formatReference("DPF", 2027, 1)).toBe("DPF-2027-000001");
    expect(formatReference("PS", 2026, 1234567)).toBe("PS-2026-1234567");
  });

  it("refuses sequence numbers and years that would make a wrong reference", () => {
    expect(() => formatReference("PS", 2026, 0)).toThrow(RangeError);
    expect(() => formatReference("PS", 2026, 1.5)).toThrow(RangeError);
    expect(() => formatReference("PS", 26, 1)).toThrow(RangeError);
  });

  it("reads a reference back, forgiving case and spaces", () => {
    expect(parseReference(" ps-2026-000123 ")).toEqual({ prefix: "PS", year: 2026, seq: 123 });
    expect(parseReference("PS-2026-12")).toBeNull();
    expect(parseReference("nonsense")).toBeNull();
  });
});

describe("remembered (bounded caches of pure results)", () => {
  it("makes a value once per key, and empties the map when it is full", () => {
    const kept = new Map<number, string>();
    let made = 0;
    const make = (n: number) => () => `v${n}-${++made}`;
    expect(remembered(kept, 1, 3, make(1))).toBe("v1-1");
    expect(remembered(kept, 1, 3, make(1))).toBe("v1-1");
    remembered(kept, 2, 3, make(2));
    remembered(kept, 3, 3, make(3));
    expect(kept.size).toBe(3);
    expect(remembered(kept, 4, 3, make(4))).toBe("v4-4");
    expect([...kept.keys()]).toEqual([4]);
    expect(remembered(kept, 1, 3, make(1))).toBe("v1-5");
  });
});

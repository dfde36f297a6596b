import { describe, expect, it } from "vitest";
import { dateTimeIn, parseCaseForm } from "../../app/lib/case-forms";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("parseCaseForm", () => {
  it("turns an answer into the domain command with the version seen", () => {
    const r = parseCaseForm(form([["intent", "answer"], ["version", "4"], ["body", "  We deleted it.  "]]));
    expect(r).toEqual({ ok: true, value: { intent: "answer", version: 4, command: { type: "answer", message: "We deleted it.", declines: false } } });
  });

  it("reads an identity verification, and an answer that declines the request", () => {
    const r = parseCaseForm(
      form([["intent", "record_identity_verification"], ["version", "2"], ["method", "id_document"], ["evidence", "Passport seen"], ["outcome", "more_needed"], ["request", "Send a utility bill"]]),
    );
    expect(r).toEqual({
      ok: true,
      value: { intent: "record_identity_verification", version: 2, command: { type: "record_identity_verification", method: "id_document", evidence: "Passport seen", outcome: "more_needed", request: "Send a utility bill" } },
    });
    const bad = parseCaseForm(form([["intent", "record_identity_verification"], ["version", "2"], ["method", "gut"], ["evidence", ""], ["outcome", "x"]]));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(["evidence", "method", "outcome"]);
    const declines = parseCaseForm(form([["intent", "answer"], ["version", "4"], ["body", "We hold nothing."], ["declines", "on"]]));
    expect(declines).toMatchObject({ ok: true, value: { command: { type: "answer", declines: true } } });
  });

  it("refuses an unknown intent and a missing version with sentences", () => {
    const r = parseCaseForm(form([["intent", "drop_table"], ["version", "x"]]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors._form).toBe("That action is not known.");
      expect(r.errors.version).toBeTruthy();
    }
  });

  it("requires text where the command carries it", () => {
    const r = parseCaseForm(form([["intent", "close"], ["version", "1"], ["kind", "duplicate"], ["reason", "   "]]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.reason).toMatch(/reason/);
  });

  it("collects award remedies and a money amount for the domain to judge", () => {
    const r = parseCaseForm(
      form([
        ["intent", "record_award"], ["version", "2"], ["remedies", "deletion"], ["remedies", "access"], ["body", "Delete it"], ["monetaryAmount", "1,000"],
        ["occurredOn", "2026-11-20"], ["externalReference", " ICDR 01-26 "], ["confirmed", "on"],
      ]),
    );
    expect(r.ok && r.value.command).toEqual({
      type: "record_award", remedies: ["deletion", "access"], summary: "Delete it", monetaryAmount: 1000, occurredOn: "2026-11-20", externalReference: "ICDR 01-26",
    });
  });

  it("rejects a remedy outside the non-monetary list at the form", () => {
    const r = parseCaseForm(form([["intent", "record_award"], ["version", "2"], ["remedies", "damages"], ["body", "x"]]));
    expect(r.ok).toBe(false);
  });

  it("reads prerequisites checkboxes and the exclusion", () => {
    const r = parseCaseForm(form([["intent", "record_prerequisites"], ["version", "3"], ["companyContacted", "on"], ["exclusion", "settled"]]));
    expect(r.ok && r.value.command).toEqual({ type: "record_prerequisites", companyContacted: true, dmaContacted: false, exclusion: "settled" });
  });

  it("takes a new due date as the end of that day in UTC", () => {
    const r = parseCaseForm(form([["intent", "extend_deadline"], ["version", "1"], ["kind", "response"], ["dueAt", "2026-12-31"], ["reason", "Complex request"]]));
    expect(r.ok && r.value.command).toMatchObject({ type: "extend_deadline", kind: "response", dueAt: new Date("2026-12-31T23:59:59.000Z") });
    expect(parseCaseForm(form([["intent", "extend_deadline"], ["version", "1"], ["kind", "response"], ["dueAt", "31/12/2026"], ["reason", "x"]])).ok).toBe(false);
  });

  it("refuses an assignment to something that is not an id", () => {
    const r = parseCaseForm(form([["intent", "assign"], ["version", "1"], ["clientId", "'; drop table cases; --"]]));
    expect(r.ok).toBe(false);
  });
});

describe("a date and time read in the operator's zone (the officer's new-case form)", () => {
  const ny = dateTimeIn("America/New_York");
  it("reads 23:30 New York as 04:30 UTC the next day in winter and 03:30 in summer", () => {
    expect(ny.parse("2026-11-30T23:30").toISOString()).toBe("2026-12-01T04:30:00.000Z");
    expect(ny.parse("2026-07-01T23:30").toISOString()).toBe("2026-07-02T03:30:00.000Z");
  });
  it("refuses a time the clocks skip, and a day that does not exist", () => {
    expect(ny.safeParse("2026-03-08T02:30").error?.issues[0]?.message).toContain("does not exist in New York time");
    expect(ny.safeParse("2026-02-30T10:00").success).toBe(false);
  });
  it("takes the first of a time that happens twice when clocks go back", () => {
    expect(ny.parse("2026-11-01T01:30").toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });
});

describe("a letter or call's date and time, read in the operator's zone", () => {
  const log = (occurredAt: string) =>
    form([["intent", "log_contact"], ["version", "3"], ["channel", "phone"], ["direction", "in"], ["occurredAt", occurredAt], ["audience", "internal"], ["body", "Rang about the catalogue."]]);

  it("is the wall clock of the zone: 10:00 in New York in January is 15:00 UTC", () => {
    const parsed = parseCaseForm(log("2026-01-15T10:00"), "America/New_York");
    expect(parsed.ok && parsed.value.command).toMatchObject({ type: "log_contact", occurredAt: new Date("2026-01-15T15:00:00.000Z") });
  });

  it("follows summer time: 10:00 in New York in July is 14:00 UTC", () => {
    const parsed = parseCaseForm(log("2026-07-15T10:00"), "America/New_York");
    expect(parsed.ok && parsed.value.command).toMatchObject({ occurredAt: new Date("2026-07-15T14:00:00.000Z") });
  });

  it("refuses a time the clocks skipped, naming the zone", () => {
    const parsed = parseCaseForm(log("2026-03-08T02:30"), "America/New_York");
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.occurredAt).toMatch(/New York time/);
  });

  it("refuses what is not a date and time", () => {
    const parsed = parseCaseForm(log("yesterday"), "America/New_York");
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.occurredAt).toMatch(/YYYY-MM-DD/);
  });

  describe("steps that happened outside this website (ADR 035)", () => {
    it("ask for the day and a ticked confirmation; the reference may be left empty", () => {
      const r = parseCaseForm(form([["intent", "record_dma_referral"], ["version", "5"], ["occurredOn", "2026-11-02"], ["externalReference", ""], ["confirmed", "on"]]));
      expect(r.ok && r.value.command).toEqual({ type: "record_dma_referral", occurredOn: "2026-11-02", externalReference: undefined });
      const bare = parseCaseForm(form([["intent", "record_arbitration_notice"], ["version", "5"]]));
      expect(bare.ok).toBe(false);
      if (!bare.ok) expect(Object.keys(bare.errors).sort()).toEqual(["confirmed", "occurredOn"]);
      const badDay = parseCaseForm(form([["intent", "record_award"], ["version", "5"], ["remedies", "access"], ["body", "x"], ["occurredOn", "2026-02-30"], ["confirmed", "on"]]));
      expect(!badDay.ok && badDay.errors.occurredOn).toMatch(/YYYY-MM-DD/);
    });

    it("leave the complainant's own escalation bare, and hold the officer's record of one to the confirmation", () => {
      expect(parseCaseForm(form([["intent", "escalate"], ["version", "1"]]))).toMatchObject({ ok: true, value: { command: { type: "escalate" } } });
      const unconfirmed = parseCaseForm(form([["intent", "escalate"], ["version", "1"], ["occurredOn", "2026-11-02"]]));
      expect(!unconfirmed.ok && unconfirmed.errors.confirmed).toBe("Tick the box to confirm.");
      const staff = parseCaseForm(form([["intent", "escalate"], ["version", "1"], ["occurredOn", "2026-11-02"], ["externalReference", "Letter"], ["confirmed", "on"]]));
      expect(staff.ok && staff.value.command).toEqual({ type: "escalate", occurredOn: "2026-11-02", externalReference: "Letter" });
    });

    it("read a DPA referral and its correction from the same fields", () => {
      const r = parseCaseForm(form([["intent", "record_dpa_referral"], ["version", "2"], ["occurredOn", "2026-11-02"], ["externalReference", "CNIL-1"], ["confirmed", "on"]]));
      expect(r.ok && r.value.command).toEqual({ type: "record_dpa_referral", referredOn: "2026-11-02", reference: "CNIL-1" });
      const c = parseCaseForm(form([["intent", "correct_dpa_referral"], ["version", "2"], ["occurredOn", "2026-11-03"], ["externalReference", "CNIL-1"], ["reason", "Wrong day"], ["confirmed", "on"]]));
      expect(c.ok && c.value.command).toEqual({ type: "correct_dpa_referral", referredOn: "2026-11-03", reference: "CNIL-1", reason: "Wrong day" });
      const noRef = parseCaseForm(form([["intent", "record_dpa_referral"], ["version", "2"], ["occurredOn", "2026-11-02"], ["confirmed", "on"]]));
      expect(!noRef.ok && noRef.errors.externalReference).toBeTruthy();
    });
  });
});

// The retention rule (ADR 026): given when a case ended, the policy, a hold and now, when it is due
// and whether it may be anonymised. Dates are written out, never computed by the code under test.
import { describe, expect, it } from "vitest";
import {
  ANONYMISED_TEXT,
  DEFAULT_RETENTION_POLICY,
  addMonthsUtc,
  anonymiseDeadlineText,
  computeDeadline,
  decide,
  extendClock,
  pauseClock,
  redactArbitration,
  decideLegalHold,
  isExpired,
  parseRetentionPolicy,
  scrubSavedFilter,
  unmatchedMailDueAt,
  redactEventPayload,
  redactFreeText,
  retentionDueAt,
  retentionStanding,
  type Actor,
  type Command,
  type RetentionFacts,
} from "~/domain";
import { operatorCalendar } from "~/domain/clock-holidays";
import { ENTERED, REFERRED, caseAt, plusDays } from "./fixtures";

const officer: Actor = { role: "officer", userId: "00000000-0000-4000-8000-000000000001" };
const liaison: Actor = { role: "liaison", userId: "00000000-0000-4000-8000-000000000002", clientId: "00000000-0000-4000-8000-000000000003" };
const complainant: Actor = { role: "complainant", userId: "00000000-0000-4000-8000-000000000004" };
const ENDED = new Date("2023-03-15T10:00:00.000Z");
const closedCase: RetentionFacts = { status: "closed", endedAt: ENDED, legalHold: null, anonymisedAt: null };
const hold = { reason: "litigation", since: "2025-01-01T00:00:00.000Z", by: officer.userId };

describe("addMonthsUtc", () => {
  it.each([
    ["2023-03-15T10:00:00.000Z", 36, "2026-03-15T10:00:00.000Z"],
    ["2024-01-31T23:30:00.000Z", 1, "2024-02-29T23:30:00.000Z"],
    ["2023-01-31T00:00:00.000Z", 1, "2023-02-28T00:00:00.000Z"],
    ["2024-02-29T12:00:00.000Z", 12, "2025-02-28T12:00:00.000Z"],
    ["2023-12-31T00:00:00.000Z", 2, "2024-02-29T00:00:00.000Z"],
    ["2023-11-30T00:00:00.000Z", 1, "2023-12-30T00:00:00.000Z"],
  ])("%s plus %i months is %s", (from, months, expected) => {
    expect(addMonthsUtc(new Date(from), months).toISOString()).toBe(expected);
  });
});

describe("retentionDueAt and retentionStanding", () => {
  it("is three years after the end by default", () => {
    expect(retentionDueAt(closedCase, DEFAULT_RETENTION_POLICY)?.toISOString()).toBe("2026-03-15T10:00:00.000Z");
  });

  it("takes the months of the case's own outcome", () => {
    const policy = { resolved: 12, withdrawn: 6, closed: 24, unmatched_mail: 12 };
    expect(retentionDueAt({ status: "withdrawn", endedAt: ENDED }, policy)?.toISOString()).toBe("2023-09-15T10:00:00.000Z");
    expect(retentionDueAt({ status: "resolved", endedAt: ENDED }, policy)?.toISOString()).toBe("2024-03-15T10:00:00.000Z");
    expect(retentionDueAt({ status: "closed", endedAt: ENDED }, policy)?.toISOString()).toBe("2025-03-15T10:00:00.000Z");
  });

  it("a running case has no date, whatever its age", () => {
    for (const status of ["awaiting_acknowledgement", "in_progress", "awaiting_complainant", "answered"] as const) {
      expect(retentionStanding({ status, endedAt: ENDED, legalHold: null, anonymisedAt: null }, DEFAULT_RETENTION_POLICY, new Date("2040-01-01T00:00:00Z"))).toEqual({ kind: "running" });
    }
    expect(retentionStanding({ ...closedCase, endedAt: null }, DEFAULT_RETENTION_POLICY, new Date("2040-01-01T00:00:00Z"))).toEqual({ kind: "running" });
  });

  it("is kept until the due moment and expired from it on", () => {
    const due = new Date("2026-03-15T10:00:00.000Z");
    expect(retentionStanding(closedCase, DEFAULT_RETENTION_POLICY, new Date("2026-03-15T09:59:59.999Z"))).toEqual({ kind: "kept", dueAt: due });
    expect(retentionStanding(closedCase, DEFAULT_RETENTION_POLICY, due)).toEqual({ kind: "expired", dueAt: due });
    expect(isExpired(closedCase, DEFAULT_RETENTION_POLICY, new Date("2026-03-15T09:59:59.999Z"))).toBe(false);
    expect(isExpired(closedCase, DEFAULT_RETENTION_POLICY, new Date("2030-01-01T00:00:00Z"))).toBe(true);
  });

  it("a legal hold keeps an expired case, and shows its date", () => {
    const standing = retentionStanding({ ...closedCase, legalHold: hold }, DEFAULT_RETENTION_POLICY, new Date("2030-01-01T00:00:00Z"));
    expect(standing).toEqual({ kind: "held", dueAt: new Date("2026-03-15T10:00:00.000Z"), hold });
    expect(isExpired({ ...closedCase, legalHold: hold }, DEFAULT_RETENTION_POLICY, new Date("2030-01-01T00:00:00Z"))).toBe(false);
  });

  it("an anonymised case is never expired again", () => {
    const at = new Date("2026-04-01T00:00:00Z");
    expect(retentionStanding({ ...closedCase, anonymisedAt: at }, DEFAULT_RETENTION_POLICY, new Date("2030-01-01T00:00:00Z"))).toEqual({ kind: "anonymised", at });
  });
});

describe("parseRetentionPolicy", () => {
  it("takes whole months from 1 to 1200 for every outcome and for unmatched mail", () => {
    expect(parseRetentionPolicy({ resolved: "36", withdrawn: " 12 ", closed: "1200", unmatched_mail: "6" })).toEqual({ ok: true, policy: { resolved: 36, withdrawn: 12, closed: 1200, unmatched_mail: 6 } });
  });
  it.each(["0", "-1", "1201", "1.5", "", "abc", "1e2"])("refuses %j", (bad) => {
    const parsed = parseRetentionPolicy({ resolved: bad, withdrawn: "36", closed: "36", unmatched_mail: "12" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(["resolved"]);
  });
  it("refuses a form without the unmatched mail's months", () => {
    const parsed = parseRetentionPolicy({ resolved: "36", withdrawn: "36", closed: "36" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(["unmatched_mail"]);
  });
});

describe("unmatchedMailDueAt", () => {
  const received = new Date("2026-01-31T08:00:00.000Z");
  it("is a year after receipt by default, counted in UTC calendar months", () => {
    expect(unmatchedMailDueAt({ receivedAt: received, intake: null }, DEFAULT_RETENTION_POLICY)?.toISOString()).toBe("2027-01-31T08:00:00.000Z");
    expect(unmatchedMailDueAt({ receivedAt: received, intake: null }, { ...DEFAULT_RETENTION_POLICY, unmatched_mail: 1 })?.toISOString()).toBe("2026-02-28T08:00:00.000Z");
  });
  it("counts from the discarding of its intake item when that came later", () => {
    const decidedAt = new Date("2026-03-10T09:00:00.000Z");
    expect(unmatchedMailDueAt({ receivedAt: received, intake: { status: "discarded", decidedAt } }, DEFAULT_RETENTION_POLICY)?.toISOString()).toBe("2027-03-10T09:00:00.000Z");
  });
  it("waits while the intake item is open", () => {
    expect(unmatchedMailDueAt({ receivedAt: received, intake: { status: "open", decidedAt: null } }, DEFAULT_RETENTION_POLICY)).toBeNull();
  });
});

describe("scrubSavedFilter", () => {
  const id = "0123abcd-0000-4000-8000-000000000001";
  const person = { address: "Jane.Doe@Example.org", name: "Jane  Doe" };
  it("drops a q naming the person's address or name, keeps the other filters", () => {
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=jane.doe%40example.org&stage=dma&sort=due" }, person)).toEqual({ query: "stage=dma&sort=due" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=about+JANE+DOE+again" }, person)).toEqual({ query: "" });
  });
  it("drops a q that is the whole of one word of the name, or the address's local part (README: views that searched for the person)", () => {
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=doe&stage=dma" }, person)).toEqual({ query: "stage=dma" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=+JANE+" }, person)).toEqual({ query: "" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=jane.doe&sort=due" }, person)).toEqual({ query: "sort=due" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=Jane.Doe%40" }, person)).toEqual({ query: "" });
    // Runs of words of a longer name, and the parts of a hyphenated one.
    const jan = { address: "jan.devries@example.nl", name: "Jan de Vries-Smit" };
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=de+vries-smit" }, jan)).toEqual({ query: "" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=smit" }, jan)).toEqual({ query: "" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=vries" }, jan)).toEqual({ query: "" });
  });
  it("drops a q that is the name's words in another order, or a beginning of the address past its @ (the queue finds them by both)", () => {
    const maria = { address: "maria.keller@example.eu", name: "Maria Keller" };
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=Keller+Maria&stage=dma" }, maria)).toEqual({ query: "stage=dma" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=maria.keller%40exa" }, maria)).toEqual({ query: "" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=maria.keller%40example" }, maria)).toEqual({ query: "" });
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=vries+de+jan" }, { address: null, name: "Jan de Vries" })).toEqual({ query: "" });
    // Another address at the same domain, or the domain alone, is not theirs.
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=mario%40example.eu" }, maria)).toBeNull();
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=%40example.eu" }, maria)).toBeNull();
  });
  it("renames a view named after the person, or named one word of their name", () => {
    expect(scrubSavedFilter({ id, name: "Cases of jane doe", query: "stage=dma" }, person)).toEqual({ name: "Saved view 0123abcd (search anonymised)" });
    expect(scrubSavedFilter({ id, name: "Doe", query: "q=doe&stage=dma" }, person)).toEqual({ name: "Saved view 0123abcd (search anonymised)", query: "stage=dma" });
  });
  it("leaves views whose search only contains a word of the name among others, or another word, and takes no short or placeholder term", () => {
    expect(scrubSavedFilter({ id, name: "Doe refunds", query: "q=doe+refunds&stage=dma" }, person)).toBeNull();
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=janet" }, person)).toBeNull();
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=example" }, person)).toBeNull();
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=removal&stage=dma" }, person)).toBeNull();
    expect(scrubSavedFilter({ id, name: "Al", query: "q=al" }, { address: null, name: "Al" })).toBeNull();
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=de" }, { address: null, name: "Jan de Vries" })).toBeNull();
    expect(scrubSavedFilter({ id, name: "Mine", query: "q=anonymised" }, { address: null, name: "[anonymised]" })).toBeNull();
  });
});

describe("decideLegalHold", () => {
  const now = new Date("2026-11-29T04:00:00.000Z");
  it("the officer places a hold with a reason", () => {
    expect(decideLegalHold({ legalHold: null, anonymisedAt: null }, { type: "place_legal_hold", reason: "  court order 12/26 " }, officer, now)).toEqual({
      ok: true,
      hold: { reason: "court order 12/26", since: now.toISOString(), by: officer.userId },
      event: { type: "legal_hold_placed", payload: { reason: "court order 12/26" } },
    });
  });
  it("and lifts it with a reason", () => {
    expect(decideLegalHold({ legalHold: hold, anonymisedAt: null }, { type: "lift_legal_hold", reason: "case settled" }, officer, now)).toEqual({
      ok: true,
      hold: null,
      event: { type: "legal_hold_lifted", payload: { reason: "case settled" } },
    });
  });
  it.each([
    ["a liaison", liaison, { legalHold: null, anonymisedAt: null }, { type: "place_legal_hold" as const, reason: "because" }, /Only the Security Officer/],
    ["a complainant", complainant, { legalHold: hold, anonymisedAt: null }, { type: "lift_legal_hold" as const, reason: "because" }, /Only the Security Officer/],
    ["no reason", officer, { legalHold: null, anonymisedAt: null }, { type: "place_legal_hold" as const, reason: "  " }, /reason/],
    ["a second hold", officer, { legalHold: hold, anonymisedAt: null }, { type: "place_legal_hold" as const, reason: "again" }, /already on legal hold/],
    ["lifting no hold", officer, { legalHold: null, anonymisedAt: null }, { type: "lift_legal_hold" as const, reason: "done" }, /not on legal hold/],
    ["an anonymised case", officer, { legalHold: null, anonymisedAt: now }, { type: "place_legal_hold" as const, reason: "too late" }, /anonymised/],
  ])("refuses %s", (_label, actor, current, command, why) => {
    const decision = decideLegalHold(current, command, actor, now);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.reason).toMatch(why);
  });
});

describe("redaction", () => {
  it("replaces free text at any depth and keeps the skeleton", () => {
    expect(redactFreeText({ kind: "duplicate", reason: "Jo Bloggs asked twice", award: { remedies: ["deletion"], summary: "delete Jo's file" } })).toEqual({
      kind: "duplicate",
      reason: ANONYMISED_TEXT,
      award: { remedies: ["deletion"], summary: ANONYMISED_TEXT },
    });
  });
  it("drops the complainant's id from an event and leaves other events alone", () => {
    expect(redactEventPayload("case_filed", { stage: "client", complainantId: "x", clientId: "c" })).toEqual({ stage: "client", clientId: "c" });
    expect(redactEventPayload("message_posted", { stage: "client", audience: "parties", channel: "web" })).toBeNull();
    expect(redactEventPayload("closed", { outcome: "closed", kind: "unfounded", reason: "no data held" })).toEqual({ outcome: "closed", kind: "unfounded", reason: ANONYMISED_TEXT });
    expect(redactEventPayload("closed", { reason: ANONYMISED_TEXT })).toBeNull();
  });
});

describe("redaction per event (ADR 059)", () => {
  const now = plusDays(ENTERED, 20);
  /** The events the domain itself writes for `command` on a case at `stage`, redacted as the sweep does. */
  const redacted = (stage: Parameters<typeof caseAt>[0], command: Command, overrides: Parameters<typeof caseAt>[1] = {}) => {
    const d = decide(caseAt(stage, overrides), command, officerOf, now);
    if (!d.ok) throw new Error(d.reason);
    return d.events.map((e) => ({ type: e.type, payload: redactEventPayload(e.type, e.payload) ?? e.payload }));
  };
  const officerOf: Actor = { role: "officer", userId: "officer-1" };

  it("keeps the stage a move left under `from`, and replaces the outside body's number", () => {
    expect(redacted("company", { type: "record_dma_referral", occurredOn: "2026-03-08", externalReference: "BBB-2026-88412" })).toEqual([
      { type: "dma_referral_recorded", payload: { from: "company", to: "dma", occurredOn: "2026-03-08", externalReference: ANONYMISED_TEXT } },
    ]);
    expect(redacted("dma", { type: "record_arbitration_notice", occurredOn: "2026-03-08", externalReference: "ICDR-01-26-0042" }, { arbitration: { exclusion: null, dpaReferral: REFERRED, prerequisitesConfirmedAt: null, award: null } })[0]).toEqual({
      type: "arbitration_notice_recorded",
      payload: { from: "dma", to: "arbitration", occurredOn: "2026-03-08", externalReference: ANONYMISED_TEXT },
    });
    expect(redactEventPayload("escalated", { from: "client", to: "company", occurredOn: "2026-03-08", externalReference: "letter 4711" })).toEqual({ from: "client", to: "company", occurredOn: "2026-03-08", externalReference: ANONYMISED_TEXT });
    // A move without an outside record keeps everything.
    expect(redactEventPayload("escalated", { from: "client", to: "company" })).toBeNull();
    expect(redactEventPayload("award_recorded", { remedies: ["deletion"], summary: "delete Jo's file", decidedAt: "2026-03-08T05:00:00.000Z", occurredOn: "2026-03-08", externalReference: "ICDR-01-26-0042" })).toEqual({
      remedies: ["deletion"],
      summary: ANONYMISED_TEXT,
      decidedAt: "2026-03-08T05:00:00.000Z",
      occurredOn: "2026-03-08",
      externalReference: ANONYMISED_TEXT,
    });
  });

  it("replaces a data protection authority's reference, recorded and corrected, and keeps the days", () => {
    expect(redacted("company", { type: "record_dpa_referral", referredOn: "2026-03-02", reference: "DPA-BE-2026-311" })[0]?.payload).toMatchObject({ referredOn: "2026-03-02", reference: ANONYMISED_TEXT });
    const corrected = redacted("company", { type: "correct_dpa_referral", referredOn: "2026-03-03", reference: "DPA-BE-2026-312", reason: "typo in Ms Weber's file number" }, { arbitration: { exclusion: null, dpaReferral: REFERRED, prerequisitesConfirmedAt: null, award: null } });
    expect(corrected[0]?.payload).toMatchObject({ referredOn: "2026-03-03", reference: ANONYMISED_TEXT, previousReferredOn: REFERRED.referredOn, previousReference: ANONYMISED_TEXT, reason: ANONYMISED_TEXT });
    // And on the case itself.
    expect(redactArbitration({ exclusion: null, dpaReferral: { referredOn: "2026-03-03", reference: "DPA-BE-2026-312", periodEndsAt: "2026-06-01" }, award: { remedies: ["access"], summary: "show Jo", decidedAt: "x" } })).toEqual({
      exclusion: null,
      dpaReferral: { referredOn: "2026-03-03", reference: ANONYMISED_TEXT, periodEndsAt: "2026-06-01" },
      award: { remedies: ["access"], summary: ANONYMISED_TEXT, decidedAt: "x" },
    });
  });

  it("replaces the sender's address where `from` is one, and keeps our own case references", () => {
    expect(redactEventPayload("opened_from_intake", { intakeId: "i-1", from: "jo@example.org", receivedAt: "2026-03-01T10:00:00.000Z" })).toEqual({ intakeId: "i-1", from: ANONYMISED_TEXT, receivedAt: "2026-03-01T10:00:00.000Z" });
    expect(redactEventPayload("intake_attached", { intakeId: "i-1", from: "jo@example.org" })).toEqual({ intakeId: "i-1", from: ANONYMISED_TEXT });
    const erasure = { stage: "company", outcome: "resolved", anonymised: ["PS-2026-000001"], kept: [{ reference: "PS-2026-000002", why: "open" }], accountGoes: false };
    expect(redactEventPayload("erasure_granted", erasure)).toBeNull();
    expect(redactEventPayload("erasure_completed", { anonymised: ["PS-2026-000001"], kept: [{ reference: "PS-2026-000002", why: "legal_hold" }], accountRemoved: false })).toBeNull();
  });
});

describe("a clock's extension reasons (ADR 059)", () => {
  const BOSTON = operatorCalendar({ zone: "America/New_York", cutoff: "17:00", holidayState: "MA", closures: new Map() });
  const clock = () => computeDeadline({ stage: "client", kind: "response", receivedAt: new Date("2026-11-30T10:00:00-05:00"), period: { count: 45, unit: "calendar_days" }, calendar: BOSTON, why: "test" });
  const extend = (d: ReturnType<typeof clock>, to: string, why: string) => {
    const r = extendClock(d, to, why, new Date("2027-01-05T12:00:00Z"), { count: 30, unit: "calendar_days" }, BOSTON, "EU-U.S. Privacy Shield");
    if (!r.ok) throw new Error(r.reason);
    return r.deadline;
  };

  it("replaces each reason in the sentence and the computation; the days, pauses and the rest of the sentence stay", () => {
    const d = pauseClock(extend(extend(clock(), "2027-01-24", "Ms Weber is in hospital until May"), "2027-02-03", "extended: Weber; awaiting records"), new Date("2027-01-10T10:00:00-05:00"));
    const out = anonymiseDeadlineText({ explanation: d.explanation, computation: d.computation ?? null });
    expect(out?.explanation).toBe(
      d.explanation.replace("Ms Weber is in hospital until May", ANONYMISED_TEXT).replace("extended: Weber; awaiting records", ANONYMISED_TEXT),
    );
    expect(out?.explanation).not.toMatch(/Weber/);
    expect(out?.explanation).toContain(`extended to 24 Jan 2027 by the Security Officer: ${ANONYMISED_TEXT}; extended to 3 Feb 2027 by the Security Officer: ${ANONYMISED_TEXT}`);
    expect(out?.computation).toEqual({ ...d.computation, extensions: d.computation!.extensions.map((e) => ({ ...e, reason: ANONYMISED_TEXT })) });
    // Once is enough.
    expect(anonymiseDeadlineText(out!)).toBeNull();
    expect(anonymiseDeadlineText({ explanation: clock().explanation, computation: clock().computation ?? null })).toBeNull();
  });

  it("a sentence that does not quote the reason as written is written again from the computation", () => {
    const d = extend(clock(), "2027-01-24", "Ms Weber is in hospital");
    const out = anonymiseDeadlineText({ explanation: `${d.explanation} (older wording: Ms Weber is in hospital)`.replace("by the Security Officer: Ms", "by the officer: Ms"), computation: d.computation ?? null });
    expect(out?.explanation).not.toMatch(/Weber/);
    expect(out?.explanation).toContain(`by the Security Officer: ${ANONYMISED_TEXT}`);
  });

  it("cuts the reasons out of a clock counted before computations were kept", () => {
    const old = "45 days from receipt; extended by the Security Officer to 24 Jan 2027: Ms Weber is in hospital; paused from 1 Jan to 3 Jan while waiting for the complainant's reply, so now due 26 Jan; extended by the Security Officer to 3 Feb 2027: Weber again";
    expect(anonymiseDeadlineText({ explanation: old, computation: null })).toEqual({
      computation: null,
      explanation: `45 days from receipt; extended by the Security Officer to 24 Jan 2027: ${ANONYMISED_TEXT}; paused from 1 Jan to 3 Jan while waiting for the complainant's reply, so now due 26 Jan; extended by the Security Officer to 3 Feb 2027: ${ANONYMISED_TEXT}`,
    });
    expect(anonymiseDeadlineText({ explanation: "45 days from receipt", computation: null })).toBeNull();
  });
});

// The retention rule (ADR 026): given when a case ended, the policy, a hold and now, when it is due
// and whether it may be anonymised. Dates are written out, never computed by the code under test.
import { describe, expect, it } from "vitest";
import {
  ANONYMISED_TEXT,
  DEFAULT_RETENTION_POLICY,
  addMonthsUtc,
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
  type RetentionFacts,
} from "~/domain";

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
    expect(redactEventPayload({ stage: "client", complainantId: "x", clientId: "c" })).toEqual({ stage: "client", clientId: "c" });
    expect(redactEventPayload({ stage: "client", audience: "parties", channel: "web" })).toBeNull();
    expect(redactEventPayload({ outcome: "closed", kind: "unfounded", reason: "no data held" })).toEqual({ outcome: "closed", kind: "unfounded", reason: ANONYMISED_TEXT });
    expect(redactEventPayload({ reason: ANONYMISED_TEXT })).toBeNull();
  });
});

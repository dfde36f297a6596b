import { describe, expect, it } from "vitest";
import {
  calendarDaysUntil,
  clientPicked,
  countCases,
  describeSort,
  dueSoonEnd,
  endOfDay,
  isDueSoon,
  localDay,
  narrowsCounts,
  optionCountsShown,
  likePrefix,
  ownerRefusal,
  parseSearch,
  sameClientName,
  summariseBulk,
  CHANGED_SINCE_LOADED,
  QUEUE_SORTS,
  type CountRow,
  type OwnerCandidate,
} from "../../../app/domain";

const A = "client-a";
const B = "client-b";
const person = (over: Partial<OwnerCandidate>): OwnerCandidate => ({ id: "u1", role: "officer", clientId: null, active: true, ...over });

describe("ownerRefusal", () => {
  it("allows no owner at all, on any case", () => {
    expect(ownerRefusal({ clientId: A }, null, null)).toBeNull();
    expect(ownerRefusal({ clientId: null }, null, null)).toBeNull();
  });
  it("allows an active officer on any case, the operator's own included", () => {
    expect(ownerRefusal({ clientId: A }, person({}), "u1")).toBeNull();
    expect(ownerRefusal({ clientId: null }, person({}), "u1")).toBeNull();
  });
  it("allows a liaison of the case's client only", () => {
    expect(ownerRefusal({ clientId: A }, person({ role: "liaison", clientId: A }), "u1")).toBeNull();
    expect(ownerRefusal({ clientId: A }, person({ role: "liaison", clientId: B }), "u1")?.reason).toMatch(/different client/);
    expect(ownerRefusal({ clientId: null }, person({ role: "liaison", clientId: A }), "u1")?.reason).toMatch(/different client/);
  });
  it("refuses someone unknown, deactivated, a complainant, or a looked-up person who is not the one named", () => {
    expect(ownerRefusal({ clientId: A }, null, "u1")?.code).toBe("invalid");
    expect(ownerRefusal({ clientId: A }, person({ active: false }), "u1")?.reason).toMatch(/not an active member of staff/);
    expect(ownerRefusal({ clientId: A }, person({ role: "complainant" }), "u1")?.reason).toMatch(/Only an officer or a liaison/);
    expect(ownerRefusal({ clientId: A }, person({ id: "u2" }), "u1")?.code).toBe("invalid");
  });
});

describe("parseSearch", () => {
  it("is nothing for blank input", () => {
    expect(parseSearch("")).toBeNull();
    expect(parseSearch("   ")).toBeNull();
    expect(parseSearch(undefined)).toBeNull();
  });
  it("reads a reference or its beginning, in any case", () => {
    expect(parseSearch(" ps-2026-000123 ")).toMatchObject({ referencePrefix: "PS-2026-000123", emailPrefix: null, words: null });
    expect(parseSearch("PS-2026")).toMatchObject({ referencePrefix: "PS-2026" });
    expect(parseSearch("PS-")).toMatchObject({ referencePrefix: "PS-" });
  });
  it("reads an address or its beginning, lower-cased", () => {
    expect(parseSearch("Jo.Smith@Example")).toMatchObject({ emailPrefix: "jo.smith@example", referencePrefix: null, words: null });
    expect(parseSearch("jo@")).toMatchObject({ emailPrefix: "jo@" });
  });
  it("reads anything else as words, spaces collapsed", () => {
    expect(parseSearch("  marketing   list ")).toEqual({ text: "marketing list", referencePrefix: null, emailPrefix: null, referenceNumber: null, words: "marketing list" });
    expect(parseSearch("Schmidt")).toMatchObject({ words: "Schmidt" });
    expect(parseSearch("e-mail")).toMatchObject({ words: "e-mail" });
    expect(parseSearch("a b@c")).toMatchObject({ words: "a b@c", emailPrefix: null });
  });
  it("also takes a single word for an address's whole local part, without the @; never for any beginning of it (masked lists would be spelled out)", () => {
    expect(parseSearch("Maria.Keller")).toEqual({ text: "Maria.Keller", referencePrefix: null, emailPrefix: "maria.keller@", referenceNumber: null, words: "Maria.Keller" });
    expect(parseSearch("jan.devries")).toMatchObject({ emailPrefix: "jan.devries@", words: "jan.devries" });
    expect(parseSearch("o'brien+news")).toMatchObject({ emailPrefix: "o'brien+news@" });
    expect(parseSearch("Keller")).toMatchObject({ emailPrefix: "keller@", words: "Keller" });
  });
  it("does not take two words, a word with characters no address has, or one of two letters for an address", () => {
    expect(parseSearch("maria keller")).toMatchObject({ emailPrefix: null });
    expect(parseSearch("keller(1)")).toMatchObject({ emailPrefix: null });
    expect(parseSearch("jo")).toMatchObject({ emailPrefix: null, words: "jo" });
    expect(parseSearch("jo@")).toMatchObject({ emailPrefix: "jo@", words: null });
  });
  it("takes a number for a reference's number part, written as the app writes it, and still for words", () => {
    expect(parseSearch("000006")).toMatchObject({ referenceNumber: "000006", words: "000006", referencePrefix: null });
    expect(parseSearch(" 6 ")).toMatchObject({ referenceNumber: "000006", words: "6", emailPrefix: null });
    expect(parseSearch("1234567")).toMatchObject({ referenceNumber: "1234567" });
    expect(parseSearch("0")).toMatchObject({ referenceNumber: null, words: "0" });
    expect(parseSearch("000000")).toMatchObject({ referenceNumber: null });
    expect(parseSearch("6a")).toMatchObject({ referenceNumber: null });
    expect(parseSearch("PS-2026-000006")).toMatchObject({ referenceNumber: null, referencePrefix: "PS-2026-000006" });
  });
});

describe("due within 7 days", () => {
  const NY = "America/New_York";
  it("ends with the 7th calendar day after today in the operator's zone, not 7 x 24 hours from now", () => {
    // The audit: 30 Nov 2026 08:32 UTC (03:32 in New York). A deadline due at the end of 7 Dec is
    // "due in 7 days" on its badge, and in the filter; one due on 8 Dec is not.
    const now = new Date("2026-11-30T08:32:00.000Z");
    expect(dueSoonEnd(now, NY)).toEqual(new Date("2026-12-08T05:00:00.000Z"));
    const due7Dec = endOfDay(localDay(new Date("2026-12-07T12:00:00Z"), NY), NY);
    expect(calendarDaysUntil(now, due7Dec, NY)).toBe(7);
    expect(isDueSoon(due7Dec, now, NY)).toBe(true);
    const due8Dec = endOfDay(localDay(new Date("2026-12-08T12:00:00Z"), NY), NY);
    expect(isDueSoon(due8Dec, now, NY)).toBe(false);
    // Already past: overdue, not due soon.
    expect(isDueSoon(new Date(now.getTime() - 1), now, NY)).toBe(false);
    expect(isDueSoon(now, now, NY)).toBe(true);
  });
  it("follows the zone's offset: the same instant is another day in Berlin, Auckland or Los Angeles", () => {
    const now = new Date("2026-11-30T23:30:00.000Z"); // 1 Dec 00:30 in Berlin, 1 Dec 12:30 in Auckland, 30 Nov 15:30 in Los Angeles
    expect(dueSoonEnd(now, "Europe/Berlin")).toEqual(new Date("2026-12-08T23:00:00.000Z"));
    expect(dueSoonEnd(now, "Pacific/Auckland")).toEqual(new Date("2026-12-08T11:00:00.000Z"));
    expect(dueSoonEnd(now, "America/Los_Angeles")).toEqual(new Date("2026-12-08T08:00:00.000Z"));
    expect(dueSoonEnd(now, "UTC")).toEqual(new Date("2026-12-08T00:00:00.000Z"));
  });
  it("counts calendar days across a change of clocks, and on the day of the change", () => {
    // Clocks go forward in New York on 8 Mar 2026: the window ends at midnight EDT (04:00 UTC), 7 days and 23 hours after midnight EST.
    expect(dueSoonEnd(new Date("2026-03-01T17:00:00.000Z"), NY)).toEqual(new Date("2026-03-09T04:00:00.000Z"));
    expect(dueSoonEnd(new Date("2026-03-08T07:30:00.000Z"), NY)).toEqual(new Date("2026-03-16T04:00:00.000Z")); // 03:30 EDT on the day itself
    // Back on 1 Nov 2026: midnight EST (05:00 UTC).
    expect(dueSoonEnd(new Date("2026-10-26T03:00:00.000Z"), NY)).toEqual(new Date("2026-11-02T05:00:00.000Z")); // 25 Oct, 23:00 EDT
    expect(dueSoonEnd(new Date("2026-11-01T05:30:00.000Z"), NY)).toEqual(new Date("2026-11-09T05:00:00.000Z")); // 01:30 EDT, the first of two
    expect(dueSoonEnd(new Date("2026-11-01T06:30:00.000Z"), NY)).toEqual(new Date("2026-11-09T05:00:00.000Z")); // 01:30 EST, the second
    // Europe changes on other days (29 Mar, 25 Oct 2026).
    expect(dueSoonEnd(new Date("2026-03-25T12:00:00.000Z"), "Europe/Berlin")).toEqual(new Date("2026-04-01T22:00:00.000Z"));
  });
  it("agrees with the badges: in the filter exactly when not past and 0 to 7 calendar days are left", () => {
    for (const zone of [NY, "Europe/Berlin", "Pacific/Auckland", "Asia/Kolkata", "UTC"]) {
      for (let h = 0; h < 24 * 400; h += 29) {
        const now = new Date(Date.UTC(2026, 0, 1) + h * 3_600_000 + 1_234_567);
        for (let d = -1; d <= 9; d++) {
          // Deadlines end at the end of their last day, as computeDeadline writes them.
          const due = endOfDay(localDay(now, zone) + d, zone);
          const left = calendarDaysUntil(now, due, zone);
          expect(isDueSoon(due, now, zone), `${zone} ${now.toISOString()} ${due.toISOString()}`).toBe(due >= now && left >= 0 && left <= 7);
        }
      }
    }
  });
});

describe("likePrefix", () => {
  it("escapes LIKE's wildcards and its escape character, then matches a beginning", () => {
    expect(likePrefix("PS-2026")).toBe("PS-2026%");
    expect(likePrefix("50%_\\")).toBe("50\\%\\_\\\\%");
  });
});

describe("countCases", () => {
  const row = (stage: CountRow["stage"], status: CountRow["status"], n: number, extra: Partial<CountRow> = {}): CountRow => ({
    stage, status, n, overdue: 0, week: 0, rejected: 0, mine: 0, unowned: 0, ...extra,
  });
  const tally = [
    row("client", "awaiting_acknowledgement", 5, { overdue: 2, mine: 1, unowned: 4 }),
    row("client", "in_progress", 3, { week: 1 }),
    row("company", "answered", 2, { overdue: 1 }),
    row("client", "closed", 7),
    row("dma", "resolved", 4),
  ];
  it("sums open cases by default, every case with 'all', one status when named", () => {
    expect(countCases(tally, {})).toBe(10);
    expect(countCases(tally, { status: "all" })).toBe(21);
    expect(countCases(tally, { status: "closed" })).toBe(7);
  });
  it("narrows to a stage, and sums the chosen measure", () => {
    expect(countCases(tally, { stage: "client" })).toBe(8);
    expect(countCases(tally, { stage: "client", status: "all" })).toBe(15);
    expect(countCases(tally, {}, "overdue")).toBe(3);
    expect(countCases(tally, { stage: "company" }, "overdue")).toBe(1);
    expect(countCases(tally, {}, "unowned")).toBe(4);
    expect(countCases([], {})).toBe(0);
  });
  it("counts under the page's other filters only when there are some, and never while searching", () => {
    expect(narrowsCounts({})).toBe(false);
    expect(narrowsCounts({ clientId: null, owner: null, due: null, answerRejected: false })).toBe(false);
    expect(narrowsCounts({ clientId: "c" })).toBe(true);
    expect(narrowsCounts({ owner: "unassigned" })).toBe(true);
    expect(narrowsCounts({ due: "week" })).toBe(true);
    expect(narrowsCounts({ answerRejected: true })).toBe(true);
    expect(optionCountsShown({})).toBe(true);
    expect(optionCountsShown({ q: "   " })).toBe(true);
    expect(optionCountsShown({ q: "Keller" })).toBe(false);
  });
});

describe("sorts and bulk summaries", () => {
  it("describes every sort both ways", () => {
    for (const sort of QUEUE_SORTS) expect(describeSort(sort, "asc")).not.toBe(describeSort(sort, "desc"));
  });
  it("names each refused case with its reason and counts the others", () => {
    expect(summariseBulk("closed", { done: ["PS-2026-000001", "PS-2026-000002"], unchanged: [], refused: [{ reference: "PS-2026-000003", reason: "This case is closed." }] })).toEqual([
      "2 cases closed: PS-2026-000001, PS-2026-000002.",
      "PS-2026-000003 was not closed: This case is closed.",
    ]);
    expect(summariseBulk("assigned", { done: ["PS-2026-000001"], unchanged: [], refused: [] })).toEqual(["1 case assigned: PS-2026-000001."]);
    expect(summariseBulk("closed", { done: [], unchanged: [], refused: [] })).toEqual(["No cases were selected."]);
  });
  it("counts only the cases that changed; one that already was as asked is named as left alone", () => {
    const outcome = {
      done: ["PS-2026-000001"],
      unchanged: [{ reference: "PS-2026-000002", reason: "This case is already owned by them." }],
      refused: [{ reference: "PS-2026-000003", reason: CHANGED_SINCE_LOADED }],
    };
    expect(summariseBulk("assigned", outcome)).toEqual([
      "1 case assigned: PS-2026-000001.",
      "PS-2026-000002 was left as it was: This case is already owned by them.",
      `PS-2026-000003 was not assigned: ${CHANGED_SINCE_LOADED}`,
    ]);
    expect(summariseBulk("assigned", { done: [], unchanged: outcome.unchanged, refused: [] })).toEqual([
      "PS-2026-000002 was left as it was: This case is already owned by them.",
    ]);
  });
});

describe("the queue's client filter (issue 5)", () => {
  const acme = { id: "1", name: "Acme" };
  const acmeEurope = { id: "2", name: "Acme  Europe" };
  it("picks the only match, or the client whose whole name was typed among several", () => {
    expect(clientPicked("acm", { clients: [acme], more: false })).toBe(acme);
    expect(clientPicked(" ACME ", { clients: [acme, acmeEurope], more: false })).toBe(acme);
    expect(clientPicked("acme europe", { clients: [acmeEurope], more: true })).toBe(acmeEurope);
  });
  it("picks none among several, one of more than were listed, or none found", () => {
    expect(clientPicked("ac", { clients: [acme, acmeEurope], more: false })).toBeNull();
    expect(clientPicked("ac", { clients: [acme], more: true })).toBeNull();
    expect(clientPicked("zeta", { clients: [], more: false })).toBeNull();
  });
  it("compares whole names without case or extra spaces", () => {
    expect(sameClientName("acme   europe ", "Acme Europe")).toBe(true);
    expect(sameClientName("acme", "Acme Europe")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import {
  clientPicked,
  countCases,
  describeSort,
  likePrefix,
  ownerRefusal,
  parseSearch,
  sameClientName,
  summariseBulk,
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
    expect(parseSearch("  marketing   list ")).toEqual({ text: "marketing list", referencePrefix: null, emailPrefix: null, words: "marketing list" });
    expect(parseSearch("Schmidt")).toMatchObject({ words: "Schmidt" });
    expect(parseSearch("e-mail")).toMatchObject({ words: "e-mail" });
    expect(parseSearch("a b@c")).toMatchObject({ words: "a b@c" });
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
});

describe("sorts and bulk summaries", () => {
  it("describes every sort both ways", () => {
    for (const sort of QUEUE_SORTS) expect(describeSort(sort, "asc")).not.toBe(describeSort(sort, "desc"));
  });
  it("names each refused case with its reason and counts the others", () => {
    expect(summariseBulk("closed", { done: ["PS-2026-000001", "PS-2026-000002"], refused: [{ reference: "PS-2026-000003", reason: "This case is closed." }] })).toEqual([
      "2 cases closed: PS-2026-000001, PS-2026-000002.",
      "PS-2026-000003 was not closed: This case is closed.",
    ]);
    expect(summariseBulk("assigned", { done: ["PS-2026-000001"], refused: [] })).toEqual(["1 case assigned: PS-2026-000001."]);
    expect(summariseBulk("closed", { done: [], refused: [] })).toEqual(["No cases were selected."]);
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

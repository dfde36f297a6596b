import { describe, expect, it } from "vitest";
import { eventFactsFor, eventVisibleTo, messageReadableBy, type Actor } from "../../../app/domain";

const officer: Actor = { role: "officer", userId: "o" };
const liaisonA: Actor = { role: "liaison", userId: "la", clientId: "A" };
const liaisonB: Actor = { role: "liaison", userId: "lb", clientId: "B" };
const complainant: Actor = { role: "complainant", userId: "c" };

describe("events about one message follow the message's audience (ADR 060)", () => {
  it.each(["intake_attached", "attachments_refused"])("%s", (type) => {
    const about = (audience: string | undefined, clientId: string | null = null) => ({ type, payload: { audience, clientId } });
    // Internal: the officer only.
    expect([officer, liaisonA, complainant].map((a) => eventVisibleTo(a, about("internal")))).toEqual([true, false, false]);
    // A staff note of client A: its liaisons, not B's (after a reassignment), never the complainant.
    expect([officer, liaisonA, liaisonB, complainant].map((a) => eventVisibleTo(a, about("staff", "A")))).toEqual([true, true, false, false]);
    // For all parties: staff; the complainant reads the message itself, not the bookkeeping.
    expect([officer, liaisonA, liaisonB, complainant].map((a) => eventVisibleTo(a, about("parties")))).toEqual([true, true, true, false]);
    // Written before the audience was recorded: the officer's only.
    expect([officer, liaisonA, complainant].map((a) => eventVisibleTo(a, about(undefined)))).toEqual([true, false, false]);
  });

  it("other staff bookkeeping stays as it was", () => {
    const assigned = { type: "assigned", payload: {} };
    expect([officer, liaisonA, complainant].map((a) => eventVisibleTo(a, assigned))).toEqual([true, true, false]);
  });

  it("a message is readable by the audience it was written for, a staff note by its own client's liaisons", () => {
    expect(messageReadableBy(liaisonA, { audience: "staff", clientId: "A" })).toBe(true);
    expect(messageReadableBy(liaisonB, { audience: "staff", clientId: "A" })).toBe(false);
    expect(messageReadableBy(liaisonB, { audience: "parties" })).toBe(true);
    expect(messageReadableBy(complainant, { audience: "staff", clientId: "A" })).toBe(false);
    expect(messageReadableBy(officer, { audience: "internal" })).toBe(true);
  });
});

describe("facts kept from the complainant", () => {
  it("who sent the e-mail a case was opened from", () => {
    const event = { type: "opened_from_intake", payload: { intakeId: "i", from: "lawyer@example.org", receivedAt: "2026-03-02T08:00:00.000Z" } };
    expect(eventFactsFor(complainant, event)).toEqual({ intakeId: "i", receivedAt: "2026-03-02T08:00:00.000Z" });
    expect(eventFactsFor(officer, event)).toBe(event.payload);
    expect(eventFactsFor(liaisonA, event)).toBe(event.payload);
    // A stage move's "from" is a stage, and stays.
    expect(eventFactsFor(complainant, { type: "escalated", payload: { from: "client", to: "company" } })).toEqual({ from: "client", to: "company" });
  });
});

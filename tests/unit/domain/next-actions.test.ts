import { describe, expect, it } from "vitest";
import { availableCommands, splitActions, type Actor, type CaseState } from "~/domain";
import { ENTERED, caseAt, liaison, officer, plusDays } from "./fixtures";

const now = plusDays(ENTERED, 1);

const offeredActions = (state: CaseState, actor: Actor, at: Date) => splitActions(state, availableCommands(state, actor, at));

describe("the actions offered on the staff case page", () => {
  it("offers exactly what the domain allows, next steps first", () => {
    for (const stage of ["client", "company", "dma", "arbitration"] as const) {
      for (const status of ["awaiting_acknowledgement", "in_progress", "answered", "closed"] as const) {
        const state = caseAt(stage, { status, closure: status === "closed" ? { kind: "duplicate", reason: "x" } : null });
        for (const actor of [officer, liaison]) {
          const { now: first, other } = offeredActions(state, actor, now);
          expect([...first, ...other].sort()).toEqual(availableCommands(state, actor, now).sort());
          expect(first.filter((t) => other.includes(t))).toEqual([]);
        }
      }
    }
  });

  it("puts the acknowledgement and the answer before notes, assignment and closing", () => {
    const { now: first, other } = offeredActions(caseAt("company", { status: "awaiting_acknowledgement" }), officer, now);
    expect(first.slice(0, 2)).toEqual(["acknowledge", "answer"]);
    expect(first).toContain("post_message");
    expect(other).toEqual(expect.arrayContaining(["assign", "close", "extend_deadline", "withdraw", "record_dma_referral"]));
    expect(first).not.toContain("close");
  });

  it("puts the dispute body's referral first only once the case is at the dispute body", () => {
    expect(offeredActions(caseAt("dma", { status: "awaiting_acknowledgement" }), officer, now).now).toContain("record_dma_referral");
    expect(offeredActions(caseAt("client"), officer, now).other).toContain("record_dma_referral");
  });

  it("offers reopening first on a finished case", () => {
    const closed = caseAt("company", { status: "closed", closure: { kind: "duplicate", reason: "x" } });
    expect(offeredActions(closed, officer, now).now[0]).toBe("reopen");
  });
});

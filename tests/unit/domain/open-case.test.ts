import { describe, expect, it } from "vitest";
import { FRAMEWORKS, openCase, type Stage } from "~/domain";
import { ENTERED, complainant, liaison, officer, otherComplainant } from "./fixtures";

const PS = FRAMEWORKS.privacy_shield;
const aboutClient = { framework: "privacy_shield" as const, clientId: "client-1", complainantId: "person-1" };
const aboutOperator = { framework: "privacy_shield" as const, clientId: null, complainantId: "person-1" };

describe("openCase", () => {
  it("starts at the client stage when the complaint names a client", () => {
    const opened = openCase(aboutClient, null, ENTERED, PS);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.state).toEqual({
      stage: "client",
      status: "awaiting_acknowledgement",
      framework: "privacy_shield",
      clientId: "client-1",
      liaisonId: null,
      complainantId: "person-1",
      stageEnteredAt: ENTERED,
      openedAt: ENTERED,
      stagesVisited: ["client"],
      answerRejected: false,
      deadlines: [
        // Received Tue 3 Mar 2026 05:00 New York time: 5 working days end Tue 10 Mar, 45 calendar days
        // end Fri 17 Apr, each at 23:59:59.999 New York time (EDT from 8 Mar).
        expect.objectContaining({ stage: "client", kind: "acknowledgement", dueAt: new Date("2026-03-11T03:59:59.999Z"), metAt: null }),
        expect.objectContaining({ stage: "client", kind: "response", dueAt: new Date("2026-04-18T03:59:59.999Z"), metAt: null }),
      ],
      arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: null, award: null },
      closure: null,
    });
    expect(opened.events).toEqual([
      {
        type: "case_filed",
        payload: { framework: "privacy_shield", stage: "client", clientId: "client-1", complainantId: "person-1", filedBy: "public" },
      },
    ]);
    expect(opened.notifications).toEqual([
      { template: "acknowledgement", to: ["complainant"] },
      { template: "new_case", to: ["officer", "liaisons"] },
    ]);
  });

  it("starts at the company stage when the complaint is about the operator itself, telling only the officer", () => {
    const opened = openCase(aboutOperator, complainant, ENTERED, PS);
    expect(opened).toMatchObject({
      ok: true,
      state: { stage: "company", stagesVisited: ["company"] },
      events: [{ type: "case_filed", payload: { filedBy: "complainant" } }],
      notifications: [
        { template: "acknowledgement", to: ["complainant"] },
        { template: "new_case", to: ["officer"] },
      ],
    });
  });

  it.each<Stage>(["dma", "arbitration"])("lets the officer open a case that first arrives at %s", (stage) => {
    const opened = openCase({ ...aboutClient, startStage: stage }, officer, ENTERED, PS);
    expect(opened).toMatchObject({ ok: true, state: { stage, status: "awaiting_acknowledgement", stagesVisited: [stage] } });
    if (!opened.ok) return;
    expect(opened.state.deadlines.map((d) => [d.stage, d.kind])).toEqual([[stage, stage === "dma" ? "review" : "award"]]);
  });

  it("lets the officer open at the company stage even when a client is named", () => {
    expect(openCase({ ...aboutClient, startStage: "company" }, officer, ENTERED, PS)).toMatchObject({ ok: true, state: { stage: "company" } });
  });

  it("does not let the public or a complainant choose a later stage", () => {
    for (const actor of [null, complainant]) {
      for (const startStage of ["company", "dma", "arbitration"] as const) {
        const refused = openCase({ ...aboutClient, startStage }, actor, ENTERED, PS);
        expect(refused).toMatchObject({ ok: false, code: "not_allowed_for_role", reason: expect.stringContaining("Security Officer") });
      }
    }
  });

  it("accepts a start stage from the public when it is the natural one", () => {
    expect(openCase({ ...aboutClient, startStage: "client" }, null, ENTERED, PS).ok).toBe(true);
  });

  it("refuses a client-stage case without a client", () => {
    expect(openCase({ ...aboutOperator, startStage: "client" }, officer, ENTERED, PS)).toMatchObject({ ok: false, code: "invalid" });
  });

  it("refuses a liaison and a complainant filing in someone else's name", () => {
    expect(openCase(aboutClient, liaison, ENTERED, PS)).toMatchObject({ ok: false, code: "not_allowed_for_role" });
    expect(openCase(aboutClient, otherComplainant, ENTERED, PS)).toMatchObject({ ok: false, code: "not_your_case" });
  });

  it("refuses a profile that does not belong to the case's framework", () => {
    expect(openCase(aboutClient, null, ENTERED, FRAMEWORKS.dpf)).toMatchObject({ ok: false, code: "invalid" });
  });

  it("uses the DPF clocks and name under the DPF profile", () => {
    const opened = openCase({ ...aboutClient, framework: "dpf" }, null, ENTERED, FRAMEWORKS.dpf);
    expect(opened).toMatchObject({ ok: true, state: { framework: "dpf" } });
    if (!opened.ok) return;
    expect(opened.state.deadlines[1]?.explanation).toContain("Data Privacy Framework");
  });
});

// The complainant's page words how each clock of an earlier step ended: it needs the moment the
// move up stopped it (ADR 056), which its page data once left out.
import { afterAll, describe, expect, it } from "vitest";
import { complainantCasePage, loadCaseView } from "../../app/models/case-view.server";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { fileCase, plus, seedParties } from "../support/factories";

afterAll(async () => {
  const { closeDb } = await import("../../app/db/db.server");
  await closeDb();
});

const DAY = 24 * 60 * 60 * 1000;

describe("the complainant's deadlines", () => {
  it("carry the moment a move up stopped the step's clocks, and nothing staff-only", async () => {
    const { clientA } = await seedParties();
    const t0 = new Date("2026-09-01T10:00:00.000Z");
    const filed = await fileCase({ clientId: clientA.id }, t0);
    const movedAt = plus(t0, 60 * DAY);
    const done = await performCaseCommand({ actor: filed.complainant.actor, reference: filed.reference, expectedVersion: 1, command: { type: "escalate" }, now: movedAt });
    expect(done.ok).toBe(true);

    const view = await loadCaseView(filed.complainant.actor, filed.reference, plus(movedAt, DAY));
    const page = complainantCasePage(view!, "en");
    const earlier = page.deadlines.filter((d) => d.stage === "client");
    expect(earlier.map((d) => [d.kind, d.state, d.stoppedAt])).toEqual([
      ["acknowledgement", "stopped_late", movedAt],
      ["response", "stopped_late", movedAt],
    ]);
    expect(page.deadlines.find((d) => d.stage === "company")?.stoppedAt).toBeNull();
    expect(Object.keys(earlier[0]!)).not.toContain("extendable");
  });
});

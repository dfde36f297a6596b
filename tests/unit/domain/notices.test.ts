// The deadline sweep's rule, table by table: what one case owes at one moment. Each row names the
// rule it encodes. Deadlines are written out literally (fixtures.ts), never computed by the code.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_NOTICE_SETTINGS,
  decide,
  dueNotices,
  followUpDeadline,
  frameworkProfile,
  isProposedForClosure,
  nextRunningDeadline,
  reminderWindow,
  waitOf,
  type CaseState,
  type DueNotice,
} from "~/domain";
import { ENTERED, at, caseAt, complainant, liaison, pending, plusDays } from "./fixtures";

// At the client stage, entered ENTERED (3 Mar 2026 10:00 UTC): acknowledgement due +5 days, response +45.
const ACK_DUE = plusDays(ENTERED, 5);
const RESPONSE_DUE = plusDays(ENTERED, 45);
const HOUR = 3_600_000;

const kinds = (ns: DueNotice[]) => ns.map((n) => `${n.kind}:${n.template}→${n.to.join("+")}`).sort();

function acknowledged(state: CaseState, when: Date): CaseState {
  return { ...state, deadlines: state.deadlines.map((d) => (d.kind === "acknowledgement" ? { ...d, metAt: when } : d)) };
}

describe("dueNotices: the officer's breach alert says whether the complainant may move up", () => {
  it("yes at the client step, no at the last step and under the DPF before a DPA's referral (ADR 057)", () => {
    const late = plusDays(ENTERED, 46);
    const breach = (state: CaseState, at = late) => dueNotices({ state, waitingSince: null }, at, DEFAULT_NOTICE_SETTINGS, frameworkProfile(state.framework)).find((n) => n.template === "deadline_breached");
    expect(breach(caseAt("client"))?.facts.complainantMayMoveOn).toBe(true);
    expect(breach(caseAt("arbitration"), plusDays(ENTERED, 91))?.facts.complainantMayMoveOn).toBe(false);
    expect(breach(caseAt("dma", { framework: "dpf" }))?.facts.complainantMayMoveOn).toBe(false);
    expect(breach(caseAt("dma"))?.facts.complainantMayMoveOn).toBe(true);
  });
});

describe("dueNotices: deadlines", () => {
  const rows: { rule: string; state: CaseState; now: Date; expected: string[] }[] = [
    {
      rule: "nothing is due while every clock is further away than the longest reminder window",
      state: acknowledged(caseAt("client"), plusDays(ENTERED, 1)),
      now: plusDays(ENTERED, 2),
      expected: [],
    },
    {
      rule: "a clock 7 days or less away reminds whoever must act: the client's liaisons at the client stage",
      state: caseAt("client"),
      now: plusDays(ENTERED, 1),
      expected: ["reminder_7d:deadline_reminder→liaisons"],
    },
    {
      rule: "inside the 2-day window only the 2-day reminder is due (the 7-day one is behind us, never sent late)",
      state: caseAt("client"),
      now: plusDays(ENTERED, 3.5),
      expected: ["reminder_2d:deadline_reminder→liaisons"],
    },
    {
      rule: "exactly at the due moment the clock is not yet breached",
      state: acknowledged(caseAt("client"), ENTERED),
      now: RESPONSE_DUE,
      expected: [],
    },
    {
      rule: "one millisecond after the due moment: breach alert to the officer and the escalation notice to the complainant",
      state: acknowledged(caseAt("client"), ENTERED),
      now: new Date(RESPONSE_DUE.getTime() + 1),
      expected: ["breach:deadline_breached→officer", "escalation_available:escalation_available→complainant"],
    },
    {
      rule: "at the company stage the Security Officer is the one who must act",
      state: caseAt("company"),
      now: plusDays(ENTERED, 1),
      expected: ["reminder_7d:deadline_reminder→officer"],
    },
    {
      rule: "a client-stage case without a client reminds the officer (nobody else could act)",
      state: caseAt("client", { clientId: null, liaisonId: null }),
      now: plusDays(ENTERED, 1),
      expected: ["reminder_7d:deadline_reminder→officer"],
    },
    {
      rule: "a met clock owes nothing, even long after its date",
      state: { ...caseAt("dma"), deadlines: [{ ...pending("dma", "review", ENTERED, 45), metAt: plusDays(ENTERED, 10) }] },
      now: plusDays(ENTERED, 100),
      expected: [],
    },
    {
      rule: "a paused clock owes nothing: the case waits for the complainant",
      state: { ...caseAt("dma"), deadlines: [{ ...pending("dma", "review", ENTERED, 45), pausedAt: plusDays(ENTERED, 10) }] },
      now: plusDays(ENTERED, 44),
      expected: [],
    },
    {
      rule: "clocks of earlier stages are history and owe nothing",
      state: caseAt("company", { stagesVisited: ["client", "company"], deadlines: [pending("client", "response", plusDays(ENTERED, -60), 45)] }),
      now: ENTERED,
      expected: [],
    },
    {
      rule: "a finished case owes nothing",
      state: caseAt("client", { status: "closed", closure: { kind: "duplicate", reason: "x" } }),
      now: plusDays(ENTERED, 60),
      expected: [],
    },
    {
      rule: "a breach at the dispute body does not offer arbitration before its prerequisites (company and dma visited) are met",
      state: caseAt("dma", { stagesVisited: ["client", "dma"] }),
      now: plusDays(ENTERED, 46),
      expected: ["breach:deadline_breached→officer"],
    },
  ];

  it.each(rows)("$rule", ({ state, now, expected }) => {
    expect(kinds(dueNotices({ state, waitingSince: null }, now))).toEqual([...expected].sort());
  });

  it("names each notice by the clock and its due date, so a moved date gets its own reminders and the same date never twice", () => {
    const state = caseAt("client");
    const first = dueNotices({ state, waitingSince: null }, plusDays(ENTERED, 1));
    const again = dueNotices({ state, waitingSince: null }, plusDays(ENTERED, 1.5));
    expect(again.map((n) => n.subject)).toEqual(first.map((n) => n.subject));
    const extended = { ...state, deadlines: state.deadlines.map((d) => (d.kind === "acknowledgement" ? { ...d, dueAt: plusDays(ACK_DUE, 3) } : d)) };
    const moved = dueNotices({ state: extended, waitingSince: null }, plusDays(ENTERED, 3));
    expect(moved[0]?.subject).not.toEqual(first[0]?.subject);
  });

  it("sends the escalation notice once per stage visit, whichever clock breached", () => {
    const state = caseAt("client");
    const ackBreached = dueNotices({ state, waitingSince: null }, plusDays(ENTERED, 6)).find((n) => n.kind === "escalation_available");
    const bothBreached = dueNotices({ state, waitingSince: null }, plusDays(ENTERED, 50)).find((n) => n.kind === "escalation_available");
    expect(ackBreached?.subject).toBeDefined();
    expect(bothBreached?.subject).toBe(ackBreached?.subject);
  });
});

describe("dueNotices: waiting for the complainant", () => {
  const since = at("2026-05-01T12:00:00.000Z");
  const paused = (stage: "client") => caseAt(stage, {
    status: "awaiting_complainant",
    deadlines: [{ ...pending(stage, "acknowledgement", ENTERED, 5), metAt: ENTERED }, { ...pending(stage, "response", ENTERED, 45), pausedAt: since }],
  });
  const answered = caseAt("company", {
    status: "answered",
    deadlines: [{ ...pending("company", "acknowledgement", ENTERED, 5), metAt: since }, { ...pending("company", "response", ENTERED, 45), metAt: since }],
  });
  const rows: { rule: string; state: CaseState; now: Date; expected: string[] }[] = [
    { rule: "13 days into a wait: nothing yet", state: paused("client"), now: plusDays(since, 13), expected: [] },
    { rule: "14 days into a wait for information: the complainant is reminded", state: paused("client"), now: plusDays(since, 14), expected: ["wait_reminder:wait_reminder→complainant"] },
    { rule: "14 days after an answer nobody accepted or rejected: the complainant is reminded", state: answered, now: plusDays(since, 14), expected: ["wait_reminder:wait_reminder→complainant"] },
    {
      rule: "30 days into a wait: proposed to the officer for closure as not pursued (the reminder stays owed if it was never sent)",
      state: paused("client"),
      now: plusDays(since, 30),
      expected: ["closure_proposal:closure_proposal→officer", "wait_reminder:wait_reminder→complainant"],
    },
  ];
  it.each(rows)("$rule", ({ state, now, expected }) => {
    expect(kinds(dueNotices({ state, waitingSince: since }, now))).toEqual([...expected].sort());
  });

  it("uses the configured periods", () => {
    const settings = { ...DEFAULT_NOTICE_SETTINGS, waits: { reminderAfterDays: 3, closureProposalAfterDays: 5 } };
    expect(kinds(dueNotices({ state: answered, waitingSince: since }, plusDays(since, 3), settings))).toEqual(["wait_reminder:wait_reminder→complainant"]);
    expect(kinds(dueNotices({ state: answered, waitingSince: since }, plusDays(since, 5), settings))).toContain("closure_proposal:closure_proposal→officer");
  });

  it("never proposes closure of a case that is not waiting for the complainant", () => {
    expect(waitOf("in_progress", since)).toBeNull();
    expect(isProposedForClosure(waitOf("in_progress", since), plusDays(since, 400))).toBe(false);
    expect(isProposedForClosure(waitOf("answered", since), plusDays(since, 30))).toBe(true);
    expect(isProposedForClosure(waitOf("answered", since), new Date(plusDays(since, 30).getTime() - 1))).toBe(false);
  });
});

describe("reminderWindow", () => {
  const d = pending("company", "response", ENTERED, 45);
  const rows: { rule: string; now: Date; days: readonly number[]; expected: number | null }[] = [
    { rule: "more than 7 days away: no window", now: new Date(RESPONSE_DUE.getTime() - 7 * 24 * HOUR - 1), days: [7, 2], expected: null },
    { rule: "exactly 7 days away: the 7-day window", now: plusDays(RESPONSE_DUE, -7), days: [7, 2], expected: 7 },
    { rule: "exactly 2 days away: the 2-day window", now: plusDays(RESPONSE_DUE, -2), days: [7, 2], expected: 2 },
    { rule: "the last hour: still the 2-day window", now: new Date(RESPONSE_DUE.getTime() - HOUR), days: [7, 2], expected: 2 },
    { rule: "past the date: no reminder (a breach instead)", now: plusDays(RESPONSE_DUE, 1), days: [7, 2], expected: null },
    { rule: "configured 10,3,1 one day before: the 1-day window", now: plusDays(RESPONSE_DUE, -1), days: [10, 3, 1], expected: 1 },
    { rule: "no reminder days configured: never", now: plusDays(RESPONSE_DUE, -1), days: [], expected: null },
  ];
  it.each(rows)("$rule", ({ now, days, expected }) => {
    expect(reminderWindow(d, now, days)).toBe(expected);
  });
});

describe("no case without a clock: rejecting an answer", () => {
  const answeredAt = plusDays(ENTERED, 10);
  const answered = caseAt("client", {
    status: "answered",
    deadlines: [{ ...pending("client", "acknowledgement", ENTERED, 5), metAt: answeredAt }, { ...pending("client", "response", ENTERED, 45), metAt: answeredAt }],
  });
  const rejectedAt = plusDays(ENTERED, 12);

  it("starts a 14-day follow-up clock for the answering side and tells the complainant at once that they may escalate", () => {
    const decision = decide(answered, { type: "reject_answer", reason: "no" }, complainant, rejectedAt);
    if (!decision.ok) throw new Error(decision.reason);
    const followUp = decision.state.deadlines.find((d) => d.kind === "follow_up");
    // Rejected on Sunday 15 Mar 2026: counted from Monday 16 Mar, 14 calendar days, so due at the
    // end of Monday 30 Mar in New York (EDT, UTC-4) (ADR 011).
    const due = new Date("2026-03-31T03:59:59.999Z");
    expect(followUp?.dueAt).toEqual(due);
    expect(nextRunningDeadline(decision.state)).toEqual(due);
    expect(decision.notifications).toContainEqual({ template: "escalation_available", to: ["complainant"], evenToActor: true });
    expect(decision.events.map((e) => e.type)).toEqual(["answer_rejected", "follow_up_started"]);
  });

  it("meets the follow-up clock with the next answer, and a second rejection starts a fresh one", () => {
    const first = decide(answered, { type: "reject_answer" }, complainant, rejectedAt);
    if (!first.ok) throw new Error(first.reason);
    const again = decide(first.state, { type: "answer", message: "Second try" }, liaison, plusDays(rejectedAt, 3));
    if (!again.ok) throw new Error(again.reason);
    expect(again.state.deadlines.find((d) => d.kind === "follow_up")?.metAt).toEqual(plusDays(rejectedAt, 3));
    expect(nextRunningDeadline(again.state)).toBeNull();
    const second = decide(again.state, { type: "reject_answer" }, complainant, plusDays(rejectedAt, 5));
    if (!second.ok) throw new Error(second.reason);
    const followUps = second.state.deadlines.filter((d) => d.kind === "follow_up");
    expect(followUps).toHaveLength(1);
    // Rejected again on Friday 20 Mar 2026, 06:00 in New York: 14 calendar days from that day, end of Fri 3 Apr (EDT).
    expect(followUps[0]).toMatchObject({ metAt: null, dueAt: new Date("2026-04-04T03:59:59.999Z") });
  });

  it("pauses the follow-up clock while the answering side waits for information", () => {
    const first = decide(answered, { type: "reject_answer" }, complainant, rejectedAt);
    if (!first.ok) throw new Error(first.reason);
    const asked = decide(first.state, { type: "request_information", message: "Which address?" }, liaison, plusDays(rejectedAt, 1));
    if (!asked.ok) throw new Error(asked.reason);
    expect(asked.state.deadlines.find((d) => d.kind === "follow_up")?.pausedAt).toEqual(plusDays(rejectedAt, 1));
  });

  it("does not promise escalation when the next step is closed to the complainant (arbitration before its prerequisites)", () => {
    const atDma = caseAt("dma", {
      status: "answered",
      stagesVisited: ["client", "dma"],
      deadlines: [{ ...pending("dma", "review", ENTERED, 45), metAt: answeredAt }],
    });
    const decision = decide(atDma, { type: "reject_answer" }, complainant, rejectedAt);
    if (!decision.ok) throw new Error(decision.reason);
    expect(decision.notifications.map((n) => n.template)).not.toContain("escalation_available");
    expect(decision.state.deadlines.find((d) => d.kind === "follow_up")).toBeDefined();
  });

  it("creates follow-up clocks through one function that explains itself", () => {
    const d = followUpDeadline("company", rejectedAt, frameworkProfile("dpf"));
    expect(d).toMatchObject({ stage: "company", kind: "follow_up", startsAt: rejectedAt, dueAt: new Date("2026-03-31T03:59:59.999Z") });
    expect(d.explanation).toContain("14 calendar days from 16 Mar 2026, the first working day after the complainant rejected the answer");
  });
});

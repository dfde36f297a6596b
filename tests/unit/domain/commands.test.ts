// One rule at a time, for the commands not covered by the escalation, arbitration and clock tests.
import { describe, expect, it } from "vitest";
import { availableCommands, deadlineState, decide, nextRunningDeadline, type Actor, type CaseState, type Command, type Decision } from "~/domain";
import { ENTERED, at, caseAt, complainant, liaison, officer, otherComplainant, otherLiaison, plusDays, snapshot } from "./fixtures";

const now = plusDays(ENTERED, 2);

function accepted(decision: Decision) {
  if (!decision.ok) throw new Error(`refused: ${decision.reason}`);
  return decision;
}

const closedCase = (): CaseState => caseAt("company", { status: "closed", closure: { kind: "unfounded", reason: "No grounds" } });

describe("whose case it is", () => {
  const state = caseAt("client", { status: "awaiting_acknowledgement" });

  it("refuses a liaison of another client", () => {
    expect(decide(state, { type: "acknowledge" }, otherLiaison, now)).toEqual({
      ok: false,
      code: "not_your_case",
      reason: "This case belongs to another client company.",
    });
  });

  it("refuses a liaison when the case has no client", () => {
    expect(decide(caseAt("company", { clientId: null }), { type: "post_message", audience: "staff", channel: "web" }, liaison, now)).toMatchObject({
      ok: false,
      code: "not_your_case",
    });
  });

  it("refuses a complainant acting on someone else's case", () => {
    expect(decide(state, { type: "withdraw" }, otherComplainant, now)).toEqual({
      ok: false,
      code: "not_your_case",
      reason: "You can only act on your own complaint.",
    });
  });

  it("lets the liaison of the case's own client act", () => {
    expect(decide(state, { type: "acknowledge" }, liaison, now).ok).toBe(true);
  });
});

describe("refusal sentences", () => {
  it("names who may do it", () => {
    expect(decide(caseAt("dma"), { type: "record_dma_outcome", summary: "x" }, complainant, now)).toEqual({
      ok: false,
      code: "not_allowed_for_role",
      reason: "Only the Security Officer can record the dispute body's outcome.",
    });
  });

  it("says who may act at this stage when the role may act elsewhere", () => {
    expect(decide(caseAt("company", { status: "awaiting_acknowledgement" }), { type: "acknowledge" }, liaison, now)).toEqual({
      ok: false,
      code: "not_allowed_for_role",
      reason: "While the case is with our Security Officer, only the Security Officer can acknowledge the complaint.",
    });
  });

  it("says why the status is wrong", () => {
    expect(decide(caseAt("client"), { type: "accept_answer" }, complainant, now)).toEqual({
      ok: false,
      code: "wrong_status",
      reason: "You can't accept the answer while the case is being worked on.",
    });
  });

  it("refuses an unknown command instead of failing", () => {
    expect(decide(caseAt("client"), { type: "launch_rocket" } as unknown as Command, officer, now)).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("acknowledge and answer", () => {
  it("acknowledging starts the work and meets the acknowledgement deadline only", () => {
    const d = accepted(decide(caseAt("client", { status: "awaiting_acknowledgement" }), { type: "acknowledge" }, liaison, now));
    expect(d.state.status).toBe("in_progress");
    expect(d.state.deadlines.map((x) => [x.kind, x.metAt])).toEqual([
      ["acknowledgement", now],
      ["response", null],
    ]);
    expect(d.events).toEqual([{ type: "acknowledged", payload: { stage: "client" } }]);
    expect(d.notifications).toEqual([{ template: "case_acknowledged", to: ["complainant"] }]);
  });

  it("an answer meets the response deadline and the acknowledgement if still open", () => {
    const d = accepted(decide(caseAt("company", { status: "awaiting_acknowledgement" }), { type: "answer", message: "We deleted it" }, officer, now));
    expect(d.state.status).toBe("answered");
    expect(d.state.deadlines.every((x) => x.metAt?.getTime() === now.getTime())).toBe(true);
    expect(d.notifications).toEqual([{ template: "answer_given", to: ["complainant"] }]);
  });

  it("an answer needs words", () => {
    expect(decide(caseAt("client"), { type: "answer", message: "  " }, liaison, now)).toMatchObject({ ok: false, code: "invalid" });
  });

  it("is not how the dispute body or arbitration decides", () => {
    for (const stage of ["dma", "arbitration"] as const) {
      expect(decide(caseAt(stage), { type: "answer", message: "x" }, officer, now)).toMatchObject({ ok: false, code: "wrong_stage" });
    }
  });

  it("accepting resolves the case", () => {
    const d = accepted(decide(caseAt("client", { status: "answered" }), { type: "accept_answer" }, complainant, now));
    expect(d.state).toMatchObject({ status: "resolved", closure: { kind: "resolved" } });
    expect(d.events).toEqual([{ type: "answer_accepted", payload: { stage: "client", outcome: "resolved" } }]);
    expect(d.notifications).toEqual([{ template: "case_closed", to: ["complainant", "liaisons", "officer"] }]);
  });

  it("the dispute body's outcome is an answer the complainant may accept or reject", () => {
    const d = accepted(decide(caseAt("dma"), { type: "record_dma_outcome", summary: "Records corrected" }, officer, now));
    expect(d.state.status).toBe("answered");
    expect(d.state.deadlines[0]?.metAt).toEqual(now);
    expect(decide(d.state, { type: "accept_answer" }, complainant, now).ok).toBe(true);
    expect(decide(d.state, { type: "reject_answer" }, complainant, now).ok).toBe(true);
  });
});

describe("messages", () => {
  const state = caseAt("client");
  const post = (actor: Actor, audience: "parties" | "staff" | "internal", channel: "web" | "email" | "postal" | "phone" = "web") =>
    decide(state, { type: "post_message", audience, channel }, actor, now);

  it("tells the other parties according to the audience", () => {
    expect(accepted(post(complainant, "parties")).notifications).toEqual([{ template: "new_reply", to: ["complainant", "liaisons", "officer"] }]);
    expect(accepted(post(liaison, "staff")).notifications).toEqual([{ template: "new_reply", to: ["liaisons", "officer"] }]);
    expect(accepted(post(officer, "internal", "phone")).notifications).toEqual([]);
  });

  it("lets the complainant write only to all parties, on the web or by replying to our mail", () => {
    expect(post(complainant, "staff")).toMatchObject({ ok: false, code: "invalid" });
    expect(post(complainant, "parties", "email").ok).toBe(true);
    expect(post(complainant, "parties", "postal")).toMatchObject({ ok: false, code: "invalid" });
    expect(post(complainant, "parties", "phone")).toMatchObject({ ok: false, code: "invalid" });
  });

  it("lets a liaison write to parties or staff on the web, never internal notes", () => {
    expect(post(liaison, "parties").ok).toBe(true);
    expect(post(liaison, "internal")).toMatchObject({ ok: false, code: "invalid" });
    expect(post(liaison, "parties", "postal")).toMatchObject({ ok: false, code: "invalid" });
    expect(post(liaison, "staff", "email").ok).toBe(true);
  });

  it("lets the officer log a letter, a call or an e-mail to any audience", () => {
    for (const channel of ["email", "postal", "phone"] as const) {
      expect(accepted(post(officer, "parties", channel)).events).toEqual([
        { type: "message_posted", payload: { stage: "client", audience: "parties", channel } },
      ]);
    }
  });

  it("on a closed case allows only the officer's internal notes", () => {
    const closed = closedCase();
    const msg = (actor: Actor, audience: "parties" | "internal") => decide(closed, { type: "post_message", audience, channel: "web" }, actor, now);
    expect(msg(officer, "internal").ok).toBe(true);
    expect(msg(officer, "parties")).toMatchObject({ ok: false, code: "case_closed" });
    expect(msg(complainant, "parties")).toEqual({ ok: false, code: "case_closed", reason: "This case is closed." });
    expect(msg(liaison, "parties")).toMatchObject({ ok: false, code: "case_closed" });
  });

  it("a complainant's reply while the case waits for them puts it back in progress", () => {
    const d = accepted(decide(caseAt("client", { status: "awaiting_complainant" }), { type: "post_message", audience: "parties", channel: "web" }, complainant, now));
    expect(d.state.status).toBe("in_progress");
    expect(d.events.map((e) => e.type)).toEqual(["message_posted", "clock_resumed"]);
  });
});

describe("a letter or call from the complainant while the case waits for them", () => {
  const asked = plusDays(ENTERED, 1);
  const waiting = () => accepted(decide(caseAt("client"), { type: "request_information", message: "Which address?" }, officer, asked)).state;
  const log = (state: CaseState, direction: "in" | "out", occurredAt: Date) =>
    decide(state, { type: "log_contact", channel: "postal", direction, occurredAt, audience: "parties", summary: "Letter with the address" }, officer, plusDays(ENTERED, 10));
  const response = (state: CaseState) => state.deadlines.find((d) => d.stage === "client" && d.kind === "response")!;

  it("puts the case back in progress and runs the clock again from when the letter arrived, not when it was logged", () => {
    const before = waiting();
    const d = accepted(log(before, "in", plusDays(ENTERED, 4)));
    expect(d.state.status).toBe("in_progress");
    expect(d.events.map((e) => e.type)).toEqual(["contact_logged", "clock_resumed"]);
    expect(response(d.state).pausedAt).toBeNull();
    // Paused from day 1 to day 4: the due date moves by those three days, not the nine until it was logged.
    expect(response(d.state).dueAt.getTime() - response(caseAt("client")).dueAt.getTime()).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(response(d.state).dueAt.getTime() - response(caseAt("client")).dueAt.getTime()).toBeLessThan(5 * 86_400_000);
  });

  it("a letter older than the request resumes the clock from when the wait began (no time is taken back)", () => {
    const d = accepted(log(waiting(), "in", ENTERED));
    expect(d.state.status).toBe("in_progress");
    expect(response(d.state).dueAt).toEqual(response(caseAt("client")).dueAt);
  });

  it("our own letter or call to them does not end the wait", () => {
    const d = accepted(log(waiting(), "out", plusDays(ENTERED, 4)));
    expect(d.state.status).toBe("awaiting_complainant");
    expect(d.events.map((e) => e.type)).toEqual(["contact_logged"]);
  });

  it("a letter on a case that is not waiting changes no status", () => {
    const d = accepted(log(caseAt("client"), "in", plusDays(ENTERED, 4)));
    expect(d.state.status).toBe("in_progress");
    expect(d.events.map((e) => e.type)).toEqual(["contact_logged"]);
  });
});

describe("the complainant's e-mail the officer attaches from intake while the case waits for them (ADR 066)", () => {
  const asked = plusDays(ENTERED, 1);
  const waiting = () => accepted(decide(caseAt("client"), { type: "request_information", message: "Which address?" }, officer, asked)).state;
  const attach = (state: CaseState, receivedAt: Date | undefined, audience: "parties" | "staff" = "parties", actor: Actor = officer) =>
    decide(state, { type: "post_message", audience, channel: "email", complainantReplyReceivedAt: receivedAt }, actor, plusDays(ENTERED, 10));
  const response = (state: CaseState) => state.deadlines.find((d) => d.stage === "client" && d.kind === "response")!;

  it("resumes the clock from when the mail arrived, and tells the others, not the complainant", () => {
    const d = accepted(attach(waiting(), plusDays(ENTERED, 4)));
    expect(d.state.status).toBe("in_progress");
    expect(d.events.map((e) => e.type)).toEqual(["message_posted", "clock_resumed"]);
    expect(response(d.state).pausedAt).toBeNull();
    const moved = response(d.state).dueAt.getTime() - response(caseAt("client")).dueAt.getTime();
    expect(moved).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(moved).toBeLessThan(5 * 86_400_000);
    expect(d.notifications).toEqual([{ template: "new_reply", to: ["liaisons", "officer"] }]);
  });

  it("a mail that arrived before we asked is not the answer: the case keeps waiting", () => {
    const d = accepted(attach(waiting(), ENTERED));
    expect(d.state.status).toBe("awaiting_complainant");
    expect(d.events.map((e) => e.type)).toEqual(["message_posted"]);
    expect(response(d.state).pausedAt).toEqual(asked);
  });

  it("the officer's own post of an e-mail still leaves the wait as it is", () => {
    const d = accepted(attach(waiting(), undefined));
    expect(d.state.status).toBe("awaiting_complainant");
    expect(d.events.map((e) => e.type)).toEqual(["message_posted"]);
  });

  it("only the officer files one, for all parties, arrived in the past", () => {
    expect(attach(waiting(), plusDays(ENTERED, 4), "staff")).toMatchObject({ ok: false, code: "invalid" });
    expect(attach(waiting(), plusDays(ENTERED, 4), "parties", liaison)).toMatchObject({ ok: false, code: "invalid" });
    expect(attach(waiting(), plusDays(ENTERED, 11))).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("closing, withdrawing and reopening", () => {
  it("closing needs a reason", () => {
    for (const reason of ["", " \n "]) {
      expect(decide(caseAt("client"), { type: "close", kind: "out_of_scope", reason }, officer, now)).toEqual({
        ok: false,
        code: "reason_required",
        reason: "Give a reason for closing the case.",
      });
    }
  });

  it("closing records the kind and the reason", () => {
    const d = accepted(decide(caseAt("client"), { type: "close", kind: "duplicate", reason: " Same as PS-2026-000001 " }, officer, now));
    expect(d.state).toMatchObject({ status: "closed", closure: { kind: "duplicate", reason: "Same as PS-2026-000001" } });
    expect(d.events).toEqual([{ type: "closed", payload: { outcome: "closed", kind: "duplicate", reason: "Same as PS-2026-000001" } }]);
    expect(d.notifications).toEqual([{ template: "case_closed", to: ["complainant", "liaisons"] }]);
  });

  it("an anonymised case cannot be reopened: its details are gone (retention, ADR 026)", () => {
    const refused = decide({ ...closedCase(), anonymised: true }, { type: "reopen", reason: "New evidence" }, officer, now);
    expect(refused).toMatchObject({ ok: false, code: "case_closed" });
    expect(!refused.ok && refused.reason).toMatch(/anonymised/);
  });

  it("an anonymised case takes nothing more: no internal note, no logged letter, so none is offered", () => {
    const anonymised = { ...closedCase(), anonymised: true };
    const note: Command = { type: "post_message", audience: "internal", channel: "web" };
    const letter: Command = { type: "log_contact", channel: "postal", direction: "in", occurredAt: now, audience: "internal", summary: "A late letter" };
    for (const command of [note, letter]) {
      expect(decide(closedCase(), command, officer, now).ok).toBe(true);
      expect(decide(anonymised, command, officer, now)).toMatchObject({ ok: false, code: "case_closed", reason: expect.stringMatching(/anonymised/) });
    }
    expect(availableCommands(closedCase(), officer, now)).toEqual(expect.arrayContaining(["post_message", "log_contact", "reopen"]));
    expect(availableCommands(anonymised, officer, now)).toEqual([]);
    expect(availableCommands(anonymised, liaison, now)).toEqual([]);
  });

  it("reopening needs a reason", () => {
    expect(decide(closedCase(), { type: "reopen", reason: " " }, officer, now)).toMatchObject({ ok: false, code: "reason_required" });
  });

  it("reopening puts the case back in progress at the same stage and clears the closure", () => {
    const d = accepted(decide(closedCase(), { type: "reopen", reason: "New evidence" }, officer, now));
    expect(d.state).toMatchObject({ stage: "company", status: "in_progress", closure: null });
    expect(d.events).toEqual([{ type: "reopened", payload: { previousStatus: "closed", reason: "New evidence" } }]);
  });

  it("reopening is allowed after an arbitration award: it is the officer's call", () => {
    const decided = caseAt("arbitration", {
      status: "resolved",
      closure: { kind: "resolved", reason: "Complied" },
      arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: { remedies: ["deletion"], summary: "x", decidedAt: ENTERED } },
    });
    expect(decide(decided, { type: "reopen", reason: "The data reappeared" }, officer, now).ok).toBe(true);
  });

  it("reopening an open case is refused", () => {
    expect(decide(caseAt("client"), { type: "reopen", reason: "x" }, officer, now)).toEqual({
      ok: false,
      code: "wrong_status",
      reason: "This case is still open, so there is nothing to reopen.",
    });
  });

  it("the complainant, or the officer for them, may withdraw", () => {
    const own = accepted(decide(caseAt("dma"), { type: "withdraw", reason: "Sorted out" }, complainant, now));
    expect(own.state).toMatchObject({ status: "withdrawn", closure: { kind: "withdrawn", reason: "Sorted out" } });
    expect(own.events).toEqual([{ type: "withdrawn", payload: { outcome: "withdrawn", reason: "Sorted out" } }]);
    expect(accepted(decide(caseAt("dma"), { type: "withdraw" }, officer, now)).state.closure).toEqual({ kind: "withdrawn", reason: "" });
    expect(decide(caseAt("dma"), { type: "withdraw" }, liaison, now)).toMatchObject({ ok: false, code: "not_allowed_for_role" });
  });
});

describe("an ended case stops its clocks (ADR 053)", () => {
  const awarded = { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: { remedies: ["deletion" as const], summary: "x", decidedAt: ENTERED } };
  const endings: [string, CaseState, Command, Actor][] = [
    ["closing", caseAt("client"), { type: "close", kind: "duplicate", reason: "Twice" }, officer],
    ["withdrawing", caseAt("dma"), { type: "withdraw" }, complainant],
    ["accepting the answer", caseAt("dma", { status: "answered" }), { type: "accept_answer" }, complainant],
    ["carrying out the award", caseAt("arbitration", { arbitration: awarded }), { type: "confirm_award_compliance" }, officer],
  ];

  it.each(endings)("%s stops every clock of the stage not met, at that moment; nothing runs", (_what, state, command, actor) => {
    const d = accepted(decide(state, command, actor, now));
    const here = d.state.deadlines.filter((x) => x.stage === state.stage);
    expect(here.length).toBeGreaterThan(0);
    for (const x of here) {
      expect(x.metAt === null ? x.stoppedAt : null).toEqual(x.metAt === null ? now : null);
      // Judged where it stopped, however long after the end the page is read.
      expect(deadlineState(x, plusDays(now, 400)).state).toBe(x.metAt ? expect.stringMatching(/^met/) : "stopped");
    }
    expect(nextRunningDeadline(d.state)).toBeNull();
  });

  it("a met clock keeps its record; one already past its due date stays breached, and stops", () => {
    const acknowledged = caseAt("client", { deadlines: caseAt("client").deadlines.map((x) => (x.kind === "acknowledgement" ? { ...x, metAt: plusDays(ENTERED, 1) } : x)) });
    const late = plusDays(ENTERED, 50);
    const d = accepted(decide(acknowledged, { type: "close", kind: "unfounded", reason: "No grounds" }, officer, late));
    const [ack, response] = ["acknowledgement", "response"].map((k) => d.state.deadlines.find((x) => x.kind === k)!);
    expect(ack).toMatchObject({ metAt: plusDays(ENTERED, 1) });
    expect(ack!.stoppedAt ?? null).toBeNull();
    expect(deadlineState(ack!, plusDays(late, 30)).state).toBe("met");
    expect(response).toMatchObject({ metAt: null, stoppedAt: late });
    // Overdue by 5 days when the case ended, and by no more later.
    expect(deadlineState(response!, plusDays(late, 30))).toEqual({ state: "stopped_late", daysLeft: -5 });
  });

  it("closing a case that waits for the complainant ends the pause, then stops the clock", () => {
    const paused = accepted(decide(caseAt("client"), { type: "request_information", message: "Which address?" }, officer, plusDays(ENTERED, 1)));
    const d = accepted(decide(paused.state, { type: "close", kind: "not_pursued", reason: "No reply" }, officer, plusDays(ENTERED, 10)));
    const response = d.state.deadlines.find((x) => x.kind === "response")!;
    expect(response).toMatchObject({ pausedAt: null, stoppedAt: plusDays(ENTERED, 10) });
    expect(deadlineState(response, plusDays(ENTERED, 100)).state).toBe("stopped");
  });

  it("reopening lets the stopped clocks run again with the due dates they had", () => {
    const closed = accepted(decide(caseAt("company"), { type: "close", kind: "duplicate", reason: "Twice" }, officer, now)).state;
    const d = accepted(decide(closed, { type: "reopen", reason: "Not a duplicate after all" }, officer, plusDays(now, 3)));
    expect(d.state.deadlines.map((x) => ({ due: x.dueAt, stopped: x.stoppedAt ?? null }))).toEqual(caseAt("company").deadlines.map((x) => ({ due: x.dueAt, stopped: null })));
    expect(nextRunningDeadline(d.state)).toEqual(plusDays(ENTERED, 5));
  });
});

describe("a step left behind stops its clocks (ADR 056)", () => {
  it("the dispute body taking a client-stage case early: the client's clocks stop unbreached, and stay so", () => {
    const state = caseAt("client");
    const d = accepted(decide(state, { type: "record_dma_referral" }, officer, now));
    const left = d.state.deadlines.filter((x) => x.stage === "client");
    expect(left.length).toBeGreaterThan(0);
    for (const x of left) {
      expect(x.dueAt.getTime()).toBeGreaterThan(now.getTime());
      expect(x).toMatchObject({ metAt: null, stoppedAt: now });
      // Before: "due in 3 days", then "overdue by 397 days" on the same page a year on.
      expect(deadlineState(x, plusDays(now, 400))).toEqual(deadlineState(x, now));
      expect(deadlineState(x, plusDays(now, 400)).state).toBe("stopped");
    }
    expect(d.state.deadlines.filter((x) => x.stage === "dma").every((x) => !x.stoppedAt)).toBe(true);
    expect(nextRunningDeadline(d.state)).toEqual(d.state.deadlines.find((x) => x.stage === "dma")!.dueAt);
  });

  it("moving up after the client let its answer lapse: that clock stays breached by the days it had run, no more", () => {
    const late = plusDays(ENTERED, 60);
    const d = accepted(decide(caseAt("client"), { type: "escalate" }, complainant, late));
    expect(d.state.stage).toBe("company");
    const response = d.state.deadlines.find((x) => x.stage === "client" && x.kind === "response")!;
    expect(response).toMatchObject({ metAt: null, stoppedAt: late });
    const then = deadlineState(response, late);
    expect(then.state).toBe("stopped_late");
    expect(deadlineState(response, plusDays(late, 90))).toEqual(then);
  });

  it("a move up dated before a clock the step started later stops that clock as it starts, never before", () => {
    let s = caseAt("client");
    s = accepted(decide(s, { type: "answer", message: "We hold nothing." }, liaison, plusDays(ENTERED, 18))).state;
    s = accepted(decide(s, { type: "reject_answer", reason: "You do." }, complainant, plusDays(ENTERED, 20))).state;
    const followUp = s.deadlines.find((x) => x.stage === "client" && x.kind === "follow_up")!;
    expect(followUp.startsAt).toEqual(plusDays(ENTERED, 20));
    // Recorded on day 21: the complainant asked on 8 March (day 5), before the follow-up began.
    const d = accepted(decide(s, { type: "escalate", occurredOn: "2026-03-08", externalReference: null }, officer, plusDays(ENTERED, 21)));
    const stopped = d.state.deadlines.find((x) => x.stage === "client" && x.kind === "follow_up")!;
    expect(stopped.stoppedAt).toEqual(followUp.startsAt);
    expect(deadlineState(stopped, plusDays(ENTERED, 200)).state).toBe("stopped");
  });

  it("reopening a later step does not restart the clocks of a step left behind", () => {
    const moved = accepted(decide(caseAt("client"), { type: "record_dma_referral" }, officer, now)).state;
    const closed = accepted(decide(moved, { type: "close", kind: "duplicate", reason: "Twice" }, officer, plusDays(now, 1))).state;
    const reopened = accepted(decide(closed, { type: "reopen", reason: "Not a duplicate" }, officer, plusDays(now, 2))).state;
    expect(reopened.deadlines.filter((x) => x.stage === "client").every((x) => x.stoppedAt?.getTime() === now.getTime())).toBe(true);
    expect(reopened.deadlines.filter((x) => x.stage === "dma").every((x) => !x.stoppedAt)).toBe(true);
  });
});

describe("assigning", () => {
  const assign = (clientId: string | null, liaisonId: string | null, liaisonClientId: string | null): Command => ({
    type: "assign",
    clientId,
    liaisonId,
    liaisonClientId,
  });

  it("sets the client and the liaison", () => {
    const d = accepted(decide(caseAt("company", { clientId: null, liaisonId: null }), assign("client-3", "liaison-3", "client-3"), officer, now));
    expect(d.state).toMatchObject({ clientId: "client-3", liaisonId: "liaison-3" });
    expect(d.events).toEqual([
      { type: "assigned", payload: { clientId: "client-3", liaisonId: "liaison-3", previousClientId: null, previousLiaisonId: null } },
    ]);
  });

  it("moving the case to another client clears its owner (who may be a liaison of the old one); the same client keeps it", () => {
    const owned = caseAt("client", { clientId: "client-1", liaisonId: "liaison-1", ownerId: "liaison-1" });
    const moved = accepted(decide(owned, assign("client-2", null, null), officer, now));
    expect(moved.state.ownerId).toBeNull();
    expect(moved.events).toContainEqual({ type: "owner_changed", payload: { ownerId: null, previousOwnerId: "liaison-1" } });
    const kept = accepted(decide(owned, assign("client-1", "liaison-2", "client-1"), officer, now));
    expect(kept.state.ownerId).toBe("liaison-1");
    expect(kept.events.map((e) => e.type)).toEqual(["assigned"]);
  });

  it("refuses a liaison who works for another client", () => {
    expect(decide(caseAt("client"), assign("client-1", "liaison-9", "client-2"), officer, now)).toMatchObject({
      ok: false,
      code: "invalid",
      reason: expect.stringContaining("different client"),
    });
  });

  it("requires a client at the client stage but not later", () => {
    expect(decide(caseAt("client"), assign(null, null, null), officer, now)).toMatchObject({ ok: false, code: "invalid" });
    expect(decide(caseAt("company"), assign(null, null, null), officer, now).ok).toBe(true);
  });
});

describe("the owner (triage, ADR 025, 063)", () => {
  const toOfficer = { type: "set_owner", ownerId: "officer-1", candidate: { id: "officer-1", role: "officer", clientId: null, active: true } } as const;

  it("sets a new owner with an owner_changed event", () => {
    const d = accepted(decide(caseAt("client", { ownerId: null }), toOfficer, officer, now));
    expect(d.state.ownerId).toBe("officer-1");
    expect(d.events).toEqual([{ type: "owner_changed", payload: { ownerId: "officer-1", previousOwnerId: null } }]);
  });

  it("leaves a case alone when it already has that owner, or already has none: nothing would change", () => {
    expect(decide(caseAt("client", { ownerId: "officer-1" }), toOfficer, officer, now)).toEqual({
      ok: false,
      code: "already_recorded",
      reason: "This case is already owned by them.",
    });
    expect(decide(caseAt("client", { ownerId: null }), { type: "set_owner", ownerId: null, candidate: null }, liaison, now)).toEqual({
      ok: false,
      code: "already_recorded",
      reason: "This case has no owner already.",
    });
  });
});

describe("the dispute body's referral", () => {
  it("takes a waiting dma case into progress", () => {
    const d = accepted(decide(caseAt("dma", { status: "awaiting_acknowledgement" }), { type: "record_dma_referral" }, officer, now));
    expect(d.state).toMatchObject({ stage: "dma", status: "in_progress" });
    expect(d.notifications).toEqual([]);
  });

  it("brings a company-stage case straight to the dma stage", () => {
    const d = accepted(decide(caseAt("company", { status: "awaiting_complainant" }), { type: "record_dma_referral" }, officer, now));
    expect(d.state).toMatchObject({ stage: "dma", status: "in_progress", stageEnteredAt: now, stagesVisited: ["client", "company", "dma"] });
    expect(d.state.deadlines.filter((x) => x.stage === "dma").map((x) => [x.kind, x.dueAt])).toEqual([
      // 5 Mar 2026 05:00 New York + 45 calendar days = 19 Apr, ending 23:59:59.999 EDT (ADR 011).
      ["review", at("2026-04-20T03:59:59.999Z")],
    ]);
    expect(d.notifications).toEqual([
      { template: "stage_change", to: ["complainant"] },
      { template: "escalation_notice", to: ["liaisons"] },
    ]);
  });
});

describe("purity", () => {
  it("never changes the state it was given", () => {
    const commands: [CaseState, Command, Actor][] = [
      [caseAt("client", { status: "awaiting_acknowledgement" }), { type: "acknowledge" }, liaison],
      [caseAt("client"), { type: "request_information", message: "?" }, liaison],
      [caseAt("client", { answerRejected: true }), { type: "escalate" }, complainant],
      [caseAt("company"), { type: "extend_deadline", kind: "response", dueAt: plusDays(ENTERED, 60), reason: "x" }, officer],
      [caseAt("arbitration", { arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: null } }), { type: "record_award", remedies: ["access"], summary: "x" }, officer],
      [caseAt("dma"), { type: "record_dpa_referral", referredOn: "2025-01-02", reference: "DPA-2025-17" }, officer],
    ];
    for (const [state, command, actor] of commands) {
      const before = snapshot(state);
      expect(decide(state, command, actor, now).ok).toBe(true);
      expect(state).toEqual(before);
    }
  });

  it("emits events that survive JSON unchanged", () => {
    let state = caseAt("client", { status: "awaiting_acknowledgement", framework: "dpf" });
    const steps: [Command, Actor][] = [
      [{ type: "acknowledge" }, liaison],
      [{ type: "request_information", message: "Which list?" }, liaison],
      [{ type: "post_message", audience: "parties", channel: "web" }, complainant],
      [{ type: "answer", message: "Removed" }, liaison],
      [{ type: "reject_answer", reason: "Still mailed" }, complainant],
      [{ type: "escalate" }, complainant],
      [{ type: "extend_deadline", kind: "response", dueAt: plusDays(ENTERED, 70), reason: "Holidays" }, officer],
      [{ type: "answer", message: "We keep it" }, officer],
      [{ type: "reject_answer", reason: "Not enough" }, complainant],
      [{ type: "record_dma_referral" }, officer],
      [{ type: "record_dpa_referral", referredOn: "2025-01-02", reference: "DPA-2025-17" }, officer],
      [{ type: "record_dma_outcome", summary: "No breach" }, officer],
      [{ type: "reject_answer" }, complainant],
      [{ type: "escalate" }, complainant],
      [{ type: "record_arbitration_notice" }, officer],
      [{ type: "record_prerequisites", companyContacted: true, dmaContacted: true, exclusion: null }, officer],
      [{ type: "record_award", remedies: ["deletion"], summary: "Delete" }, officer],
      [{ type: "confirm_award_compliance" }, officer],
      [{ type: "reopen", reason: "Data reappeared" }, officer],
      [{ type: "close", kind: "settled", reason: "Settled" }, officer],
    ];
    let t = now;
    for (const [command, actor] of steps) {
      t = plusDays(t, 1);
      const d = accepted(decide(state, command, actor, t));
      expect(JSON.parse(JSON.stringify(d.events)), command.type).toEqual(d.events);
      expect(d.events.length, command.type).toBeGreaterThan(0);
      state = d.state;
    }
    expect(state).toMatchObject({ stage: "arbitration", status: "closed", stagesVisited: ["client", "company", "dma", "arbitration"] });
  });
});

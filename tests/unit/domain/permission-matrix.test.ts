// Every stage × status × command × actor, against a permission table written out by hand here.
// The fixture for each command makes its other conditions favourable (an answer rejected, the
// prerequisites met, an award recorded where one is needed), so only who/where/when decides.
import { describe, expect, it } from "vitest";
import {
  COMMAND_TYPES,
  availableCommands,
  check,
  decide,
  type Actor,
  type CaseState,
  type Command,
  type CommandType,
  type Role,
  type Stage,
  type Status,
} from "~/domain";
import { ENTERED, REFERRED, caseAt, clocksFor, pending, complainant, liaison, officer, otherComplainant, otherLiaison, plusDays } from "./fixtures";

const ALL_STAGES: Stage[] = ["client", "company", "dma", "arbitration"];
const A: Status = "awaiting_acknowledgement";
const P: Status = "in_progress";
const W: Status = "awaiting_complainant";
const N: Status = "answered";
const ACTIVE: Status[] = [A, P, W, N];
const DONE: Status[] = ["resolved", "withdrawn", "closed"];
const ALL_STATUSES: Status[] = [...ACTIVE, ...DONE];

/** [role, stages, statuses]: the role may run the command at those stages in those statuses. */
type Grant = [Role, Stage[], Status[]];

const MAY: Record<CommandType, Grant[]> = {
  acknowledge: [
    ["liaison", ["client"], [A]],
    ["officer", ["client", "company"], [A]],
  ],
  request_information: [
    ["liaison", ["client"], [P]],
    ["officer", ALL_STAGES, [P]],
  ],
  post_message: [
    ["complainant", ALL_STAGES, ACTIVE],
    ["liaison", ALL_STAGES, ACTIVE],
    ["officer", ALL_STAGES, ALL_STATUSES],
  ],
  answer: [
    ["liaison", ["client"], [A, P, W]],
    ["officer", ["client", "company"], [A, P, W]],
  ],
  accept_answer: [["complainant", ["client", "company", "dma"], [N]]],
  reject_answer: [["complainant", ["client", "company", "dma"], [N]]],
  // The officer records a move the complainant asked for by letter or call (ADR 035).
  escalate: [
    ["complainant", ["client", "company", "dma"], ACTIVE],
    ["officer", ["client", "company", "dma"], ACTIVE],
  ],
  record_dma_referral: [
    ["officer", ["client", "company"], ACTIVE],
    ["officer", ["dma"], [A]],
  ],
  record_dma_outcome: [["officer", ["dma"], [P, W]]],
  record_dpa_referral: [["officer", ALL_STAGES, ACTIVE]],
  correct_dpa_referral: [["officer", ALL_STAGES, ACTIVE]],
  record_arbitration_notice: [
    ["officer", ["dma"], ACTIVE],
    ["officer", ["arbitration"], [A]],
  ],
  record_prerequisites: [["officer", ["arbitration"], ACTIVE]],
  record_award: [["officer", ["arbitration"], [P]]],
  // At the dispute body: once a decision that requires action is recorded (the case is then answered).
  confirm_award_compliance: [
    ["officer", ["dma"], [P, N]],
    ["officer", ["arbitration"], [P]],
  ],
  withdraw: [
    ["complainant", ALL_STAGES, ACTIVE],
    ["officer", ALL_STAGES, ACTIVE],
  ],
  close: [["officer", ALL_STAGES, ACTIVE]],
  reopen: [["officer", ALL_STAGES, DONE]],
  assign: [["officer", ALL_STAGES, ACTIVE]],
  set_owner: [
    ["liaison", ALL_STAGES, ACTIVE],
    ["officer", ALL_STAGES, ACTIVE],
  ],
  extend_deadline: [["officer", ALL_STAGES, ACTIVE]],
  log_contact: [["officer", ALL_STAGES, ALL_STATUSES]],
  record_identity_verification: [
    ["liaison", ["client"], ACTIVE],
    ["officer", ALL_STAGES, ACTIVE],
  ],
  // A request to erase the account (ADR 051): the officer, at any step, while it is open.
  carry_out_erasure: [["officer", ALL_STAGES, ACTIVE]],
};

const COMMANDS = Object.keys(MAY) as CommandType[];

const ANSWER_CLOCK: Record<Stage, "response" | "review" | "award"> = {
  client: "response",
  company: "response",
  dma: "review",
  arbitration: "award",
};

function commandFor(type: CommandType, actor: Actor, stage: Stage): Command {
  switch (type) {
    case "post_message":
      if (actor.role === "complainant") return { type, audience: "parties", channel: "web" };
      if (actor.role === "liaison") return { type, audience: "staff", channel: "web" };
      return { type, audience: "internal", channel: "phone" };
    case "request_information":
    case "answer":
      return { type, message: "Text" };
    case "reject_answer":
      return { type, reason: "Not enough" };
    case "record_dma_outcome":
      return { type, summary: "The DMA found for the complainant" };
    case "record_prerequisites":
      return { type, companyContacted: true, dmaContacted: true, exclusion: null };
    case "record_award":
      return { type, remedies: ["deletion"], summary: "Delete the records", monetaryAmount: null };
    case "withdraw":
      return { type, reason: "Sorted out" };
    case "close":
      return { type, kind: "duplicate", reason: "Same as another case" };
    case "reopen":
      return { type, reason: "New facts" };
    case "assign":
      return { type, clientId: "client-1", liaisonId: "liaison-1", liaisonClientId: "client-1" };
    case "set_owner":
      return { type, ownerId: "officer-1", candidate: { id: "officer-1", role: "officer", clientId: null, active: true } };
    case "extend_deadline":
      return { type, kind: ANSWER_CLOCK[stage], dueAt: plusDays(ENTERED, stage === "arbitration" ? 100 : 60), reason: "The panel asked for time" };
    case "log_contact":
      return { type, channel: "phone", direction: "in", occurredAt: ENTERED, audience: "internal", summary: "The complainant called" };
    case "record_identity_verification":
      return { type, method: "id_document", evidence: "Passport seen on a video call", outcome: "verified" };
    case "escalate":
      return actor.role === "complainant" ? { type } : { type, occurredOn: "2026-03-03", externalReference: "Letter of 3 March" };
    case "record_dpa_referral":
      return { type, referredOn: "2026-01-05", reference: "CNIL-2026-0042" };
    case "carry_out_erasure":
      return { type, plan: { anonymise: ["PS-2026-000001"], kept: [], accountGoes: true } };
    case "correct_dpa_referral":
      return { type, referredOn: "2026-01-06", reference: "CNIL-2026-0042", reason: "The day was typed wrong" };
    case "acknowledge":
    case "accept_answer":
    case "record_dma_referral":
    case "record_arbitration_notice":
    case "confirm_award_compliance":
      return { type };
  }
}

function favourableCase(type: CommandType, stage: Stage, status: Status): CaseState {
  return caseAt(stage, {
    status,
    framework: "dpf",
    answerRejected: true,
    arbitration: {
      exclusion: null,
      dpaReferral: type === "record_dpa_referral" ? null : REFERRED,
      prerequisitesConfirmedAt: type === "record_prerequisites" ? null : ENTERED,
      award: type === "confirm_award_compliance" ? { remedies: ["access"], summary: "Give access", decidedAt: ENTERED } : null,
    },
    closure: DONE.includes(status) ? { kind: "duplicate", reason: "Duplicate" } : null,
    identity:
      type === "carry_out_erasure"
        ? { needed: true, latest: { method: "id_document", evidence: "Passport seen", outcome: "verified", recordedAt: ENTERED } }
        : { needed: type === "record_identity_verification", latest: null },
    erasureRequest: type === "carry_out_erasure",
    // A dispute body's decision that requires action leaves its compliance clock.
    ...(type === "confirm_award_compliance" && stage === "dma"
      ? { deadlines: [...clocksFor(stage, ENTERED), pending(stage, "award_compliance", ENTERED, 30)] }
      : {}),
  });
}

const ACTORS: { name: string; actor: Actor; own: boolean }[] = [
  { name: "officer", actor: officer, own: true },
  { name: "liaison of the case's client", actor: liaison, own: true },
  { name: "liaison of another client", actor: otherLiaison, own: false },
  { name: "the complainant", actor: complainant, own: true },
  { name: "another complainant", actor: otherComplainant, own: false },
];

function granted(type: CommandType, role: Role, stage: Stage, status: Status): boolean {
  return MAY[type].some(([r, stages, statuses]) => r === role && stages.includes(stage) && statuses.includes(status));
}

function expectedRefusal(type: CommandType, role: Role, stage: Stage, status: Status, own: boolean): string {
  if (!own) return "not_your_case";
  const grants = MAY[type];
  if (!grants.some(([r]) => r === role)) return "not_allowed_for_role";
  if (DONE.includes(status)) return "case_closed";
  if (!grants.some(([, stages]) => stages.includes(stage))) return "wrong_stage";
  if (!grants.some(([r, stages]) => r === role && stages.includes(stage))) return "not_allowed_for_role";
  return "wrong_status";
}

const NOW = plusDays(ENTERED, 1);

describe("permission matrix", () => {
  it("covers every command the domain knows", () => {
    expect([...COMMAND_TYPES].sort()).toEqual([...COMMANDS].sort());
  });

  for (const type of COMMANDS) {
    describe(type, () => {
      for (const stage of ALL_STAGES) {
        for (const status of ALL_STATUSES) {
          it(`at ${stage} / ${status}`, () => {
            const state = favourableCase(type, stage, status);
            for (const { name, actor, own } of ACTORS) {
              const allowed = own && granted(type, actor.role, stage, status);
              const decision = decide(state, commandFor(type, actor, stage), actor, NOW);
              const label = `${name} running ${type} at ${stage}/${status}`;
              expect(decision.ok, label).toBe(allowed);
              expect(check(state, type, actor, NOW).ok, `check: ${label}`).toBe(allowed);
              expect(availableCommands(state, actor, NOW).includes(type), `available: ${label}`).toBe(allowed);
              if (!decision.ok) {
                expect(decision.reason.trim().length, label).toBeGreaterThan(10);
                expect(decision.reason, label).toMatch(/[.!]$/);
                expect(decision.code, label).toBe(expectedRefusal(type, actor.role, stage, status, own));
              }
            }
          });
        }
      }
    });
  }
});

import { randomUUID } from "node:crypto";
import {
  ACTIVE_STATUSES,
  CATEGORIES,
  carriedMessage,
  decide,
  frameworkProfile,
  openCase,
  type Actor,
  type Audience,
  type CaseState,
  type Channel,
  type Command,
  type FrameworkId,
} from "../../app/domain";

// One generated case, built by running the domain's own transitions (openCase, decide) at
// made-up times: stage/status combinations, stages_visited, deadlines with their explanations,
// event payloads and message audiences are exactly what the app would have stored.

export const DAY = 86_400_000;
const MINUTE = 60_000;

/** Deterministic PRNG (mulberry32) so a seed of N cases is the same data every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
export const between = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Who can act on a generated case. */
export interface Cast {
  complainant: Actor & { role: "complainant" };
  officer: Actor & { role: "officer" };
  /** null for a case about the operator itself. */
  liaison: (Actor & { role: "liaison" }) | null;
}

type Who = "complainant" | "officer" | "liaison" | "staff";
// The text kind is resolved per case, so each case gets its own wording.
type Step = [gapDays: [number, number], who: Who, command: Command, text?: TextKind];
type TextKind = "answer" | "reject" | "ask" | "reply" | "dma" | "withdraw";

const ack: Step = [[0, 7], "staff", { type: "acknowledge" }];
const answer = (days: [number, number] = [5, 40]): Step => [days, "staff", { type: "answer", message: "x" }, "answer"];
const reject: Step = [[1, 6], "complainant", { type: "reject_answer" }, "reject"];
const escalate: Step = [[0, 2], "complainant", { type: "escalate" }];
const officerAck: Step = [[0, 6], "officer", { type: "acknowledge" }];
const officerAnswer: Step = [[5, 40], "officer", { type: "answer", message: "x" }, "answer"];
const dmaReferral: Step = [[2, 10], "officer", { type: "record_dma_referral" }];
const dmaOutcome: Step = [[10, 50], "officer", { type: "record_dma_outcome", summary: "x" }, "dma"];
const notice: Step = [[2, 10], "officer", { type: "record_arbitration_notice" }];
const prerequisites: Step = [[1, 5], "officer", { type: "record_prerequisites", companyContacted: true, dmaContacted: true, exclusion: null }];
const award: Step = [[20, 80], "officer", { type: "record_award", remedies: ["deletion"], summary: "The panel ordered deletion of the marketing record." }];
const comply: Step = [[5, 20], "officer", { type: "confirm_award_compliance" }];
const askInfo: Step = [[2, 15], "staff", { type: "request_information", message: "x" }, "ask"];
const reply: Step = [[1, 10], "complainant", { type: "post_message", audience: "parties", channel: "web" }, "reply"];
const accept: Step = [[1, 6], "complainant", { type: "accept_answer" }];
const withdraw: Step = [[1, 30], "complainant", { type: "withdraw", reason: "x" }, "withdraw"];
const close: Step = [[0, 10], "officer", { type: "close", kind: "out_of_scope", reason: "x" }];

/** Paths through the ladder, with weights that give a realistic mix (most cases open). */
const PATHS: { weight: number; steps: Step[]; onlyWithClient?: boolean }[] = [
  { weight: 14, steps: [] },
  { weight: 15, steps: [ack] },
  { weight: 6, steps: [ack, askInfo] },
  { weight: 5, steps: [ack, askInfo, reply] },
  { weight: 8, steps: [ack, answer()] },
  { weight: 3, steps: [ack, answer(), reject] },
  { weight: 5, steps: [ack, answer(), reject, escalate] },
  { weight: 4, steps: [ack, answer(), reject, escalate, officerAck], onlyWithClient: true },
  { weight: 3, steps: [ack, answer(), reject, escalate, officerAck, officerAnswer], onlyWithClient: true },
  { weight: 2, steps: [ack, answer(), reject, escalate, officerAck, officerAnswer, reject, escalate], onlyWithClient: true },
  { weight: 2, steps: [ack, answer(), reject, escalate, dmaReferral] },
  { weight: 1.5, steps: [ack, answer(), reject, escalate, dmaReferral, dmaOutcome] },
  { weight: 1, steps: [ack, answer(), reject, escalate, dmaReferral, dmaOutcome, reject, escalate] },
  { weight: 1, steps: [ack, answer(), reject, escalate, dmaReferral, dmaOutcome, reject, escalate, notice, prerequisites] },
  { weight: 1, steps: [ack, answer(), reject, escalate, dmaReferral, dmaOutcome, reject, escalate, notice, prerequisites, award, comply] },
  { weight: 12, steps: [ack, answer(), accept] },
  { weight: 5, steps: [ack, answer(), reject, escalate, officerAck, officerAnswer, accept] },
  { weight: 5, steps: [ack, withdraw] },
  { weight: 8, steps: [close] },
];
const TOTAL_WEIGHT = PATHS.reduce((s, p) => s + p.weight, 0);

const TEXTS = {
  answer: [
    "We have checked our marketing database: your record has been suppressed and no further mailings will be sent.",
    "Your data was held for a catalogue mailing list. We have deleted it and told the list owner.",
    "We hold your name, postal address and two purchases. A copy of the record is attached to our letter.",
    "The address was corrected on the date of your complaint; the old one is no longer used for any mailing.",
  ],
  reject: [
    "I still received a mailing last week, so this has not been fixed.",
    "The answer does not say where my data came from.",
    "This is not what I asked for.",
  ],
  ask: [
    "Please send us the e-mail address the mailings arrive at, so that we can find your record.",
    "Could you tell us which catalogue or newsletter you received?",
    "Please confirm your postal address at the time of the mailing.",
  ],
  reply: [
    "The mailings arrive at my work address, the one I used for this complaint.",
    "It was the spring catalogue, with my old address on the label.",
    "I have attached a photo of the envelope.",
  ],
  dma: [
    "The dispute body found the suppression adequate and asked the company to confirm deletion within 30 days.",
    "The dispute body could not establish a breach but recommended clearer opt-out wording.",
  ],
  withdraw: ["The mailings have stopped; I no longer need this.", "I have settled this directly with the company."],
  complainantNote: [
    "Is there any news on my complaint?",
    "I received another letter today.",
    "Thank you for the update.",
    "Please let me know what happens next.",
  ],
  staffNote: [
    "Checked the suppression list: the address is on it since last month.",
    "The list broker confirmed the record came from a 2019 co-registration.",
    "Called the client's data team; they will send the extract by Friday.",
    "Left a voicemail for the complainant.",
  ],
  internalNote: [
    "Possible pattern: three complaints this month about the same list.",
    "Keep an eye on the response deadline; the client is slow.",
    "Legal reviewed the retention argument; it holds for booking records only.",
  ],
  description: [
    "I keep receiving promotional mail although I opted out several times.",
    "I would like to know which personal data you hold about me and where it came from.",
    "My postal address in your database is wrong and mail goes to my old flat.",
    "Please delete all my personal data from your marketing database.",
    "I received an e-mail that showed another customer's name in the greeting.",
    "I never gave consent for my data to be shared with your clients.",
  ],
  desired: ["Stop all promotional mail to me.", "A copy of my data.", "Correct my address.", "Delete my data and confirm it in writing.", "An explanation."],
  closeReason: ["Out of scope: the complaint concerns a company that is not our client.", "Duplicate of an earlier complaint by the same person."],
} as const;

const COUNTRIES = ["DE", "FR", "NL", "IT", "ES", "IE", "AT", "BE", "PL", "SE", "DK", "FI", "PT", "CZ"];

export interface GeneratedCase {
  id: string;
  state: CaseState;
  category: string;
  description: string;
  desiredOutcome: string;
  country: string;
  earlierContact: string | null;
  openedAt: Date;
  updatedAt: Date;
  version: number;
  events: { type: string; actor: Actor | null; payload: Record<string, unknown>; at: Date }[];
  messages: { author: Actor; audience: Audience; channel: Channel; body: string; at: Date }[];
  /** The earliest running deadline at the current stage while the case is open (cases.next_due_at). */
  nextDueAt: Date | null;
}

const ACTIVE: readonly string[] = ACTIVE_STATUSES;

export function nearestRunningDeadline(state: CaseState): Date | null {
  if (!ACTIVE.includes(state.status)) return null;
  let best: Date | null = null;
  for (const d of state.deadlines) {
    if (d.stage !== state.stage || d.metAt || d.pausedAt) continue;
    if (!best || d.dueAt.getTime() < best.getTime()) best = d.dueAt;
  }
  return best;
}

/**
 * A whole case history. `messagesPerCase` is the average number of messages (the issue asks for
 * about ten messages and events per case; 1,000,000-case runs may ask for fewer).
 */
export function buildCase(r: Rand, cast: Cast, framework: FrameworkId, now: Date, messagesPerCase: number): GeneratedCase {
  const profile = frameworkProfile(framework);
  let roll = r() * TOTAL_WEIGHT;
  let path = PATHS[0]!;
  for (const p of PATHS) {
    roll -= p.weight;
    if (roll < 0) {
      path = p;
      break;
    }
  }
  if (path.onlyWithClient && !cast.liaison) path = PATHS[1]!;

  // Plan the step times first, so that the case was filed long enough ago for its whole history.
  const gaps = path.steps.map((s) => between(r, s[0][0], s[0][1]) * DAY + between(r, 5, 300) * MINUTE);
  const historyMs = gaps.reduce((a, b) => a + b, 0);
  const idle = path.steps.length === 0 ? between(r, 0, 14) * DAY : between(r, 0, 120) * DAY;
  const openedAt = new Date(now.getTime() - historyMs - idle - between(r, 10, 600) * MINUTE);

  const opened = openCase({ framework, clientId: cast.liaison?.clientId ?? null, complainantId: cast.complainant.userId }, null, openedAt, profile);
  if (!opened.ok) throw new Error(`openCase refused a generated case: ${opened.reason}`);
  let state = opened.state;
  let version = 1;
  const events: GeneratedCase["events"] = opened.events.map((e) => ({ ...e, actor: cast.complainant, at: openedAt }));
  const messages: GeneratedCase["messages"] = [];
  let at = openedAt;

  const actorFor = (who: Who): Actor => (who === "complainant" ? cast.complainant : who === "officer" ? cast.officer : who === "liaison" ? cast.liaison ?? cast.officer : state.stage === "client" && cast.liaison ? cast.liaison : cast.officer);

  const apply = (actor: Actor, command: Command, when: Date, body?: string): boolean => {
    const decision = decide(state, command, actor, when, profile);
    if (!decision.ok) return false;
    state = decision.state;
    version += 1;
    for (const e of decision.events) events.push({ ...e, actor, at: when });
    const carried = carriedMessage(command, body);
    if (carried) messages.push({ author: actor, ...carried, at: when });
    return true;
  };

  // Spread the notes over the case's life; each is a real post_message, so its event is there too.
  let notesLeft = Math.max(0, Math.round(messagesPerCase * (0.5 + r())) - 1);
  const writeNotes = (until: Date) => {
    const count = notesLeft > 0 ? between(r, 0, Math.min(notesLeft, 3)) : 0;
    for (let n = 0; n < count; n++) {
      const when = new Date(at.getTime() + Math.floor(r() * Math.max(1, until.getTime() - at.getTime())));
      if (when.getTime() > now.getTime()) break;
      const kind = r();
      // A complainant's message while the clock is paused would answer the question; keep to staff then.
      const complainantMayWrite = state.status !== "awaiting_complainant" && ACTIVE.includes(state.status);
      let ok = false;
      if (kind < 0.4 && complainantMayWrite) {
        ok = apply(cast.complainant, { type: "post_message", audience: "parties", channel: "web" }, when, pick(r, TEXTS.complainantNote));
      } else if (kind < 0.7 && cast.liaison && ACTIVE.includes(state.status)) {
        ok = apply(cast.liaison, { type: "post_message", audience: r() < 0.5 ? "staff" : "parties", channel: "web" }, when, pick(r, TEXTS.staffNote));
      } else {
        const audience: Audience = r() < 0.5 ? "internal" : ACTIVE.includes(state.status) ? (r() < 0.5 ? "staff" : "parties") : "internal";
        const channel: Channel = audience === "internal" ? "web" : pick(r, ["web", "email", "phone", "postal"] as const);
        ok = apply(cast.officer, { type: "post_message", audience, channel }, when, pick(r, audience === "internal" ? TEXTS.internalNote : TEXTS.staffNote));
      }
      if (ok) {
        notesLeft -= 1;
        at = when;
      }
    }
  };

  for (let i = 0; i < path.steps.length; i++) {
    const [, who, template, textKind] = path.steps[i]!;
    const when = new Date(at.getTime() + gaps[i]!);
    writeNotes(when);
    const body = textKind ? pick(r, TEXTS[textKind]) : undefined;
    let command: Command = template;
    if (command.type === "answer" || command.type === "request_information") command = { ...command, message: body! };
    if (command.type === "record_dma_outcome") command = { ...command, summary: body! };
    if (command.type === "reject_answer" || command.type === "withdraw") command = { ...command, reason: body };
    if (command.type === "close") command = { ...command, kind: r() < 0.5 ? "out_of_scope" : "duplicate", reason: pick(r, TEXTS.closeReason) };
    // A step the rules refuse at this moment ends the history there: the case stays as it is.
    if (!apply(actorFor(who), command, when, body)) break;
    at = when;
  }
  writeNotes(now);

  return {
    id: randomUUID(),
    state,
    category: pick(r, CATEGORIES),
    description: pick(r, TEXTS.description),
    desiredOutcome: pick(r, TEXTS.desired),
    country: pick(r, COUNTRIES),
    earlierContact: r() < 0.3 ? "I wrote to the company's customer service in the spring and got no reply." : null,
    openedAt,
    updatedAt: at,
    version,
    events,
    messages,
    nextDueAt: nearestRunningDeadline(state),
  };
}

export { COUNTRIES };

// ---- reports (issue 9 parts 2-3) --------------------------------------------------------------

/** Officer pages `npm run bench` measures besides the queues and case pages: the dashboard (its default twelve months, all clients) and this year's annual report. */
export const REPORT_PAGES: readonly { name: string; path: string }[] = [
  { name: "reports dashboard", path: "/reports" },
  { name: "annual report", path: "/reports/annual" },
];

/**
 * Officer searches `npm run bench` measures (issue 9 part 1, ADR 030): a word in about one message
 * in five (most cases match: the queue walks its order and stops after a page), and the demo
 * complainant's surname (about one case in 2,000: the ids come from the GIN index).
 */
export const SEARCH_PAGES: readonly { name: string; path: string }[] = [
  { name: "officer search, common word", path: "/cases?q=record" },
  { name: "officer search, rare word", path: "/cases?q=Keller" },
];

/**
 * The framework's floor (ADR 047): the staff sign-in form, asked for without a session. Its only
 * statement reads the operator's zone, so the bare server answers it almost for free, and what the
 * app spends on it (Express, Remix's request, routing and data, React's render of the page's frame)
 * every page spends before its own work begins.
 */
export const FLOOR_PAGE = { name: "sign-in form (floor)", path: "/login" } as const;

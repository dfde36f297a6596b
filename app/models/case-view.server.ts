import {
  DEFAULT_WAIT_SETTINGS,
  availableCommands,
  check,
  deadlineState,
  isExtendable,
  isActive,
  describeWaitForComplainant,
  describeWaitForStaff,
  isProposedForClosure,
  nextStepFor,
  waitOf,
  escalationEligibility,
  eventTypesLeftOffTimeline,
  eventFactsFor,
  eventVisibleTo,
  visibleAudiences,
  type Actor,
  type CaseState,
  type CommandType,
  type ClockPause,
  type Deadline,
  type Stage,
} from "~/domain";
import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { operator } from "~/config/operator.server";
import { profileOfRow, stateFromRow } from "./case-record.server";
import { loadOperatorCalendar } from "./clock-settings.server";
import { holidayNameIn } from "~/domain/clock-holidays";
import type { Locale } from "~/i18n";
import { noticeSettingsFromEnv, waitingSince } from "./notices.server";
import { asActor, casesVisibleTo } from "./scope.server";
import { listCaseMailings, type CaseDelivery } from "./mail-deliveries.server";
import { attachmentsOf, type AttachmentLink } from "./attachments.server";
import { retentionOfCase } from "./retention.server";
import { erasurePlanOf } from "./erasure.server";
import { ownerChoices } from "./case-owner.server";

/**
 * One line of a case's timeline, with only what the page shows: `key` tells entries apart on the
 * page (no database ids), and an event's payload keeps only the facts the page describes.
 */
export type TimelineEntry =
  | {
      kind: "message";
      key: string;
      at: Date;
      authorName: string | null;
      authorRole: string;
      audience: "parties" | "staff" | "internal";
      channel: string;
      body: string;
      /** Files that came with the message (the reader may see them: same audience). */
      attachments: AttachmentLink[];
      /** A logged letter or call: when it happened and which way it went. */
      occurredAt: Date | null;
      direction: "in" | "out" | null;
    }
  | { kind: "event"; key: string; at: Date; type: string; actorName: string | null; actorRole: string | null; payload: Record<string, unknown> }
  // A notification about the case and its delivery state (the officer's view only).
  | { kind: "mail"; key: string; at: Date; template: string; deliveries: CaseDelivery[] };

/** The facts of an event that a timeline line may mention (never ids of clients or people). */
// recipient, detail and files belong to staff-only mail events (a bounce, refused files of an e-mail).
// anonymised, kept, accountRemoved and erasureRequest: what an erasure did (ADR 051), by case reference.
// dueAt: the new date of a follow-up or a compliance clock, which both timelines word.
const SHOWN_PAYLOAD_KEYS = ["stage", "from", "to", "remedies", "kind", "reason", "audience", "template", "channel", "receivedVia", "receivedAt", "disputeReference", "recipient", "detail", "files", "anonymised", "kept", "accountRemoved", "erasureRequest", "dueAt"] as const;
/**
 * What the staff timeline words besides (app/components/case/Timeline.tsx): the new day of an
 * extension, whether a dispute body's decision requires action, a data protection authority's
 * referral, how an identity was verified, and the day and outside reference of a step recorded
 * after the fact (a move up, a referral, a notice, an award). The complainant's page words none of
 * them (and never gets the staff-only events that carry the referral and the verification).
 */
const STAFF_SHOWN_PAYLOAD_KEYS: readonly string[] = [
  ...SHOWN_PAYLOAD_KEYS,
  ...["dueDay", "requiresAction", "exclusion", "referredOn", "reference", "periodEndsAt", "previousReferredOn", "previousReference", "method", "outcome", "evidence", "occurredOn", "externalReference"],
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idIn = (v: unknown): string | null => (typeof v === "string" && UUID.test(v) ? v : null);

/**
 * An owner change names people by id; the page gets whether an owner was set and the names,
 * resolved here (`names`: id -> name), so no id reaches the browser.
 */
function ownerFacts(payload: Record<string, unknown>, names: ReadonlyMap<string, string>) {
  const owner = idIn(payload.ownerId);
  const previous = idIn(payload.previousOwnerId);
  return {
    ownerSet: owner !== null,
    ownerName: owner ? (names.get(owner) ?? null) : null,
    previousOwnerName: previous ? (names.get(previous) ?? null) : null,
  };
}

function shownPayload(actor: Actor, type: string, payload: Record<string, unknown>, names: ReadonlyMap<string, string>): Record<string, unknown> {
  const keys: readonly string[] = actor.role === "officer" || actor.role === "liaison" ? STAFF_SHOWN_PAYLOAD_KEYS : SHOWN_PAYLOAD_KEYS;
  const facts = eventFactsFor(actor, { type, payload });
  const shown = Object.fromEntries(keys.filter((k) => k in facts).map((k) => [k, facts[k]]));
  return type === "owner_changed" ? { ...shown, ...ownerFacts(payload, names) } : shown;
}

/** The names of the owners the page's owner changes mention: one query, only when there are some. */
async function ownerNames(on: Kysely<Database>, events: { type: string; payload: unknown }[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.type !== "owner_changed") continue;
    const p = e.payload as Record<string, unknown>;
    for (const id of [idIn(p.ownerId), idIn(p.previousOwnerId)]) if (id) ids.add(id);
  }
  if (ids.size === 0) return new Map();
  const rows = await on.selectFrom("users").select(["id", "name"]).where("id", "in", [...ids]).where("role", "in", ["officer", "liaison"]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** How many timeline entries a case page shows at once, newest last. */
export const TIMELINE_PAGE = 50;
const MAX_SKIP = 10_000;

/**
 * "Show earlier entries": the millisecond of the oldest entry shown, and how many entries of
 * that same millisecond were shown (a command's event and message share their time). No ids, so
 * the link can be shown to the complainant.
 */
interface TimelineCursor {
  at: Date;
  skip: number;
}

export function encodeTimelineCursor(c: TimelineCursor): string {
  return `${c.at.toISOString()}~${c.skip}`;
}

export function decodeTimelineCursor(value: string | null | undefined): TimelineCursor | null {
  const m = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~(\d{1,5})$/.exec(value ?? "");
  if (!m) return null;
  const at = new Date(m[1]!);
  const skip = Number(m[2]);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== m[1] || skip > MAX_SKIP) return null;
  return { at, skip };
}

/** 64, 128, 256 ... rows: at least `n`. */
export function rowsToFetch(n: number): number {
  return Math.max(64, 2 ** Math.ceil(Math.log2(n)));
}

/**
 * The latest TIMELINE_PAGE entries older than the cursor, oldest first, and the cursor for the
 * ones before them. Messages and events are read newest first from their (case_id, created_at,
 * id) indexes, at most one page (plus the entries to skip) from each, and merged here.
 */
async function loadTimeline(on: Kysely<Database>, actor: Actor, caseId: string, before: TimelineCursor | null) {
  const limit = TIMELINE_PAGE + 1 + (before?.skip ?? 0);
  // The statements ask for a few sizes only (their LIMIT is in their text, ADR 055), not one per
  // `skip` a visitor can put in the address; the merged entries are cut to `limit` below.
  const fetched = before?.skip ? rowsToFetch(limit) : limit;
  // Everything up to the end of the cursor's millisecond (the database keeps microseconds).
  const until = before ? new Date(before.at.getTime() + 1) : null;
  let messagesQuery = on
    .selectFrom("messages")
    .leftJoin("users", "users.id", "messages.author_id")
    .select([
      "messages.id",
      "messages.created_at",
      "messages.author_role",
      "messages.audience",
      "messages.channel",
      "messages.body",
      "messages.occurred_at",
      "messages.direction",
      "users.name as author_name",
    ])
    .where("messages.case_id", "=", caseId)
    .where("messages.audience", "in", visibleAudiences(actor));
  // A staff note belongs to the client it was written for (the database's policy says the same).
  if (actor.role === "liaison") {
    messagesQuery = messagesQuery.where((eb) => eb.or([eb("messages.audience", "<>", "staff"), eb("messages.client_id", "=", actor.clientId)]));
  }
  let eventsQuery = on
    .selectFrom("case_events")
    .leftJoin("users", "users.id", "case_events.actor_id")
    .select(["case_events.created_at", "case_events.type", "case_events.actor_role", "case_events.payload", "users.name as actor_name"])
    .where("case_events.case_id", "=", caseId)
    .where("case_events.type", "not in", eventTypesLeftOffTimeline(actor));
  if (until) {
    messagesQuery = messagesQuery.where("messages.created_at", "<", until);
    eventsQuery = eventsQuery.where("case_events.created_at", "<", until);
  }
  // One transaction is one connection: these run one after the other whatever the code says, so
  // each is one round trip, and the files of the complaint and of the shown messages are one more.
  const messages = await messagesQuery.orderBy("messages.created_at", "desc").orderBy("messages.id", "desc").limit(fetched).execute();
  const events = await eventsQuery.orderBy("case_events.created_at", "desc").orderBy("case_events.id", "desc").limit(fetched).execute();
  // Delivery states name other people's addresses and internal mail: the officer's view only.
  const deliveries = actor.role === "officer" ? await listCaseMailings(caseId, { until, limit: fetched }, on) : [];
  const files = await attachmentsOf(on, caseId, messages.map((x) => x.id), true);
  const names = await ownerNames(on, events);

  type Unkeyed<T> = T extends unknown ? Omit<T, "key"> : never;
  const newestFirst: Unkeyed<TimelineEntry>[] = [];
  let m = 0;
  let e = 0;
  // Newest first; within one millisecond a message after its event (the page reads oldest first).
  while (m < messages.length || e < events.length) {
    const msg = messages[m];
    const ev = events[e];
    if (msg && (!ev || new Date(msg.created_at).getTime() >= new Date(ev.created_at).getTime())) {
      newestFirst.push({
        kind: "message",
        at: new Date(msg.created_at),
        authorName: msg.author_name,
        authorRole: msg.author_role,
        audience: msg.audience,
        channel: msg.channel,
        body: msg.body,
        attachments: files.get(msg.id) ?? [],
        occurredAt: msg.occurred_at ? new Date(msg.occurred_at) : null,
        direction: msg.direction ?? null,
      });
      m++;
    } else if (ev) {
      const payload = ev.payload as unknown as Record<string, unknown>;
      if (eventVisibleTo(actor, { type: ev.type, payload })) {
        newestFirst.push({
          kind: "event",
          at: new Date(ev.created_at),
          type: ev.type,
          actorName: ev.actor_name,
          actorRole: ev.actor_role,
          payload: shownPayload(actor, ev.type, payload, names),
        });
      }
      e++;
    }
  }

  newestFirst.splice(limit);
  // Mail goes in after the messages and events of its millisecond (it is sent because of them).
  if (deliveries.length) {
    let at = 0;
    for (const d of deliveries) {
      while (at < newestFirst.length && newestFirst[at]!.at.getTime() > d.queuedAt.getTime()) at++;
      newestFirst.splice(at, 0, { kind: "mail", at: d.queuedAt, template: d.template, deliveries: d.deliveries });
      at++;
    }
    // The list is cut to `limit` below like the others, so no page holds mail older than what it shows.
    newestFirst.splice(limit);
  }

  // Entries of the cursor's millisecond that the later page already showed.
  let start = 0;
  if (before) while (start < before.skip && newestFirst[start]?.at.getTime() === before.at.getTime()) start++;
  const page = newestFirst.slice(start, start + TIMELINE_PAGE);
  const oldest = page.at(-1);
  let earlier: string | null = null;
  if (oldest && newestFirst.length > start + TIMELINE_PAGE) {
    const sameMs = (x: { at: Date }) => x.at.getTime() === oldest.at.getTime();
    const shownAtOldest = page.filter(sameMs).length + (before && before.at.getTime() === oldest.at.getTime() ? start : 0);
    earlier = encodeTimelineCursor({ at: oldest.at, skip: shownAtOldest });
  }
  const entries = page.reverse().map((x, i) => ({ ...x, key: `${x.at.getTime()}-${i}` }) as TimelineEntry);
  return { entries, earlier, complaintFiles: files.get("") ?? [] };
}

export interface DeadlineView extends Deadline {
  state: ReturnType<typeof deadlineState>["state"];
  daysLeft: number;
  /** Whether the officer may still extend it (not met, stopped or missed). */
  extendable: boolean;
  /** Every pause of the clock, oldest first (one open pause for a clock counted before pauses were kept). */
  pauses: ClockPause[];
}

function pausesOf(d: Deadline): ClockPause[] {
  if (d.computation) return d.computation.pauses;
  return d.pausedAt ? [{ from: d.pausedAt.toISOString(), to: null, addedDays: 0 }] : [];
}

/** Each clock of a case with its state at `now` (days counted in the operator's zone) and its pauses. */
export function deadlineViews(deadlines: readonly Deadline[], now: Date, zone: string): DeadlineView[] {
  return deadlines.map((d) => ({ ...d, ...deadlineState(d, now, zone), extendable: isExtendable(d, now), pauses: pausesOf(d) }));
}

/**
 * The clocks as the complainant's page shows them, and nothing more; the export of their data
 * (app/models/export.server.ts) uses the same. Holidays named in `locale`.
 */
export function complainantDeadlines(deadlines: readonly DeadlineView[], locale: Locale, holidayState: string | null) {
  const named = (days: { day: string; name: string }[]) => days.map((d) => ({ day: d.day, name: holidayNameIn(locale, d.day, d.name, holidayState) }));
  return deadlines.map((d) => ({
    stage: d.stage,
    kind: d.kind,
    dueAt: d.dueAt,
    metAt: d.metAt,
    // The page says when an end or a move up stopped it (ADR 053, ADR 056).
    stoppedAt: d.stoppedAt ?? null,
    explanation: d.explanation,
    // Worded on the page in the complainant's language (app/i18n/deadlines.ts), holidays named in it.
    computation: d.computation ? { ...d.computation, startSkipped: named(d.computation.startSkipped), skipped: named(d.computation.skipped) } : null,
    state: d.state,
    daysLeft: d.daysLeft,
    pauses: d.pauses,
  }));
}

export function loadCaseView(actor: Actor, reference: string, now: Date, timelineBefore: string | null = null) {
  return asActor(actor, (trx) => loadCaseViewIn(trx, actor, reference, now, timelineBefore));
}

async function loadCaseViewIn(on: Kysely<Database>, actor: Actor, reference: string, now: Date, timelineBefore: string | null) {
  const row = await casesVisibleTo(actor, on)
    .leftJoin("clients", "clients.id", "cases.client_id")
    .leftJoin("users as liaison", "liaison.id", "cases.liaison_id")
    .innerJoin("users as complainant", "complainant.id", "cases.complainant_id")
    .selectAll("cases")
    .select([
      "clients.name as client_name",
      "liaison.name as liaison_name",
      "complainant.name as complainant_name",
      "complainant.email as complainant_email",
    ])
    .where("cases.reference", "=", reference)
    .executeTakeFirst();
  if (!row) return null;

  const [deadlineRows, timeline, calendar, answer] = await Promise.all([
    on.selectFrom("case_deadlines").selectAll().where("case_id", "=", row.id).orderBy("due_at").execute(),
    loadTimeline(on, actor, row.id, decodeTimelineCursor(timelineBefore)),
    loadOperatorCalendar(on),
    loadLatestAnswer(on, row.id),
  ]);
  const profile = profileOfRow(row);

  const state: CaseState = stateFromRow(row, deadlineRows);
  const deadlines = deadlineViews(state.deadlines, now, calendar.zone);
  const available = new Set<CommandType>(availableCommands(state, actor, now, profile, calendar));
  const escalation = actor.role === "complainant" ? escalationEligibility(state, now, profile, calendar.zone) : null;
  const wait = waitOf(state.status, await waitingSince(on, row.id, state.status), waitSettings());
  return {
    case: {
      reference: row.reference,
      category: row.category,
      description: row.description,
      desiredOutcome: row.desired_outcome,
      country: row.country,
      earlierContact: row.earlier_contact,
      openedAt: new Date(row.opened_at),
      /** Files sent with the complaint form (seen by everyone on the case). */
      files: timeline.complaintFiles,
      /** How a case opened by staff arrived, when, and the dispute body's number (staff only). */
      receivedVia: actor.role === "complainant" ? null : (row.received_via ?? null),
      receivedAt: actor.role === "complainant" || !row.received_at ? null : new Date(row.received_at),
      disputeReference: actor.role === "complainant" ? null : (row.dispute_reference ?? null),
      version: row.version,
      clientName: row.client_name,
      liaisonName: row.liaison_name,
      // Staff need to reach the person; the complainant knows who they are.
      // Staff pages send it masked (maskedStaffCaseView, ADR 028), hence the nullable parts.
      complainant: (actor.role === "complainant" ? null : { name: row.complainant_name, email: row.complainant_email }) as { name: string | null; email: string | null } | null,
    },
    state,
    deadlines,
    timeline: timeline.entries,
    /** The `before` value for the link to earlier entries; null when these are the first. */
    earlierTimeline: timeline.earlier,
    available: [...available],
    escalation,
    /** The framework profile the case keeps (ADR 012): its name and whether arbitration waits for a DPA referral. */
    profile: { name: profile.name, principlesName: profile.principlesName, arbitrationRequiresDpaReferral: profile.arbitrationRequiresDpaReferral },
    /** Whose holidays the operator's calendar counts, to name them in the complainant's language. */
    holidayState: calendar.holidayState ?? null,
    /** "You may take your complaint to the next step now: …", with the next step's contact details. */
    /** Whom to turn to at the next step, when the complainant may move up now (the page words it). */
    escalationContacts: escalation?.allowed
      ? { operator: operator.name, email: operator.email, phone: operator.phone, address: operator.address, disputeBody: profile.disputeBody.name, disputeAddress: profile.disputeBody.address }
      : null,
    /** The wait timer while the case waits for the complainant, in one sentence for this reader. */
    waitNote: wait ? (actor.role === "complainant" ? describeWaitForComplainant(wait, calendar.zone) : describeWaitForStaff(wait, now, calendar.zone)) : null,
    /** The same wait for the complainant's page, which words it in the complainant's language. */
    complainantWait: wait && actor.role === "complainant" ? { kind: wait.kind, since: wait.since, closureProposalAt: wait.closureProposalAt } : null,
    /** Proposed to the officer for closure as not pursued (never closed on its own). */
    closureProposed: isProposedForClosure(wait, now),
    /** The latest answer, outcome or award given on the case (issue 10: a card of its own). */
    answer,
    /** Who holds the case at its step, by name (null in arbitration: the panel has no name here). */
    holderName: holderNameAt(state.stage, row.client_name, profile.disputeBody.name),
    /** "What happens next, and by when", as a message key and its values. */
    nextStep: nextStepFor(state, now, profile, calendar.zone),
  };
}

/** The wait periods; a bad environment value stops the worker at start, the page falls back to the defaults. */
function waitSettings() {
  try {
    return noticeSettingsFromEnv().waits;
  } catch {
    return DEFAULT_WAIT_SETTINGS;
  }
}

export type CaseView = NonNullable<Awaited<ReturnType<typeof loadCaseView>>>;

/**
 * What the complainant's page renders, and nothing else: no ids of the case, the client, the
 * liaison or the complainant (the page's loader data is readable by anyone holding the page).
 */
export function complainantCasePage(view: CaseView, locale: Locale = "en") {
  const { case: c, state } = view;
  return {
    case: {
      reference: c.reference,
      category: c.category,
      description: c.description,
      desiredOutcome: c.desiredOutcome,
      earlierContact: c.earlierContact,
      openedAt: c.openedAt,
      version: c.version,
      files: c.files,
    },
    state: {
      stage: state.stage,
      status: state.status,
      stagesVisited: state.stagesVisited,
      closure: state.closure ? { reason: state.closure.reason } : null,
      // Only whether we still need to confirm who they are; the evidence stays with staff.
      identityPending: Boolean(state.identity?.needed) && state.identity?.latest?.outcome !== "verified",
    },
    deadlines: complainantDeadlines(view.deadlines, locale, view.holidayState),
    rules: { profile: view.profile.name, principles: view.profile.principlesName },
    timeline: view.timeline,
    earlierTimeline: view.earlierTimeline,
    available: view.available,
    escalation: view.escalation,
    escalationContacts: view.escalationContacts,
    wait: view.complainantWait,
    answer: view.answer,
    holderName: view.holderName,
    nextStep: view.nextStep,
    award: state.arbitration.award ? { remedies: state.arbitration.award.remedies, summary: state.arbitration.award.summary, decidedAt: state.arbitration.award.decidedAt } : null,
  };
}

export type ComplainantCasePage = ReturnType<typeof complainantCasePage>;

export interface AssignmentChoices {
  clients: { id: string; name: string }[];
  liaisons: { id: string; name: string; client_id: string | null }[];
}

/**
 * Choices for the officer's assignment form: every active client, and the active liaisons of
 * each, in one statement (users(role, name) serves the liaisons). Loaded only when the officer
 * may assign.
 */
export async function loadAssignmentChoices(on: Kysely<Database>): Promise<AssignmentChoices> {
  const { rows } = await sql<AssignmentChoices>`
    select
      coalesce((select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.name, c.id)
                from clients c where c.active), '[]') as clients,
      coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name, 'client_id', u.client_id) order by u.name, u.id)
                from users u where u.role = 'liaison' and u.active), '[]') as liaisons`.execute(on);
  return rows[0] ?? { clients: [], liaisons: [] };
}

const refusalReason = (outcome: ReturnType<typeof check>): string | null => (outcome.ok ? null : outcome.reason);

/**
 * Everything the staff case page shows, in ONE transaction as the actor: the case view, whom it
 * may be given to, the assignment choices (when asked for and the officer may assign) and the retention box
 * (officer only). Null when the actor may not see the case.
 */
export function loadStaffCasePage(actor: Actor, reference: string, now: Date, options: { timelineBefore?: string | null; assignment?: boolean } = {}) {
  return asActor(actor, async (trx) => {
    const view = await loadCaseViewIn(trx, actor, reference, now, options.timelineBefore ?? null);
    if (!view) return null;
    const owners = await ownerChoices(actor, { clientId: view.state.clientId, on: trx });
    // Every client and liaison (hundreds): only when the officer opened the assignment form.
    const choices = options.assignment && view.available.includes("assign") ? await loadAssignmentChoices(trx) : null;
    const retention = await retentionOfCase(trx, actor, view.case.reference, now);
    // A request to erase the account (officer only, ADR 051): what carrying it out would do now, or why it may not be yet.
    const erasure =
      actor.role === "officer" && view.state.erasureRequest && isActive(view.state.status)
        ? { plan: await erasurePlanOf(trx, view.state.complainantId, view.case.reference), refusal: refusalReason(check(view.state, "carry_out_erasure", actor, now)) }
        : null;
    return { view, owners, choices, retention, erasure };
  });
}

// ---- the answer and who holds the case (the complainant's page, issue 10) -------------------------

/** The events that give the complainant something to accept or reject, or to know the outcome of. */
const ANSWER_EVENTS = { answered: "answer", dma_outcome_recorded: "dma_outcome", award_recorded: "award" } as const;

export interface LatestAnswer {
  kind: (typeof ANSWER_EVENTS)[keyof typeof ANSWER_EVENTS];
  /** The step it was given at. */
  stage: Stage;
  at: Date;
  /** Who wrote or recorded it (a staff member's name, as the timeline shows it). */
  authorName: string | null;
  authorRole: string | null;
  /** Its text: the message the answer carried, or the award's summary. */
  body: string;
  attachments: AttachmentLink[];
}

const ANSWER_STAGE: Record<LatestAnswer["kind"], Stage | null> = { answer: null, dma_outcome: "dma", award: "arbitration" };

/**
 * The newest answer event, and the message written with it (same case, same moment, for all
 * parties: a command's event and message share their time) with its files.
 */
async function loadLatestAnswer(on: Kysely<Database>, caseId: string): Promise<LatestAnswer | null> {
  const ev = await on
    .selectFrom("case_events")
    .leftJoin("users", "users.id", "case_events.actor_id")
    .select(["case_events.type", "case_events.created_at", "case_events.actor_role", "case_events.payload", "users.name as actor_name"])
    .where("case_events.case_id", "=", caseId)
    .where("case_events.type", "in", Object.keys(ANSWER_EVENTS))
    .orderBy("case_events.created_at", "desc")
    .orderBy("case_events.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!ev) return null;
  const kind = ANSWER_EVENTS[ev.type as keyof typeof ANSWER_EVENTS];
  const payload = ev.payload as unknown as Record<string, unknown>;
  const message = await on
    .selectFrom("messages")
    .select(["id", "body"])
    .where("case_id", "=", caseId)
    .where("created_at", "=", ev.created_at)
    .where("audience", "=", "parties")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  const files = message ? await attachmentsOf(on, caseId, [message.id], false) : new Map<string, AttachmentLink[]>();
  return {
    kind,
    stage: ANSWER_STAGE[kind] ?? (typeof payload.stage === "string" ? (payload.stage as Stage) : "client"),
    at: new Date(ev.created_at),
    authorName: ev.actor_name,
    authorRole: ev.actor_role,
    body: message?.body ?? (typeof payload.summary === "string" ? payload.summary : ""),
    attachments: message ? (files.get(message.id) ?? []) : [],
  };
}

function holderNameAt(stage: Stage, clientName: string | null, disputeBodyName: string): string | null {
  switch (stage) {
    case "client":
      return clientName;
    case "company":
      return operator.name;
    case "dma":
      return disputeBodyName;
    case "arbitration":
      return null;
  }
}

import {
  availableCommands,
  deadlineState,
  escalationEligibility,
  eventTypesLeftOffTimeline,
  eventVisibleTo,
  frameworkProfile,
  visibleAudiences,
  type Actor,
  type CaseState,
  type CommandType,
  type Deadline,
} from "~/domain";
import type { Kysely } from "kysely";
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { stateFromRow } from "./case-record.server";
import { asActor, casesVisibleTo } from "./scope.server";
import { listCaseMailings, type CaseDelivery } from "./mail-deliveries.server";

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
    }
  | { kind: "event"; key: string; at: Date; type: string; actorName: string | null; actorRole: string | null; payload: Record<string, unknown> }
  // A notification about the case and its delivery state (the officer's view only).
  | { kind: "mail"; key: string; at: Date; template: string; deliveries: CaseDelivery[] };

/** The facts of an event that a timeline line may mention (never ids of clients or people). */
const SHOWN_PAYLOAD_KEYS = ["stage", "from", "to", "remedies", "kind", "reason", "audience", "template"] as const;

function shownPayload(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(SHOWN_PAYLOAD_KEYS.filter((k) => k in payload).map((k) => [k, payload[k]]));
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

/**
 * The latest TIMELINE_PAGE entries older than the cursor, oldest first, and the cursor for the
 * ones before them. Messages and events are read newest first from their (case_id, created_at,
 * id) indexes, at most one page (plus the entries to skip) from each, and merged here.
 */
async function loadTimeline(on: Kysely<Database>, actor: Actor, caseId: string, before: TimelineCursor | null) {
  const limit = TIMELINE_PAGE + 1 + (before?.skip ?? 0);
  // Everything up to the end of the cursor's millisecond (the database keeps microseconds).
  const until = before ? new Date(before.at.getTime() + 1) : null;
  let messagesQuery = on
    .selectFrom("messages")
    .leftJoin("users", "users.id", "messages.author_id")
    .select(["messages.created_at", "messages.author_role", "messages.audience", "messages.channel", "messages.body", "users.name as author_name"])
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
  const [messages, events, deliveries] = await Promise.all([
    messagesQuery.orderBy("messages.created_at", "desc").orderBy("messages.id", "desc").limit(limit).execute(),
    eventsQuery.orderBy("case_events.created_at", "desc").orderBy("case_events.id", "desc").limit(limit).execute(),
    // Delivery states name other people's addresses and internal mail: the officer's view only.
    actor.role === "officer" ? listCaseMailings(caseId, { until, limit }, on) : Promise.resolve([]),
  ]);

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
          payload: shownPayload(payload),
        });
      }
      e++;
    }
  }

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
  return { entries, earlier };
}

export interface DeadlineView extends Deadline {
  state: ReturnType<typeof deadlineState>["state"];
  daysLeft: number;
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

  const [deadlineRows, timeline] = await Promise.all([
    on.selectFrom("case_deadlines").selectAll().where("case_id", "=", row.id).orderBy("due_at").execute(),
    loadTimeline(on, actor, row.id, decodeTimelineCursor(timelineBefore)),
  ]);

  const state: CaseState = stateFromRow(row, deadlineRows);
  const deadlines: DeadlineView[] = state.deadlines.map((d) => ({ ...d, ...deadlineState(d, now) }));
  const available = new Set<CommandType>(availableCommands(state, actor, now));
  const escalation = actor.role === "complainant" ? escalationEligibility(state, now, frameworkProfile(state.framework)) : null;
  return {
    case: {
      reference: row.reference,
      category: row.category,
      description: row.description,
      desiredOutcome: row.desired_outcome,
      country: row.country,
      earlierContact: row.earlier_contact,
      openedAt: new Date(row.opened_at),
      version: row.version,
      clientName: row.client_name,
      liaisonName: row.liaison_name,
      // Staff need to reach the person; the complainant knows who they are.
      complainant: actor.role === "complainant" ? null : { name: row.complainant_name, email: row.complainant_email },
    },
    state,
    deadlines,
    timeline: timeline.entries,
    /** The `before` value for the link to earlier entries; null when these are the first. */
    earlierTimeline: timeline.earlier,
    available: [...available],
    escalation,
  };
}

export type CaseView = NonNullable<Awaited<ReturnType<typeof loadCaseView>>>;

/**
 * What the complainant's page renders, and nothing else: no ids of the case, the client, the
 * liaison or the complainant (the page's loader data is readable by anyone holding the page).
 */
export function complainantCasePage(view: CaseView) {
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
    },
    state: {
      stage: state.stage,
      status: state.status,
      stagesVisited: state.stagesVisited,
      closure: state.closure ? { reason: state.closure.reason } : null,
    },
    deadlines: view.deadlines.map((d) => ({
      stage: d.stage,
      kind: d.kind,
      dueAt: d.dueAt,
      metAt: d.metAt,
      explanation: d.explanation,
      state: d.state,
      daysLeft: d.daysLeft,
    })),
    timeline: view.timeline,
    earlierTimeline: view.earlierTimeline,
    available: view.available,
    escalation: view.escalation,
  };
}

export type ComplainantCasePage = ReturnType<typeof complainantCasePage>;

/**
 * Choices for the officer's assignment form: every client, and the liaisons of each (read
 * through users(role, name)). Loaded only when the officer may assign.
 */
export async function loadAssignmentChoices() {
  const [clients, liaisons] = await Promise.all([
    db().selectFrom("clients").select(["id", "name"]).orderBy("name").execute(),
    db()
      .selectFrom("users")
      .select(["id", "name", "client_id"])
      .where("role", "=", "liaison")
      .orderBy("name")
      .execute(),
  ]);
  return { clients, liaisons };
}

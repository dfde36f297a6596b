import {
  availableCommands,
  check,
  COMMAND_TYPES,
  deadlineState,
  escalationEligibility,
  eventVisibleTo,
  frameworkProfile,
  visibleAudiences,
  type Actor,
  type CaseState,
  type CommandType,
  type Deadline,
} from "~/domain";
import { db } from "~/db/db.server";
import { stateFromRow } from "./case-record.server";
import { casesVisibleTo } from "./scope.server";
import { listCaseDeliveries } from "./mail-deliveries.server";

export type TimelineEntry =
  | {
      kind: "message";
      id: string;
      at: Date;
      authorName: string | null;
      authorRole: string;
      audience: "parties" | "staff" | "internal";
      channel: string;
      body: string;
    }
  | { kind: "event"; id: string; at: Date; type: string; actorName: string | null; actorRole: string | null; payload: Record<string, unknown> }
  // A notification about the case and its delivery state (the officer's view only).
  | { kind: "mail"; id: string; at: Date; template: string; recipient: string; status: "queued" | "sent" | "failed"; attempts: number; sentAt: Date | null; lastError: string | null };

export interface DeadlineView extends Deadline {
  state: ReturnType<typeof deadlineState>["state"];
  daysLeft: number;
}

export async function loadCaseView(actor: Actor, reference: string, now: Date) {
  const row = await casesVisibleTo(actor, db())
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

  const [deadlineRows, messages, events] = await Promise.all([
    db().selectFrom("case_deadlines").selectAll().where("case_id", "=", row.id).orderBy("due_at").execute(),
    db()
      .selectFrom("messages")
      .leftJoin("users", "users.id", "messages.author_id")
      .select(["messages.id", "messages.created_at", "messages.author_role", "messages.audience", "messages.channel", "messages.body", "users.name as author_name"])
      .where("messages.case_id", "=", row.id)
      .where("messages.audience", "in", visibleAudiences(actor))
      .execute(),
    db()
      .selectFrom("case_events")
      .leftJoin("users", "users.id", "case_events.actor_id")
      .select(["case_events.id", "case_events.created_at", "case_events.type", "case_events.actor_role", "case_events.payload", "users.name as actor_name"])
      .where("case_events.case_id", "=", row.id)
      .orderBy("case_events.id")
      .execute(),
  ]);

  const state: CaseState = stateFromRow(row, deadlineRows);
  const timeline: TimelineEntry[] = [
    ...messages.map((m) => ({
      kind: "message" as const,
      id: `m-${m.id}`,
      at: new Date(m.created_at),
      authorName: m.author_name,
      authorRole: m.author_role,
      audience: m.audience,
      channel: m.channel,
      body: m.body,
    })),
    ...events
      // The message itself is on the timeline; its event stays in the audit trail only.
      .filter((e) => e.type !== "message_posted" && eventVisibleTo(actor, { type: e.type, payload: e.payload as unknown as Record<string, unknown> }))
      .map((e) => ({
        kind: "event" as const,
        id: `e-${e.id}`,
        at: new Date(e.created_at),
        type: e.type,
        actorName: e.actor_name,
        actorRole: e.actor_role,
        payload: e.payload as unknown as Record<string, unknown>,
      })),
    // Delivery states name other people's addresses and internal mail: the officer's view only.
    ...(actor.role === "officer" ? await listCaseDeliveries(row.id) : []).map((d) => ({
      kind: "mail" as const,
      id: `d-${d.id}`,
      at: d.queuedAt,
      template: d.template,
      recipient: d.recipient,
      status: d.status,
      attempts: d.attempts,
      sentAt: d.sentAt,
      lastError: d.lastError,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === b.kind ? 0 : a.kind === "event" ? -1 : 1));

  const deadlines: DeadlineView[] = state.deadlines.map((d) => ({ ...d, ...deadlineState(d, now) }));
  const available = new Set<CommandType>(availableCommands(state, actor, now));
  const escalation = actor.role === "complainant" ? escalationEligibility(state, now, frameworkProfile(state.framework)) : null;
  // Why each action is not open now, so the page can say so instead of hiding it.
  const refusals = Object.fromEntries(
    COMMAND_TYPES.map((type) => {
      const r = check(state, type, actor, now);
      return [type, r.ok ? null : { reason: r.reason, availableFrom: r.availableFrom ?? null }];
    }),
  ) as Record<CommandType, { reason: string; availableFrom: Date | null } | null>;

  return {
    case: {
      id: row.id,
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
    timeline,
    available: [...available],
    escalation,
    refusals,
  };
}

export type CaseView = NonNullable<Awaited<ReturnType<typeof loadCaseView>>>;

/** Choices for the officer's assignment form. */
export async function loadAssignmentChoices() {
  const [clients, liaisons] = await Promise.all([
    db().selectFrom("clients").select(["id", "name"]).orderBy("name").execute(),
    db().selectFrom("users").select(["id", "name", "client_id"]).where("role", "=", "liaison").orderBy("name").execute(),
  ]);
  return { clients, liaisons };
}

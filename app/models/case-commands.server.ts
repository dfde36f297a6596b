import type { Transaction } from "kysely";
import { carriedMessage, decide, isTerminal, type Actor, type CaseState, type Command, type DomainEvent, type Refusal } from "~/domain";
import type { Database } from "~/db/schema";
import { deadlineColumns, profileOfRow, stateColumns, stateFromRow } from "./case-record.server";
import { loadOperatorCalendar } from "./clock-settings.server";
import { deadlineExtendedFacts } from "./clock-mail.server";
import { enqueueNotifications } from "./notify.server";
import { asActor, casesVisibleTo } from "./scope.server";
import { saveAttachment } from "./attachments.server";
import { ownerCandidate } from "./case-owner.server";
import { erasurePlanOf, queueErasureJob } from "./erasure.server";

/** A file that goes with the command's message: already checked by its content (app/lib/uploads.server.ts). */
export interface FileToAttach {
  fileName: string;
  bytes: Uint8Array;
}

/** Thrown inside the transaction so that a file refused at the last moment leaves nothing behind. */
class AttachmentRefused extends Error {}

export type CommandOutcome =
  | { ok: true; reference: string; version: number }
  | { ok: false; kind: "not_found" }
  | { ok: false; kind: "conflict"; reason: string }
  | { ok: false; kind: "refused"; refusal: Refusal };

/**
 * A command as a route parses it: `assign` names the liaison; we look up their client. An erasure
 * names nothing: what it does is read from the complainant's cases under the request's lock.
 */
export type CaseCommandRequest =
  | Exclude<Command, { type: "assign" | "set_owner" | "carry_out_erasure" }>
  | { type: "assign"; clientId: string | null; liaisonId: string | null }
  | { type: "set_owner"; ownerId: string | null }
  | { type: "carry_out_erasure" };

async function completeCommand(trx: Transaction<Database>, request: CaseCommandRequest, row: { reference: string; complainant_id: string }): Promise<Command | Refusal> {
  if (request.type === "set_owner") return { type: "set_owner", ownerId: request.ownerId, candidate: await ownerCandidate(trx, request.ownerId) };
  if (request.type === "carry_out_erasure") return { type: "carry_out_erasure", plan: await erasurePlanOf(trx, row.complainant_id, row.reference) };
  if (request.type !== "assign") return request;
  if (request.clientId) {
    const client = await trx.selectFrom("clients").select(["id", "active"]).where("id", "=", request.clientId).executeTakeFirst();
    if (!client) return { ok: false, code: "invalid", reason: "That client does not exist." };
    // A deactivated client takes no new cases (administration, issue 8).
    if (!client.active) return { ok: false, code: "invalid", reason: "That client is deactivated: it takes no new cases." };
  }
  let liaisonClientId: string | null = null;
  if (request.liaisonId) {
    const liaison = await trx
      .selectFrom("users")
      .select("client_id")
      .where("id", "=", request.liaisonId)
      .where("role", "=", "liaison")
      .where("active", "=", true)
      .executeTakeFirst();
    if (!liaison) return { ok: false, code: "invalid", reason: "That liaison does not exist." };
    liaisonClientId = liaison.client_id;
  }
  return { type: "assign", clientId: request.clientId, liaisonId: request.liaisonId, liaisonClientId };
}

/**
 * One use case for every action on a case: lock, check the version the person saw,
 * let the domain decide, then persist state, deadlines, events, message and mail
 * in one transaction.
 */
export async function performCaseCommand(args: CaseCommandArgs): Promise<CommandOutcome> {
  try {
    // As the actor: the database shows and lets it change only what its policies allow (ADR 018).
    const outcome = await asActor(args.actor, (trx) => performCaseCommandIn(trx, args));
    return outcome.ok ? { ok: true, reference: outcome.reference, version: outcome.version } : outcome;
  } catch (error) {
    // A refused file rolls back the message it came with, and everything else the command did.
    if (error instanceof AttachmentRefused) return { ok: false, kind: "refused", refusal: { ok: false, code: "invalid", reason: error.message } };
    throw error;
  }
}

export interface CaseCommandArgs {
  actor: Actor;
  reference: string;
  expectedVersion: number;
  command: CaseCommandRequest;
  body?: string;
  /** Files for the message the command carries, saved with it or not at all. */
  files?: FileToAttach[];
  now: Date;
}

/**
 * performCaseCommand inside a caller's transaction: inbound mail stores the received message and
 * its effect on the case together. Returns the id of the message the command carried, if any.
 */
export async function performCaseCommandIn(trx: Transaction<Database>, args: CaseCommandArgs): Promise<CommandOutcome & { messageId?: string }> {
  const files = args.files ?? [];
  const { actor, reference, expectedVersion, now } = args;
  const row = await casesVisibleTo(actor, trx).selectAll("cases").where("reference", "=", reference).forUpdate().executeTakeFirst();
  if (!row) return { ok: false, kind: "not_found" };
  if (row.version !== expectedVersion) {
    return {
      ok: false,
      kind: "conflict",
      reason: "Someone else changed this case while you were looking at it. Nothing was saved; the page now shows the latest version.",
    };
  }
  const command = await completeCommand(trx, args.command, row);
  if ("ok" in command) return { ok: false, kind: "refused", refusal: command };

  const deadlines = await trx.selectFrom("case_deadlines").selectAll().where("case_id", "=", row.id).execute();
  const before = stateFromRow(row, deadlines);
  // The case's own profile snapshot and today's calendar (ADRs 011, 012).
  const calendar = await loadOperatorCalendar(trx);
  const decision = decide(before, command, actor, now, profileOfRow(row), calendar);
  if (!decision.ok) return { ok: false, kind: "refused", refusal: decision };
  const message = carriedMessage(command, args.body);
  if (files.length > 0 && !message) {
    return { ok: false, kind: "refused", refusal: { ok: false, code: "invalid", reason: "Files can only be sent with a message. Write a message to go with them." } };
  }

  const version = row.version + 1;
  await trx
    .updateTable("cases")
    .set({ ...stateColumns(decision.state), version, updated_at: now })
    .where("id", "=", row.id)
    .execute();
  for (const d of decision.state.deadlines) {
    const values = deadlineColumns(row.id, d);
    await trx
      .insertInto("case_deadlines")
      .values(values)
      .onConflict((oc) =>
        // A clock that replaces one of its kind (a second follow-up, a new compliance clock) starts anew.
        oc.columns(["case_id", "stage", "kind"]).doUpdateSet({
          starts_at: values.starts_at,
          due_at: values.due_at,
          met_at: values.met_at,
          paused_at: values.paused_at,
          stopped_at: values.stopped_at,
          explanation: values.explanation,
          computation: values.computation,
        }),
      )
      .execute();
  }
  await recordEvents(trx, row.id, actor, decision.events, now);
  let messageId: string | undefined;
  if (message) {
    const { occurredAt, direction, ...columns } = message;
    const inserted = await trx
      .insertInto("messages")
      .values({
        case_id: row.id,
        author_id: actor.userId,
        author_role: actor.role,
        ...columns,
        // A staff note belongs to the client it was written for: a later client's liaisons do not read it.
        client_id: columns.audience === "staff" ? row.client_id : null,
        occurred_at: occurredAt ?? null,
        direction: direction ?? null,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    messageId = inserted.id;
    for (const file of files) {
      const saved = await saveAttachment(trx, { caseId: row.id, messageId: inserted.id, fileName: file.fileName, bytes: file.bytes, uploadedBy: actor.userId });
      if (!saved.ok) throw new AttachmentRefused(`${saved.reason} Nothing was saved.`);
    }
  }
  await enqueueNotifications(trx, {
    reference,
    state: decision.state,
    notifications: decision.notifications,
    facts: { ...mailFacts(before, decision.state), ...deadlineExtendedFacts(decision.events, calendar.zone) },
    // The closing mail of a granted erasure says what is erased and what is kept, and why (ADR 051).
    ...(command.type === "carry_out_erasure" ? { complainantFacts: { erasure: command.plan } } : {}),
    actorUserId: actor.userId,
  });
  // The anonymisation follows on the worker, after that mail has gone; queued with the change.
  if (command.type === "carry_out_erasure") await queueErasureJob(trx, row.id);
  return { ok: true, reference, version, ...(messageId ? { messageId } : {}) };
}


export async function recordEvents(trx: Transaction<Database>, caseId: string, actor: Actor | null, events: DomainEvent[], now: Date) {
  if (events.length === 0) return;
  await trx
    .insertInto("case_events")
    .values(
      events.map((e) => ({
        case_id: caseId,
        type: e.type,
        actor_id: actor?.userId ?? null,
        actor_role: actor?.role ?? null,
        payload: JSON.stringify(e.payload),
        created_at: now,
      })),
    )
    .execute();
}

/** What the mail may say about the change: stage names and outcome, never message text. */
function mailFacts(before: CaseState, after: CaseState): Record<string, unknown> {
  return {
    ...(before.stage !== after.stage ? { fromStage: before.stage, toStage: after.stage } : {}),
    ...(isTerminal(after.status) ? { outcome: after.status, kind: after.closure?.kind } : {}),
  };
}

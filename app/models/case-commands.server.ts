import type { Transaction } from "kysely";
import { carriedMessage, decide, isTerminal, type Actor, type CaseState, type Command, type DomainEvent, type Refusal } from "~/domain";
import type { Database } from "~/db/schema";
import { deadlineColumns, stateColumns, stateFromRow } from "./case-record.server";
import { enqueueNotifications } from "./notify.server";
import { asActor, casesVisibleTo } from "./scope.server";

export type CommandOutcome =
  | { ok: true; reference: string; version: number }
  | { ok: false; kind: "not_found" }
  | { ok: false; kind: "conflict"; reason: string }
  | { ok: false; kind: "refused"; refusal: Refusal };

/** A command as a route parses it: `assign` names the liaison; we look up their client. */
export type CaseCommandRequest =
  | Exclude<Command, { type: "assign" }>
  | { type: "assign"; clientId: string | null; liaisonId: string | null };

async function completeAssign(trx: Transaction<Database>, request: CaseCommandRequest): Promise<Command | Refusal> {
  if (request.type !== "assign") return request;
  if (request.clientId) {
    const client = await trx.selectFrom("clients").select("id").where("id", "=", request.clientId).executeTakeFirst();
    if (!client) return { ok: false, code: "invalid", reason: "That client does not exist." };
  }
  let liaisonClientId: string | null = null;
  if (request.liaisonId) {
    const liaison = await trx
      .selectFrom("users")
      .select("client_id")
      .where("id", "=", request.liaisonId)
      .where("role", "=", "liaison")
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
export async function performCaseCommand(args: {
  actor: Actor;
  reference: string;
  expectedVersion: number;
  command: CaseCommandRequest;
  body?: string;
  now: Date;
}): Promise<CommandOutcome> {
  const { actor, reference, expectedVersion, now } = args;
  return asActor(
    actor,
    async (trx): Promise<CommandOutcome> => {
      const row = await casesVisibleTo(actor, trx).selectAll("cases").where("reference", "=", reference).forUpdate().executeTakeFirst();
      if (!row) return { ok: false, kind: "not_found" };
      if (row.version !== expectedVersion) {
        return {
          ok: false,
          kind: "conflict",
          reason: "Someone else changed this case while you were looking at it. Nothing was saved; the page now shows the latest version.",
        };
      }
      const command = await completeAssign(trx, args.command);
      if ("ok" in command) return { ok: false, kind: "refused", refusal: command };

      const deadlines = await trx.selectFrom("case_deadlines").selectAll().where("case_id", "=", row.id).execute();
      const before = stateFromRow(row, deadlines);
      const decision = decide(before, command, actor, now);
      if (!decision.ok) return { ok: false, kind: "refused", refusal: decision };

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
            oc.columns(["case_id", "stage", "kind"]).doUpdateSet({
              due_at: values.due_at,
              met_at: values.met_at,
              paused_at: values.paused_at,
              explanation: values.explanation,
            }),
          )
          .execute();
      }
      await recordEvents(trx, row.id, actor, decision.events, now);
      const message = carriedMessage(command, args.body);
      if (message) {
        await trx
          .insertInto("messages")
          // A staff note belongs to the client it was written for: a later client's liaisons do not read it.
          .values({ case_id: row.id, author_id: actor.userId, author_role: actor.role, ...message, client_id: message.audience === "staff" ? row.client_id : null, created_at: now })
          .execute();
      }
      await enqueueNotifications(trx, {
        reference,
        state: decision.state,
        notifications: decision.notifications,
        facts: mailFacts(before, decision.state),
        actorUserId: actor.userId,
      });
      return { ok: true, reference, version };
    });
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

import { sql } from "kysely";
import { ANONYMISED_LABEL, identityRevealRefusal, isIsoInstant, maskAddressIn, maskEmail, maskIdentity, type Actor, type MaskedIdentity } from "~/domain";
import { asActor, casesVisibleTo } from "./scope.server";
import type { CaseView, TimelineEntry } from "./case-view.server";

// Masking on the case page and the recorded reveal of a complainant's identity (issue 9, item 6;
// ADR 028). A reveal is a case event, `identity_revealed`, so it sits in the case's hash chain
// (ADR 019): deleting or altering one breaks the chain. It carries no payload: who, which case
// and when are the event's own columns, and nothing in it needs anonymising later.

export type StaffActor = Extract<Actor, { role: "officer" | "liaison" }>;

export const IDENTITY_REVEALED = "identity_revealed";

export interface RevealedIdentity {
  name: string;
  email: string;
}

export type RevealOutcome = { ok: true; identity: RevealedIdentity } | { ok: false; kind: "not_found" } | { ok: false; kind: "refused"; reason: string };

/**
 * The complainant's full name and address, for a staff member who may see the case; the reveal is
 * recorded in the same transaction (no record, no identity). Not found when the case is not
 * theirs; refused, with nothing recorded, when the domain says there is nothing to reveal.
 */
export function revealIdentity(actor: StaffActor, reference: string, now: Date): Promise<RevealOutcome> {
  return asActor(actor, async (trx) => {
    const row = await casesVisibleTo(actor, trx)
      .innerJoin("users as complainant", "complainant.id", "cases.complainant_id")
      .select(["cases.id", "cases.anonymised_at", "complainant.name", "complainant.email"])
      .where("cases.reference", "=", reference)
      .executeTakeFirst();
    if (!row) return { ok: false, kind: "not_found" };
    const refusal = identityRevealRefusal({ anonymised: row.anonymised_at != null });
    if (refusal) return { ok: false, kind: "refused", reason: refusal };
    await trx
      .insertInto("case_events")
      .values({ case_id: row.id, type: IDENTITY_REVEALED, actor_id: actor.userId, actor_role: actor.role, payload: JSON.stringify({}), created_at: now })
      .execute();
    return { ok: true, identity: { name: row.name, email: row.email } };
  });
}

/**
 * The case view as the staff page sends it: the complainant's name and address masked wherever
 * they appear (the facts, their own messages and steps on the timeline, mail addressed to them,
 * the sender of an attached e-mail). Free text (the complaint, messages) is not rewritten.
 */
export function maskedStaffCaseView(view: CaseView) {
  const full = view.case.complainant;
  const address = full?.email ?? null;
  const complainant: MaskedIdentity = maskIdentity(full, { anonymised: view.state.anonymised });
  const name = complainant.anonymised ? ANONYMISED_LABEL : complainant.name;
  const timeline = view.timeline.map((entry): TimelineEntry => {
    switch (entry.kind) {
      case "message":
        return entry.authorRole === "complainant" ? { ...entry, authorName: name } : entry;
      case "event": {
        const actorName = entry.actorRole === "complainant" ? name : entry.actorName;
        // The sender of a mail taken from intake is masked whoever it is; elsewhere (a bounce's recipient
        // and the mail server's words) the complainant's address wherever it appears.
        const payload = Object.fromEntries(
          Object.entries(entry.payload).map(([key, value]) =>
            (entry.type === "intake_attached" || entry.type === "opened_from_intake") && key === "from" && typeof value === "string"
              ? [key, maskEmail(value)]
              : [key, typeof value === "string" ? maskAddressIn(value, address) : value],
          ),
        );
        return { ...entry, actorName, payload };
      }
      case "mail":
        // Staff addresses stay readable; the complainant's is masked, in an error text too.
        return {
          ...entry,
          deliveries: entry.deliveries.map((d) => ({
            ...d,
            recipient: maskAddressIn(d.recipient, address),
            lastError: maskAddressIn(d.lastError, address),
            bounceDetail: maskAddressIn(d.bounceDetail, address),
          })),
        };
    }
  });
  // "Show identity" is offered only where the domain would reveal one.
  return { ...view, case: { ...view.case, complainant, revealable: identityRevealRefusal(view.state) === null }, timeline };
}

export interface RevealRow {
  key: string;
  at: Date;
  reference: string;
  actorName: string | null;
  actorRole: string | null;
}

export interface RevealFilters {
  /** Only this staff member's reveals. */
  userId?: string;
  /** Only this case's reveals. */
  reference?: string;
}

export const REVEALS_PAGE = 100;

/** Keyset cursor of the reveal log: the (created_at, id) of the last row shown. */
export function encodeRevealCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString("base64url");
}

/** case_events.id is a bigserial. */
const EVENT_ID = /^[1-9]\d{0,17}$/;

export function decodeRevealCursor(cursor: string | null | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  const [at, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  // Only what encodeRevealCursor writes (PostgreSQL's microsecond timestamp text); anything else is ignored.
  if (!at || !id || rest.length > 0 || !EVENT_ID.test(id) || !isIsoInstant(at)) return null;
  return { at, id };
}

/**
 * The officer's log of reveals, newest first, REVEALS_PAGE at a time (the partial indexes of
 * migration 2026-11-29-016 serve the person filter and the order; one case's reveals, its events' index).
 */
export async function listReveals(actor: Extract<Actor, { role: "officer" }>, filters: RevealFilters, cursor: string | null) {
  return asActor(actor, async (trx) => {
    // The microsecond text of created_at: a cursor made from a JavaScript Date would lose them.
    const atText = sql<string>`to_char(case_events.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    let q = trx
      .selectFrom("case_events")
      .innerJoin("cases", "cases.id", "case_events.case_id")
      .leftJoin("users", "users.id", "case_events.actor_id")
      .select(["case_events.id", "case_events.created_at", atText.as("at_text"), "case_events.actor_role", "cases.reference", "users.name as actor_name"])
      .where("case_events.type", "=", IDENTITY_REVEALED);
    if (filters.userId) q = q.where("case_events.actor_id", "=", filters.userId);
    if (filters.reference) q = q.where("cases.reference", "=", filters.reference);
    const after = decodeRevealCursor(cursor);
    if (after) {
      q = q.where((eb) => eb(eb.tuple(eb.ref("case_events.created_at"), eb.ref("case_events.id")), "<", eb.tuple(sql<Date>`${after.at}::timestamptz`, sql<string>`${after.id}::bigint`)));
    }
    const rows = await q.orderBy("case_events.created_at", "desc").orderBy("case_events.id", "desc").limit(REVEALS_PAGE + 1).execute();
    const page = rows.slice(0, REVEALS_PAGE);
    const last = page.at(-1);
    return {
      rows: page.map((r, i): RevealRow => ({ key: `${r.at_text}-${i}`, at: new Date(r.created_at), reference: r.reference, actorName: r.actor_name, actorRole: r.actor_role })),
      nextCursor: rows.length > REVEALS_PAGE && last ? encodeRevealCursor(last.at_text, last.id) : null,
    };
  });
}

/** Everyone who may reveal an identity (staff, active or not), for the log's "person" filter. */
export function staffWhoMayReveal(actor: Extract<Actor, { role: "officer" }>) {
  return asActor(actor, (trx) => trx.selectFrom("users").select(["id", "name", "role"]).where("role", "in", ["officer", "liaison"]).orderBy("name").execute());
}

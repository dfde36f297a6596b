import { sql, type Transaction } from "kysely";
import { formatReference, frameworkProfile, openCase, type Actor, type Category, type FrameworkId, type Refusal, type Stage } from "~/domain";
import type { Database } from "~/db/schema";
import { issueSignInLink, SIGN_IN_LINK_MINUTES } from "~/auth/sign-in.server";
import { deadlineColumns, stateColumns } from "./case-record.server";
import { recordEvents } from "./case-commands.server";
import { enqueueNotifications } from "./notify.server";
import { asActor, asSystem } from "./scope.server";

export interface ComplaintInput {
  /** A client's id, or null when the complaint is about the operator itself. */
  clientId: string | null;
  category: Category;
  description: string;
  desiredOutcome: string;
  country: string;
  name: string;
  email: string;
  earlierContact: string | null;
  /** One per rendered form: a second submission of the same form files nothing new. */
  submissionKey: string;
}

export type FileOutcome =
  | { ok: true; reference: string; duplicate: boolean }
  | { ok: false; field?: keyof ComplaintInput; reason: string }
  | { ok: false; refusal: Refusal; reason: string };

export function currentFramework(): FrameworkId {
  return process.env.FRAMEWORK === "dpf" ? "dpf" : "privacy_shield";
}

async function nextReference(trx: Transaction<Database>, framework: FrameworkId, now: Date): Promise<string> {
  const { rows } = await sql<{ seq: string }>`select nextval('case_reference_seq')::text as seq`.execute(trx);
  return formatReference(frameworkProfile(framework).referencePrefix, now.getUTCFullYear(), Number(rows[0]!.seq));
}

/** Thrown inside the transaction so that a refused filing leaves nothing behind. */
class Refused extends Error {
  constructor(readonly outcome: Extract<FileOutcome, { ok: false }>) {
    super(outcome.reason);
  }
}

function refusedAndRolledBack(outcome: Extract<FileOutcome, { ok: false }>): never {
  throw new Refused(outcome);
}

/**
 * Files a complaint (publicly, or by the officer for a case the dispute body referred),
 * with its deadlines, first event, sign-in link and acknowledgement in one transaction.
 */
export async function fileComplaint(input: ComplaintInput, now: Date, staff?: { actor: Actor; startStage: Stage }): Promise<FileOutcome> {
  const email = input.email.trim().toLowerCase();
  try {
    // Filed publicly: the system identity (no one is signed in); by the officer: as the officer.
    const inTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => (staff ? asActor(staff.actor, work) : asSystem("complaint filing", work));
    return await inTransaction(async (trx): Promise<FileOutcome> => {
        const earlier = await trx.selectFrom("cases").select("reference").where("submission_key", "=", input.submissionKey).executeTakeFirst();
        if (earlier) return { ok: true, reference: earlier.reference, duplicate: true };

        if (input.clientId) {
          const client = await trx.selectFrom("clients").select("id").where("id", "=", input.clientId).executeTakeFirst();
          if (!client) return { ok: false, field: "clientId", reason: "Choose one of the organizations in the list." };
        }

        // A double click from someone new races two inserts; the second waits and finds the first.
        await trx
          .insertInto("users")
          .values({ role: "complainant", email, name: input.name.trim(), country: input.country })
          .onConflict((oc) => oc.column("email").doNothing())
          .execute();
        const user = await trx.selectFrom("users").select(["id", "role"]).where("email", "=", email).executeTakeFirstOrThrow();
        if (user.role !== "complainant") {
          return refusedAndRolledBack({ ok: false, field: "email", reason: "This address belongs to a staff account. Please use your personal e-mail address." });
        }

        const framework = currentFramework();
        const opened = openCase(
          { framework, clientId: input.clientId, complainantId: user.id, startStage: staff?.startStage },
          staff?.actor ?? null,
          now,
          frameworkProfile(framework),
        );
        if (!opened.ok) return refusedAndRolledBack({ ok: false, refusal: opened, reason: opened.reason });

        const reference = await nextReference(trx, framework, now);
        const inserted = await trx
          .insertInto("cases")
          .values({
            ...stateColumns(opened.state),
            reference,
            category: input.category,
            description: input.description.trim(),
            desired_outcome: input.desiredOutcome.trim(),
            country: input.country,
            earlier_contact: input.earlierContact?.trim() || null,
            submission_key: input.submissionKey,
            opened_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.column("submission_key").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!inserted) {
          // The same form arrived twice at once; the other request filed it.
          const other = await trx.selectFrom("cases").select("reference").where("submission_key", "=", input.submissionKey).executeTakeFirstOrThrow();
          return { ok: true, reference: other.reference, duplicate: true };
        }
        if (opened.state.deadlines.length > 0) {
          await trx.insertInto("case_deadlines").values(opened.state.deadlines.map((d) => deadlineColumns(inserted.id, d))).execute();
        }
        await recordEvents(trx, inserted.id, staff?.actor ?? { role: "complainant", userId: user.id }, opened.events, now);

        const signInLink = await issueSignInLink(trx, user.id, `/my/cases/${reference}`, now);
        await enqueueNotifications(trx, {
          reference,
          state: opened.state,
          notifications: opened.notifications,
          complainantFacts: { signInLink, expiresInMinutes: SIGN_IN_LINK_MINUTES },
          actorUserId: staff?.actor.userId ?? null,
        });
        return { ok: true, reference, duplicate: false };
      });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

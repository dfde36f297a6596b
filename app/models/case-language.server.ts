import { asActor } from "~/db/actor.server";
import type { Actor } from "~/domain";
import type { Locale } from "~/i18n";

/**
 * The complainant chose a language on their case's page: the case remembers it, and every mail
 * to them about it goes in it from now on (ADR 033). Only their own case (the cases policy of
 * ADR 018 and the complainant_id condition both say so); a preference, not a change of the case,
 * so no case event and no new version (an open form on the page stays valid). False when no case
 * of theirs has that reference.
 */
export async function setCaseLanguage(actor: Actor, reference: string, locale: Locale): Promise<boolean> {
  if (actor.role !== "complainant") return false;
  const updated = await asActor(actor, (trx) =>
    trx
      .updateTable("cases")
      .set({ language: locale })
      .where("reference", "=", reference)
      .where("complainant_id", "=", actor.userId)
      .executeTakeFirst(),
  );
  return updated.numUpdatedRows > 0n;
}

// The complainant's case page answers a refused action in the complainant's language (issue 10):
// the form's, the domain's and the conflict's sentences are English, for staff; the complainant's
// page words them from the refusal's code, and a refused file from its problem. Nothing changes on the case.
import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server";
import { handleCaseAction, type CaseActionResult } from "../../app/lib/case-action.server";
import { translatorFor } from "../../app/i18n";
import { readActionForm } from "../../app/lib/uploads.server";
import { fileCase, seedParties } from "../support/factories";

afterAll(async () => {
  const { closeDb } = await import("../../app/db/db.server");
  await closeDb();
});

/** What the action answered: its status and errors (a data() result, not a redirect). */
async function answer(result: unknown): Promise<{ status: number; errors: Record<string, string> }> {
  const r = result as { data: CaseActionResult; init?: ResponseInit | null };
  return { status: r.init?.status ?? 200, errors: r.data.errors };
}

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return { ok: true as const, form: f, files: [] };
}

describe("the complainant's refused actions", () => {
  it("are worded in the page's language, and change nothing", async () => {
    const { clientA } = await seedParties();
    const filed = await fileCase({ clientId: clientA.id }, new Date());
    const { version } = await db().selectFrom("cases").select("version").where("id", "=", filed.id).executeTakeFirstOrThrow();
    const path = `/my/cases/${filed.reference}`;
    const act = (fields: Record<string, string>, language: "en" | "de" | "fr") =>
      handleCaseAction(form(fields), filed.complainant.actor, filed.reference, path, translatorFor(language)).then(answer);

    // An empty message.
    const empty = await act({ intent: "post_message", version: String(version), body: "   " }, "de");
    expect(empty).toEqual({ status: 400, errors: { body: "Geben Sie Ihre Nachricht ein." } });
    // A message over the limit.
    const long = await act({ intent: "post_message", version: String(version), body: "x".repeat(10_001) }, "fr");
    expect(long.errors.body).toMatch(/^Votre texte doit faire moins de 10\s000 caractères\.$/);
    // The case changed meanwhile.
    const stale = await act({ intent: "post_message", version: String(version + 1), body: "Hallo" }, "de");
    expect(stale.status).toBe(409);
    expect(stale.errors._form).toMatch(/^Jemand anderes hat diesen Fall geändert/);
    // Accepting an answer that was never given: the domain refuses (wrong status).
    const early = await act({ intent: "accept_answer", version: String(version) }, "fr");
    expect(early.status).toBe(422);
    expect(early.errors._form).toBe("Ce n’est pas possible dans l’état actuel du dossier.");
    // In English the same refusal reads in English.
    expect((await act({ intent: "accept_answer", version: String(version) }, "en")).errors._form).toBe("This is not possible while the case is in its current state.");

    // A file we do not take, read from a real multipart body.
    const body = new FormData();
    for (const [k, v] of Object.entries({ intent: "post_message", version: String(version), body: "Hier ist die Datei." })) body.set(k, v);
    body.append("files", new File([new Uint8Array([0, 1, 2, 3, 255, 254, 0, 7])], "daten.bin"));
    const read = await readActionForm(new Request("http://localhost/upload", { method: "POST", body }));
    expect(read.ok).toBe(false);
    const refusedFile = await handleCaseAction(read, filed.complainant.actor, filed.reference, path, translatorFor("de")).then(answer);
    expect(refusedFile.status).toBe(400);
    expect(refusedFile.errors.files).toMatch(/^„daten\.bin“ hat einen Dateityp, den wir nicht annehmen\. .* Es wurde nichts gespeichert\.$/);
    // A file over the limit, with both sizes written the French way.
    const tooBig = { ok: false as const, form: form({ intent: "post_message", version: String(version) }).form, status: 413 as const, error: "(English)", problem: { kind: "too_big" as const, name: "scan.pdf", size: 30 * 1024 * 1024, max: 10 * 1024 * 1024 } };
    expect((await handleCaseAction(tooBig, filed.complainant.actor, filed.reference, path, translatorFor("fr")).then(answer)).errors.files).toMatch(
      /^« scan\.pdf » fait 30\sMo ; un fichier peut faire au plus 10\sMo\. Rien n’a été enregistré\.$/,
    );

    const after = await db().selectFrom("cases").select(["version", "status"]).where("id", "=", filed.id).executeTakeFirstOrThrow();
    expect(after.version).toBe(version);
    const messages = await db().selectFrom("messages").select("id").where("case_id", "=", filed.id).where("author_id", "=", filed.complainant.id).execute();
    expect(messages).toHaveLength(0);
  });
});

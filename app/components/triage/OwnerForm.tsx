import { Field } from "~/components/Field";
import { ActionForm, fieldError } from "~/components/case/ActionForm";
import type { CaseActionResult } from "~/lib/case-action.server";

interface Owner {
  id: string;
  name: string;
  role: "officer" | "liaison" | "complainant";
  client_id: string | null;
  client_name: string | null;
}

/** Choose who works the case: an officer, or a liaison of the case's own client (ADR 025). */
export function OwnerForm({ version, result, owners, current, clientId }: { version: number; result: CaseActionResult | undefined; owners: Owner[]; current: string | null; clientId: string | null }) {
  const eligible = owners.filter((o) => o.role === "officer" || (clientId !== null && o.client_id === clientId));
  return (
    <details className="action" open={result?.intent === "set_owner"}>
      <summary>Choose the owner</summary>
      <ActionForm intent="set_owner" version={version} result={result} submit="Save the owner">
        <Field name="ownerId" label="Owner" hint="An officer, or a liaison of this case's client." error={fieldError(result, "set_owner", "ownerId")}>
          {(a) => (
            <select defaultValue={current ?? ""} {...a}>
              <option value="">Nobody (unassigned)</option>
              {eligible.map((o) => <option key={o.id} value={o.id}>{o.name} ({o.role === "officer" ? "officer" : "liaison"})</option>)}
            </select>
          )}
        </Field>
      </ActionForm>
    </details>
  );
}

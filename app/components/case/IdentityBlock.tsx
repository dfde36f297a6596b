import { Form, useNavigation } from "@remix-run/react";
import type { MaskedIdentity } from "~/domain";
import { ComplainantCell } from "~/components/ComplainantCell";

/**
 * The complainant on the staff case page: masked, with a "Show identity" button (a POST, so it
 * works without JavaScript and each reveal is recorded, ADR 028). The full identity comes only in
 * that POST's answer and shows for that page view.
 */
export function IdentityBlock({ masked, revealed, revealable }: { masked: MaskedIdentity; revealed: { name: string; email: string } | null; revealable: boolean }) {
  const busy = useNavigation().formData?.get("intent") === "reveal_identity";
  if (revealed) {
    return (
      <div className="identity" role="status">
        <span className="identity-full">{revealed.name} &lt;{revealed.email}&gt;</span>
        <div className="muted">Shown to you for this page view; the view is recorded in the audit trail.</div>
      </div>
    );
  }
  // An anonymised case: nobody to show (the server refuses the reveal too).
  if (!revealable) {
    return (
      <div className="identity">
        <ComplainantCell complainant={masked} />
      </div>
    );
  }
  return (
    <div className="identity">
      <ComplainantCell complainant={masked} />
      <Form method="post" className="identity-reveal">
        <input type="hidden" name="intent" value="reveal_identity" />
        <button type="submit" className="secondary" disabled={busy} aria-describedby="identity-note">Show identity</button>
        <span id="identity-note" className="muted"> Each view is recorded.</span>
      </Form>
    </div>
  );
}

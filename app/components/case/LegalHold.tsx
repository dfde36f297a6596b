import { Form } from "@remix-run/react";
import { useDates } from "~/lib/dates";

/** The legal hold box on the staff case page (officer only). */
export function LegalHoldForm({ reference, held, reason, since }: { reference: string; held: boolean; reason: string | null; since: string | null }) {
  const { formatDate } = useDates();
  return (
    <Form method="post" action="/retention?index" className="card">
      <input type="hidden" name="reference" value={reference} />
      <input type="hidden" name="intent" value={held ? "lift_legal_hold" : "place_legal_hold"} />
      {held && <p><span className="badge overdue">legal hold</span> since {since ? formatDate(since) : "—"}: {reason}</p>}
      <div className="field">
        <label htmlFor="legal-hold-reason">{held ? "Why the hold is lifted" : "Why the case must be kept (legal hold)"}</label>
        <textarea id="legal-hold-reason" name="reason" rows={2} required minLength={3} maxLength={1000} />
      </div>
      <button type="submit">{held ? "Lift the legal hold" : "Place a legal hold"}</button>
    </Form>
  );
}

import { Form } from "@remix-run/react";
import { useDates } from "~/lib/dates";

/**
 * When the figures were computed and a "Refresh now" button (ADR 037): the reports' figures are
 * computed once per filter and shared for a minute, so the page says how old they are. The button
 * posts to the page itself, whose action computes them again. On paper only the time remains:
 * how the figures are shared among officers, and the button, are for the screen.
 */
export function FiguresAsOf({ asOf, sharedFor }: { asOf: string; sharedFor: string }) {
  const { formatDateTime } = useDates();
  return (
    <Form method="post" className="as-of">
      <p>
        Figures as of {formatDateTime(asOf)}.{" "}
        <span className="no-print">
          They are computed at most once a minute for {sharedFor} and shared by every officer.{" "}
          <button type="submit" className="secondary">Refresh now</button>
        </span>
      </p>
    </Form>
  );
}

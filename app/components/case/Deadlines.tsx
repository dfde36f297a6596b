import { stepName, zoneName, type ClockPause } from "~/domain";
import type { DeadlineView } from "~/models/case-view.server";
import { DeadlineBadge } from "~/components/DeadlineBadge";
import { useDates } from "~/lib/dates";

const KIND_LABELS = {
  acknowledgement: "Acknowledgement",
  response: "Answer",
  review: "Dispute body's review",
  award: "Arbitration award",
  follow_up: "Answer after a rejected answer",
  award_compliance: "Carrying out the decision",
} as const;

/** What the table shows of a deadline (the complainant's page carries no more than this). */
export type ShownDeadline = Pick<DeadlineView, "stage" | "kind" | "dueAt" | "metAt" | "explanation" | "state" | "daysLeft"> & {
  /** Every pause of the clock, oldest first. */
  pauses: ClockPause[];
};

function Pauses({ pauses }: { pauses: ClockPause[] }) {
  const { formatDate } = useDates();
  if (pauses.length === 0) return null;
  return (
    <ul className="clock-pauses">
      {pauses.map((p) => (
        <li key={p.from}>
          Paused {formatDate(p.from)}
          {p.to ? ` – ${formatDate(p.to)}` : " – still paused"}
          {p.to ? ` (${p.addedDays} day${p.addedDays === 1 ? "" : "s"} added)` : ""}
        </li>
      ))}
    </ul>
  );
}

export function Deadlines({ deadlines, stage }: { deadlines: ShownDeadline[]; stage: string }) {
  const { formatDate, zone } = useDates();
  const current = deadlines.filter((d) => d.stage === stage);
  const earlier = deadlines.filter((d) => d.stage !== stage);
  return (
    <>
      {/* Focusable so a keyboard can scroll it when the column is narrow (axe: scrollable-region-focusable). */}
      <div className="table-wrap" role="region" aria-label="Deadlines at this step" tabIndex={0}>
        <table className="data stack">
          <caption className="muted" style={{ textAlign: "left" }}>Deadlines at this step (each ends at the end of its day, {zoneName(zone)})</caption>
          <thead>
            <tr><th scope="col">Deadline</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">How it was worked out</th></tr>
          </thead>
          <tbody>
            {current.map((d) => (
              <tr key={`${d.stage}-${d.kind}`}>
                <td data-label="Deadline">{KIND_LABELS[d.kind]}</td>
                <td data-label="Due">{formatDate(d.dueAt)}</td>
                <td data-label="State"><DeadlineBadge state={d.state} daysLeft={d.daysLeft} />{d.metAt ? <span className="muted"> on {formatDate(d.metAt)}</span> : null}</td>
                <td data-label="How it was worked out" className="muted">
                  {d.explanation}
                  <Pauses pauses={d.pauses} />
                </td>
              </tr>
            ))}
            {current.length === 0 && <tr><td colSpan={4} className="muted">No deadline runs at this step.</td></tr>}
          </tbody>
        </table>
      </div>
      {earlier.length > 0 && (
        <details>
          <summary>Deadlines at earlier steps</summary>
          <ul>
            {earlier.map((d) => (
              <li key={`${d.stage}-${d.kind}`}>
                {stepName(d.stage)} — {KIND_LABELS[d.kind]}: due {formatDate(d.dueAt)} <DeadlineBadge state={d.state} daysLeft={d.daysLeft} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

import { STAGE_LABELS } from "~/domain";
import type { DeadlineView } from "~/models/case-view.server";
import { formatDate, relativeDays } from "~/lib/dates";

const KIND_LABELS = {
  acknowledgement: "Acknowledgement",
  response: "Answer",
  review: "Dispute body's review",
  award: "Arbitration award",
  follow_up: "Answer after a rejected answer",
} as const;

export function deadlineBadge(d: Pick<DeadlineView, "state" | "daysLeft">) {
  switch (d.state) {
    case "met":
      return <span className="badge met">met</span>;
    case "met_late":
      return <span className="badge overdue">met late</span>;
    case "paused":
      return <span className="badge">paused</span>;
    case "overdue":
      return <span className="badge overdue">{relativeDays(d.daysLeft)}</span>;
    case "pending":
      return <span className={d.daysLeft <= 7 ? "badge soon" : "badge"}>{relativeDays(d.daysLeft)}</span>;
  }
}

/** What the table shows of a deadline (the complainant's page carries no more than this). */
export type ShownDeadline = Pick<DeadlineView, "stage" | "kind" | "dueAt" | "metAt" | "explanation" | "state" | "daysLeft">;

export function Deadlines({ deadlines, stage }: { deadlines: ShownDeadline[]; stage: string }) {
  const current = deadlines.filter((d) => d.stage === stage);
  const earlier = deadlines.filter((d) => d.stage !== stage);
  return (
    <>
      <div className="table-wrap">
        <table className="data stack">
          <caption className="muted" style={{ textAlign: "left" }}>Deadlines at this step</caption>
          <thead>
            <tr><th scope="col">Deadline</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">How it was worked out</th></tr>
          </thead>
          <tbody>
            {current.map((d) => (
              <tr key={`${d.stage}-${d.kind}`}>
                <td data-label="Deadline">{KIND_LABELS[d.kind]}</td>
                <td data-label="Due">{formatDate(d.dueAt)}</td>
                <td data-label="State">{deadlineBadge(d)}{d.metAt ? <span className="muted"> on {formatDate(d.metAt)}</span> : null}</td>
                <td data-label="How it was worked out" className="muted">{d.explanation}</td>
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
                {STAGE_LABELS[d.stage]} — {KIND_LABELS[d.kind]}: due {formatDate(d.dueAt)} {deadlineBadge(d)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

import type { ClockPause, DeadlineComputation } from "~/domain";
import type { DeadlineView } from "~/models/case-view.server";
import { DeadlineBadge } from "~/components/DeadlineBadge";
import { useT } from "~/i18n";
import { deadlineExplanationText, zoneLabel, type RuleNames } from "~/i18n/deadlines";
import { useDates } from "~/lib/dates";

/** What the table shows of a deadline (the complainant's page carries no more than this). */
export type ShownDeadline = Pick<DeadlineView, "stage" | "kind" | "dueAt" | "metAt" | "explanation" | "state" | "daysLeft"> & {
  /** When the case's end stopped it unmet (ADR 053). */
  stoppedAt?: Date | string | null;
  /** How it was counted, worded on the page in the reader's language; null for clocks counted before computations were kept. */
  computation?: DeadlineComputation | null;
  /** Every pause of the clock, oldest first. */
  pauses: ClockPause[];
};

function Pauses({ pauses }: { pauses: ClockPause[] }) {
  const t = useT();
  if (pauses.length === 0) return null;
  return (
    <ul className="clock-pauses">
      {pauses.map((p) => (
        <li key={p.from}>
          {p.to
            ? t("deadlines.pause.ended", { from: new Date(p.from), to: new Date(p.to), days: p.addedDays })
            : t("deadlines.pause.open", { from: new Date(p.from) })}
        </li>
      ))}
    </ul>
  );
}

/**
 * Met on a day, or stopped, after the state's badge: by the end of the case (`status`: how it
 * ended) or, at an earlier step (`left`), when the case moved on (ADR 056).
 */
function Settled({ d, status, left = false }: { d: ShownDeadline; status: string; left?: boolean }) {
  const t = useT();
  if (d.metAt) return <span className="muted"> {t("deadlines.metOn", { date: new Date(d.metAt) })}</span>;
  if (!d.stoppedAt) return null;
  const values = { status, date: new Date(d.stoppedAt) };
  const late = d.state === "stopped_late";
  if (left) return <span className="muted"> {t(late ? "deadlines.breachedThenLeft" : "deadlines.leftOn", values)}</span>;
  return <span className="muted"> {late ? t("deadlines.breachedThenStopped", values) : t("deadlines.stoppedOn", values)}</span>;
}

/**
 * The deadline table of a case page, in the page's language (staff pages: English). `status`:
 * the case's, which words how an ended case stopped its clocks.
 */
export function Deadlines({ deadlines, stage, status, rules }: { deadlines: ShownDeadline[]; stage: string; status: string; rules: RuleNames }) {
  const t = useT();
  const { formatDate, zone } = useDates();
  const current = deadlines.filter((d) => d.stage === stage);
  const earlier = deadlines.filter((d) => d.stage !== stage);
  const col = {
    deadline: t("deadlines.col.deadline"),
    due: t("deadlines.col.due"),
    state: t("deadlines.col.state"),
    how: t("deadlines.col.how"),
  };
  return (
    <>
      {/* Focusable so a keyboard can scroll it when the column is narrow (axe: scrollable-region-focusable). */}
      <div className="table-wrap" role="region" aria-label={t("deadlines.region")} tabIndex={0}>
        <table className="data stack">
          <caption className="muted">{t("deadlines.caption", { zone: zoneLabel(t, zone) })}</caption>
          <thead>
            <tr><th scope="col">{col.deadline}</th><th scope="col">{col.due}</th><th scope="col">{col.state}</th><th scope="col">{col.how}</th></tr>
          </thead>
          <tbody>
            {current.map((d) => (
              <tr key={`${d.stage}-${d.kind}`}>
                <td data-label={col.deadline}>{t(`deadlines.kind.${d.kind}`)}</td>
                <td data-label={col.due}>{formatDate(d.dueAt)}</td>
                <td data-label={col.state}><DeadlineBadge state={d.state} daysLeft={d.daysLeft} /><Settled d={d} status={status} /></td>
                <td data-label={col.how} className="muted">
                  {deadlineExplanationText(t, d, rules)}
                  <Pauses pauses={d.pauses} />
                </td>
              </tr>
            ))}
            {current.length === 0 && <tr><td colSpan={4} className="muted">{t("deadlines.none")}</td></tr>}
          </tbody>
        </table>
      </div>
      {earlier.length > 0 && (
        <details>
          <summary>{t("deadlines.earlier")}</summary>
          <ul>
            {earlier.map((d) => (
              <li key={`${d.stage}-${d.kind}`}>
                {t("deadlines.earlierItem", { step: t(`steps.${d.stage}.name`), kind: t(`deadlines.kind.${d.kind}`), due: new Date(d.dueAt) })} <DeadlineBadge state={d.state} daysLeft={d.daysLeft} /><Settled d={d} status={status} left />
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

import { STAGES, type Stage } from "~/domain";
import { useT } from "~/i18n";

/** Where the case stands on the four steps, each named from the one table of steps. */
export function Ladder({ stage, visited, terminal }: { stage: Stage; visited: Stage[]; terminal: boolean }) {
  const t = useT();
  return (
    <ol className="ladder" aria-label={t("case.ladder.label")}>
      {STAGES.map((s) => {
        const current = s === stage;
        const done = visited.includes(s) && !current;
        return (
          <li key={s} aria-current={current && !terminal ? "step" : undefined} className={done ? "done" : undefined}>
            <strong>{t(`steps.${s}.name`)}</strong>
            <div className="muted">{current ? t(terminal ? "case.ladder.ended" : "case.ladder.here") : done ? t("case.ladder.done") : visited.includes(s) ? "" : t("case.ladder.notReached")}</div>
          </li>
        );
      })}
    </ol>
  );
}

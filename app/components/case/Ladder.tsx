import { STAGES, stepName, type Stage } from "~/domain";

/** Where the case stands on the four steps. */
export function Ladder({ stage, visited, terminal }: { stage: Stage; visited: Stage[]; terminal: boolean }) {
  return (
    <ol className="ladder" aria-label="The four steps of your complaint">
      {STAGES.map((s) => {
        const current = s === stage;
        const done = visited.includes(s) && !current;
        return (
          <li key={s} aria-current={current && !terminal ? "step" : undefined} className={done ? "done" : undefined}>
            <strong>{stepName(s)}</strong>
            <div className="muted">{current ? (terminal ? "Where the case ended" : "Your case is here") : done ? "Done" : visited.includes(s) ? "" : "Not reached"}</div>
          </li>
        );
      })}
    </ol>
  );
}

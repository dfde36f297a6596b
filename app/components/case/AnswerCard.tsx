import type { Remedy, Stage } from "~/domain";
import { useT } from "~/i18n";
import type { AttachmentLink } from "~/models/attachments.server";
import { AttachmentList } from "./ComplainantTimeline";

export interface ShownAnswer {
  kind: "answer" | "dma_outcome" | "award";
  stage: Stage;
  at: string | Date;
  authorName: string | null;
  body: string;
  attachments: AttachmentLink[];
}

const HEADING = { answer: "case.answer.heading", dma_outcome: "case.answer.headingOutcome", award: "case.answer.headingAward" } as const;

/**
 * The latest answer in a card of its own (issue 10): who gave it and when, its text, its files,
 * and for an arbitration award what the panel ordered and its summary. The accept and reject
 * forms go directly below it (`children`).
 */
export function AnswerCard({ answer, award, children }: { answer: ShownAnswer; award: { remedies: Remedy[]; summary: string } | null; children?: React.ReactNode }) {
  const t = useT();
  const at = new Date(answer.at);
  const who = t(`steps.${answer.stage}.who`);
  return (
    <section className="card answer-card" aria-labelledby="answer-h">
      <h2 id="answer-h">{t(HEADING[answer.kind])}</h2>
      <p className="muted">
        {answer.kind === "answer"
          ? answer.authorName
            ? t("case.answer.from", { author: answer.authorName, who, at })
            : t("case.answer.fromUnnamed", { who, at })
          : t("case.answer.recorded", { at })}
      </p>
      {answer.kind === "award" && award ? (
        <>
          <h3>{t("case.award.remedies")}</h3>
          <ul className="remedies">
            {award.remedies.map((r) => (
              <li key={r}>{t(`case.remedy.${r}`)}</li>
            ))}
          </ul>
          <h3>{t("case.award.summary")}</h3>
          <div className="answer-body">{award.summary}</div>
        </>
      ) : (
        <div className="answer-body">{answer.body}</div>
      )}
      {answer.attachments.length > 0 && (
        <>
          <h3>{t("case.answer.files")}</h3>
          <AttachmentList files={answer.attachments} />
        </>
      )}
      {children}
    </section>
  );
}

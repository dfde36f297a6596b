import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, nextStage, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** To the complainant: an answer has been given at a stage; they may accept or reject it. */
export const answerGivenSchema = z.object({
  ...caseMailFields,
  /** The stage at which the answer was given. */
  stage: stageSchema,
});
export type AnswerGivenData = z.output<typeof answerGivenSchema>;

export function answerGiven(data: AnswerGivenData): RenderedEmail {
  const next = nextStage(data.stage);
  const staff = data.audience === "staff";
  return renderMessage({
    subject: subjectLine(data.reference, staff ? "an answer has been given" : "there is an answer to your complaint"),
    preview: "An answer is waiting for you on the case page.",
    heading: "There is an answer on the case",
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      `An answer has been given on case ${data.reference} (step: ${stageName(data.stage)}). To protect personal data, we do not copy it into e-mail; please read it on the case page:`,
    ],
    action: { label: "Read the answer", url: data.caseUrl },
    after: staff
      ? undefined
      : [
          "On the same page you can tell us whether the answer settles your complaint:",
          {
            list: [
              "If it does, accept it and the case is resolved.",
              next
                ? `If it does not, reject it and say why. You may then take the case to the next step: ${stageName(next)}.`
                : "If it does not, you can say so on the case page.",
            ],
          },
        ],
  });
}

import { z } from "zod";
import { renderMessage } from "./layout";
import { caseMailFields, mailTranslator, stageExplanation, stageName, stageSchema, subjectLine, type RenderedEmail } from "./shared";

/** The case moved to the next step of the recourse ladder. */
export const stageChangeSchema = z
  .object({
    ...caseMailFields,
    fromStage: stageSchema,
    toStage: stageSchema,
  })
  .refine((d) => d.fromStage !== d.toStage, { message: "fromStage and toStage must differ", path: ["toStage"] });
export type StageChangeData = z.output<typeof stageChangeSchema>;

export function stageChange(data: StageChangeData): RenderedEmail {
  const staff = data.audience === "staff";
  const t = mailTranslator(data);
  const to = stageName(data.toStage, t);
  return renderMessage({
    locale: data.locale,
    subject: subjectLine(data.reference, `${staff ? "the" : "your"} case has moved to ${stageName(data.toStage)}`),
    preview: t("mail.case.stage.preview", { stage: to }),
    heading: t("mail.case.stage.heading", { stage: to }),
    recipientName: data.recipientName,
    reference: data.reference,
    replyByMail: data.replyByMail,
    body: [
      t("mail.case.stage.body", { reference: data.reference, from: stageName(data.fromStage, t), to }),
      ...(staff ? [] : [stageExplanation(data.toStage, t)]),
      t("mail.case.stage.pageShows"),
    ],
    action: { label: t("mail.case.openTheCase"), url: data.caseUrl },
  });
}

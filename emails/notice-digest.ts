import { z } from "zod";
import { renderMessage } from "./layout";
import { linkSchema, recipientNameSchema, referenceSchema, subjectLine, type RenderedEmail } from "./shared";

/** To a member of staff who chose one daily mail: every notice of the past day, one line each. */
export const noticeDigestSchema = z.object({
  recipientName: recipientNameSchema,
  audience: z.literal("staff").default("staff"),
  listUrl: linkSchema,
  items: z
    .array(z.object({ reference: referenceSchema, line: z.string().trim().min(1).max(300) }))
    .min(1)
    .max(1000),
});
export type NoticeDigestData = z.output<typeof noticeDigestSchema>;

export function noticeDigest(data: NoticeDigestData): RenderedEmail {
  const n = data.items.length;
  return renderMessage({
    subject: subjectLine(undefined, `your daily summary of deadlines (${n} ${n === 1 ? "item" : "items"})`),
    preview: `${n} deadline ${n === 1 ? "notice" : "notices"} since your last summary.`,
    heading: "Your daily summary",
    recipientName: data.recipientName,
    body: [
      `Since your last summary, ${n === 1 ? "one thing needs" : `${n} things need`} your attention:`,
      { list: data.items.map((i) => `${i.reference}: ${i.line}`) },
    ],
    action: { label: "Open the queue", url: data.listUrl },
    after: ["You chose one summary a day instead of one mail per event; you can change this under Account › Notifications."],
  });
}

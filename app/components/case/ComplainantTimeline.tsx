import { Link } from "@remix-run/react";
import { STAGES, type Stage } from "~/domain";
import { useT, type MessageKey } from "~/i18n";
import { MESSAGES } from "~/i18n/translate";
import type { AttachmentLink } from "~/models/attachments.server";
import type { TimelineEntry } from "~/models/case-view.server";
import { useDates } from "~/lib/dates";

/** Events the complainant's timeline words itself: those with a `case.event.*` message; any other is "Your case was updated". */
const worded = (type: string) => Object.hasOwn(MESSAGES.en, `case.event.${type}`);

const CHANNEL: Record<string, MessageKey | undefined> = { email: "case.timeline.byEmail", postal: "case.timeline.byPost", phone: "case.timeline.byPhone" };

/** Files of a message or of the complaint: plain download links, with their size. */
export function AttachmentList({ files }: { files: AttachmentLink[] }) {
  const t = useT();
  if (files.length === 0) return null;
  return (
    <ul className="attachments" aria-label={t("case.timeline.files")}>
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/attachments/${f.id}`} download>{f.name}</a>{" "}
          <span className="muted">({t("case.timeline.fileSize", { size: Math.max(1, Math.round(f.size / 1024)) })})</span>
        </li>
      ))}
    </ul>
  );
}

function useEventText() {
  const t = useT();
  const step = (v: unknown) => ((STAGES as readonly unknown[]).includes(v) ? t(`steps.${v as Stage}.name`) : "");
  const date = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
  return (e: Extract<TimelineEntry, { kind: "event" }>) => {
    const p = e.payload;
    if (!worded(e.type)) return t("case.event.other");
    const key = `case.event.${e.type}` as MessageKey;
    switch (e.type) {
      case "case_filed":
        return t(key, { step: step(p.stage) });
      case "escalated":
        return t(key, { from: step(p.from), to: step(p.to) });
      case "follow_up_started":
      case "award_compliance_started":
        return date(p.dueAt) ? t(key, { due: date(p.dueAt) }) : t("case.event.other");
      case "closed":
      case "reopened":
      case "deadline_extended":
        return t(key, { reason: String(p.reason ?? "") });
      default:
        return t(key);
    }
  };
}

/**
 * The complainant's timeline, latest first: messages as small cards with their files, the
 * case's steps as one quiet line each. `earlier` is the cursor for older entries (a plain link).
 */
export function ComplainantTimeline({ entries, earlier = null, paged = false }: { entries: TimelineEntry[]; earlier?: string | null; paged?: boolean }) {
  const t = useT();
  const { formatDateTime } = useDates();
  const eventText = useEventText();
  const latestFirst = [...entries].reverse();
  return (
    <>
      {paged && (
        <p>
          <Link to="?#timeline">{t("case.timeline.latest")}</Link>
        </p>
      )}
      {latestFirst.length === 0 ? (
        <p className="muted">{t("case.timeline.empty")}</p>
      ) : (
        <ol className="timeline timeline-calm" id="timeline" reversed>
          {latestFirst.map((e) =>
            e.kind === "message" ? (
              <li key={e.key} className="message">
                <div className="meta">
                  <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time> ·{" "}
                  {e.authorRole === "complainant" ? t("case.role.complainant") : `${e.authorName ?? ""} (${t(e.authorRole === "liaison" ? "case.role.liaison" : "case.role.officer")})`}
                  {CHANNEL[e.channel] ? ` · ${t(CHANNEL[e.channel]!)}` : ""}
                </div>
                <div className="body">{e.body}</div>
                <AttachmentList files={e.attachments} />
              </li>
            ) : e.kind === "event" ? (
              <li key={e.key} className="event">
                <span className="meta"><time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time></span> {eventText(e)}
              </li>
            ) : null,
          )}
        </ol>
      )}
      {earlier && (
        <p>
          <Link to={`?before=${encodeURIComponent(earlier)}#timeline`} preventScrollReset>{t("case.timeline.earlier")}</Link>
        </p>
      )}
    </>
  );
}

import { Link } from "@remix-run/react";
import { useT, type MessageKey } from "~/i18n";
import { complainantEventText } from "~/i18n/case-events";
import type { AttachmentLink } from "~/models/attachments.server";
import type { TimelineEntry } from "~/models/case-view.server";
import { useDates } from "~/lib/dates";

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

/**
 * The complainant's timeline, latest first: messages as small cards with their files, the
 * case's steps as one quiet line each. `earlier` is the cursor for older entries (a plain link).
 */
export function ComplainantTimeline({ entries, earlier = null, paged = false }: { entries: TimelineEntry[]; earlier?: string | null; paged?: boolean }) {
  const t = useT();
  const { formatDateTime } = useDates();
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
                <span className="meta"><time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time></span> {complainantEventText(t, e)}
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

import { Link } from "@remix-run/react";
import { STAGES, stepName, formatIsoDay, type Stage } from "~/domain";
import type { TimelineEntry } from "~/models/case-view.server";
import { useDates } from "~/lib/dates";
import type { AttachmentLink } from "~/models/attachments.server";

const ROLE = { officer: "Security Officer", liaison: "Client liaison", complainant: "Complainant" } as Record<string, string>;
const AUDIENCE = { parties: "everyone on the case", staff: "staff only (not the complainant)", internal: "internal (Security Officer only)" };
const CHANNEL = { web: "", email: " · received by e-mail", postal: " · by post", phone: " · by telephone" } as Record<string, string>;

const MAIL_STATE = { queued: "queued", sent: "sent", failed: "failed" } as const;

const stage = (v: unknown) => (typeof v === "string" && (STAGES as readonly string[]).includes(v) ? stepName(v as Stage) : String(v ?? ""));

const RECEIVED = { postal: "by post", phone: "by telephone", email: "by e-mail", referral: "referred by the dispute body" } as Record<string, string>;

/** A case opened by staff: how and when it reached us, and the dispute body's number. */
function received(p: Record<string, unknown>, formatDateTime: (d: Date) => string): string {
  const parts: string[] = [];
  if (typeof p.receivedVia === "string") parts.push(RECEIVED[p.receivedVia] ?? p.receivedVia);
  if (typeof p.receivedAt === "string") parts.push(`received ${formatDateTime(new Date(p.receivedAt))}`);
  if (typeof p.disputeReference === "string") parts.push(`dispute body's case number ${p.disputeReference}`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** A step recorded from outside (ADR 035): the day it happened and the outside body's reference. */
function outside(p: Record<string, unknown>): string {
  const day = typeof p.occurredOn === "string" ? ` on ${formatIsoDay(p.occurredOn)}` : "";
  const ref = typeof p.externalReference === "string" && p.externalReference ? ` (reference ${p.externalReference})` : "";
  return day + ref;
}

const KEPT_WHY: Record<string, string> = { open: "still open", legal_hold: "on legal hold", broken_chain: "its event chain is broken (see /audit)" };
const refs = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join(", ") : "none");
/** The cases an erasure keeps, and why (ADR 051). */
function keptText(v: unknown): string {
  const kept = Array.isArray(v) ? (v as { reference?: unknown; why?: unknown }[]) : [];
  return kept.length ? `; kept: ${kept.map((k) => `${String(k.reference ?? "")} (${KEPT_WHY[String(k.why)] ?? String(k.why ?? "")})`).join(", ")}` : "";
}

function describe(e: Extract<TimelineEntry, { kind: "event" }>, formatDateTime: (d: Date) => string): string {
  const p = e.payload;
  switch (e.type) {
    case "case_filed": return `Complaint filed at the step: ${stage(p.stage)}${received(p, formatDateTime)}`;
    case "acknowledged": return "Complaint acknowledged";
    case "information_requested": return "More information was asked for; the clock is paused until the complainant replies";
    case "clock_resumed": return "The complainant replied; the clock runs again";
    case "answered": return "An answer was given";
    case "answer_accepted": return "The complainant accepted the answer";
    case "decision_accepted": return "The complainant accepted the dispute body's decision; it must still be carried out";
    case "answer_rejected": return "The complainant rejected the answer";
    case "follow_up_started": return `The answering side has until ${typeof p.dueAt === "string" ? formatDateTime(new Date(p.dueAt)) : "the follow-up date"} to answer again; the complainant may escalate now`;
    case "escalated": return `Escalated from ${stage(p.from)} to ${stage(p.to)}${outside(p)}`;
    case "dma_referral_recorded": return `The independent dispute body took up the case${outside(p)}`;
    case "dma_outcome_recorded": return p.requiresAction === true ? "The dispute body's decision was recorded; it requires action" : "The dispute body's outcome was recorded";
    case "award_compliance_started": return `The decision must be carried out by ${typeof p.dueAt === "string" ? formatDateTime(new Date(p.dueAt)) : "the compliance date"}`;
    case "dpa_referral_recorded": return `A data protection authority referred the complaint to the Department of Commerce${typeof p.referredOn === "string" ? ` on ${formatIsoDay(p.referredOn)}` : ""}${typeof p.reference === "string" ? ` (reference ${p.reference})` : ""}${typeof p.periodEndsAt === "string" ? `; the Department's period ends ${formatDateTime(new Date(p.periodEndsAt))}` : ""}`;
    case "dpa_referral_corrected": return `The data protection authority's referral was corrected to ${typeof p.referredOn === "string" ? formatIsoDay(p.referredOn) : "another day"} (reference ${String(p.reference ?? "")}; recorded before: ${typeof p.previousReferredOn === "string" ? formatIsoDay(p.previousReferredOn) : "no day"}, ${String(p.previousReference ?? "no reference")}): ${String(p.reason ?? "")}`;
    case "arbitration_notice_recorded": return `Notice of binding arbitration received${outside(p)}`;
    case "prerequisites_confirmed": return "Arbitration prerequisites confirmed";
    case "arbitration_excluded": return `Binding arbitration excluded: ${p.exclusion === "court_judgment" ? "a court has decided the complaint" : p.exclusion === "settled" ? "the complaint was settled" : "the complaint was already arbitrated"}`;
    case "award_recorded": return `Arbitration award${outside(p)} recorded: ${Array.isArray(p.remedies) ? p.remedies.join(", ").replace(/_/g, " ") : ""}`;
    case "award_complied_with": return "The award has been complied with";
    case "withdrawn": return "The complainant withdrew the complaint";
    case "closed": return `Case closed (${String(p.kind ?? "").replace(/_/g, " ")}): ${String(p.reason ?? "")}`;
    case "reopened": return `Case reopened: ${String(p.reason ?? "")}`;
    case "assigned": return "Client or liaison assignment changed";
    // The loader names the people (case-view.server.ts ownerFacts); a name it could not find is an account since removed.
    case "owner_changed":
      return p.ownerSet === true
        ? `Owner set to ${typeof p.ownerName === "string" ? p.ownerName : "a former member of staff"}`
        : `Owner removed (unassigned)${typeof p.previousOwnerName === "string" ? `; it was ${p.previousOwnerName}` : ""}`;
    case "deadline_extended": return `Deadline extended${typeof p.dueDay === "string" ? ` to ${formatIsoDay(p.dueDay)} (end of day)` : ""}: ${String(p.reason ?? "")}`;
    case "contact_logged": return `${p.channel === "phone" ? "Telephone call" : "Letter"} logged`;
    case "mail_resent": return `A failed mail (${String(p.template ?? "").replace(/_/g, " ")}) was sent again`;
    case "mail_undeliverable": return `Mail to ${String(p.recipient ?? "")} could not be delivered (bounced): ${String(p.detail ?? "")}`;
    case "attachments_refused": {
      const files = Array.isArray(p.files) ? (p.files as { name?: unknown; reason?: unknown }[]) : [];
      return `${files.length === 1 ? "A file" : `${files.length} files`} of an e-mail could not be kept (the original mail keeps them): ${files.map((f) => String(f.reason ?? f.name ?? "")).join(" ")}`;
    }
    case "intake_attached": return `An e-mail from ${String(p.from ?? "")} was attached to this case from the intake queue`;
    case "opened_from_intake": return `Opened from an e-mail received ${typeof p.receivedAt === "string" ? formatDateTime(new Date(p.receivedAt)) : ""} (intake queue)`;
    case "erasure_granted": return `The request to erase the account was granted; to be anonymised: ${refs(p.anonymised)}${keptText(p.kept)}`;
    case "erasure_completed": return `The erasure was carried out; anonymised: ${refs(p.anonymised)}${keptText(p.kept)}${p.accountRemoved === true ? "; the account was removed" : "; the account stays"}`;
    case "anonymised": return typeof p.erasureRequest === "string" ? `Anonymised at the complainant's request (${p.erasureRequest})` : "Anonymised under the retention policy";
    case "identity_verification_recorded": return `Identity verification recorded (${String(p.method ?? "").replace(/_/g, " ")}): ${String(p.outcome ?? "").replace(/_/g, " ")}. Evidence: ${String(p.evidence ?? "")}`;
    default: return e.type.replace(/_/g, " ");
  }
}

export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Files of a message or of the complaint: plain download links. */
export function AttachmentList({ files }: { files: AttachmentLink[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attached files">
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/attachments/${f.id}`} download>{f.name}</a> <span className="muted">({fileSize(f.size)})</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The latest entries of a case, oldest first. `earlier` is the cursor for the entries before
 * them (a plain link, so it works without JavaScript); `paged` says this is not the latest page.
 */
export function Timeline({ entries, earlier = null, paged = false }: { entries: TimelineEntry[]; earlier?: string | null; paged?: boolean }) {
  const { formatDateTime } = useDates();
  return (
    <>
      {earlier && (
        <p>
          <Link to={`?before=${encodeURIComponent(earlier)}#timeline`} preventScrollReset>Show earlier entries</Link>
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="timeline" id="timeline">
          {entries.map((e) =>
            e.kind === "mail" ? (
              <li key={e.key} className={`mail ${e.deliveries.some((d) => d.status === "failed" || d.bouncedAt) ? "mail-failed" : ""}`}>
                <div className="meta">{formatDateTime(e.at)} · mail: {e.template.replace(/_/g, " ")}</div>
                <ul className="deliveries">
                  {e.deliveries.map((d) => (
                    <li key={d.recipient}>
                      {d.recipient}: <strong>{MAIL_STATE[d.status]}</strong>
                      {d.status === "sent" && d.sentAt ? ` ${formatDateTime(d.sentAt)}` : ""}
                      {d.status !== "sent" && d.attempts > 0 ? ` after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}` : ""}
                      {d.status !== "sent" && d.lastError ? ` (${d.lastError})` : ""}
                      {d.status === "failed" && <> · <Link to="/mail/deliveries">send again</Link></>}
                      {d.bouncedAt && <> · <strong className="bounced">bounced {formatDateTime(d.bouncedAt)}</strong>{d.bounceDetail ? ` (${d.bounceDetail})` : ""}</>}
                    </li>
                  ))}
                </ul>
              </li>
            ) : e.kind === "message" ? (
              <li key={e.key} className={`message audience-${e.audience}`}>
                <div className="meta">
                  {formatDateTime(e.at)} · {e.authorName ?? "Unknown"} ({ROLE[e.authorRole] ?? e.authorRole}){CHANNEL[e.channel] ?? ""}
                  {" · "}<strong>for {AUDIENCE[e.audience]}</strong>
                </div>
                {e.occurredAt && (
                  <div className="meta contact">
                    {e.channel === "phone" ? "Call" : "Letter"} {e.direction === "out" ? "from us" : "to us"}, {formatDateTime(e.occurredAt)}
                  </div>
                )}
                <div className="body">{e.body}</div>
                <AttachmentList files={e.attachments} />
              </li>
            ) : (
              <li key={e.key}>
                <div className="meta">
                  {formatDateTime(e.at)}
                  {e.actorName ? ` · ${e.actorName} (${ROLE[e.actorRole ?? ""] ?? e.actorRole})` : ""}
                </div>
                <div>{describe(e, formatDateTime)}</div>
              </li>
            ),
          )}
        </ol>
      )}
      {paged && (
        <p>
          <Link to="?#timeline">Show the latest entries</Link>
        </p>
      )}
    </>
  );
}

import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CATEGORY_LABELS, STATUS_LABELS, stepName, isTerminal, type Category } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { Deadlines } from "~/components/case/Deadlines";
import { Ladder } from "~/components/case/Ladder";
import { AttachmentList, Timeline } from "~/components/case/Timeline";
import { PageLevelError } from "~/components/case/ActionForm";
import { FlashNotice } from "~/components/FlashNotice";
import { StaffActions } from "~/components/case/StaffActions";
import { IdentityBlock } from "~/components/case/IdentityBlock";
import { handleCaseAction } from "~/lib/case-action.server";
import { readActionForm } from "~/lib/uploads.server";
import { COUNTRIES } from "~/lib/countries";
import { referenceParam } from "~/lib/forms";
import { useDates } from "~/lib/dates";

const RECEIVED_VIA: Record<string, string> = {
  web: "through the website",
  email: "by e-mail",
  postal: "by post",
  phone: "by telephone",
  referral: "referred by the dispute body",
};
import { loadStaffCasePage } from "~/models/case-view.server";
import { OwnerForm } from "~/components/triage/OwnerForm";
import { maskedStaffCaseView, revealIdentity } from "~/models/identity-reveals.server";
import { LegalHoldForm } from "~/components/case/LegalHold";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Case ${data.view.case.reference}` : "Case" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const search = new URL(request.url).searchParams;
  // One transaction: the case, its owners' choices, the assignment choices (?assign) and (officer only) the legal hold box.
  const page = await loadStaffCasePage(actor, referenceParam(params.reference), new Date(), { timelineBefore: search.get("before"), assignment: search.has("assign") });
  if (!page) throw new Response("There is no such case, or it is not yours to see.", { status: 404 });
  const { view, choices, owners, retention, erasure } = page;
  // The complainant masked everywhere on the page; the full identity only through "Show identity" (ADR 028).
  return { role: actor.role, view: maskedStaffCaseView(view), choices, owners, retention, erasure };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const reference = referenceParam(params.reference);
  // The body is read once; "Show identity" posts a form of its own (never multipart).
  const read = await readActionForm(request);
  if (actor.role !== "complainant" && isRevealRequest(request, read.form)) {
    const revealed = await revealIdentity(actor, reference, new Date());
    if (!revealed.ok && revealed.kind === "not_found") throw new Response("There is no such case, or it is not yours to see.", { status: 404 });
    if (!revealed.ok) return data({ intent: "reveal_identity", errors: { _form: revealed.reason } as Record<string, string>, identity: null }, { status: 422 });
    // For this answer only: no cache keeps it, and the next page view is masked again.
    return data({ intent: "reveal_identity", errors: {} as Record<string, string>, identity: revealed.identity }, { headers: { "Cache-Control": "no-store" } });
  }
  return handleCaseAction(read, actor, reference, `/cases/${reference}`);
}

function isRevealRequest(request: Request, form: FormData): boolean {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" && form.get("intent") === "reveal_identity";
}

export default function StaffCase() {
  const { formatDate, formatDateTime } = useDates();
  const { role, view, choices, owners, retention, erasure } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const revealed = result && "identity" in result ? result.identity : null;
  const [params] = useSearchParams();
  const { state } = view;
  const c = view.case;
  const terminal = isTerminal(state.status);
  return (
    <main id="main" className="case-page">
      <p className="muted">Case {c.reference} · opened {formatDate(c.openedAt)}</p>
      <h1>
        {c.reference}: {CATEGORY_LABELS[c.category as Category] ?? c.category}
      </h1>
      {result ? null : <FlashNotice />}
      <PageLevelError result={result} available={view.available} />
      <p>
        <span className="badge">{stepName(state.stage)}</span> <span className="badge">{STATUS_LABELS[state.status]}</span>
        {state.answerRejected && <> <span className="badge overdue">answer rejected</span></>}
        {state.closure && <> <span className="muted">{state.closure.kind.replace(/_/g, " ")}: {state.closure.reason}</span></>}
      </p>
      {view.waitNote && (
        <p className="wait-notice">
          {view.closureProposed && <><span className="badge overdue">proposed for closure: not pursued</span>{" "}</>}
          {view.waitNote}
        </p>
      )}

      {/* Wide screens: what to do beside what happened (staff-ui.css); narrow: one column, actions first. */}
      <div className="case-columns">
        <div className="case-side">
          <section aria-labelledby="deadlines-h">
            <h2 id="deadlines-h">Deadlines</h2>
            <Deadlines deadlines={view.deadlines} stage={state.stage} status={state.status} rules={{ profile: view.profile.name, principles: view.profile.principlesName }} />
          </section>

          <section aria-labelledby="actions-h">
            <h2 id="actions-h">Actions</h2>
            {erasure?.refusal && (
              <p className="hint">This is the complainant's request to erase their account. It cannot be carried out yet: {erasure.refusal}</p>
            )}
            <StaffActions role={role} view={view} result={result} choices={choices} erasure={erasure?.plan ?? null} />
            {view.available.includes("set_owner") && <OwnerForm version={c.version} result={result} owners={owners} current={state.ownerId ?? null} clientId={state.clientId} />}
          </section>

          <section className="card" aria-labelledby="facts-h">
            <h2 id="facts-h">Complaint</h2>
            <dl className="facts">
              <dt>Complainant</dt>
              <dd>
                <IdentityBlock masked={c.complainant} revealed={revealed} revealable={c.revealable} />
                {role === "officer" && <Link to={`/audit/reveals?case=${c.reference}`} className="muted">Who has viewed it</Link>}
              </dd>
              <dt>Country</dt><dd>{COUNTRIES[c.country] ?? c.country}</dd>
              <dt>Client</dt><dd>{c.clientName ?? "— (about the operator itself)"}</dd>
              <dt>Liaison</dt><dd>{c.liaisonName ?? "—"}</dd>
              <dt>Owner</dt><dd>{owners.find((o) => o.id === state.ownerId)?.name ?? (state.ownerId ? "a former member of staff" : "unassigned")}</dd>
              <dt>What happened</dt><dd>{c.description}</dd>
              <dt>Outcome sought</dt><dd>{c.desiredOutcome}</dd>
              <dt>Earlier contact</dt><dd>{c.earlierContact ?? "—"}</dd>
              {c.receivedVia && (<><dt>Received</dt><dd>{RECEIVED_VIA[c.receivedVia] ?? c.receivedVia}{c.receivedAt ? `, ${formatDateTime(c.receivedAt)}` : ""}</dd></>)}
              {c.disputeReference && (<><dt>Dispute body's case number</dt><dd>{c.disputeReference}</dd></>)}
              {c.files.length > 0 && (<><dt>Files sent with the complaint</dt><dd><AttachmentList files={c.files} /></dd></>)}
            </dl>
          </section>

          <section className="card" aria-labelledby="ladder-h">
            <h2 id="ladder-h">Ladder</h2>
            <Ladder stage={state.stage} visited={state.stagesVisited} terminal={terminal} />
            {state.arbitration.award && (
              <p>
                <strong>Award:</strong> {state.arbitration.award.remedies.join(", ").replace(/_/g, " ")} — {state.arbitration.award.summary}
              </p>
            )}
          </section>

          {retention && (
            <section aria-labelledby="retention-h">
              <h2 id="retention-h">Retention</h2>
              <p>
                {retention.standing.kind === "running" && "The case is running: it is kept at least until it ends."}
                {retention.standing.kind === "anonymised" && <>Anonymised on {formatDate(retention.standing.at)}.</>}
                {(retention.standing.kind === "kept" || retention.standing.kind === "expired" || retention.standing.kind === "held") && (
                  <>Anonymised on or after {formatDate(retention.standing.dueAt)}{retention.standing.kind === "held" ? ", once the legal hold is lifted" : ""}.</>
                )}
              </p>
              {retention.standing.kind !== "anonymised" && (
                <LegalHoldForm reference={c.reference} held={retention.hold !== null} reason={retention.hold?.reason ?? null} since={retention.hold?.since ?? null} />
              )}
            </section>
          )}
        </div>

        <section className="case-main" aria-labelledby="timeline-h">
          <h2 id="timeline-h">Timeline</h2>
          <Timeline entries={view.timeline} earlier={view.earlierTimeline} paged={params.has("before")} />
        </section>
      </div>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";

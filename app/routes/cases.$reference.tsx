import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CATEGORY_LABELS, STAGE_LABELS, STATUS_LABELS, isTerminal, type Category } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { Deadlines } from "~/components/case/Deadlines";
import { Ladder } from "~/components/case/Ladder";
import { AttachmentList, Timeline } from "~/components/case/Timeline";
import { DoneNotice, PageLevelError } from "~/components/case/ActionForm";
import { StaffActions } from "~/components/case/StaffActions";
import { handleCaseAction } from "~/lib/case-action.server";
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
import { loadAssignmentChoices, loadCaseView } from "~/models/case-view.server";
import { retentionOfCase } from "~/models/retention.server";
import { LegalHoldForm } from "~/components/case/LegalHold";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Case ${data.view.case.reference}` : "Case" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const before = new URL(request.url).searchParams.get("before");
  const view = await loadCaseView(actor, referenceParam(params.reference), new Date(), before);
  if (!view) throw new Response("There is no such case, or it is not yours to see.", { status: 404 });
  const choices = view.available.includes("assign") ? await loadAssignmentChoices() : { clients: [], liaisons: [] };
  // The legal hold box (officer only; null for a liaison).
  const retention = await retentionOfCase(actor, view.case.reference, new Date());
  return { role: actor.role, view, choices, retention };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const reference = referenceParam(params.reference);
  return handleCaseAction(request, actor, reference, `/cases/${reference}`);
}

export default function StaffCase() {
  const { formatDate, formatDateTime } = useDates();
  const { role, view, choices, retention } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { state } = view;
  const c = view.case;
  const terminal = isTerminal(state.status);
  return (
    <main id="main">
      <p className="muted">Case {c.reference} · opened {formatDate(c.openedAt)}</p>
      <h1>
        {c.reference}: {CATEGORY_LABELS[c.category as Category] ?? c.category}
      </h1>
      <DoneNotice intent={result ? null : params.get("done")} />
      <PageLevelError result={result} available={view.available} />
      <p>
        <span className="badge">{STAGE_LABELS[state.stage]}</span> <span className="badge">{STATUS_LABELS[state.status]}</span>
        {state.answerRejected && <> <span className="badge overdue">answer rejected</span></>}
        {state.closure && <> <span className="muted">{state.closure.kind.replace(/_/g, " ")}: {state.closure.reason}</span></>}
      </p>

      <div className="grid">
        <section className="card" aria-labelledby="facts-h">
          <h2 id="facts-h">Complaint</h2>
          <dl className="facts">
            <dt>Complainant</dt><dd>{c.complainant?.name} &lt;{c.complainant?.email}&gt;</dd>
            <dt>Country</dt><dd>{COUNTRIES[c.country] ?? c.country}</dd>
            <dt>Client</dt><dd>{c.clientName ?? "— (about the operator itself)"}</dd>
            <dt>Liaison</dt><dd>{c.liaisonName ?? "—"}</dd>
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
      </div>

      {view.waitNote && (
        <p className="wait-notice">
          {view.closureProposed && <><span className="badge overdue">proposed for closure: not pursued</span>{" "}</>}
          {view.waitNote}
        </p>
      )}
      <h2>Deadlines</h2>
      <Deadlines deadlines={view.deadlines} stage={state.stage} />

      <h2>Actions</h2>
      <StaffActions role={role} view={view} result={result} choices={choices} />

      {retention && (
        <section aria-labelledby="retention-h">
          <h2 id="retention-h">Retention</h2>
          {params.get("done") === "place_legal_hold" && <p className="notice" role="status">The legal hold is placed: the case will not be anonymised until it is lifted.</p>}
          {params.get("done") === "lift_legal_hold" && <p className="notice" role="status">The legal hold is lifted.</p>}
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

      <h2>Timeline</h2>
      <Timeline entries={view.timeline} showAudience earlier={view.earlierTimeline} paged={params.has("before")} />
    </main>
  );
}
